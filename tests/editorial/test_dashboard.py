"""The admin home lists what the user's own districts still have to do."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from stadtteil_pages.admin.dashboard import (
    DatesToBeAnnouncedPanel,
    MeetingsWithoutProtocolPanel,
    homepage_panels,
)
from stadtteil_pages.models import MeetingDocument, MeetingPage
from tests.factories import DocumentFactory, meeting


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def meetings(tree):
    """In each district a past meeting with and without protocol and a date to be announced."""
    created = {}
    for name, conference in (("welper", tree.welper), ("winz", tree.winz_baak)):
        created[f"{name} past"] = meeting(
            conference, title=f"Vergangen {name}", slug=f"vergangen-{name}", start=days_ago(30)
        )
        done = meeting(
            conference, title=f"Erledigt {name}", slug=f"erledigt-{name}", start=days_ago(60)
        )
        done.documents = [MeetingDocument(kind="protocol", document=DocumentFactory())]
        done.save_revision().publish()
        created[f"{name} tba"] = meeting(
            conference,
            title=f"Offen {name}",
            slug=f"offen-{name}",
            status=MeetingPage.Status.TO_BE_ANNOUNCED,
            live=False,
        )
    return created


def titles(panel):
    return [page.title for page in panel.get_context_data()["meetings"]]


def test_a_district_editor_sees_only_the_own_district(meetings, users):
    assert titles(MeetingsWithoutProtocolPanel(users.welper)) == ["Vergangen welper"]
    assert titles(DatesToBeAnnouncedPanel(users.welper)) == ["Offen welper"]


def test_the_editorial_team_and_superusers_see_every_district(meetings, users):
    for user in (users.redaktion, users.admin):
        assert sorted(titles(MeetingsWithoutProtocolPanel(user))) == [
            "Vergangen welper",
            "Vergangen winz",
        ]
        assert sorted(titles(DatesToBeAnnouncedPanel(user))) == ["Offen welper", "Offen winz"]


def test_a_protocol_takes_a_meeting_off_the_list(meetings, users):
    past = meetings["welper past"]
    past.documents = [MeetingDocument(kind="protocol", document=DocumentFactory())]
    past.save_revision().publish()
    assert titles(MeetingsWithoutProtocolPanel(users.welper)) == []


def test_users_who_edit_no_meetings_get_no_panels(meetings, users):
    assert homepage_panels(users.freigabe) == []


def test_the_panels_are_on_the_admin_home_with_links_to_the_editor(meetings, users, login):
    response = login(users.welper).get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert 'id="meetings-without-protocol' in html
    assert 'id="dates-to-be-announced' in html
    past = meetings["welper past"]
    assert reverse("wagtailadmin_pages:edit", args=[past.pk]) in html
    assert "Stadtteilkonferenz Welper" in html
    assert "Vergangen winz" not in html


def test_the_panels_cost_a_fixed_number_of_queries(meetings, users, django_assert_max_num_queries):
    for panel in homepage_panels(users.redaktion):
        with django_assert_max_num_queries(6):
            panel.render_html({})
