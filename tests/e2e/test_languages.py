"""The Arabic site in a real Chromium: right to left, no sideways scrolling on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARABIC_MITTAGSTISCH = "/ar/stadtteilkonferenzen/welper/mittagstisch/"


@pytest.fixture
def hattingen_site(committed_hattingen):
    return committed_hattingen


def test_arabic_page_mirrors_and_fits_a_small_phone(
    chromium, live_server, hattingen_site, screenshot
):
    page = chromium.new_context(locale="ar", viewport={"width": 320, "height": 640}).new_page()
    page.goto(f"{live_server.url}{ARABIC_MITTAGSTISCH}")
    expect(page.locator("h1")).to_have_text("مائدة الغداء في فيلبر")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, "arabic-320")

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    # What sticks out, to name it in the failure message.
    wide = page.evaluate(
        """[...document.querySelectorAll('body *')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.left < -1; })
        .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    assert overflow <= 0, f"{overflow}px of sideways scrolling at 320px: {wide}"

    # The breadcrumb navigation starts on the right and runs leftwards.
    items = page.locator(".breadcrumb li")
    first = items.first.bounding_box()
    second = items.nth(1).bounding_box()
    nav = page.locator(".breadcrumb ol").bounding_box()
    assert first["x"] + first["width"] >= nav["x"] + nav["width"] - 2
    if abs(first["y"] - second["y"]) < 2:  # on the same line
        assert second["x"] < first["x"]


def test_switching_language_from_arabic_to_english(chromium, live_server, hattingen_site):
    page = chromium.new_context(locale="ar").new_page()
    page.goto(f"{live_server.url}{ARABIC_MITTAGSTISCH}")
    page.locator(".language-switcher a[hreflang='en']").click()
    expect(page).to_have_url(f"{live_server.url}/en/stadtteilkonferenzen/welper/mittagstisch/")
    expect(page.locator("h1")).to_have_text("Welper Lunch Table")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
