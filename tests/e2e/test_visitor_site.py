"""The visitor site in Chromium: every page type, the home page, the archive,
search results, the Leichte-Sprache page and the 404 page.

At phone (375 px) and desktop (1280 px) width: no WCAG 2.1 A/AA violation
reported by axe-core and no request to another origin; at 320 px no
horizontal scrolling. The protocol archive is filtered by keyboard alone.
Screenshots of every page go to test-artifacts/<test name>/.
"""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from stadtteil_pages.models import DistrictConferencePage, MeetingDocument, MeetingPage
from tests.factories import DocumentFactory, berlin, meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# name: (address, status, a text the visitor must see)
PAGES = {
    "home": ("/", 200, "Mein Stadtteil"),
    "conference-index": ("/stadtteilkonferenzen/", 200, "Mittagstisch Welper"),
    "district-conference": ("/stadtteilkonferenzen/welper/", 200, "Svenja Stirnberg"),
    "meeting-to-be-announced": (
        "/stadtteilkonferenzen/welper/naechster-termin/",
        200,
        "Termin wird noch bekannt gegeben",
    ),
    "meeting-past": ("/stadtteilkonferenzen/winz-baak/2018-11-15/", 200, "45525 Hattingen"),
    "project": ("/stadtteilkonferenzen/welper/mittagstisch/", 200, "montags, 12:00–13:30 Uhr"),
    "protocol-archive": ("/stadtteilkonferenzen/protokolle/", 200, "Protokoll Winz-Baak"),
    "protocol-archive-empty": (
        "/stadtteilkonferenzen/protokolle/?year=2018&conference=welper",
        200,
        "Das Archiv enthält Protokolle von",
    ),
    "standard-page": ("/impressum/", 200, "Impressum"),
    "search-results": ("/suche/?q=Welper", 200, "Mittagstisch Welper"),
    "leichte-sprache": ("/leichte-sprache/", 200, "Leichte Sprache"),
    "not-found": ("/gibt-es-nicht/", 404, "Seite nicht gefunden"),
}


def add_protocol(meeting_page, title):
    meeting_page.documents = [
        MeetingDocument(document=DocumentFactory(title=title), kind=MeetingDocument.Kind.PROTOCOL)
    ]
    meeting_page.save_revision().publish()


@pytest.fixture
def hattingen_site(committed_hattingen):
    """The Hattingen content, plus protocols of Winz-Baak (2018) and Welper (2019)."""
    add_protocol(
        MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15"),
        "Protokoll Winz-Baak November 2018",
    )
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    spring = meeting(
        welper, title="Stadtteilkonferenz Welper im März 2019", start=berlin(2019, 3, 14, 17)
    )
    add_protocol(spring, "Protokoll Welper März 2019")


def open_page(browser, width):
    """A fresh page at the given width that records every request it makes."""
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 800})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    return page, requests


def foreign(requests, origin):
    """The requests that left the site's own origin (data: URLs stay local)."""
    return [
        url
        for url in requests
        if not url.startswith("data:")
        and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != origin
    ]


@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_is_accessible_and_loads_nothing_from_elsewhere(
    chromium, live_server, hattingen_site, screenshot, width
):
    page, requests = open_page(chromium, width)
    axe = Axe()
    violations, elsewhere = {}, {}
    for name, (path, status, text) in PAGES.items():
        requests.clear()
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == status, path
        expect(page.get_by_text(text).first).to_be_visible()
        screenshot(page, f"{name}-{width}")
        found = axe.run(page, options=WCAG_AA).response["violations"]
        if found:
            violations[path] = [(v["id"], v["help"], len(v["nodes"])) for v in found]
        if foreign(requests, live_server.url):
            elsewhere[path] = foreign(requests, live_server.url)
    assert violations == {}
    assert elsewhere == {}


def test_no_page_scrolls_sideways_at_320_px(chromium, live_server, hattingen_site):
    page, _requests = open_page(chromium, 320)
    too_wide = {}
    for path, _status, text in PAGES.values():
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_text(text).first).to_be_visible()
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            too_wide[path] = widths
    assert too_wide == {}


def test_archive_filter_works_by_keyboard_alone(chromium, live_server, hattingen_site, screenshot):
    page, _requests = open_page(chromium, 375)
    archive = f"{live_server.url}/stadtteilkonferenzen/protokolle/"
    page.goto(archive)
    conference = page.get_by_label("Stadtteilkonferenz", exact=True)
    for _ in range(60):
        if conference.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the conference filter")
    # Closed <select> elements take the arrow keys directly. The conferences
    # with protocols are Welper and Winz-Baak; the years 2019 and 2018.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(conference).to_have_value("winz-baak")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Jahr", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Protokolle anzeigen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{archive}?conference=winz-baak&year=2018")
    expect(page.get_by_role("link", name="Protokoll Winz-Baak November 2018")).to_be_visible()
    expect(page.get_by_text("1 Protokoll", exact=True)).to_be_visible()
    screenshot(page, "archive-filtered-by-keyboard")
