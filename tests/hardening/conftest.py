"""The small published site of the API tests, and helpers to hide parts of it."""

import datetime

from django.utils import timezone

import pytest

from tests.api.conftest import site  # noqa: F401 (the shared fixture)


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
