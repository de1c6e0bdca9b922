"""The site frame: titles, descriptions, navigation, header links, error pages."""

import re
from pathlib import Path

from django.conf import settings
from django.test import RequestFactory

from wagtail.models import Page

import pytest

from home import frame
from stadtteil_pages.models import ConferenceIndexPage, DistrictConferencePage

pytestmark = pytest.mark.django_db


def title_of(html):
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def description_of(html):
    return html.split('<meta name="description" content="', 1)[1].split('"', 1)[0]


def test_page_titles_name_the_page_and_the_city_once(client, hattingen):
    assert title_of(client.get("/stadtteilkonferenzen/welper/").content.decode()) == (
        "Stadtteilkonferenz Welper – Stadt Hattingen"
    )
    home = title_of(client.get("/").content.decode())
    assert home == "Stadtteilkonferenzen – Stadt Hattingen"
    assert "Stadt Hattingen – Stadt Hattingen" not in home


def test_seo_title_wins_over_the_page_title(client, hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    welper.seo_title = "Welper: Stadtteilkonferenz"
    welper.save_revision().publish()
    assert title_of(client.get(welper.url).content.decode()) == (
        "Welper: Stadtteilkonferenz – Stadt Hattingen"
    )


def test_meta_description_prefers_search_description_then_introduction(client, hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    assert description_of(client.get(index.url).content.decode()) == index.introduction
    index.search_description = "Alle Stadtteilkonferenzen der Stadt Hattingen auf einen Blick."
    index.save_revision().publish()
    assert description_of(client.get(index.url).content.decode()) == index.search_description


def test_pages_without_text_get_the_sites_description(client, hattingen):
    html = client.get("/stadtteilkonferenzen/welper/").content.decode()
    assert description_of(html).startswith("Termine, Orte, Ansprechpersonen und Protokolle")
    assert "Stadt Hattingen" in description_of(html)


def test_long_introductions_are_shortened_for_the_description(hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    index.introduction = "Wort " * 100
    assert len(index.meta_description) <= index.DESCRIPTION_LENGTH
    assert index.meta_description.endswith("…")


def test_main_navigation_links_the_sections_and_marks_the_current_one(client, hattingen):
    request = RequestFactory().get("/stadtteilkonferenzen/protokolle/")
    archive = Page.objects.get(locale__language_code="de", slug="protokolle").specific
    nav = frame.main_navigation(request, archive)
    labels = [item.label for item in nav["items"]]
    assert labels == ["Startseite", "Stadtteilkonferenzen", "Projekte", "Protokolle", "Suche"]
    assert [item.label for item in nav["items"] if item.current] == ["Protokolle"]
    urls = {item.label: item.url for item in nav["items"]}
    assert urls["Projekte"] == "/stadtteilkonferenzen/#projekte"
    assert urls["Suche"] == "/suche/"


def test_header_has_a_search_field_and_the_navigation(client, hattingen):
    html = client.get("/stadtteilkonferenzen/").content.decode()
    assert 'action="/suche/"' in html
    assert 'name="q"' in html
    assert 'aria-current="page">Stadtteilkonferenzen</a>' in html


def test_unpublished_sections_leave_the_navigation(client, hattingen):
    Page.objects.get(locale__language_code="de", slug="protokolle").unpublish()
    html = client.get("/").content.decode()
    assert ">Protokolle</a>" not in html


def test_leichte_sprache_link_follows_the_publication_rule(client, hattingen):
    easy = Page.objects.get(locale__language_code="de", slug=frame.EASY_LANGUAGE_SLUG)
    assert 'href="/leichte-sprache/"' in client.get("/").content.decode()
    easy.unpublish()
    assert "/leichte-sprache/" not in client.get("/").content.decode()


def test_not_found_page_offers_search_and_the_main_sections(client, hattingen):
    response = client.get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert 'id="notfound-search"' in html
    for label in ("Startseite", "Stadtteilkonferenzen", "Protokolle"):
        assert f">{label}</a>" in html
    assert title_of(html) == "Seite nicht gefunden – Stadt Hattingen"


def test_not_found_page_speaks_the_visitors_language(client, hattingen):
    html = client.get("/en/does-not-exist/").content.decode()
    assert "<h1>Page not found</h1>" in html
    assert '<html lang="en"' in html


def test_server_error_page_is_static_html():
    """The 500 page must render when nothing else works: no tags, no database."""
    text = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
    assert "{%" not in text
    assert "{{" not in text
    assert "<h1>Ein Fehler ist aufgetreten</h1>" in text


def test_every_page_loads_the_stylesheet_and_favicon_from_this_site(client, hattingen):
    html = client.get("/").content.decode()
    assert 'href="/static/css/site.css"' in html
    assert 'href="/static/favicon.svg"' in html
    elsewhere = re.findall(r'(?:href|src)="(https?://(?!testserver|localhost)[^"]*)"', html)
    assert elsewhere == []
