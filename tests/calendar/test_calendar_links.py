"""“Add to calendar” and “Subscribe” on every page with dates."""

import re

import pytest

from stadtteil_pages.models import (
    ConferenceIndexPage,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
)
from tests.factories import berlin

from .helpers import JSONLD, fetch_calendar

# The labels residents see (the German catalogue of the English msgids).
LINKS = re.compile(
    r'<section class="calendar-links".*?<a href="(?P<download>[^"]+)"[^>]*>In den Kalender</a>'
    r'.*?<a href="(?P<subscribe>[^"]+)">Abonnieren</a>',
    re.DOTALL,
)


def calendar_links(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    match = LINKS.search(response.content.decode())
    return match.groupdict() if match else None


@pytest.mark.parametrize(
    "url",
    [
        "/stadtteilkonferenzen/",
        "/stadtteilkonferenzen/welper/",
        "/stadtteilkonferenzen/welper/mittagstisch/",
        "/stadtteilkonferenzen/winz-baak/",
    ],
)
def test_pages_with_dates_offer_download_and_subscription(client, hattingen, url):
    links = calendar_links(client, url)

    assert links["download"] == f"http://localhost{url}termine.ics"
    assert links["subscribe"] == f"webcal://localhost{url}termine.ics"
    fetch_calendar(client, links["download"].removeprefix("http://localhost"))


def test_the_difference_between_the_links_is_explained(client, hattingen):
    html = client.get("/stadtteilkonferenzen/welper/mittagstisch/").content.decode()
    section = html[html.index('<section class="calendar-links"') :]
    explanation = re.search(r"<p>(.*?)</p>", section, re.DOTALL).group(1)
    assert "In den Kalender" in explanation
    assert "Abonnieren" in explanation
    assert "einmalig" in explanation
    assert "von selbst" in explanation


def test_pages_without_dates_offer_no_calendar(client, hattingen):
    for url in (
        "/stadtteilkonferenzen/welper/naechster-termin/",
        "/stadtteilkonferenzen/protokolle/",
    ):
        assert calendar_links(client, url) is None, url


def test_index_announces_its_feeds_to_browsers_and_feed_readers(client, hattingen):
    html = client.get("/stadtteilkonferenzen/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Stadtteilkonferenzen" '
        'href="http://localhost/stadtteilkonferenzen/feed.atom">'
    ) in html
    assert 'type="text/calendar"' in html


def test_previews_of_existing_pages_render_links_and_structured_data(hattingen):
    for model in (ConferenceIndexPage, DistrictConferencePage, MeetingPage, ProjectPage):
        for page in model.objects.all():
            draft = page.get_latest_revision_as_object()
            response = draft.make_preview_request()
            assert response.status_code == 200, page.url
            html = response.content.decode()
            assert 'type="application/ld+json"' in html, page.url


def test_preview_of_a_new_meeting_renders(tree):
    """The admin previews a page that is not in the tree yet (as Wagtail does)."""
    _index, conference = tree
    page = MeetingPage(title="Neuer Termin", slug="neu", start=berlin(2030, 3, 14, 17, 0))
    page.depth = conference.depth + 1
    page.path = page._get_path(conference.path, page.depth, 1)
    page.set_url_path(conference)
    page.locale = conference.locale

    response = page.make_preview_request()

    assert response.status_code == 200
    assert "Neuer Termin" in JSONLD.search(response.content.decode()).group(1)
