"""Search results, legal pages, Leichte Sprache and calendar help in Chromium.

At phone (375 px) and desktop (1280 px) width: no WCAG 2.1 A/AA violation
reported by axe-core, no request to another origin; at 320 px no
horizontal scrolling. Screenshots go to test-artifacts/.
"""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = {
    "search-results": ("/suche/?q=Welper", "Mittagstisch Welper"),
    "search-nothing-found": ("/suche/?q=gibtesnicht", "Nichts gefunden"),
    "search-too-long": ("/suche/?q=" + "x" * 201, "höchstens 200 Zeichen"),
    "impressum": ("/impressum/", "Herausgeber"),
    "datenschutz": ("/datenschutz/", "Keine Cookies"),
    "barrierefreiheit": ("/barrierefreiheit/", "Feedback und Kontaktangaben"),
    "leichte-sprache": ("/leichte-sprache/", "Was ist eine Stadtteil-Konferenz?"),
    "kalender-hilfe": ("/stadtteilkonferenzen/welper/mittagstisch/kalender/", "iPhone und iPad"),
}


@pytest.fixture
def hattingen_site(committed_hattingen):
    return committed_hattingen


def open_page(browser, width):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 800})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    return page, requests


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_are_accessible_and_load_nothing_from_elsewhere(
    chromium, live_server, hattingen_site, screenshot, width
):
    origin = urlsplit(live_server.url).netloc
    page, requests = open_page(chromium, width)
    axe = Axe()
    violations = {}
    for name, (path, text) in PAGES.items():
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_contain_text(text)
        screenshot(page, f"{name}-{width}")
        found = axe.run(page, options=WCAG_AA).response["violations"]
        if found:
            violations[name] = [(v["id"], v["help"], len(v["nodes"])) for v in found]
    assert violations == {}
    elsewhere = [url for url in requests if urlsplit(url).netloc not in (origin, "")]
    assert elsewhere == []
    page.context.close()


def test_no_horizontal_scrolling_at_320_px(chromium, live_server, hattingen_site):
    page, _requests = open_page(chromium, 320)
    too_wide = {}
    for name, (path, text) in PAGES.items():
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_contain_text(text)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            too_wide[name] = scroll
    assert too_wide == {}
    page.context.close()


def test_search_from_the_results_page_by_keyboard(chromium, live_server, hattingen_site):
    page, _requests = open_page(chromium, 375)
    page.goto(live_server.url + "/suche/")
    page.get_by_label("Suchbegriff").fill("Mittagstisch")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/suche/?q=Mittagstisch")
    page.get_by_role("link", name="Mittagstisch Welper").first.click()
    expect(page).to_have_url(live_server.url + "/stadtteilkonferenzen/welper/mittagstisch/")
    page.context.close()
