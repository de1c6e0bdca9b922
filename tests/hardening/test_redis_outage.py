"""A Redis outage degrades to uncached serving: no 500, no internal detail
(host, port) in any answer, a warning in the log."""

import logging

from django.core.cache import caches

import pytest

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


@pytest.mark.django_db
def test_a_redis_outage_degrades_to_uncached_serving(client, hattingen, redis, caplog):
    client.get("/")
    redis.stop()
    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        for url in PUBLIC_URLS:
            response = client.get(url)
            assert response.status_code == 200, (url, response.getvalue()[:300])
            body = response.getvalue().decode()
            assert str(redis.port) not in body, url
            assert "Redis" not in body and "Connection refused" not in body, url
    assert any(record.name == "cms.cache" for record in caplog.records)


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
