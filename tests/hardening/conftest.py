"""The small published site of the API tests, and helpers to hide parts of it."""

import datetime
import os
import shutil

from django.core.cache import caches
from django.utils import timezone

import pytest

from cms.settings.base import redis_cache
from tests.api.conftest import site  # noqa: F401 (the shared fixture)
from tests.hardening.redis_server import RedisServer


def expire(page):
    """Let a page's expiry pass without running ``publish_scheduled``."""
    type(page).objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.refresh_from_db()
    return page


def unpublish(page):
    page.unpublish()
    page.refresh_from_db()
    return page


@pytest.fixture
def hide():
    """Ways a page (and so its subtree) leaves the public site."""
    from wagtail.models import PageViewRestriction

    def private(page):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        return page

    return {"draft": unpublish, "expired": expire, "private": private}


@pytest.fixture
def redis(settings):
    """A redis-server of the test's own as the default cache, as in production."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing; .ci/run installs it")
        pytest.skip("no redis-server on this machine")
    server = RedisServer().start()
    settings.CACHES = {"default": redis_cache(server.url)}
    yield server
    server.stop()
    for alias in settings.CACHES:
        caches[alias].close()
