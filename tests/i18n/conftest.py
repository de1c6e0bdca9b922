"""Hattingen's content with one translator and two approvers."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

import pytest

from stadtteil_pages.admin import editorial
from stadtteil_pages.admin.translating import synchronise_locale_trees
from stadtteil_pages.models import DistrictConferencePage, MeetingPage
from tests.factories import meeting


def make_user(username, group_name):
    user = get_user_model().objects.create_user(username=username, password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def people(hattingen):
    return SimpleNamespace(
        translator=make_user("translator", editorial.EDITORS),
        approver=make_user("approver", editorial.APPROVERS),
    )


def shows_german(page):
    """The page in another language still follows the German page, as visitors see it."""
    page.refresh_from_db()
    return page.live and page.alias_of_id is not None and page.title == page.alias_of.title


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def next_welper_meeting(hattingen):
    """A German meeting added after the demo content's translations were made.

    In the other languages it is an alias of the German page until translated.
    """
    welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")
    page = meeting(
        welper,
        title="Stadtteilkonferenz Welper im Frühjahr",
        slug="fruehjahr",
        status=MeetingPage.Status.TO_BE_ANNOUNCED,
    )
    # As the admin's "add page" does: the page appears in every language.
    synchronise_locale_trees()
    return page
