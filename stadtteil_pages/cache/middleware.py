"""The response cache: anonymous GETs of pages, feeds, the API and OParl, kept whole.

Partner sites poll the API and the feeds, and a newspaper link sends a crowd
to one page: most requests ask again for something that has not changed.

- The key holds everything an answer depends on: scheme, host, path, the
  query string as sent, and the negotiated language.
- A kept answer carries the tags of what it shows with their versions
  (``tags``) and is served only while all of them keep those versions, and
  only until the next moment at which a date it could show moves on
  (``clock``).
- Its ``ETag`` derives from the same versions and moment. A client that
  sends it back in ``If-None-Match`` gets ``304 Not Modified`` before any
  view runs.
- A change invalidates exactly the tags it touches (``changes`` hands it to
  ``invalidate``). An answer rendered while a change committed is not kept.

A cache that cannot be reached is never an error: the request is served
uncached. Put the middleware last in ``MIDDLEWARE``, so that what the
middleware above adds per request (CORS, language, security headers) is
added to kept answers too.
"""

import datetime
import hashlib
import logging
import time
from typing import NamedTuple

from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import get_language, get_language_from_request

from .. import changes, conf
from ..public import publication
from . import clock, tags

logger = logging.getLogger("stadtteil_pages.cache")

ENTRY_KEY = "stadtteil:response:{digest}"
TAG_KEY = "stadtteil:tag:{tag}"
# Counts invalidations: an answer rendered across one is not kept.
COUNTER_KEY = "stadtteil:invalidations"
# Headers that belong to one answer and are set again by outer middleware.
PER_REQUEST_HEADERS = {"set-cookie", "vary", "access-control-allow-origin", "date"}


class Entry(NamedTuple):
    """A kept answer: its ETag, tag versions, the moment it expires, body and headers."""

    etag: str
    versions: dict
    until: float
    body: bytes
    headers: list


def cache():
    return caches[conf.cache_alias()]


def tag_key(tag):
    return TAG_KEY.format(tag=tag)


@changes.register
def invalidate(change):
    """Give new versions to the tags a committed change touches."""
    if not conf.cache_enabled():
        return
    try:
        found = tags.change_tags(change)
    except Exception:  # when in doubt, everything
        logger.exception("Could not tell what a change touched; invalidating everything.")
        found = {tags.ALL}
    invalidate_tags(found)


def invalidate_tags(names):
    version = time.time_ns()
    try:
        cache().set_many({tag_key(name): version for name in names}, None)
        try:
            cache().incr(COUNTER_KEY)
        except ValueError:
            cache().set(COUNTER_KEY, version, None)
    except Exception:
        logger.warning("The response cache is unavailable; nothing was invalidated.")


def is_anonymous_get(request):
    """A request whose answer is the same for every visitor sending it.

    Logged-in editors carry a session cookie; previews live below the admin;
    credentials in ``Authorization`` may unlock more (API v3 writes).
    """
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and not any(name in request.COOKIES for name in conf.cache_private_cookies())
        and not request.path_info.startswith(tuple(conf.cache_exempt_paths()))
    )


def entry_key(request):
    """Scheme, host, path, the query string as sent and the negotiated language.

    The language of the address (``/en/…``) and the one ``Accept-Language``
    asks for, which the API follows; a request without that header is
    answered differently from one that asks for German (every language).
    """
    asked = get_language_from_request(request) if "HTTP_ACCEPT_LANGUAGE" in request.META else ""
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        get_language() or "",
        asked,
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return ENTRY_KEY.format(digest=digest)


def cacheable(response):
    """A complete, successful answer that carries nothing personal."""
    if response.status_code != 200 or response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return "cookie" not in response.get("Vary", "").lower()


class ResponseCacheMiddleware:
    """Answers conditional and repeated anonymous GETs without running the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not conf.cache_enabled() or not is_anonymous_get(request):
            return self.get_response(request)
        key = entry_key(request)
        asked = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        try:
            found = cache().get_many([key, COUNTER_KEY])
            entry = self.current(found.get(key))
        except Exception:
            logger.warning("The response cache is unavailable; serving uncached.")
            return self.get_response(request)
        if entry is not None and entry.etag in asked:
            return self.not_modified(entry)
        if entry is not None:
            response = HttpResponse(entry.body if request.method == "GET" else b"")
            for name, value in entry.headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if cacheable(response):
            return self.keep(request, response, key, found.get(COUNTER_KEY), asked)
        return response

    @staticmethod
    def current(entry):
        """A kept answer whose time has not passed and whose tags keep their versions."""
        if not isinstance(entry, Entry) or entry.until <= time.time():
            return None
        versions = cache().get_many([tag_key(tag) for tag in entry.versions])
        fresh = all(versions.get(tag_key(tag)) == v for tag, v in entry.versions.items())
        return entry if fresh else None

    def keep(self, request, response, key, counter, asked):
        """Tag the answer, give it its ETag and keep it, unless a change came in between."""
        now = timezone.now()
        names = tags.answer_tags(publication.shown(request))
        try:
            versions = self.versions(names, counter)
            lifetime = datetime.timedelta(seconds=conf.cache_seconds())
            until = min(clock.next_change(now), now + lifetime).timestamp()
        except Exception:
            logger.warning("The response cache is unavailable; nothing stored.")
            return response
        if versions is None:
            return response
        parts = [key, f"{until}", *(f"{tag}={versions[tag]}" for tag in sorted(versions))]
        etag = '"{}"'.format(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32])
        response["ETag"] = etag
        headers = [item for item in response.items() if item[0].lower() not in PER_REQUEST_HEADERS]
        entry = Entry(etag, versions, until, b"", headers)
        timeout = max(1, int(until - time.time()))
        if etag in asked:
            return self.not_modified(entry)
        if request.method != "GET":
            return response
        if response.streaming:
            response.streaming_content = self.keep_streamed(
                response.streaming_content, entry, key, timeout
            )
        else:
            self.store(key, entry._replace(body=response.content), timeout)
        return response

    @staticmethod
    def versions(names, counter):
        """The current version of each tag, or None when a change came in since ``counter``.

        A tag nobody invalidated yet gets its first version here.
        """
        keys = [tag_key(name) for name in names]
        found = cache().get_many([*keys, COUNTER_KEY])
        if found.get(COUNTER_KEY) != counter:
            return None
        missing = [key for key in keys if key not in found]
        for missing_key in missing:
            cache().add(missing_key, time.time_ns(), None)
        if missing:
            found.update(cache().get_many(missing))
        if any(key not in found for key in keys):
            return None
        return {name: found[tag_key(name)] for name in names}

    def keep_streamed(self, body, entry, key, timeout):
        """Pass a streamed body on; keep it when it ends up no larger than the limit."""
        limit = conf.cache_max_bytes()
        chunks, size = [], 0
        for chunk in body:
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)
            yield chunk
        if size <= limit:
            self.store(key, entry._replace(body=b"".join(chunks)), timeout)

    @staticmethod
    def store(key, entry, timeout):
        try:
            cache().set(key, entry, timeout)
        except Exception:
            logger.warning("The response cache is unavailable; nothing stored.")

    @staticmethod
    def not_modified(entry):
        response = HttpResponseNotModified()
        response["ETag"] = entry.etag
        # The caching headers of the full answer apply to the 304 as well (RFC 9110).
        for name, value in entry.headers:
            if name.lower() in ("cache-control", "content-location", "expires"):
                response[name] = value
        return response
