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
