"""A Redis outage degrades to uncached serving: never a 5xx, never a stale page.

Runs a ``redis-server`` of its own (port ``STADTTEIL_TEST_REDIS_PORT``, 8195
by default), fills the response cache, stops the server and keeps asking.
"""

import os
import shutil
import subprocess
import tempfile
import time

from django.core.cache import caches

import pytest

from stadtteil_pages.models import DistrictConferencePage

PORT = int(os.environ.get("STADTTEIL_TEST_OUTAGE_REDIS_PORT", "8195"))
WELPER = "/stadtteilkonferenzen/welper/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server")
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(PORT), "--save", "", "--appendonly", "no"],
        cwd=tempfile.mkdtemp(prefix="stadtteil-redis-"),
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    yield process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, redis_server):
    """The response cache in that Redis, without django-redis ignoring errors."""
    settings.CACHES = {
        **settings.CACHES,
        "responses": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{PORT}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }
    settings.STADTTEIL_CACHE_ALIAS = "responses"
    settings.STADTTEIL_CACHE = True
    yield caches["responses"]


def test_pages_keep_answering_when_redis_goes_away(client, hattingen, redis_cache, redis_server):
    first = client.get(WELPER)
    assert first.status_code == 200
    assert redis_cache.keys("stadtteil:response:*")  # it was kept in Redis

    redis_server.terminate()
    redis_server.wait(timeout=10)

    again = client.get(WELPER)
    assert again.status_code == 200 and again.content == first.content
    not_modified = client.get(WELPER, headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code in (200, 304)

    page = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    page.title = "Welper während der Störung"
    page.save_revision().publish()  # the invalidation cannot reach Redis either
    html = client.get(WELPER).content.decode()
    assert "<h1>Welper während der Störung</h1>" in html
    api = client.get("/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*")
    assert api.status_code == 200
