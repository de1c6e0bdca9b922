"""Calendar programs take a change only when SEQUENCE grows under the same UID."""

import datetime

from django.utils import timezone

import time_machine

from stadtteil_pages.models import MeetingPage
from tests.factories import VenueFactory, berlin, meeting

from .helpers import events_by_uid, fetch_calendar, republish


def event_of(client, page):
    calendar = fetch_calendar(client, page.url + "termine.ics")
    [event] = calendar.walk("VEVENT")
    return event


def test_moved_meeting_keeps_its_uid_and_gets_a_higher_sequence(client, tree):
    page = meeting(tree[1], start=berlin(2030, 6, 3, 17, 0), end=berlin(2030, 6, 3, 19, 0))
    before = event_of(client, page)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        republish(page, start=berlin(2030, 6, 10, 18, 0), end=berlin(2030, 6, 10, 20, 0))
    after = event_of(client, page)

    assert after["UID"] == before["UID"] == str(page.ical_uid)
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.start == berlin(2030, 6, 10, 18, 0)
    assert after["DTSTAMP"].dt > before["DTSTAMP"].dt


def test_new_venue_and_cancellation_each_raise_the_sequence(client, tree):
    page = meeting(tree[1], start=berlin(2030, 6, 3, 17, 0))
    sequences = [event_of(client, page)["SEQUENCE"]]

    page = republish(page, venue=VenueFactory())
    sequences.append(event_of(client, page)["SEQUENCE"])
    page = republish(page, status=MeetingPage.Status.CANCELLED)
    cancelled = event_of(client, page)
    sequences.append(cancelled["SEQUENCE"])

    assert sequences == sorted(set(sequences))
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["UID"] == str(page.ical_uid)


def test_new_wording_alone_does_not_raise_the_sequence(client, tree):
    page = meeting(tree[1], start=berlin(2030, 6, 3, 17, 0))
    before = event_of(client, page)
    republish(page, title="Stadtteilkonferenz mit neuem Titel", introduction="Neu.")
    after = event_of(client, page)
    assert after["SUMMARY"] == "Stadtteilkonferenz mit neuem Titel"
    assert after["SEQUENCE"] == before["SEQUENCE"]


def test_a_draft_change_does_not_reach_subscribers(client, tree):
    page = meeting(tree[1], start=berlin(2030, 6, 3, 17, 0))
    before = fetch_calendar(client, tree[1].url + "termine.ics").to_ical()
    draft = MeetingPage.objects.get(locale__language_code="de", pk=page.pk)
    draft.start = berlin(2030, 7, 1, 17, 0)
    draft.save_revision()
    after = fetch_calendar(client, tree[1].url + "termine.ics")
    assert after.to_ical() == before
    assert events_by_uid(after)[str(page.ical_uid)].start == berlin(2030, 6, 3, 17, 0)


def test_changed_project_schedule_raises_the_project_sequence(client, mittagstisch):
    before = event_of(client, mittagstisch)
    republish(mittagstisch, closed_on_public_holidays=False)
    after = event_of(client, mittagstisch)
    assert after["UID"] == before["UID"] == str(mittagstisch.ical_uid)
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
