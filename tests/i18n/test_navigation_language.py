"""The navigation keeps visitors in their language, up to the protocol archive."""

import re

import pytest

ARCHIVE = "stadtteilkonferenzen/protokolle/"


def navigation_links(page_html):
    nav = re.search(r'<nav class="main-nav".*?</nav>', page_html, re.S)
    assert nav, "the main navigation"
    return {
        label.strip(): href for href, label in re.findall(r'href="([^"]+)"[^>]*>([^<]*)<', nav[0])
    }


def language_switcher(page_html):
    """The switcher's links by language, and the language it marks as current."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page_html, re.S)
    assert nav, "the language switcher"
    links = {code: href for href, code in re.findall(r'href="([^"]+)" hreflang="([^"]+)"', nav[0])}
    current = re.search(r'lang="([^"]+)"[^>]*aria-current="true"', nav[0])
    return links, current and current[1]


@pytest.mark.parametrize(
    ("language", "label", "direction"),
    [("en", "Minutes", "ltr"), ("ar", "المحاضر", "rtl")],
)
def test_the_navigation_leads_to_the_archive_in_the_visitors_language(
    client, hattingen, language, label, direction
):
    home = client.get(f"/{language}/")
    assert home.status_code == 200

    link = navigation_links(home.content.decode())[label]
    assert link == f"/{language}/{ARCHIVE}"

    archive = client.get(link)
    assert archive.status_code == 200
    page = archive.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    links, current = language_switcher(page)
    assert current == language
    assert links["de"] == f"/{ARCHIVE}"
    others = {"en", "tr", "ar", "uk"} - {language}
    assert {code: links.get(code) for code in others} == {
        code: f"/{code}/{ARCHIVE}" for code in others
    }
