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
``STADTTEIL_FEED_ENTRIES = 30``
    How many of the newest entries ``feed.atom`` lists.
``STADTTEIL_CALENDAR_EXCEPTION_MONTHS = 24``
    How many months ahead calendars and structured data list the days on
    which a weekly project is skipped (closures, public holidays); the
    weekly series itself has no end unless its rule has one.
``STADTTEIL_SITEMAP_LIMIT = 1000``
    URLs per sitemap file below the sitemap index.
``STADTTEIL_ARCHIVE_PAGE_SIZE = 50``
    Protocols per page of the protocol archive.
``STADTTEIL_OVERVIEW_DATES = 30``
    Dates listed on the conference index and a district conference page
    (the soonest; every date is in the calendars).
``STADTTEIL_OVERVIEW_PROJECTS = 24``
    Projects shown as cards on the conference index (alphabetically; every
    project is also on its district conference's page).
``STADTTEIL_CACHE = True``
    Whether anonymous GETs are kept in the response cache, with ETags
    answered 304 before any view runs (``stadtteil_pages.cache``).
``STADTTEIL_CACHE_SECONDS = 86400``
    How long a kept answer lives at most; changes invalidate it at once.
``STADTTEIL_CACHE_ALIAS = "default"``
    The Django cache that keeps the answers. Every app server must share it
    (Redis, or a file-based cache on one machine).
``STADTTEIL_CACHE_PRIVATE_COOKIES = []``
    Further cookie names that make an answer personal (never cached).
``STADTTEIL_CACHE_EXEMPT_PATHS = ["/admin/", "/documents/", "/static/", "/media/"]``
    Path prefixes that are never cached.
``STADTTEIL_CACHE_MAX_BYTES = 2097152``
    The largest streamed answer (e.g. a calendar) that the cache keeps.
``STADTTEIL_OPARL_BODY = None``
    The city as OParl's ``Body``: a dict or the dotted path of a function
    ``(request) -> dict`` (see ``oparl_body``).
``STADTTEIL_OPARL_PAGE_SIZE = 50`` / ``STADTTEIL_OPARL_MAX_PAGE_SIZE = 100``
    Objects per page of an OParl list by default and at most.

``manage.py check`` reports a value of the wrong type or one that does not
exist (``stadtteil_pages.checks``). Code reads the options only through the
functions of this module (``conf.feed_entries()`` for ``STADTTEIL_FEED_ENTRIES``),
so that a changed setting applies at once.
"""

from functools import partial
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
    "STADTTEIL_FEED_ENTRIES": 30,
    "STADTTEIL_CALENDAR_EXCEPTION_MONTHS": 24,
    "STADTTEIL_SITEMAP_LIMIT": 1000,
    "STADTTEIL_ARCHIVE_PAGE_SIZE": 50,
    "STADTTEIL_OVERVIEW_DATES": 30,
    "STADTTEIL_OVERVIEW_PROJECTS": 24,
    "STADTTEIL_CACHE": True,
    "STADTTEIL_CACHE_SECONDS": 86400,
    "STADTTEIL_CACHE_ALIAS": "default",
    "STADTTEIL_CACHE_PRIVATE_COOKIES": [],
    "STADTTEIL_CACHE_EXEMPT_PATHS": ["/admin/", "/documents/", "/static/", "/media/"],
    "STADTTEIL_CACHE_MAX_BYTES": 2 * 1024 * 1024,
    "STADTTEIL_OPARL_BODY": None,
    "STADTTEIL_OPARL_PAGE_SIZE": 50,
    "STADTTEIL_OPARL_MAX_PAGE_SIZE": 100,
}


def option(name):
    """The host's value of an option, or its default."""
    return getattr(settings, name, DEFAULTS[name])


def event_timezone():
    """The zone in which conference dates and project schedules are kept."""
    return ZoneInfo(option("STADTTEIL_TIME_ZONE") or settings.TIME_ZONE)


# Switching the response cache on or off: ``STADTTEIL_CACHE``.
cache_enabled = partial(option, "STADTTEIL_CACHE")


def __getattr__(name):
    """The options read as they are: ``conf.feed_entries()`` is the value of
    ``STADTTEIL_FEED_ENTRIES``, and so on for every option in ``DEFAULTS``."""
    setting = f"STADTTEIL_{name.upper()}"
    if setting not in DEFAULTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return partial(option, setting)


def organizer(request):
    """The organiser of the events as a schema.org dict, or None.

    ``STADTTEIL_ORGANIZER`` names a function ``(request) -> dict | None`` in
    the host project, so that the organiser's data stays where the host keeps
    it (a site setting, say) and the plugin imports nothing from the host.
    """
    path = option("STADTTEIL_ORGANIZER")
    return import_string(path)(request) if path else None


def cache_private_cookies():
    """Cookies that make an answer personal (logged-in editors, messages)."""
    return [settings.SESSION_COOKIE_NAME, "messages", *option("STADTTEIL_CACHE_PRIVATE_COOKIES")]


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
    configured = option("STADTTEIL_OPARL_BODY") or {}
    if isinstance(configured, str):
        configured = import_string(configured)(request) or {}
    body = {key: value for key, value in configured.items() if key in OPARL_BODY_KEYS and value}
    organiser = organizer(request) or {}
    fallbacks = {
        "name": organiser.get("name") or site.site_name or settings.WAGTAIL_SITE_NAME,
        "website": organiser.get("url") or f"{site.root_url}/",
        "contactEmail": organiser.get("email"),
    }
    return body | {key: value for key, value in fallbacks.items() if value and key not in body}
