"""The publication rule, shared by every public channel."""

import datetime

from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from stadtteil_pages.models import ContactPerson, MeetingPage
from stadtteil_pages.public.publication import is_published, published, published_snippets
from tests.factories import ContactPersonFactory, conference_tree, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return conference_tree()[1]


def public_slugs():
    return {page.slug for page in published(MeetingPage)}


def test_live_page_is_published(conference):
    page = meeting(conference, slug="live")
    assert public_slugs() == {"live"}
    assert is_published(page)


def test_draft_is_not_published(conference):
    page = meeting(conference, slug="draft", live=False)
    assert public_slugs() == set()
    assert not is_published(page)


def test_expired_page_is_hidden_before_publish_scheduled_runs(conference):
    page = meeting(conference, slug="expired")
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    assert page.live
    assert public_slugs() == set()


def test_page_below_a_private_page_is_not_published(conference):
    meeting(conference, slug="inside")
    PageViewRestriction.objects.create(page=conference, restriction_type="login")
    assert public_slugs() == set()


def test_other_languages_are_filtered_by_the_active_locale(conference):
    meeting(conference, slug="german")
    english = Locale.objects.create(language_code="en")
    assert public_slugs() == {"german"}
    assert {p.slug for p in published(MeetingPage, locale=english)} == set()
    assert {p.slug for p in published(MeetingPage, locale=None)} == {"german"}


def test_only_live_contacts_are_published():
    ContactPersonFactory(name="Öffentlich")
    ContactPersonFactory(name="Entwurf", live=False)
    assert [c.name for c in published_snippets(ContactPerson)] == ["Öffentlich"]
