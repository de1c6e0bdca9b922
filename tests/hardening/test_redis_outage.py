"""A Redis outage degrades to uncached serving: no 500, no internal detail
(host, port) in any answer, and in the log one warning when it starts, a
few while it lasts and one when it ends, never a traceback per request."""

import logging
import logging.handlers

from django.core.cache import caches

import pytest

from cms.logging import Outage
from cms.settings.base import redis_cache
from tests.hardening.redis_server import RedisServer

PUBLIC_URLS = [
    "/",
    "/stadtteilkonferenzen/",
    "/sitemap.xml",
    "/stadtteilkonferenzen/termine.ics",
    "/stadtteilkonferenzen/feed.atom",
    "/api/v2/pages/",
    "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*",
    "/api/v3/pages/",
    "/api/v3/pages/?limit=5",
]


@pytest.mark.django_db
def test_pages_are_served_while_redis_runs(client, hattingen, redis):
    for url in PUBLIC_URLS:
        assert client.get(url).status_code == 200, url
    caches["default"].set("probe", "ok")
    assert caches["default"].get("probe") == "ok"


@pytest.fixture
def cache_log():
    """The records the stderr handler of ``cms.cache`` gets (after its filters)."""
    handler = logging.handlers.BufferingHandler(capacity=100_000)
    logger = logging.getLogger("cms.cache")
    logger.addHandler(handler)
    yield handler.buffer
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_redis_outage_degrades_to_uncached_serving(client, hattingen, redis, cache_log):
    client.get("/")
    caches["default"].set("probe", "ok")  # connected: an earlier outage has ended
    redis.stop()
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.getvalue()[:300])
        body = response.getvalue().decode()
        assert str(redis.port) not in body, url
        assert "Redis" not in body and "Connection refused" not in body, url
    assert cache_log


@pytest.mark.django_db
def test_a_redis_outage_is_one_warning_when_it_starts_and_one_when_it_ends(
    client, hattingen, redis, cache_log
):
    assert client.get("/").status_code == 200
    caches["default"].set("probe", "ok")  # connected: no outage before
    cache_log.clear()
    redis.stop()
    for url in PUBLIC_URLS * 3:
        assert client.get(url).status_code == 200, url
    assert [record.levelname for record in cache_log] == ["WARNING"]
    started = cache_log[0].getMessage()
    assert started.startswith(
        "Redis unavailable, working without it until it is back: ConnectionError: "
    )
    assert cache_log[0].exc_info is None

    again = RedisServer(redis.port).start()
    try:
        assert client.get("/").status_code == 200
        assert client.get("/stadtteilkonferenzen/").status_code == 200
    finally:
        again.stop()
    assert len(cache_log) == 2
    assert cache_log[1].levelname == "WARNING"
    assert cache_log[1].getMessage().startswith("Redis available again after ")
    assert cache_log[1].exc_info is None


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_long_outage_is_reported_at_most_once_per_interval():
    clock = Clock()
    logger = logging.getLogger("tests.outage")
    handler = logging.handlers.BufferingHandler(capacity=1000)
    logger.addHandler(handler)
    outage = Outage("Redis", interval=60, clock=clock)
    try:
        outage.succeeded()  # no outage: nothing to say
        for _ in range(10 * 60):  # ten minutes, a failure a second
            outage.failed(ConnectionRefusedError(111, "Connection refused"), logger)
            clock.now += 1
        outage.succeeded()
        outage.succeeded()
    finally:
        logger.removeHandler(handler)
    messages = [record.getMessage() for record in handler.buffer]
    assert messages[0] == (
        "Redis unavailable, working without it until it is back: "
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )
    assert len(messages) == 1 + 9 + 1
    assert messages[1].startswith("Redis still unavailable after 60 s (61 failures), last: ")
    assert messages[-1] == "Redis available again after 600 s (600 failures)."
    assert {record.levelname for record in handler.buffer} == {"WARNING"}


@pytest.mark.django_db
def test_api_v3_errors_during_an_outage_hide_internal_details(client, hattingen, redis):
    redis.stop()
    for url in ["/api/v3/pages/?limit=500", "/api/v3/pages/?type=nope.Nope", "/api/v3/pages/1/"]:
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        assert str(redis.port) not in body, url
        assert "127.0.0.1" not in body, url


@pytest.mark.django_db
def test_serving_recovers_when_redis_comes_back(client, hattingen, redis):
    port = redis.port
    redis.stop()
    assert client.get("/").status_code == 200
    again = RedisServer(port).start()
    try:
        assert client.get("/").status_code == 200
        caches["default"].set("probe", "back")
        assert caches["default"].get("probe") == "back"
    finally:
        again.stop()


@pytest.mark.django_db
def test_api_v3_never_names_internal_hosts_even_when_a_cache_error_escapes(
    client, hattingen, redis, settings
):
    # Without the outage protection the cache error reaches API v3's answer
    # building; the visitor must still not learn the cache's address.
    config = redis_cache(redis.url)
    config["OPTIONS"]["IGNORE_EXCEPTIONS"] = False
    settings.CACHES = {"default": config}
    client.raise_request_exception = False
    redis.stop()
    response = client.get("/api/v3/pages/")
    body = response.content.decode()
    assert str(redis.port) not in body
    assert "127.0.0.1" not in body
    assert "Connection" not in body
    assert response.json()["message"]
