"""The plugin's options: Django settings named ``STADTTEIL_*``, all optional.

Each with its default:

``STADTTEIL_BASE_TEMPLATE = "base.html"``
    The template the plugin's pages extend. It should provide the blocks
    ``title``, ``extra_head`` (feed links, JSON-LD) and ``content``.
``STADTTEIL_TIME_ZONE = TIME_ZONE``
    IANA time zone of conference dates and weekly project times, e.g.
    ``"Europe/Berlin"``; the site's ``TIME_ZONE`` when unset.
``STADTTEIL_HOLIDAYS_COUNTRY = "DE"``
    Country whose public holidays weekly projects skip (a country code of
    the ``holidays`` package).
``STADTTEIL_HOLIDAYS_SUBDIVISION = "NW"``
    Its state or region, or ``None`` for the national holidays only.
``STADTTEIL_INDEX_PARENT_PAGE_TYPES = None``
    Page types (``"app_label.ModelName"``) below which a conference index may
    be created; ``None`` allows any.
``STADTTEIL_ORGANIZER = None``
    Dotted path of a function ``(request) -> dict | None`` that gives the
    events' schema.org ``organizer``; none is named when unset.
``STADTTEIL_API_MAX_AGE = 300``
    Seconds for which browsers and proxies may reuse API and feed responses.
``STADTTEIL_API_V3_WRITES = False``
    Whether API v3 accepts writes with Bearer tokens (risks: docs/api.md).

``manage.py check`` reports a value of the wrong type or one that does not
exist (``stadtteil_pages.checks``). Code reads the options only through the
functions below, so that a changed setting applies at once.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULTS = {
    "STADTTEIL_BASE_TEMPLATE": "base.html",
    "STADTTEIL_TIME_ZONE": None,  # None: the site's TIME_ZONE
    "STADTTEIL_HOLIDAYS_COUNTRY": "DE",
    "STADTTEIL_HOLIDAYS_SUBDIVISION": "NW",
    "STADTTEIL_INDEX_PARENT_PAGE_TYPES": None,
    "STADTTEIL_ORGANIZER": None,
    "STADTTEIL_API_MAX_AGE": 300,
    "STADTTEIL_API_V3_WRITES": False,
}


def option(name):
    """The host's value of an option, or its default."""
    return getattr(settings, name, DEFAULTS[name])


def event_timezone():
    """The zone in which conference dates and project schedules are kept."""
    return ZoneInfo(option("STADTTEIL_TIME_ZONE") or settings.TIME_ZONE)


def holidays_country():
    return option("STADTTEIL_HOLIDAYS_COUNTRY")


def holidays_subdivision():
    return option("STADTTEIL_HOLIDAYS_SUBDIVISION")


def index_parent_page_types():
    return option("STADTTEIL_INDEX_PARENT_PAGE_TYPES")


def organizer(request):
    """The organiser of the events as a schema.org dict, or None.

    ``STADTTEIL_ORGANIZER`` names a function ``(request) -> dict | None`` in
    the host project, so that the organiser's data stays where the host keeps
    it (a site setting, say) and the plugin imports nothing from the host.
    """
    path = option("STADTTEIL_ORGANIZER")
    return import_string(path)(request) if path else None


def api_max_age():
    """Seconds for which browsers and proxies may reuse an API or feed response."""
    return option("STADTTEIL_API_MAX_AGE")


def api_v3_writes():
    """Whether API v3 accepts writes (Bearer tokens); off unless a site turns it on."""
    return option("STADTTEIL_API_V3_WRITES")


def base_template():
    """The template the plugin's pages extend.

    It provides the blocks ``title``, ``meta_description``, ``extra_head`` and
    ``content``; ``base.html`` unless the host sets ``STADTTEIL_BASE_TEMPLATE``.
    """
    return option("STADTTEIL_BASE_TEMPLATE")
