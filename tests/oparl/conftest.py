"""A small published site for the OParl tests, built with the shared factories."""

import datetime

from django.utils import timezone

import pytest

from stadtteil_pages.models import MeetingDocument, MeetingPage
from tests.api.builders import add_conference, add_contacts, add_documents
from tests.conftest import restored
from tests.factories import (
    ContactPersonFactory,
    DocumentFactory,
    VenueFactory,
    conference_tree,
    meeting,
)


@pytest.fixture
def oparl(db):
    """Welper with a contact, a venue and four dates; Winz-Baak with a cancelled one."""
    return restored(build_oparl)


def build_oparl():
    index, welper = conference_tree()
    contact = ContactPersonFactory(
        name="Svenja Stirnberg", role="Koordination", phone="+4923246232", email="s@example.org"
    )
    add_contacts(welper, [contact])
    venue = VenueFactory(
        name="Bürgertreff Welper",
        district=welper.districts.first(),
        latitude="51.412345",
        longitude="7.187654",
    )
    now = timezone.now().replace(second=0, microsecond=0)
    invitation = DocumentFactory(title="Einladung Welper")
    protocol = DocumentFactory(title="Protokoll Welper")
    attachment = DocumentFactory(title="Präsentation")
    next_date = meeting(
        welper,
        title="Nächste Konferenz",
        slug="naechste",
        start=now + datetime.timedelta(days=10),
        end=now + datetime.timedelta(days=10, hours=2),
        venue=venue,
    )
    add_documents(next_date, [(invitation, MeetingDocument.Kind.INVITATION)])
    past_date = meeting(
        welper,
        title="Letzte Konferenz",
        slug="letzte",
        start=now - datetime.timedelta(days=30),
        venue=venue,
    )
    add_documents(
        past_date,
        [
            (protocol, MeetingDocument.Kind.PROTOCOL),
            (attachment, MeetingDocument.Kind.ATTACHMENT),
        ],
    )
    open_date = meeting(
        welper, title="Termin folgt", slug="folgt", status=MeetingPage.Status.TO_BE_ANNOUNCED
    )
    winz_baak = add_conference(index, "winz-baak")
    cancelled = meeting(
        winz_baak,
        title="Abgesagt",
        slug="abgesagt",
        status=MeetingPage.Status.CANCELLED,
        start=now + datetime.timedelta(days=20),
    )
    return {
        "index": index,
        "welper": welper,
        "winz_baak": winz_baak,
        "contact": contact,
        "venue": venue,
        "invitation": invitation,
        "protocol": protocol,
        "attachment": attachment,
        "next_date": next_date,
        "past_date": past_date,
        "open_date": open_date,
        "cancelled": cancelled,
    }
