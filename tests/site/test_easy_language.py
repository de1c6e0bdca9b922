"""The page in Leichte Sprache and the helper the header links it with."""

from django.test import RequestFactory
from django.utils import translation

import pytest

from home.models import EasyLanguagePage, easy_language_page

pytestmark = pytest.mark.django_db


def test_the_loaded_page_explains_the_conferences_in_short_sentences(client, hattingen):
    html = client.get("/leichte-sprache/").content.decode()
    assert "<h1>Leichte Sprache</h1>" in html
    assert "Was ist eine Stadtteil-Konferenz?" in html
    assert "<p>Das Essen kostet 3 Euro 50.</p>" in html
    # The project lead's contact card with her phone number.
    assert 'href="tel:+4923242043010"' in html
    page = EasyLanguagePage.objects.get(locale__language_code="de")
    sentences = [
        line
        for block in page.body
        if block.block_type == "paragraph"
        for line in block.value.source.replace("</p>", "").split("<p>")
        if line
    ]
    assert max(len(sentence.split()) for sentence in sentences) <= 12


def test_helper_finds_the_public_page(hattingen):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert easy_language_page(request).url == "/leichte-sprache/"


def test_helper_gives_the_german_page_under_another_language(hattingen):
    request = RequestFactory().get("/en/", HTTP_HOST="localhost")
    with translation.override("en"):
        assert easy_language_page(request).slug == "leichte-sprache"


def test_helper_gives_nothing_while_the_page_is_unpublished(hattingen):
    EasyLanguagePage.objects.get(locale__language_code="de").unpublish()
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert easy_language_page(request) is None
