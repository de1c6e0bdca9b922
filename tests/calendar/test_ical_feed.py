"""What subscribers receive from ``termine.ics``: the right events, the right fields."""

import datetime
from decimal import Decimal

from django.utils import timezone

from wagtail.models import PageViewRestriction

from stadtteil_pages.models import MeetingPage
from tests.factories import VenueFactory, berlin, meeting, project

from .helpers import events_by_uid, fetch_calendar, republish


def feed_of(page):
    return page.url + "termine.ics"


def test_every_page_with_dates_serves_a_parseable_calendar(client, hattingen):
    for url in (
        "/stadtteilkonferenzen/termine.ics",
        "/stadtteilkonferenzen/welper/termine.ics",
        "/stadtteilkonferenzen/welper/mittagstisch/termine.ics",
        "/stadtteilkonferenzen/winz-baak/2018-11-15/termine.ics",
    ):
        calendar = fetch_calendar(client, url)
        assert calendar["VERSION"] == "2.0"
        assert "METHOD" not in calendar
        [zone] = calendar.walk("VTIMEZONE")
        assert zone["TZID"] == "Europe/Berlin"


def test_index_feed_has_the_mittagstisch_but_not_the_meeting_to_be_announced(
    client, hattingen, mittagstisch
):
    calendar = fetch_calendar(client, "/stadtteilkonferenzen/termine.ics")
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Mittagstisch Welper"]
    assert str(calendar["X-WR-CALNAME"]) == "Stadtteilkonferenzen"
    assert MeetingPage.objects.live().to_be_announced().exists()


def test_meeting_event_carries_identity_place_and_revision(client, tree):
    _index, conference = tree
    venue = VenueFactory(
        name="Bürgertreff Welper",
        street="Im Welperfeld 23",
        postal_code="45527",
        latitude=Decimal("51.420100"),
        longitude=Decimal("7.186300"),
    )
    page = meeting(
        conference,
        title="Stadtteilkonferenz Welper",
        start=berlin(2030, 3, 31, 17, 0),
        end=berlin(2030, 3, 31, 19, 0),
        venue=venue,
    )

    event = events_by_uid(fetch_calendar(client, feed_of(page)))[str(page.ical_uid)]

    assert event["SUMMARY"] == "Stadtteilkonferenz Welper"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start == berlin(2030, 3, 31, 17, 0)
    assert event.end == berlin(2030, 3, 31, 19, 0)
    assert event["URL"] == "http://localhost" + page.url
    assert event["LOCATION"] == "Bürgertreff Welper, Im Welperfeld 23, 45527 Hattingen"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (51.4201, 7.1863)
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    published_at = page.last_published_at.replace(microsecond=0)
    assert event["DTSTAMP"].dt == published_at
    assert event["LAST-MODIFIED"].dt == published_at


def test_venue_without_coordinates_gives_no_geo(client, tree):
    page = meeting(tree[1], venue=VenueFactory())
    event = events_by_uid(fetch_calendar(client, feed_of(page)))[str(page.ical_uid)]
    assert "LOCATION" in event
    assert "GEO" not in event


def test_cancelled_meeting_stays_in_the_feed_as_cancelled(client, tree):
    _index, conference = tree
    page = meeting(conference, title="Abgesagt", start=berlin(2030, 5, 6, 17, 0))
    republish(page, status=MeetingPage.Status.CANCELLED)

    calendar = fetch_calendar(client, feed_of(conference))

    event = events_by_uid(calendar)[str(page.ical_uid)]
    assert event["STATUS"] == "CANCELLED"
    assert "Abgesagt" in event["SUMMARY"]
    assert "METHOD" not in calendar


def test_postponed_meeting_is_tentative(client, tree):
    page = meeting(tree[1], status=MeetingPage.Status.POSTPONED, start=berlin(2030, 5, 6, 17, 0))
    event = events_by_uid(fetch_calendar(client, feed_of(page)))[str(page.ical_uid)]
    assert event["STATUS"] == "TENTATIVE"


def test_draft_private_and_unannounced_meetings_never_appear(client, tree):
    index, conference = tree
    shown = meeting(conference, title="Öffentlich")
    draft = meeting(conference, title="Entwurf", live=False)
    unannounced = meeting(
        conference, title="Termin folgt", status=MeetingPage.Status.TO_BE_ANNOUNCED
    )
    private = meeting(conference, title="Intern")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    # A live meeting's unpublished draft stays unpublished in the feed too.
    changed = MeetingPage.objects.get(locale__language_code="de", pk=shown.pk)
    changed.title = "Entwurfstitel"
    changed.save_revision()

    for page in (index, conference):
        events = events_by_uid(fetch_calendar(client, feed_of(page)))
        assert [str(event["SUMMARY"]) for event in events.values()] == ["Öffentlich"]
        for hidden in (draft, unannounced, private):
            assert str(hidden.ical_uid) not in events
    assert client.get(feed_of(private)).status_code != 200
    assert client.get(private.url.rstrip("/") + "/termine.ics").status_code != 200


def test_an_unannounced_meeting_serves_an_empty_but_valid_calendar(client, tree):
    page = meeting(tree[1], status=MeetingPage.Status.TO_BE_ANNOUNCED)
    calendar = fetch_calendar(client, feed_of(page))
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")


def test_feed_covers_last_year_and_everything_ahead(client, tree):
    _index, conference = tree
    today = timezone.localdate()
    old = meeting(conference, start=berlin(today.year - 2, 12, 31, 17, 0))
    last_year = meeting(conference, start=berlin(today.year - 1, 1, 1, 17, 0))
    far_ahead = meeting(conference, start=berlin(today.year + 10, 6, 1, 17, 0))

    events = events_by_uid(fetch_calendar(client, feed_of(conference)))

    assert str(old.ical_uid) not in events
    assert str(last_year.ical_uid) in events
    assert str(far_ahead.ical_uid) in events


def test_projects_below_a_conference_are_in_its_feed(client, tree):
    _index, conference = tree
    page = project(conference)
    events = events_by_uid(fetch_calendar(client, feed_of(conference)))
    assert str(page.ical_uid) in events


def test_unchanged_feed_answers_304_to_its_etag(
    client, response_cache, mittagstisch, django_capture_on_commit_callbacks
):
    url = feed_of(mittagstisch)
    first = client.get(url)
    etag = first["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""

    with django_capture_on_commit_callbacks(execute=True):
        republish(mittagstisch, closed_on_public_holidays=False)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_feed_is_read_only(client, mittagstisch):
    url = feed_of(mittagstisch)
    assert client.post(url).status_code == 405
    assert client.put(url).status_code == 405
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"] == "text/calendar; charset=utf-8"


def test_feed_is_a_public_file_without_session(client, mittagstisch):
    response = client.get(feed_of(mittagstisch))
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="mittagstisch.ics"'


def test_calendar_times_stay_in_berlin_across_the_dst_switch(client, tree):
    winter = meeting(tree[1], start=berlin(2030, 3, 30, 17, 0))
    summer = meeting(tree[1], start=berlin(2030, 3, 31, 17, 0))
    events = events_by_uid(fetch_calendar(client, feed_of(tree[1])))
    assert events[str(winter.ical_uid)].start.utcoffset() == datetime.timedelta(hours=1)
    assert events[str(summer.ical_uid)].start.utcoffset() == datetime.timedelta(hours=2)
    assert events[str(summer.ical_uid)].start.hour == 17
