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


def feed_entries():
    """How many entries the Atom feed lists (the newest ones)."""
    return getattr(settings, "STADTTEIL_FEED_ENTRIES", 30)


def sitemap_limit():
    """URLs per sitemap file; the sitemap index links the files."""
    return getattr(settings, "STADTTEIL_SITEMAP_LIMIT", 2000)


def archive_page_size():
    """Protocols per page of the archive."""
    return getattr(settings, "STADTTEIL_ARCHIVE_PAGE_SIZE", 50)


def cache_enabled():
    """Whether anonymous GETs get content-state ETags (and a 304 before rendering)."""
    return getattr(settings, "STADTTEIL_CACHE", True)


def store_responses():
    """Whether anonymous answers are also kept in the cache and served from there."""
    return getattr(settings, "STADTTEIL_CACHE_RESPONSES", True)


def cache_seconds():
    """How long a kept answer lives at most; time-dependent lists move on at this pace."""
    return getattr(settings, "STADTTEIL_CACHE_SECONDS", 300)


def cache_alias():
    return getattr(settings, "STADTTEIL_CACHE_ALIAS", "default")


def cache_state_seconds():
    """How long the content state is kept in a shared cache between two changes.

    0 asks the database on every request, the only safe choice when each
    process has its own cache (several workers would not learn of a change).
    """
    configured = getattr(settings, "STADTTEIL_CACHE_STATE_SECONDS", None)
    if configured is not None:
        return configured
    backend = settings.CACHES.get(cache_alias(), {}).get("BACKEND", "")
    return 0 if backend.endswith(("LocMemCache", "DummyCache")) else 60


def cache_private_cookies():
    """Cookies that make an answer personal (logged-in editors, messages)."""
    return [
        settings.SESSION_COOKIE_NAME,
        "messages",
        *getattr(settings, "STADTTEIL_CACHE_PRIVATE_COOKIES", []),
    ]


def cache_exempt_paths():
    """Path prefixes never cached: the admin, file downloads (checked per request)."""
    return getattr(
        settings,
        "STADTTEIL_CACHE_EXEMPT_PATHS",
        ["/admin/", "/documents/", "/static/", "/media/"],
    )


def cache_max_bytes():
    """The largest streamed answer (e.g. a calendar) that the cache keeps."""
    return getattr(settings, "STADTTEIL_CACHE_MAX_BYTES", 2 * 1024 * 1024)
