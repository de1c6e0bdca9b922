"""The index's Atom feed tells feed readers about new dates and protocols."""

import calendar
import datetime

from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction

import feedparser
import time_machine

from stadtteil_pages.models import MeetingDocument, MeetingPage
from tests.factories import DocumentFactory, add_page, berlin, meeting

from .helpers import republish

FEED = "/stadtteilkonferenzen/feed.atom"


def read_feed(client, url=FEED):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def attach_protocol(page, title):
    page = MeetingPage.objects.get(locale__language_code="de", pk=page.pk)
    document = DocumentFactory(title=title)
    page.documents = [MeetingDocument(kind=MeetingDocument.Kind.PROTOCOL, document=document)]
    return page, document


def test_feed_parses_and_lists_the_published_meetings(client, hattingen):
    feed = read_feed(client)

    assert feed.version == "atom10"
    assert feed.feed.title == "Stadtteilkonferenzen"
    assert feed.feed.link == "http://localhost/stadtteilkonferenzen/"
    [welper] = feed.entries
    assert welper.title == "Nächste Stadtteilkonferenz Welper"
    assert welper.link == "http://localhost/stadtteilkonferenzen/welper/naechster-termin/"


def test_a_meeting_loaded_after_its_date_is_not_news(client, winz_baak_meeting):
    """The 2018 meeting became public years later: no entry dated the day it was loaded."""
    assert winz_baak_meeting.first_published_at > winz_baak_meeting.start

    titles = [entry.title for entry in read_feed(client).entries]

    assert "Stadtteilkonferenz Winz-Baak am 15. November 2018" not in titles


def test_a_meeting_is_dated_when_it_became_public(client, tree):
    index, conference = tree
    announced_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=30)
    with time_machine.travel(announced_at, tick=False):
        announced = meeting(conference, title="Angekündigt", start=berlin(2030, 3, 14, 17))
    with time_machine.travel(announced_at + datetime.timedelta(days=1), tick=False):
        meeting(conference, title="Nachgetragen", start=announced_at - datetime.timedelta(days=2))
        meeting(conference, title="Ohne Termin", status=MeetingPage.Status.TO_BE_ANNOUNCED)

    entries = {entry.title: entry for entry in read_feed(client, index.url + "feed.atom").entries}

    assert set(entries) == {"Angekündigt", "Ohne Termin"}
    assert calendar.timegm(entries["Angekündigt"].published_parsed) == announced_at.timestamp()
    assert entries["Angekündigt"].id == f"urn:uuid:{announced.ical_uid}"


def test_a_newly_published_protocol_is_listed_as_new(client, winz_baak_meeting):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        published_at = timezone.now().replace(microsecond=0)
        page, document = attach_protocol(winz_baak_meeting, "Protokoll Winz-Baak November 2018")
        page.save_revision().publish()

    entries = read_feed(client).entries
    [protocol] = [entry for entry in entries if "Protokoll Winz-Baak" in entry.title]

    assert protocol.link == "http://testserver" + document.url
    assert "Stadtteilkonferenz Winz-Baak am 15. November 2018" in protocol.summary
    assert calendar.timegm(protocol.published_parsed) >= published_at.timestamp()
    # Newest first: the protocol and its republished meeting lead the feed.
    assert protocol in entries[:2]
    updated = [calendar.timegm(entry.updated_parsed) for entry in entries]
    assert updated == sorted(updated, reverse=True)


def test_a_protocol_in_a_restricted_collection_is_not_listed(client, winz_baak_meeting):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        page, document = attach_protocol(winz_baak_meeting, "Protokoll Winz-Baak November 2018")
        page.save_revision().publish()
    assert any("Protokoll Winz-Baak" in entry.title for entry in read_feed(client).entries)

    internal = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    document.collection = internal
    document.save()

    assert not any("Protokoll Winz-Baak" in entry.title for entry in read_feed(client).entries)


def test_a_protocol_that_came_with_a_meeting_loaded_later_is_not_listed(client, tree):
    index, conference = tree
    document = DocumentFactory(title="Protokoll aus dem Archiv")
    page = MeetingPage(
        title="Archivtermin",
        slug="archiv",
        status=MeetingPage.Status.SCHEDULED,
        start=berlin(2019, 3, 14, 17),
        documents=[MeetingDocument(kind=MeetingDocument.Kind.PROTOCOL, document=document)],
    )
    add_page(conference, page)

    titles = [entry.title for entry in read_feed(client, index.url + "feed.atom").entries]

    assert not any("Archiv" in title for title in titles)


def test_a_protocol_in_an_unpublished_draft_is_not_listed(client, winz_baak_meeting):
    page, _document = attach_protocol(winz_baak_meeting, "Protokoll im Entwurf")
    page.save_revision()

    titles = [entry.title for entry in read_feed(client).entries]

    assert not any("Protokoll im Entwurf" in title for title in titles)


def test_a_changed_meeting_moves_up_with_a_new_update_time(client, tree):
    index, conference = tree
    url = index.url + "feed.atom"
    changed = meeting(conference, title="Wird verschoben", start=berlin(2030, 3, 14, 17))
    meeting(conference, title="Später angekündigt", start=berlin(2030, 5, 14, 17))
    before = {entry.id: entry.updated_parsed for entry in read_feed(client, url).entries}
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        republish(changed, start=berlin(2030, 3, 21, 17))

    first = read_feed(client, url).entries[0]

    assert first.id == f"urn:uuid:{changed.ical_uid}"
    assert first.updated_parsed > before[first.id]


def test_draft_meetings_are_not_listed(client, hattingen):
    welper = MeetingPage.objects.get(
        locale__language_code="de", slug="naechster-termin"
    ).get_parent()
    meeting(welper, title="Noch nicht freigegeben", live=False)
    titles = [entry.title for entry in read_feed(client).entries]
    assert "Noch nicht freigegeben" not in titles


def test_feed_is_read_only_and_conditional(client, response_cache, hattingen):
    assert client.post(FEED).status_code == 405
    etag = client.get(FEED)["ETag"]
    assert client.get(FEED, headers={"If-None-Match": etag}).status_code == 304
