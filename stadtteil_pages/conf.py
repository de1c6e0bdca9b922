"""The plugin's options, read from the host's settings with defaults."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.module_loading import import_string


def event_timezone():
    """The zone in which conference dates and project schedules are kept."""
    return ZoneInfo(getattr(settings, "STADTTEIL_TIME_ZONE", settings.TIME_ZONE))


def holidays_country():
    return getattr(settings, "STADTTEIL_HOLIDAYS_COUNTRY", "DE")


def holidays_subdivision():
    return getattr(settings, "STADTTEIL_HOLIDAYS_SUBDIVISION", "NW")


def index_parent_page_types():
    return getattr(settings, "STADTTEIL_INDEX_PARENT_PAGE_TYPES", None)


def organizer(request):
    """The organiser of the events as a schema.org dict, or None.

    ``STADTTEIL_ORGANIZER`` names a function ``(request) -> dict | None`` in
    the host project, so that the organiser's data stays where the host keeps
    it (a site setting, say) and the plugin imports nothing from the host.
    """
    path = getattr(settings, "STADTTEIL_ORGANIZER", None)
    return import_string(path)(request) if path else None


def api_max_age():
    """Seconds for which browsers and proxies may reuse an API or feed response."""
    return getattr(settings, "STADTTEIL_API_MAX_AGE", 300)


def api_v3_writes():
    """Whether API v3 accepts writes (Bearer tokens); off unless a site turns it on."""
    return getattr(settings, "STADTTEIL_API_V3_WRITES", False)


def base_template():
    """The template the plugin's pages extend.

    It provides the blocks ``title``, ``meta_description``, ``extra_head`` and
    ``content``; ``base.html`` unless the host sets ``STADTTEIL_BASE_TEMPLATE``.
    """
    return getattr(settings, "STADTTEIL_BASE_TEMPLATE", "base.html")


# OParl 1.1 (stadtteil_pages.oparl)

OPARL_BODY_KEYS = (
    "name",
    "shortName",
    "website",
    "license",
    "contactEmail",
    "contactName",
    "ags",
    "rgs",
    "classification",
)


def oparl_body(request, site):
    """The city as OParl's ``Body``: a dict with some of ``OPARL_BODY_KEYS``.

    ``STADTTEIL_OPARL_BODY`` is a dict, or the dotted path of a function
    ``(request) -> dict`` in the host. What it leaves out is taken from the
    organiser (``STADTTEIL_ORGANIZER``: its ``name``, ``url``, ``email``) and
    finally from the site: its name and its address. Defaults:
    ``{"name": <organiser or site name>, "website": <organiser or site URL>}``.
    """
    option = getattr(settings, "STADTTEIL_OPARL_BODY", None) or {}
    if isinstance(option, str):
        option = import_string(option)(request) or {}
    body = {key: value for key, value in option.items() if key in OPARL_BODY_KEYS and value}
    organiser = organizer(request) or {}
    fallbacks = {
        "name": organiser.get("name") or site.site_name or settings.WAGTAIL_SITE_NAME,
        "website": organiser.get("url") or f"{site.root_url}/",
        "contactEmail": organiser.get("email"),
    }
    for key, value in fallbacks.items():
        if value and key not in body:
            body[key] = value
    return body


def oparl_page_size():
    """Objects per page of an OParl list unless the client asks for ``limit``."""
    return getattr(settings, "STADTTEIL_OPARL_PAGE_SIZE", 50)


def oparl_max_page_size():
    """The most objects per page an OParl client gets, whatever its ``limit``."""
    return getattr(settings, "STADTTEIL_OPARL_MAX_PAGE_SIZE", 100)
