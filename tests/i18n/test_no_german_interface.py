"""A visitor of another language meets German only where it is marked as German."""

import re

import pytest

from .german_text import german_vocabulary, german_words, text_outside_german

LANGUAGES = ["en", "tr", "ar", "uk"]
SKIPPED_ENDINGS = (".ics", ".atom", ".pdf", ".xml", ".json")


def crawl(client, language, limit=120):
    """Every page reachable by links from the language's home page and its search."""
    prefix = f"/{language}/"
    queue = [prefix, f"{prefix}suche/?q=Welper"]
    seen = {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        seen[url] = html
        for link in re.findall(rf'href="({prefix}[^"#]*)"', html):
            link = link.replace("&amp;", "&")
            if not link.endswith(SKIPPED_ENDINGS) and link not in seen:
                queue.append(link)
    return seen


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_german_interface_string_outside_german_fragments(client, hattingen, language):
    pages = crawl(client, language)
    assert len(pages) > 20
    vocabulary = german_vocabulary(language)
    found = {
        url: sorted({word for word, _text in german_words(html, vocabulary)})
        for url, html in pages.items()
    }
    assert {url: words for url, words in found.items() if words} == {}


def test_german_fragments_are_left_out_and_the_rest_is_read():
    html = (
        '<html lang="ar"><body><p>مرحبا <bdi lang="de" dir="ltr">Ostermontag</bdi></p>'
        '<p>Rathaus</p><input placeholder="Suche"></body></html>'
    )
    assert text_outside_german(html) == ["مرحبا", "Rathaus", "Suche"]
    assert [word for word, _text in german_words(html, german_vocabulary("ar"))] == [
        "Rathaus",
        "Suche",
    ]
