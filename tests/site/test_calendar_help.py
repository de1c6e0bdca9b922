"""Calendar help for residents at …/kalender/ and the links that lead there."""

from urllib.parse import parse_qs, urlsplit

import pytest

from stadtteil_pages.feeds.ical import calendar_links
from stadtteil_pages.models import ProjectPage

pytestmark = pytest.mark.django_db


def test_links_offer_https_webcal_google_and_the_help(rf, hattingen):
    project = ProjectPage.objects.get(locale__language_code="de", slug="mittagstisch")
    links = calendar_links(project, rf.get("/", HTTP_HOST="localhost"))
    feed = "http://localhost/stadtteilkonferenzen/welper/mittagstisch/termine.ics"
    assert links["address"] == feed
    assert links["subscribe"] == "webcal" + feed.removeprefix("http")
    google = urlsplit(links["google"])
    assert google.netloc == "calendar.google.com"
    assert parse_qs(google.query) == {"cid": [links["subscribe"]]}
    assert links["help"] == "/stadtteilkonferenzen/welper/mittagstisch/kalender/"


def test_help_explains_every_calendar_program_in_german(client, hattingen):
    response = client.get("/stadtteilkonferenzen/welper/mittagstisch/kalender/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Android-Handy und Google Kalender",
        "iPhone und iPad",
        "Outlook",
        "Thunderbird",
    ):
        assert heading in html
    assert 'href="webcal://localhost/stadtteilkonferenzen/welper/mittagstisch/termine.ics"' in html
    assert 'value="http://localhost/stadtteilkonferenzen/welper/mittagstisch/termine.ics"' in html
    assert 'href="https://calendar.google.com/calendar/render?cid=webcal' in html
    # Nothing is loaded from Google: the only mention is a plain link.
    assert "<script" not in html.replace('<script type="application/ld+json">', "")
    assert "<img" not in html


def test_pages_link_to_the_help(client, hattingen):
    html = client.get("/stadtteilkonferenzen/").content.decode()
    assert 'href="/stadtteilkonferenzen/kalender/"' in html
    assert "In Google Kalender abonnieren" in html


def test_no_help_where_there_are_no_dates(client, hattingen):
    # A meeting still to be announced offers no calendar, so no help either.
    assert client.get("/stadtteilkonferenzen/welper/naechster-termin/kalender/").status_code == 404


def test_help_refuses_writes(client, hattingen):
    assert client.post("/stadtteilkonferenzen/kalender/").status_code == 405


def test_the_document_title_names_the_help_and_the_page(client, hattingen):
    html = client.get("/stadtteilkonferenzen/welper/mittagstisch/kalender/").content.decode()
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert title.startswith("Termine in Ihrem Kalender – Mittagstisch Welper")
