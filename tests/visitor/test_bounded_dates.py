"""Bounded dates: pages list the soonest STADTTEIL_OVERVIEW_DATES meetings, the calendar has all.

A district conference lists its next date and at most that many further
dates, then points to the calendar links on the same page; the conference
index lists at most that many meetings, while each conference card still
shows the conference's own next date. Neither page costs more queries with
more dates ahead.
"""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from stadtteil_pages.models import DistrictConferencePage
from tests.factories import VenueFactory, meeting

pytestmark = pytest.mark.django_db

SHOWN = 3
INDEX = "/stadtteilkonferenzen/"
MORE_DATES = "Alle weiteren Termine stehen im Kalender."


@pytest.fixture(autouse=True)
def _three_dates(settings):
    settings.STADTTEIL_OVERVIEW_DATES = SHOWN


def conference(slug):
    return DistrictConferencePage.objects.get(locale__language_code="de", slug=slug)


def add_meetings(conference_page, count, *, first_day=1, prefix="termin", venue=None):
    """``count`` dated meetings, one a day from ``first_day`` days ahead, soonest first."""
    now = timezone.now()
    return [
        meeting(
            conference_page,
            title=f"Stadtteilkonferenz {number}",
            slug=f"{prefix}-{number}",
            start=now + datetime.timedelta(days=first_day + number),
            venue=venue,
        )
        for number in range(count)
    ]


def section(html, heading_id):
    """The section labelled by a heading, up to its end."""
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.DOTALL)
    assert found, f"the page has a section {heading_id}"
    return found.group(0)


def linked(html, meetings):
    """Which of the meetings the HTML links to."""
    return [item for item in meetings if f'href="{item.url}"' in html]


def more_dates_link(html):
    return re.search(r'<a href="#calendar-links-heading">([^<]*)</a>', html)


# A district conference


def test_district_page_lists_the_next_date_and_three_further_dates(client, hattingen):
    welper = conference("welper")
    meetings = add_meetings(welper, 6)
    html = client.get(welper.url).content.decode()

    next_date = re.search(r'<div class="next-date">.*?</div>', html, re.DOTALL).group(0)
    assert linked(next_date, meetings) == meetings[:1]
    further = section(html, "dates-heading")
    assert further.count('<li class="meeting') == SHOWN
    assert linked(further, meetings) == meetings[1 : 1 + SHOWN]


def test_district_page_with_more_dates_points_to_its_calendar_links(client, hattingen):
    welper = conference("welper")
    add_meetings(welper, 6)
    html = client.get(welper.url).content.decode()

    link = more_dates_link(section(html, "dates-heading"))
    assert link, "the further dates end with a link to the calendar"
    assert link.group(1) == MORE_DATES
    assert html.count(MORE_DATES) == 1
    assert 'id="calendar-links-heading"' in html
    assert html.index('id="dates-heading"') < html.index('id="calendar-links-heading"')


@pytest.mark.parametrize("count", [2, 1 + SHOWN])
def test_district_page_without_further_dates_has_no_calendar_note(client, hattingen, count):
    """With the next date and at most three further ones, every date is on the page."""
    welper = conference("welper")
    meetings = add_meetings(welper, count)
    html = client.get(welper.url).content.decode()

    assert linked(section(html, "dates-heading"), meetings) == meetings[1:]
    assert MORE_DATES not in html
    assert not more_dates_link(html)


def test_one_date_beyond_the_listed_ones_brings_the_note(client, hattingen):
    welper = conference("welper")
    meetings = add_meetings(welper, 2 + SHOWN)
    html = client.get(welper.url).content.decode()

    assert linked(section(html, "dates-heading"), meetings) == meetings[1 : 1 + SHOWN]
    assert MORE_DATES in html


# The conference index


def card_of(html, conference_page):
    """The index card of one conference."""
    for card in re.findall(r'<li class="card card--conference">.*?</li>', html, re.DOTALL):
        if f'href="{conference_page.url}"' in card:
            return card
    raise AssertionError(f"no card for {conference_page.title}")


def assert_soonest_listed(dates, meetings):
    """At most three dated meetings, the soonest ones (project dates may take places too)."""
    listed = linked(dates, meetings)
    assert 1 <= len(listed) <= SHOWN
    assert listed == meetings[: len(listed)]
    assert len(re.findall(r'<li class="meeting meeting--scheduled">', dates)) == len(listed)


def test_each_card_shows_its_own_next_date_beyond_the_listed_dates(client, hattingen):
    welper, winz_baak, mitte = conference("welper"), conference("winz-baak"), conference("mitte")
    early = add_meetings(welper, SHOWN + 2, first_day=1, prefix="bald")
    later = add_meetings(winz_baak, 2, first_day=20, prefix="spaeter")
    latest = add_meetings(mitte, 1, first_day=40, prefix="noch-spaeter")
    every = [*early, *later, *latest]
    html = client.get(INDEX).content.decode()

    dates = section(html, "dates-heading")
    assert_soonest_listed(dates, every)
    # Winz-Baak's and Mitte's dates come after more than three others: not in the list.
    assert linked(dates, [*later, *latest]) == []
    assert linked(card_of(html, welper), every) == early[:1]
    assert linked(card_of(html, winz_baak), every) == later[:1]
    assert linked(card_of(html, mitte), every) == latest
    # The list stops before the other conferences' dates, and says where the rest is.
    assert more_dates_link(dates).group(1) == MORE_DATES
    assert 'id="calendar-links-heading"' in html


def test_index_lists_at_most_three_meetings(client, hattingen):
    welper, winz_baak = conference("welper"), conference("winz-baak")
    meetings = sorted(
        [*add_meetings(welper, 4, first_day=1), *add_meetings(winz_baak, 4, first_day=2)],
        key=lambda item: item.start,
    )
    dates = section(client.get(INDEX).content.decode(), "dates-heading")
    assert_soonest_listed(dates, meetings)


# Query counts


def count_queries(client, url):
    client.get(url)  # caches of the framework (content types, site root paths)
    # The first request after a change: nothing shared from an earlier one.
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_more_dates_ahead_cost_no_more_queries(client, hattingen):
    welper, winz_baak = conference("welper"), conference("winz-baak")
    venue = VenueFactory()
    add_meetings(welper, 2, first_day=1, prefix="welper-a", venue=venue)
    add_meetings(winz_baak, 2, first_day=1, prefix="winz-a", venue=venue)
    urls = [INDEX, welper.url, winz_baak.url]
    before = {url: count_queries(client, url) for url in urls}

    add_meetings(welper, 4, first_day=10, prefix="welper-b", venue=VenueFactory())
    add_meetings(winz_baak, 4, first_day=10, prefix="winz-b", venue=VenueFactory())
    after = {url: count_queries(client, url) for url in urls}
    print("queries with 4 and with 12 dates ahead:", before, after)  # noqa: T201
    assert after == before


@pytest.mark.parametrize(("ahead", "note"), [(SHOWN, False), (SHOWN + 1, True)])
def test_index_note_only_when_dates_lie_beyond_the_list(client, hattingen, ahead, note):
    """Exactly as many dates ahead as shown: every date is listed, so no note."""
    from stadtteil_pages.models import MeetingPage, ProjectPage

    for page in [
        *ProjectPage.objects.live(),
        *MeetingPage.objects.live().filter(end__gte=timezone.now()),
        *MeetingPage.objects.live().filter(end__isnull=True, start__gte=timezone.now()),
    ]:
        page.unpublish()
    add_meetings(conference("welper"), ahead)
    html = client.get(INDEX).content.decode()
    assert bool(more_dates_link(html)) is note
