"""A small published site for the API tests, built with the shared factories."""

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
    project,
)


@pytest.fixture
def site(db):
    """Welper with a contact, a venue, three dates, a project; Winz-Baak with one date."""
    return restored(build_site)


def build_site():
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
        accessibility='<p>Stufenlos, <a href="https://example.org/rampe">Rampe</a>.</p>',
    )
    now = timezone.now().replace(second=0, microsecond=0)
    protocol = DocumentFactory(title="Protokoll Welper")
    next_date = meeting(
        welper,
        title="Nächste Konferenz",
        slug="naechste",
        start=now + datetime.timedelta(days=10),
        end=now + datetime.timedelta(days=10, hours=2),
        venue=venue,
    )
    past_date = meeting(
        welper, title="Letzte Konferenz", slug="letzte", start=now - datetime.timedelta(days=30)
    )
    add_documents(past_date, [(protocol, MeetingDocument.Kind.PROTOCOL)])
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
    lunch = project(
        welper, title="Mittagstisch Welper", venue=venue, price="3.50", conference=welper
    )
    add_contacts(lunch, [contact])
    return {
        "index": index,
        "welper": welper,
        "winz_baak": winz_baak,
        "contact": contact,
        "venue": venue,
        "protocol": protocol,
        "next_date": next_date,
        "past_date": past_date,
        "open_date": open_date,
        "cancelled": cancelled,
        "lunch": lunch,
    }
