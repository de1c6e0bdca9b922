"""Cheap validators and a shared response cache for anonymous visitors.

Partner sites poll the API and the feeds, and a newspaper link sends a crowd
to one page: most requests ask again for something that has not changed.
``ResponseCacheMiddleware`` answers them without rendering:

- Every cacheable answer gets an ``ETag`` derived from the *content state*
  (see ``content_state``), the address, the query and the language. A client
  that sends it back in ``If-None-Match`` gets ``304 Not Modified`` before any
  view runs.
- Anonymous GETs of pages, feeds and the API are kept in the configured
  cache (Redis through django-redis when ``REDIS_URL`` is set) under the
  same key, so the next visitor is served from there.

The content state changes whenever something public may have changed:
publishing, unpublishing, moving, deleting or a scheduled go-live or expiry
of a page, and publishing a contact or changing a venue (Wagtail logs all
of these; see ``stadtteil_pages.invalidation``). It also includes the time
bucket of ``STADTTEIL_CACHE_SECONDS``, because "upcoming" moves on by itself.
A cache that cannot be reached is never an error: the request is served
uncached.
"""

import hashlib
import logging
import time

from django.core.cache import caches
from django.db.models import Count, Max, Min, Q
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import get_language

from . import conf, publication

logger = logging.getLogger(__name__)

GENERATION_KEY = "stadtteil:generation"
STATE_KEY = "stadtteil:state:{generation}"
RESPONSE_KEY = "stadtteil:response:{digest}"
# Headers that belong to one answer and are set again by outer middleware.
PER_REQUEST_HEADERS = {"set-cookie", "vary", "access-control-allow-origin", "date"}


def _cache():
    return caches[conf.cache_alias()]


def cache_get(key):
    """A value from the cache, or None when it is missing or the cache is down."""
    try:
        return _cache().get(key)
    except Exception:  # noqa: BLE001 - any cache failure means "not cached"
        logger.warning("The response cache is unavailable; serving uncached.", exc_info=True)
        return None


def cache_set(key, value, timeout):
    try:
        _cache().set(key, value, timeout)
    except Exception:  # noqa: BLE001 - a cache that cannot store simply stores nothing
        logger.warning("The response cache is unavailable; nothing stored.", exc_info=True)


def start_generation():
    """A generation number never used before (the first, or after an eviction)."""
    try:
        _cache().add(GENERATION_KEY, time.time_ns(), None)
        return _cache().get(GENERATION_KEY)
    except Exception:  # noqa: BLE001
        return None


def bump_generation():
    """Make every stored state and response unreachable (after a public change)."""
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # Missing (first change, or evicted): a value never used before.
            cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # noqa: BLE001
        logger.warning("Could not invalidate the response cache.", exc_info=True)


def database_state(now=None):
    """What the database says about public change, and when it will change by itself.

    Returns ``(state, seconds)``: ``state`` changes with every logged action
    (publish, unpublish, move, delete, snippet publish), every page added or
    removed, and every expiry that has passed; ``seconds`` is the time until
    the next expiry of a page or contact, when the state will change again.
    Two queries, independent of the amount of content.
    """
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    from .models import ContactPerson

    now = now or timezone.now()
    expired = Q(live=True, expire_at__lte=now)
    expiring = Q(live=True, expire_at__gt=now)
    pages = Page.objects.aggregate(
        count=Count("pk"),
        last=Max("pk"),
        expired=Count("pk", filter=expired),
        next_expiry=Min("expire_at", filter=expiring),
        page_log=Max(
            PageLogEntry.objects.order_by("-pk").values("pk")[:1],
        ),
        model_log=Max(
            ModelLogEntry.objects.order_by("-pk").values("pk")[:1],
        ),
    )
    contacts = ContactPerson.objects.aggregate(
        expired=Count("pk", filter=expired), next_expiry=Min("expire_at", filter=expiring)
    )
    state = "{count}.{last}.{expired}.{page_log}.{model_log}".format(**pages)
    state += ".{expired}".format(**contacts)
    moments = [moment for moment in (pages["next_expiry"], contacts["next_expiry"]) if moment]
    seconds = min((moment - now).total_seconds() for moment in moments) if moments else None
    return state, seconds


def content_state():
    """A short string that changes whenever anything public may have changed.

    With a shared cache (Redis) the database is asked at most once every
    ``STADTTEIL_CACHE_STATE_SECONDS`` per generation; the signal handlers in
    ``stadtteil_pages.invalidation`` start a new generation on every change,
    on every app server at once. With a per-process cache it is asked on
    every request, as other processes could not learn of a change.
    """
    lifetime = conf.cache_state_seconds()
    bucket = int(time.time() // conf.cache_seconds()) if conf.cache_seconds() else 0
    if not lifetime:
        return f"{database_state()[0]}.{bucket}"
    generation = cache_get(GENERATION_KEY)
    if generation is None:
        generation = start_generation()
    key = STATE_KEY.format(generation=generation)
    state = cache_get(key) if generation is not None else None
    if state is None:
        state, seconds = database_state()
        if generation is not None:
            timeout = lifetime if seconds is None else max(0, min(lifetime, int(seconds)))
            if timeout:
                cache_set(key, state, timeout)
    return f"{generation}.{state}.{bucket}"


def is_anonymous_get(request):
    """A request whose answer is the same for every visitor sending it.

    Logged-in editors carry a session cookie; previews live below the admin;
    credentials in ``Authorization`` may unlock more (API v3 writes).
    """
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name in request.COOKIES for name in conf.cache_private_cookies()):
        return False
    return not any(request.path_info.startswith(prefix) for prefix in conf.cache_exempt_paths())


def request_key(request, state):
    """The validator of a request: the same bytes for the same content and question."""
    parts = [
        state,
        request.get_host(),
        request.path,
        "&".join(sorted(request.META.get("QUERY_STRING", "").split("&"))),
        get_language() or "",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def cacheable(response):
    """A complete, successful answer that carries nothing personal."""
    if response.status_code != 200:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return "cookie" not in response.get("Vary", "").lower()


class ResponseCacheMiddleware:
    """Answers conditional and repeated anonymous GETs without running the view.

    Put it last in ``MIDDLEWARE``: what middleware above it adds per request
    (CORS, language, security headers) is added to cached answers too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not conf.cache_enabled() or not is_anonymous_get(request):
            return self.get_response(request)
        try:
            state = content_state()
        except Exception:  # noqa: BLE001 - no validator means plain serving
            logger.warning("Could not determine the content state.", exc_info=True)
            return self.get_response(request)
        # What follows from the content alone is shared by the requests of one state.
        setattr(request, publication.STATE_ATTRIBUTE, state)
        digest = request_key(request, state)
        etag = f'"{digest}"'
        key = RESPONSE_KEY.format(digest=digest)
        conditional = etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        stored = cache_get(key) if conditional or request.method == "GET" else None
        if conditional:
            return self.not_modified(etag, stored)
        if stored is not None and stored[0] is not None:
            return self.from_stored(stored)
        response = self.get_response(request)
        if not cacheable(response):
            return response
        response["ETag"] = etag
        if request.method != "GET":
            return response
        if response.streaming:
            body = response.streaming_content
            response.streaming_content = self.keep_streamed(body, response, key)
        else:
            cache_set(key, self.to_stored(response), conf.cache_seconds() or None)
        return response

    def process_view(self, request, view, args, kwargs):
        """Find the page of a Wagtail address once per content state, not per request.

        Wagtail's serve view routes through the tree (a query or two per
        level) and keeps the result on the request; the route of an address
        is the same for every request that sees the same content.
        """
        from wagtail.models import Page
        from wagtail.views import serve

        if view is not serve or getattr(request, publication.STATE_ATTRIBUTE, None) is None:
            return None
        path = kwargs.get("path", args[0] if args else "")
        site = publication.request_site(request)
        key = ("route", getattr(site, "pk", None), path, get_language())
        # Wagtail keeps the route of a request in this attribute (Page.route_for_request).
        request._wagtail_route_for_request = publication.remember(
            request, key, lambda: Page.route_for_request(request, path)
        )
        return None

    def keep_streamed(self, body, response, key):
        """Pass a streamed body on, and keep it when it ends up no larger than the limit.

        Only bodies up to ``STADTTEIL_CACHE_MAX_BYTES`` are collected, so a
        huge feed streams with bounded memory (and is simply not kept).
        """
        limit = conf.cache_max_bytes()
        chunks, size = [], 0
        for chunk in body:
            if chunks is not None:
                size += len(chunk)
                chunks = chunks + [chunk] if size <= limit else None
            yield chunk
        if chunks is not None:
            headers = self.stored_headers(response)
            body = b"".join(chunks) if conf.store_responses() else None
            cache_set(key, (body, headers), conf.cache_seconds() or None)

    @staticmethod
    def stored_headers(response):
        return [
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_REQUEST_HEADERS
        ]

    def to_stored(self, response):
        """The body (when responses are kept) and the headers (always: a 304 repeats them)."""
        body = response.content if conf.store_responses() else None
        return (body, self.stored_headers(response))

    @staticmethod
    def from_stored(stored):
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def not_modified(etag, stored):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        if stored is not None:
            # The caching headers of the full answer apply to the 304 as well (RFC 9110).
            for name, value in stored[1]:
                if name.lower() in ("cache-control", "content-location", "expires"):
                    response[name] = value
        return response
