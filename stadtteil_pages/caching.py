"""Cheap validators and a shared response cache for anonymous visitors.

Partner sites poll the API and the feeds, and a newspaper link sends a crowd
to one page: most requests ask again for something that has not changed.
``ResponseCacheMiddleware`` answers them without rendering:

- Anonymous GETs of pages, feeds and the API are kept in the configured
  cache (Redis through django-redis when ``REDIS_URL`` is set), addressed by
  host, path, query and language, so the next visitor is served from there.
- Every kept answer carries the tags of what it shows, with their versions
  (``stadtteil_pages.cache_tags``), and an ``ETag`` derived from them. A
  client that sends it back in ``If-None-Match`` gets ``304 Not Modified``
  before any view runs, as long as the answer is current.

A public change renews exactly the tags it touches (publishing,
unpublishing, moving, deleting or a scheduled go-live or expiry of a page,
publishing a contact, changing a venue; see ``stadtteil_pages.invalidation``):
the answers that show it are rendered again, all others are still served.
Addresses also include the time bucket of ``STADTTEIL_CACHE_SECONDS``,
because "upcoming" moves on by itself, and the expiries that have passed
before ``publish_scheduled`` announced them. A cache that cannot be reached
is never an error: the request is served uncached.
"""

import hashlib
import logging
import time
from typing import NamedTuple

from django.core.cache import caches
from django.db.models import Count, Max, Min, Q
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import get_language

from . import cache_tags, conf, publication

logger = logging.getLogger(__name__)

GENERATION_KEY = "stadtteil:generation"
# The content state read for the generation it names.
STATE_KEY = "stadtteil:content"
RESPONSE_KEY = "stadtteil:response:{digest}"
# Headers that belong to one answer and are set again by outer middleware.
PER_REQUEST_HEADERS = {"set-cookie", "vary", "access-control-allow-origin", "date"}


class ContentState(NamedTuple):
    """What the middleware knows about the content before a view runs.

    ``shared`` changes with every public change: answers computed from the
    content alone are shared by the requests of one ``shared`` state
    (``publication.remember``). ``scope`` is part of every kept answer's
    address; the tags of the answer decide whether it is still current.
    ``generation`` is the change counter read, to spot a change made while
    an answer was being rendered.
    """

    shared: str
    scope: str
    generation: object


def _cache():
    return caches[conf.cache_alias()]


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
    """Count a public change: every app server reads the content state afresh."""
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # Missing (first change, or evicted): a value never used before.
            cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # noqa: BLE001
        logger.warning("Could not invalidate the response cache.", exc_info=True)


def renew(tags):
    """After a public change: kept answers that show any of ``tags`` are no longer served.

    The generation moves first, so that an answer rendered before the change
    but stored after it is recognised (see ``tag_versions``).
    """
    bump_generation()
    versions = {cache_tags.key(tag): cache_tags.fresh_version() for tag in tags}
    try:
        _cache().set_many(versions, None)
    except Exception:  # noqa: BLE001
        logger.warning("Could not renew the kept answers.", exc_info=True)


def tag_versions(tags, generation):
    """The current version of each tag, or None when the content changed since ``generation``.

    A tag nobody renewed yet gets its first version here.
    """
    keys = {cache_tags.key(tag): tag for tag in tags}
    try:
        cache = _cache()
        found = cache.get_many([*keys, GENERATION_KEY])
        if generation is None or found.get(GENERATION_KEY) != generation:
            return None
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, cache_tags.fresh_version(), None)
            found.update(cache.get_many(missing))
    except Exception:  # noqa: BLE001
        logger.warning("The response cache is unavailable; nothing stored.", exc_info=True)
        return None
    if any(key not in found for key in keys):
        return None
    return {tag: found[key] for key, tag in keys.items()}


def still_current(versions, found=None):
    """Whether every tag of a kept answer still has the version it was rendered with.

    ``found`` holds tag versions already read with the state; the others are
    asked of the cache.
    """
    found = dict(found or {})
    keys = {cache_tags.key(tag): version for tag, version in versions.items()}
    missing = [key for key in keys if key not in found]
    if missing:
        try:
            found.update(_cache().get_many(missing))
        except Exception:  # noqa: BLE001
            logger.warning("The response cache is unavailable; serving uncached.", exc_info=True)
            return False
    return all(found.get(key) == version for key, version in keys.items())


def database_state(now=None):
    """What the database says about public change, and when it will change by itself.

    Returns ``(state, expiry, seconds)``: ``state`` changes with every logged
    action (publish, unpublish, move, delete, snippet publish), every page
    added or removed, and every expiry that has passed; ``expiry`` only with
    the expiries that have passed (which no signal announces); ``seconds``
    is the time until the next expiry of a page or contact, when both will
    change again. Two queries, independent of the amount of content.
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
    expiry = "{}.{}".format(pages["expired"], contacts["expired"])
    state = "{count}.{last}.{page_log}.{model_log}".format(**pages) + f".{expiry}"
    moments = [moment for moment in (pages["next_expiry"], contacts["next_expiry"]) if moment]
    seconds = min((moment - now).total_seconds() for moment in moments) if moments else None
    return state, expiry, seconds


def time_bucket():
    """The current time bucket of ``STADTTEIL_CACHE_SECONDS`` ("upcoming" moves on)."""
    return int(time.time() // conf.cache_seconds()) if conf.cache_seconds() else 0


def read_state(also=()):
    """The ``ContentState`` of this moment, and the cached values of the keys ``also``.

    With a shared cache (Redis) the database is asked at most once every
    ``STADTTEIL_CACHE_STATE_SECONDS`` per generation; every public change
    starts a new generation on every app server at once (``renew``), and
    kept answers are told apart by their tags. With a per-process cache the
    database is asked on every request and its state is the scope of every
    kept answer, as other processes could not learn of a change. The state
    and the ``also`` keys come with one request to the cache.
    """
    lifetime = conf.cache_state_seconds()
    bucket = time_bucket()
    try:
        found = _cache().get_many([GENERATION_KEY, STATE_KEY, *also])
    except Exception:  # noqa: BLE001 - any cache failure means "not cached"
        logger.warning("The response cache is unavailable; serving uncached.", exc_info=True)
        found = {}
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = start_generation()
    if not lifetime:
        state = f"{database_state()[0]}.{bucket}"
        return ContentState(state, state, generation), found
    stored = found.get(STATE_KEY)
    if generation is not None and stored is not None and stored[0] == generation:
        state, expiry = stored[1:]
    else:
        state, expiry, seconds = database_state()
        if generation is not None:
            timeout = lifetime if seconds is None else max(0, min(lifetime, int(seconds)))
            if timeout:
                cache_set(STATE_KEY, (generation, state, expiry), timeout)
    shared = f"{generation}.{state}.{bucket}"
    return ContentState(shared, f"{expiry}.{bucket}", generation), found


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


def request_key(request, bucket):
    """The address of a kept answer: the same question in the same time bucket."""
    parts = [
        str(bucket),
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


class Kept(NamedTuple):
    """An answer in the cache: its validator, scope, tag versions, body and headers."""

    etag: str
    scope: str
    versions: dict
    body: object
    headers: list


# The tag keys of the answer at each address, as this process last kept it:
# asked for together with the content state, so that a kept answer is
# usually confirmed with one request to the cache. Bounded.
_known_tags = {}
KNOWN_TAGS_LIMIT = 10000


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
        digest = request_key(request, time_bucket())
        key = RESPONSE_KEY.format(digest=digest)
        try:
            state, found = read_state((key, *_known_tags.get(digest, ())))
        except Exception:  # noqa: BLE001 - no validator means plain serving
            logger.warning("Could not determine the content state.", exc_info=True)
            return self.get_response(request)
        # What follows from the content alone is shared by the requests of one state.
        setattr(request, publication.STATE_ATTRIBUTE, state.shared)
        asked = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        kept = self.current(found.get(key), state.scope, found)
        if kept is not None:
            self.learn(digest, kept.versions)
            if kept.etag in asked:
                return self.not_modified(kept.etag, kept.headers)
            if kept.body is not None and request.method == "GET":
                return self.from_stored(kept)
        response = self.get_response(request)
        if not cacheable(response):
            return response
        versions = tag_versions(cache_tags.answer_tags(request), state.generation)
        if versions is None:
            # The content changed while this answer was rendered, or the cache is down.
            return response
        etag = self.validator(digest, state.scope, versions)
        response["ETag"] = etag
        if etag in asked:
            return self.not_modified(etag, self.stored_headers(response))
        if request.method != "GET":
            return response
        self.learn(digest, versions)
        kept = Kept(etag, state.scope, versions, None, self.stored_headers(response))
        if response.streaming:
            body = response.streaming_content
            response.streaming_content = self.keep_streamed(body, kept, key)
        else:
            body = response.content if conf.store_responses() else None
            cache_set(key, kept._replace(body=body), conf.cache_seconds() or None)
        return response

    @staticmethod
    def current(kept, scope, found):
        """A kept answer of this scope whose tags all still have their versions, else None."""
        if not isinstance(kept, Kept) or kept.scope != scope:
            return None
        return kept if still_current(kept.versions, found) else None

    @staticmethod
    def learn(digest, versions):
        if len(_known_tags) >= KNOWN_TAGS_LIMIT:
            _known_tags.clear()
        _known_tags[digest] = tuple(cache_tags.key(tag) for tag in versions)

    @staticmethod
    def validator(digest, scope, versions):
        """The ETag: the address, the scope and the versions of what the answer shows."""
        parts = [digest, scope, *(f"{tag}={versions[tag]}" for tag in sorted(versions))]
        return '"{}"'.format(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32])

    def process_view(self, request, view, args, kwargs):
        """Find the page of a Wagtail address once per content state, not per request.

        Wagtail's serve view routes through the tree (a query or two per
        level) and keeps the result on the request; the route of an address
        is the same for every request that sees the same content. The page
        found also names what the answer shows (``cache_tags.page_answer``).
        """
        from wagtail.models import Page
        from wagtail.views import serve

        if view is not serve or getattr(request, publication.STATE_ATTRIBUTE, None) is None:
            return None
        path = kwargs.get("path", args[0] if args else "")
        site = publication.request_site(request)
        key = ("route", getattr(site, "pk", None), path, get_language())
        # Wagtail keeps the route of a request in this attribute (Page.route_for_request).
        route = publication.remember(request, key, lambda: Page.route_for_request(request, path))
        request._wagtail_route_for_request = route
        if route:
            cache_tags.mark(request, cache_tags.page_answer(route[0]))
        return None

    def keep_streamed(self, body, kept, key):
        """Pass a streamed body on, and keep it when it ends up no larger than the limit.

        Only bodies up to ``STADTTEIL_CACHE_MAX_BYTES`` are collected, so a
        huge feed streams with bounded memory (and is simply not kept).
        """
        limit = conf.cache_max_bytes()
        chunks, size = [], 0
        for chunk in body:
            if chunks is not None:
                size += len(chunk)
                if size <= limit:
                    chunks.append(chunk)
                else:
                    chunks = None
            yield chunk
        if chunks is not None:
            body = b"".join(chunks) if conf.store_responses() else None
            cache_set(key, kept._replace(body=body), conf.cache_seconds() or None)

    @staticmethod
    def stored_headers(response):
        return [
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_REQUEST_HEADERS
        ]

    @staticmethod
    def from_stored(kept):
        response = HttpResponse(kept.body)
        for name, value in kept.headers:
            response[name] = value
        return response

    @staticmethod
    def not_modified(etag, headers):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        # The caching headers of the full answer apply to the 304 as well (RFC 9110).
        for name, value in headers:
            if name.lower() in ("cache-control", "content-location", "expires"):
                response[name] = value
        return response
