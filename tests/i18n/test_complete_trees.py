"""Every public page exists in every language: translated, or following the German page."""

import re

from django.test import Client

from wagtail.models import Locale

import pytest

from home.translations import translate_page
from stadtteil_pages.admin.translating import synchronise_locale_trees
from stadtteil_pages.models import ConferenceIndexPage, District, DistrictConferencePage
from tests.factories import add_page

LANGUAGES = ["en", "tr", "ar", "uk"]
CONFERENCES = [
    "mitte",
    "bredenscheid-stueter-oberstueter-elfringhausen",
    "holthausen",
    "niederwenigern-niederbonsfeld",
    "welper",
    "winz-baak",
]


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def conference_links(page_html, prefix):
    found = re.findall(rf'href="{prefix}/stadtteilkonferenzen/([a-z-]+)/"', page_html)
    return {slug for slug in found if slug in CONFERENCES}


def new_german_conference():
    """A conference an editor adds in German after the translations were made."""
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    page = DistrictConferencePage(title="Stadtteilkonferenz Blankenstein", slug="blankenstein")
    page.districts = [District.objects.get(slug="welper")]
    add_page(index, page)
    # What the admin's "add page" does at once, and an import by the sync.
    synchronise_locale_trees()
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_lists_all_six_conferences(client, hattingen, language):
    index = html(client, f"/{language}/stadtteilkonferenzen/")
    assert conference_links(index, f"/{language}") == set(CONFERENCES)
    home = html(client, f"/{language}/")
    chooser = re.search(r'<ul class="district-chooser">.*?</ul>', home, re.S).group(0)
    assert conference_links(chooser, f"/{language}") == set(CONFERENCES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_api_lists_all_six_conferences_in_every_language(client, hattingen, language):
    response = client.get(
        "/api/v2/pages/",
        {"type": "stadtteil_pages.DistrictConferencePage", "locale": language, "fields": "title"},
    )
    assert response.status_code == 200
    assert {item["meta"]["slug"] for item in response.json()["items"]} == set(CONFERENCES)


def test_the_sitemap_lists_every_conference_in_every_language(client, hattingen):
    sitemap = html(client, "/sitemap-pages.xml")
    for language in LANGUAGES:
        assert conference_links(sitemap.replace("http://localhost", ""), f"/{language}") == set(
            CONFERENCES
        ), language


def test_a_new_german_page_appears_in_every_language_marked_as_german(client, hattingen):
    new_german_conference()
    for language in LANGUAGES:
        assert "/blankenstein/" in html(client, f"/{language}/stadtteilkonferenzen/")
    page = html(client, "/ar/stadtteilkonferenzen/blankenstein/")
    # The frame speaks Arabic; the page's own texts are marked as German.
    assert '<html lang="ar" dir="rtl">' in page
    assert '<h1 lang="de" dir="ltr">Stadtteilkonferenz Blankenstein</h1>' in page
    notice = re.search(r'<p class="translation-notice"[^>]*lang="ar"[^>]*>(.*?)</p>', page)
    assert notice and "الألمانية" in notice.group(1)
    listing = html(client, "/en/stadtteilkonferenzen/")
    card = '<h3 class="card__title" lang="de" dir="ltr"><a href="/en/stadtteilkonferenzen/blank'
    assert card in listing


def test_a_new_german_page_is_found_by_the_search_in_every_language(client, hattingen):
    new_german_conference()
    for language in LANGUAGES:
        assert "/blankenstein/" in html(client, f"/{language}/suche/?q=Blankenstein"), language


def test_a_german_draft_stays_out_of_the_other_languages(client, hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    page = DistrictConferencePage(title="Stadtteilkonferenz Entwurf", slug="entwurf")
    page.districts = [District.objects.get(slug="welper")]
    add_page(index, page, live=False)
    synchronise_locale_trees()
    assert Client().get("/en/stadtteilkonferenzen/entwurf/").status_code == 404
    assert "/entwurf/" not in html(client, "/en/stadtteilkonferenzen/")


def test_a_translation_replaces_the_german_alias(client, hattingen):
    page = new_german_conference()
    english = Locale.objects.get(language_code="en")
    translated = translate_page(
        page, english, {"Stadtteilkonferenz Blankenstein": "Blankenstein District Conference"}
    )
    assert translated.alias_of_id is None
    body = html(client, "/en/stadtteilkonferenzen/blankenstein/")
    assert "<h1>Blankenstein District Conference</h1>" in body
    assert "translation-notice" not in body
