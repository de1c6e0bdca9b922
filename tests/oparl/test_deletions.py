"""Withdrawn content answers ``deleted: true`` so that mirrors can follow it."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from stadtteil_pages.models import MeetingDocument, MeetingPage
from tests.api.builders import add_documents, republish
from tests.oparl.helpers import SYSTEM, body, get, walk
from tests.oparl.schema import SCHEMA_DIR, assert_valid

pytestmark = pytest.mark.django_db

DELETED_KEYS = {"id", "type", "created", "modified", "deleted"}


def check_tombstone(client, key, url, withdrawn_after):
    """The object is deleted at its address, with no content left, and mirrors
    that ask for changes since their last visit learn of it."""
    data = get(client, url)
    assert {"id", "type", "modified", "deleted"} <= set(data) <= DELETED_KEYS
    assert data["deleted"] is True
    assert datetime.datetime.fromisoformat(data["modified"]) >= withdrawn_after
    if SCHEMA_DIR.is_dir():
        assert_valid(data)
    since = (withdrawn_after - datetime.timedelta(seconds=1)).isoformat()
    assert data in walk(client, body(client)[key], modified_since=since)
    return data


def moment():
    return timezone.now().replace(microsecond=0)


def test_unpublished_meeting_is_deleted(client, oparl):
    before = moment()
    oparl.past_date.unpublish()
    data = check_tombstone(client, "meeting", f"{SYSTEM}meeting/{oparl.past_date.pk}", before)
    assert "Letzte Konferenz" not in str(data)
    # Its documents are used by no other public meeting and go with it.
    check_tombstone(client, "file", f"{SYSTEM}file/{oparl.protocol.pk}", before)


def test_deleted_meeting_page_is_deleted(client, oparl):
    before = moment()
    pk = oparl.next_date.pk
    oparl.next_date.delete()
    assert not MeetingPage.objects.filter(pk=pk).exists()
    check_tombstone(client, "meeting", f"{SYSTEM}meeting/{pk}", before)


def test_deleted_conference_takes_its_meetings(client, oparl):
    before = moment()
    pk, meeting_pk = oparl.winz_baak.pk, oparl.cancelled.pk
    oparl.winz_baak.delete()
    check_tombstone(client, "organization", f"{SYSTEM}organization/{pk}", before)
    check_tombstone(client, "meeting", f"{SYSTEM}meeting/{meeting_pk}", before)


def test_republished_meeting_comes_back(client, oparl):
    oparl.next_date.unpublish()
    assert get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")["deleted"] is True
    republish(oparl.next_date)
    data = get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")
    assert data["name"] == "Nächste Konferenz"
    assert "deleted" not in data


def test_expired_meeting_is_deleted_at_its_expiry(client, oparl):
    expiry = moment() + datetime.timedelta(hours=2)
    MeetingPage.objects.filter(pk=oparl.next_date.pk).update(expire_at=expiry)
    with time_machine.travel(expiry + datetime.timedelta(minutes=5)):
        data = get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")
    assert set(data) == DELETED_KEYS
    assert datetime.datetime.fromisoformat(data["modified"]) == expiry


def test_unpublished_and_deleted_contacts_are_deleted(client, oparl):
    before = moment()
    oparl.contact.unpublish()
    check_tombstone(client, "person", f"{SYSTEM}person/{oparl.contact.pk}", before)
    pk = oparl.contact.pk
    oparl.contact.delete()
    check_tombstone(client, "person", f"{SYSTEM}person/{pk}", before)


def test_deleted_venue_is_deleted(client, oparl):
    before = moment()
    pk = oparl.venue.pk
    oparl.venue.delete()
    check_tombstone(client, "locationList", f"{SYSTEM}location/{pk}", before)
    meeting = get(client, f"{SYSTEM}meeting/{oparl.past_date.pk}")
    assert "location" not in meeting


def test_deleted_document_is_deleted(client, oparl):
    before = moment()
    pk = oparl.invitation.pk
    oparl.invitation.delete()
    check_tombstone(client, "file", f"{SYSTEM}file/{pk}", before)
    assert "invitation" not in get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")


def test_document_taken_off_a_meeting_is_deleted(client, oparl):
    before = moment()
    add_documents(oparl.past_date, [(oparl.protocol, MeetingDocument.Kind.PROTOCOL)])
    check_tombstone(client, "file", f"{SYSTEM}file/{oparl.attachment.pk}", before)
    assert get(client, f"{SYSTEM}file/{oparl.protocol.pk}")["name"] == "Protokoll Welper"
