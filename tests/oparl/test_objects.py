"""What each OParl object says about our content: the mapping of docs/oparl.md."""

import datetime
import hashlib

import pytest

from stadtteil_pages.models import DocumentChecksum, MeetingDocument
from tests.api.builders import add_documents
from tests.oparl.helpers import SYSTEM, get, walk

pytestmark = pytest.mark.django_db


def test_cancelled_meeting_says_so(client, oparl):
    data = get(client, f"{SYSTEM}meeting/{oparl.cancelled.pk}")
    assert data["cancelled"] is True
    assert data["meetingState"] == "abgesagt"
    assert datetime.datetime.fromisoformat(data["start"]) == oparl.cancelled.start


def test_meeting_embeds_location_organization_and_files(client, oparl):
    data = get(client, f"{SYSTEM}meeting/{oparl.past_date.pk}")
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
    assert person["name"] == "Svenja Stirnberg"
    assert person["phone"] == ["+4923246232"]
    assert person["email"] == ["s@example.org"]
    assert person["status"] == ["Koordination"]
    organization = get(client, f"{SYSTEM}organization/{oparl.welper.pk}")
    assert organization["organizationType"] == "Sonstiges"
    assert organization["classification"] == "Stadtteilkonferenz"
    meetings = walk(client, organization["meeting"])
    assert {item["name"] for item in meetings} == {"Nächste Konferenz", "Letzte Konferenz"}


def test_a_document_of_two_meetings_is_one_file_in_both(client, oparl):
    add_documents(oparl.next_date, [(oparl.protocol, MeetingDocument.Kind.ATTACHMENT)])
    data = get(client, f"{SYSTEM}file/{oparl.protocol.pk}")
    assert sorted(data["meeting"]) == sorted(
        f"http://localhost{SYSTEM}meeting/{page.pk}" for page in (oparl.next_date, oparl.past_date)
    )
    embedded = get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")["auxiliaryFile"][0]
    assert embedded["id"] == data["id"]
    assert embedded["sha512Checksum"] == data["sha512Checksum"]


def test_checksums_of_documents_uploaded_earlier_are_computed_once(client, oparl):
    DocumentChecksum.objects.all().delete()
    data = get(client, f"{SYSTEM}file/{oparl.protocol.pk}")
    with oparl.protocol.open_file() as handle:
        assert data["sha512Checksum"] == hashlib.sha512(handle.read()).hexdigest()
    assert DocumentChecksum.objects.filter(document=oparl.protocol).exists()
