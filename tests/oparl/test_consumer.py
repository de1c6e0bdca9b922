"""An importer reads the Hattingen content over HTTP, then follows four edits.

Run once in CI (marker ``oparl_consumer``): the Hattingen content is loaded
as ``make run`` loads it, Django's live server answers real HTTP requests,
and ``tests.oparl.consumer`` walks and checks everything a
council-information system would import. Then editors unpublish a meeting,
rename another, change a venue's street and unpublish a contact; the
incremental update (``modified_since``, ``omit_internal``) must report
exactly those changes and what shows them, and applying it must give the
same data as importing everything again.
"""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale, Site

import pytest
import time_machine

from stadtteil_pages.models import (
    ContactPerson,
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingDocument,
    MeetingPage,
    Venue,
)
from tests.api.builders import add_documents
from tests.factories import DocumentFactory, meeting
from tests.oparl.consumer import Consumer, type_name, without_internal

pytestmark = [
    pytest.mark.oparl_consumer,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def coming_dates():
    """The Hattingen content has one past date and one to be announced: the year goes on.

    The date to be announced gets its date, and Welper gets two more, one with
    an invitation and a presentation, at the venue that no meeting uses yet.
    """
    german = Locale.get_default()
    announced = MeetingPage.objects.get(start__isnull=True, locale=german)
    announced.status = MeetingPage.Status.SCHEDULED
    announced.start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    announced.save_revision().publish()
    welper = DistrictConferencePage.objects.get(slug="welper", locale=german)
    used = MeetingPage.objects.exclude(venue=None).values("venue")
    venue = Venue.objects.filter(locale=welper.locale).exclude(pk__in=used).first()
    for days, slug in ((60, "fruehjahr"), (120, "sommer")):
        page = meeting(
            welper,
            title=f"Stadtteilkonferenz Welper ({slug})",
            slug=slug,
            start=timezone.now().replace(microsecond=0) + datetime.timedelta(days=days),
            venue=venue,
        )
    add_documents(
        page,
        [
            (DocumentFactory(title="Einladung"), MeetingDocument.Kind.INVITATION),
            (DocumentFactory(title="Präsentation"), MeetingDocument.Kind.ATTACHMENT),
        ],
    )


@pytest.fixture
def hattingen_server(live_server):
    """The Hattingen content behind the live server, its ids on the server's address."""
    call_command("load_hattingen", stdout=StringIO())
    coming_dates()
    site = Site.objects.get(is_default_site=True)
    address = live_server.url.removeprefix("http://")
    site.hostname, port = address.split(":")
    site.port = int(port)
    site.save()
    return f"{live_server.url}/oparl/v1.1/"


def url(entry, kind, pk):
    return f"{entry}{kind}/{pk}"


def choose(consumer, entry):
    """A meeting with files, another one, the venue of a third and a linked contact."""
    meetings = list(consumer.by_type()["Meeting"].values())
    unpublished = next(data for data in meetings if "auxiliaryFile" in data)
    at_venue = next(
        data
        for data in meetings
        if data.get("location", {}).get("id") != unpublished.get("location", {}).get("id")
        and "location" in data
    )
    renamed = next(data for data in meetings if data not in (unpublished, at_venue))
    contacts = DistrictConferenceContact.objects.filter(page__live=True, contact__live=True)
    contact_pk = contacts.values_list("contact_id", flat=True).first()
    assert contact_pk is not None, "the Hattingen content links contacts to conferences"
    return unpublished, renamed, at_venue["location"]["id"], url(entry, "person", contact_pk)


def expected_changes(consumer, unpublished, renamed, venue_url, person_url):
    """What an update must report, derived from the first import and the four edits."""
    by_type = consumer.by_type()
    deleted = {unpublished["id"], person_url}
    # The meeting's files go with it unless another meeting lists them.
    deleted |= {
        file_url
        for file_url, data in by_type.get("File", {}).items()
        if data.get("meeting") == [unpublished["id"]]
    }
    memberships = {
        membership_url
        for membership_url, data in by_type["Membership"].items()
        if data["person"] == person_url
    }
    deleted |= memberships
    changed = {renamed["id"], venue_url}
    changed |= {
        meeting_url
        for meeting_url, data in by_type["Meeting"].items()
        if data.get("location", {}).get("id") == venue_url
    }
    changed |= {
        organization_url
        for organization_url, data in by_type["Organization"].items()
        if memberships & set(data.get("membership", []))
    }
    return deleted, changed - deleted


def test_an_importer_imports_everything_and_follows_four_edits(hattingen_server):
    entry = hattingen_server
    consumer = Consumer(entry, limit=2)
    consumer.full_import()
    imported = consumer.by_type()
    for kind in ("Organization", "Meeting", "Person", "Location", "File", "Membership"):
        assert imported.get(kind), f"nothing of type {kind} was imported"
    assert consumer.body["name"] == "Stadt Hattingen"

    unpublished, renamed, venue_url, person_url = choose(consumer, entry)
    deleted, changed = expected_changes(consumer, unpublished, renamed, venue_url, person_url)

    # The last visit, then the editors' work a little later (the clock moves on).
    last_visit = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=1)
    with time_machine.travel(last_visit + datetime.timedelta(minutes=1)):
        MeetingPage.objects.get(pk=unpublished["id"].rsplit("/", 1)[1]).unpublish()
        meeting = MeetingPage.objects.get(pk=renamed["id"].rsplit("/", 1)[1])
        meeting.title = "Stadtteilkonferenz mit neuem Namen"
        meeting.save_revision().publish()
        venue = Venue.objects.get(pk=venue_url.rsplit("/", 1)[1])
        venue.street = "Neue Straße 7"
        venue.save()
        ContactPerson.objects.get(pk=person_url.rsplit("/", 1)[1]).unpublish()

    changes = consumer.changes_since(last_visit)
    reported = {item_url: data for items in changes.values() for item_url, data in items.items()}
    assert {item_url for item_url, data in reported.items() if data.get("deleted")} == deleted
    assert {item_url for item_url, data in reported.items() if not data.get("deleted")} == changed
    assert reported[renamed["id"]]["name"] == "Stadtteilkonferenz mit neuem Namen"
    assert reported[venue_url]["streetAddress"] == "Neue Straße 7"
    for item_url in changed:
        if type_name(reported[item_url]) == "Meeting" and item_url != renamed["id"]:
            assert reported[item_url]["location"]["streetAddress"] == "Neue Straße 7"
    # omit_internal: the update leaves out the internal lists.
    assert all("auxiliaryFile" not in data for data in changes.get("Meeting", {}).values())

    # The updated copy equals a fresh import.
    consumer.apply(changes)
    updated = {key: without_internal(data) for key, data in consumer.objects.items()}
    fresh = Consumer(entry, limit=50)
    fresh.full_import()
    assert updated == {key: without_internal(data) for key, data in fresh.objects.items()}
