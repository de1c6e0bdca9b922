"""Every OParl object validates against the OParl 1.1 JSON schemas."""

import pytest

from tests.oparl.helpers import SYSTEM, body, get, walk
from tests.oparl.schema import assert_valid, needs_schemas

pytestmark = [pytest.mark.django_db, needs_schemas]

LISTS = (
    "organization",
    "meeting",
    "person",
    "locationList",
    "file",
    "membership",
    "paper",
    "agendaItem",
    "consultation",
    "legislativeTermList",
)


def every_object(client):
    """The system, the body and every object of its lists, each also fetched by id."""
    system = get(client, SYSTEM)
    city = body(client)
    found = [system, city]
    for key in LISTS:
        for item in walk(client, city[key]):
            found.append(item)
            assert get(client, item["id"]) == item
    return found


def test_every_object_of_the_small_site_is_valid_oparl(client, oparl):
    objects = every_object(client)
    for item in objects:
        assert_valid(item)
    types = {item["type"].rsplit("/", 1)[-1] for item in objects}
    assert types == {
        "System",
        "Body",
        "Organization",
        "Meeting",
        "Person",
        "Location",
        "File",
        "Membership",
    }


def test_every_object_of_the_hattingen_content_is_valid_oparl(client, hattingen):
    for item in every_object(client):
        assert_valid(item)


def test_cancelled_meetings_are_valid(client, oparl):
    for page in (oparl.cancelled,):
        assert_valid(get(client, f"{SYSTEM}meeting/{page.pk}"))


def test_deleted_objects_of_every_kind_are_valid(client, oparl):
    pks = {
        "meeting": oparl.past_date.pk,
        "organization": oparl.winz_baak.pk,
        "person": oparl.contact.pk,
        "location": oparl.venue.pk,
        "file": oparl.protocol.pk,
    }
    oparl.past_date.unpublish()
    oparl.winz_baak.delete()
    oparl.contact.delete()
    oparl.venue.delete()
    for kind, pk in pks.items():
        data = get(client, f"{SYSTEM}{kind}/{pk}")
        assert data["deleted"] is True
        assert_valid(data)
