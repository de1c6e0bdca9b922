"""Meetings without a date: listed once their date is announced (docs/oparl.md).

Council-information systems that import OParl store a meeting with its
start; a meeting without one stopped their whole import. A date "to be
announced" is therefore not an OParl object yet.
"""

import datetime

import pytest
import time_machine

from stadtteil_pages.models import MeetingPage
from tests.api.builders import republish
from tests.oparl.helpers import BASE, SYSTEM, body, get, walk

pytestmark = pytest.mark.django_db


def later(minutes):
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=minutes)
    return moment.replace(microsecond=0)


def test_a_meeting_to_be_announced_is_not_listed(client, oparl):
    url = f"{BASE}{SYSTEM}meeting/{oparl.open_date.pk}"
    city = body(client)
    assert url not in {item["id"] for item in walk(client, city["meeting"])}
    organization = get(client, f"{SYSTEM}organization/{oparl.welper.pk}")
    assert url not in {item["id"] for item in walk(client, organization["meeting"])}
    get(client, url, status=404)
    # Every listed meeting has a start.
    assert all("start" in item for item in walk(client, city["meeting"]))


def test_an_announced_date_lists_the_meeting_created_at_the_announcement(client, oparl):
    announced = later(60)
    with time_machine.travel(announced, tick=False):
        oparl.open_date.status = MeetingPage.Status.SCHEDULED
        oparl.open_date.start = announced + datetime.timedelta(days=14)
        republish(oparl.open_date)
    data = get(client, f"{SYSTEM}meeting/{oparl.open_date.pk}")
    assert data["name"] == "Termin folgt"
    assert datetime.datetime.fromisoformat(data["created"]) == announced
    # A client that asks for what is new since its last visit finds it.
    new = walk(client, body(client)["meeting"], created_since=later(59).isoformat())
    assert [item["id"] for item in new] == [data["id"]]


def test_a_listed_meeting_that_loses_its_date_is_deleted(client, oparl):
    withdrawn = later(60)
    with time_machine.travel(withdrawn, tick=False):
        oparl.next_date.status = MeetingPage.Status.TO_BE_ANNOUNCED
        oparl.next_date.start = oparl.next_date.end = None
        republish(oparl.next_date)
    changed = walk(client, body(client)["meeting"], modified_since=withdrawn.isoformat())
    assert [(item["id"], item.get("deleted")) for item in changed] == [
        (f"{BASE}{SYSTEM}meeting/{oparl.next_date.pk}", True)
    ]
    # Announced again, it is the same object again, with its first announcement.
    first = get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")["created"]
    with time_machine.travel(later(120), tick=False):
        oparl.next_date.status = MeetingPage.Status.SCHEDULED
        oparl.next_date.start = later(120) + datetime.timedelta(days=3)
        republish(oparl.next_date)
    again = get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")
    assert "deleted" not in again
    assert again["created"] == first
