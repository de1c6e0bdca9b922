"""Which meetings are upcoming, past or still to be announced."""

import datetime

from django.utils import timezone

import pytest

from stadtteil_pages.models import MeetingPage
from tests.factories import berlin, conference_tree, meeting

pytestmark = pytest.mark.django_db

NOW = berlin(2026, 11, 25, 12)


@pytest.fixture
def meetings():
    _index, conference = conference_tree()
    return {
        "past": meeting(conference, slug="past", start=berlin(2026, 11, 1, 17)),
        "running": meeting(
            conference, slug="running", start=berlin(2026, 11, 25, 11), end=berlin(2026, 11, 25, 13)
        ),
        "soon": meeting(conference, slug="soon", start=berlin(2026, 12, 3, 17)),
        "later": meeting(
            conference,
            slug="later",
            start=berlin(2027, 2, 4, 17),
            status=MeetingPage.Status.CANCELLED,
        ),
        "tba": meeting(conference, slug="tba", status=MeetingPage.Status.TO_BE_ANNOUNCED),
    }


def slugs(queryset):
    return [page.slug for page in queryset]


def test_upcoming_are_not_over_yet_soonest_first(meetings):
    assert slugs(MeetingPage.objects.upcoming(now=NOW)) == ["running", "soon", "later"]


def test_past_are_over_most_recent_first(meetings):
    assert slugs(MeetingPage.objects.past(now=NOW)) == ["past"]


def test_to_be_announced_is_neither_upcoming_nor_past(meetings):
    assert slugs(MeetingPage.objects.to_be_announced()) == ["tba"]
    assert "tba" not in slugs(MeetingPage.objects.upcoming(now=NOW))
    assert "tba" not in slugs(MeetingPage.objects.past(now=NOW))


def test_upcoming_is_one_database_query(meetings, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(list(MeetingPage.objects.upcoming(now=NOW))) == 3


def test_in_district_finds_the_meetings_of_conferences_covering_it(meetings):
    assert len(MeetingPage.objects.in_district("welper")) == 5
    assert len(MeetingPage.objects.in_district("holthausen")) == 0


def test_is_past_and_date_label(meetings):
    assert meetings["past"].is_past(now=NOW)
    assert not meetings["running"].is_past(now=NOW)
    assert not meetings["tba"].is_past(now=NOW)
    assert meetings["running"].date_label == "Mittwoch, 25. November 2026, 11:00–13:00 Uhr"


def test_calendar_sequence_grows_only_when_date_or_place_change(meetings):
    soon = meetings["soon"]
    uid, sequence = soon.ical_uid, soon.ical_sequence
    soon.title = "Neuer Titel"
    soon.save_revision().publish()
    soon.refresh_from_db()
    assert soon.ical_sequence == sequence

    soon.start += datetime.timedelta(hours=1)
    soon.save_revision().publish()
    soon.refresh_from_db()
    assert (soon.ical_uid, soon.ical_sequence) == (uid, sequence + 1)


def test_saving_a_draft_does_not_announce_a_change(meetings):
    soon = meetings["soon"]
    sequence = soon.ical_sequence
    soon.start = timezone.now() + datetime.timedelta(days=30)
    soon.save_revision()
    soon.refresh_from_db()
    assert soon.ical_sequence == sequence
