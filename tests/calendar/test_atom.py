"""The index's Atom feed tells feed readers about new dates and protocols."""

import calendar
import datetime

from django.utils import timezone

import feedparser
import time_machine

from stadtteil_pages.models import MeetingDocument, MeetingPage
from tests.factories import DocumentFactory, berlin, meeting

from .helpers import republish

FEED = "/stadtteilkonferenzen/feed.atom"


def read_feed(client):
    response = client.get(FEED)
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
    titles = [entry.title for entry in feed.entries]
    assert set(titles) == {
        "Nächste Stadtteilkonferenz Welper",
        "Stadtteilkonferenz Winz-Baak am 15. November 2018",
    }
    winz_baak = next(entry for entry in feed.entries if "Winz-Baak" in entry.title)
    assert "Bürgertreff Oberwinzerfeld" in winz_baak.summary
    assert winz_baak.link == "http://localhost/stadtteilkonferenzen/winz-baak/2018-11-15/"


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


def test_a_protocol_in_an_unpublished_draft_is_not_listed(client, winz_baak_meeting):
    page, _document = attach_protocol(winz_baak_meeting, "Protokoll im Entwurf")
    page.save_revision()

    titles = [entry.title for entry in read_feed(client).entries]

    assert not any("Protokoll im Entwurf" in title for title in titles)


def test_a_changed_meeting_moves_up_with_a_new_update_time(client, hattingen):
    before = {entry.id: entry.updated_parsed for entry in read_feed(client).entries}
    winz_baak = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        republish(winz_baak, start=berlin(2018, 11, 15, 18, 0))

    first = read_feed(client).entries[0]

    assert first.id == f"urn:uuid:{winz_baak.ical_uid}"
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
