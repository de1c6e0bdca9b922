"""A small conference tree with the editorial roles and one user per role."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page

import pytest

from stadtteil_pages.admin import editorial
from stadtteil_pages.models import ConferenceIndexPage, DistrictConferencePage
from tests.conftest import restored
from tests.factories import (
    ContactPersonFactory,
    DistrictFactory,
    add_page,
    meeting,
    protocol_index,
)

PASSWORD = "correct-horse-battery"  # noqa: S105 (test users only)


def make_user(username, *group_names, **fields):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **fields
    )
    user.groups.add(*[Group.objects.get(name=name) for name in group_names])
    return user


def district_conference(index, name, slug):
    page = DistrictConferencePage(title=f"Stadtteilkonferenz {name}", slug=slug)
    page.districts = [DistrictFactory(name=name, slug=slug)]
    return add_page(index, page)


def published_contact(name):
    contact = ContactPersonFactory(name=name, live=False)
    contact.save_revision().publish()
    contact.refresh_from_db()
    return contact


@pytest.fixture
def tree(db):
    """Index, two district conferences with a meeting each, a contact; roles set up."""
    return restored(build_tree)


def build_tree():
    home = Page.get_first_root_node().get_children().first()
    index = add_page(home, ConferenceIndexPage(title="Stadtteilkonferenzen", slug="sk"))
    welper = district_conference(index, "Welper", "welper")
    winz_baak = district_conference(index, "Winz-Baak", "winz-baak")
    editorial.setup_editorial_roles()
    return {
        "home": home,
        "index": index,
        "protocols": protocol_index(index),
        "welper": welper,
        "winz_baak": winz_baak,
        "welper_meeting": meeting(welper, title="Termin Welper", slug="termin-welper"),
        "winz_baak_meeting": meeting(winz_baak, title="Termin Winz-Baak", slug="termin-winz"),
        "contact": published_contact("Erika Muster"),
    }


@pytest.fixture
def users(tree):
    """One user per role, plus a second editor and approver and a person in both groups."""
    return SimpleNamespace(
        admin=make_user("admin", is_superuser=True, is_staff=True),
        redaktion=make_user("redaktion", editorial.EDITORS),
        redaktion2=make_user("redaktion2", editorial.EDITORS),
        freigabe=make_user("freigabe", editorial.APPROVERS),
        freigabe2=make_user("freigabe2", editorial.APPROVERS),
        both=make_user("both", editorial.EDITORS, editorial.APPROVERS),
        welper=make_user("welper", "Stadtteil Welper"),
    )


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in
