"""Date filters select by the revision history; bad values get a 400 with a message."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from tests.api.builders import republish
from tests.oparl.helpers import body, get, walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("created_since", "gestern"),
        ("created_until", "2026-13-01"),
        ("modified_since", "2026-01-01T25:00:00+01:00"),
        ("modified_until", "1"),
        ("limit", "zehn"),
        ("limit", "99999999999999999999"),
        ("page", "0"),
        ("page", "1.5"),
        ("omit_internal", "ja"),
        ("modified_sinse", "2026-01-01"),
        ("limit", "5\x00"),
    ],
)
def test_bad_parameter_gets_400_naming_it(client, oparl, parameter, value):
    data = get(client, body(client)["meeting"], status=400, **{parameter: value})
    assert data["parameter"] == parameter
    assert data["message"]


def test_error_message_speaks_german_by_default(client, oparl):
    data = get(client, body(client)["person"], status=400, page="0")
    assert data["message"] == "page muss eine ganze Zahl von mindestens 1 sein."


def test_modified_since_finds_what_changed(client, oparl):
    later = timezone.now() + datetime.timedelta(hours=1)
    with time_machine.travel(later):
        oparl.past_date.title = "Konferenz im Herbst"
        republish(oparl.past_date)
    city = body(client)
    since = (later - datetime.timedelta(minutes=1)).isoformat()
    changed = walk(client, city["meeting"], modified_since=since)
    assert [item["name"] for item in changed] == ["Konferenz im Herbst"]
    before = walk(client, city["meeting"], modified_until=since)
    assert len(before) == 2
    moments = [datetime.datetime.fromisoformat(item["modified"]) for item in before]
    assert all(moment <= later - datetime.timedelta(minutes=1) for moment in moments)


def test_created_filters_use_the_first_publication(client, oparl):
    city = body(client)
    created = get(client, city["meeting"])["data"][0]["created"]
    assert len(walk(client, city["meeting"], created_since=created)) == 3
    yesterday = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert walk(client, city["meeting"], created_until=yesterday) == []
