"""Every OParl object validates against the OParl 1.1 JSON schemas."""

import datetime
import hashlib

import pytest

from tests.oparl.helpers import SYSTEM, body, get, walk
from tests.oparl.schema import assert_valid, needs_schemas

pytestmark = [pytest.mark.django_db, needs_schemas]

LISTS = ("organization", "meeting", "person", "locationList", "file", "paper")


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
    assert types == {"System", "Body", "Organization", "Meeting", "Person", "Location", "File"}


def test_every_object_of_the_hattingen_content_is_valid_oparl(client, hattingen):
    for item in every_object(client):
        assert_valid(item)


def test_meeting_to_be_announced_has_no_start_and_is_valid(client, oparl):
    data = get(client, f"{SYSTEM}meeting/{oparl.open_date.pk}")
    assert_valid(data)
    assert "start" not in data and "end" not in data
    assert data["cancelled"] is False
    assert data["meetingState"] == "Termin folgt"


def test_cancelled_meeting_says_so_and_is_valid(client, oparl):
    data = get(client, f"{SYSTEM}meeting/{oparl.cancelled.pk}")
    assert_valid(data)
    assert data["cancelled"] is True
    assert data["meetingState"] == "abgesagt"
    assert datetime.datetime.fromisoformat(data["start"]) == oparl.cancelled.start


def test_meeting_embeds_location_organization_and_files(client, oparl):
    data = get(client, f"{SYSTEM}meeting/{oparl.past_date.pk}")
    assert_valid(data)
    assert data["meetingState"] == "durchgeführt"
    assert data["organization"] == [f"http://localhost{SYSTEM}organization/{oparl.welper.pk}"]
    assert data["location"]["description"] == "Bürgertreff Welper"
    assert data["location"]["subLocality"] == "Welper"
    assert data["location"]["geojson"]["geometry"]["coordinates"] == [7.187654, 51.412345]
    assert data["resultsProtocol"]["name"] == "Protokoll Welper"
    assert [item["name"] for item in data["auxiliaryFile"]] == ["Präsentation"]
    assert data["web"] == "http://localhost/sk/welper/letzte/"
    upcoming = get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")
    assert upcoming["meetingState"] == "eingeladen"
    assert upcoming["invitation"]["name"] == "Einladung Welper"
    assert upcoming["start"] < upcoming["end"]


def test_file_has_checksums_and_addresses_that_serve_it(client, oparl):
    data = get(client, f"{SYSTEM}file/{oparl.protocol.pk}")
    assert_valid(data)
    with oparl.protocol.open_file() as handle:
        content = handle.read()
    assert data["sha512Checksum"] == hashlib.sha512(content).hexdigest()
    assert data["size"] == len(content)
    assert data["fileName"] == oparl.protocol.filename
    assert data["meeting"] == [f"http://localhost{SYSTEM}meeting/{oparl.past_date.pk}"]
    download = client.get(data["downloadUrl"].removeprefix("http://localhost"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


def test_person_and_organization_carry_what_the_pages_show(client, oparl):
    person = get(client, f"{SYSTEM}person/{oparl.contact.pk}")
    assert_valid(person)
    assert person["name"] == "Svenja Stirnberg"
    assert person["phone"] == ["+4923246232"]
    assert person["email"] == ["s@example.org"]
    assert person["status"] == ["Koordination"]
    organization = get(client, f"{SYSTEM}organization/{oparl.welper.pk}")
    assert organization["organizationType"] == "Sonstiges"
    assert organization["classification"] == "Stadtteilkonferenz"
    meetings = walk(client, organization["meeting"])
    assert {item["name"] for item in meetings} == {
        "Nächste Konferenz",
        "Letzte Konferenz",
        "Termin folgt",
    }
