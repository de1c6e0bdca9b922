"""Every page type of the loaded site renders for visitors."""

import datetime
import re

from django.utils import timezone

import pytest

from stadtteil_pages.blocks import BodyBlock
from stadtteil_pages.models import (
    ContactPerson,
    DistrictConferencePage,
)
from tests.factories import page_types


@pytest.mark.parametrize("model", page_types(), ids=lambda model: model.__name__)
def test_every_page_type_answers_200_in_german(client, hattingen, model):
    for page in model.objects.live().filter(locale__language_code="de"):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert re.search(r'<html lang="de"', html), page.url
        assert f"<h1>{page.title}</h1>" in html.replace("&#x27;", "'")


def test_welper_page_shows_contact_and_date_to_be_announced(client, hattingen):
    html = client.get("/stadtteilkonferenzen/welper/").content.decode()
    assert "Svenja Stirnberg" in html
    assert 'href="tel:+49232462323"' in html
    assert "02324 62323" in html
    assert "Ansprechpersonen" in html
    assert html.count("Termin wird noch bekannt gegeben") == 1


def test_winz_baak_meeting_shows_date_and_venue(client, hattingen):
    html = client.get("/stadtteilkonferenzen/winz-baak/2018-11-15/").content.decode()
    assert "15. November 2018, 17:00" in html
    assert "Bürgertreff Oberwinzerfeld<br>Regerstraße 31–33<br>45525 Hattingen" in html


def test_footer_shows_the_city_contact_block_and_legal_pages(client, hattingen):
    html = client.get("/").content.decode()
    assert "Postfach 80 04 56" in html
    assert "45504 Hattingen" in html
    assert 'href="tel:+4923242040"' in html
    for title in ("Impressum", "Datenschutz", "Barrierefreiheit"):
        assert f">{title}</a>" in html


def test_protocol_archive_ignores_bad_filters_with_a_message(client, hattingen):
    response = client.get("/stadtteilkonferenzen/protokolle/?conference=atlantis&year=abc")
    assert response.status_code == 200
    form = response.context["filter_form"]
    assert set(form.errors) == {"conference", "year"}


def test_untranslated_page_under_english_prefix_marks_its_german_text(client, hattingen):
    response = client.get("/en/leichte-sprache/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert '<h1 lang="de" dir="ltr">Leichte Sprache</h1>' in html
    assert "This page is not available in English yet." in html


def test_translated_page_is_english_throughout(client, hattingen):
    html = client.get("/en/stadtteilkonferenzen/welper/").content.decode()
    assert '<html lang="en"' in html
    assert "<h1>Welper District Conference</h1>" in html
    assert "Contact people" in html
    assert "Ansprechpersonen" not in html


def test_arabic_pages_are_right_to_left(client, hattingen):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_unknown_page_is_a_404(client, hattingen):
    assert client.get("/stadtteilkonferenzen/gibt-es-nicht/").status_code == 404


def test_draft_page_is_not_served(client, hattingen):
    welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")
    welper.unpublish()
    assert client.get("/stadtteilkonferenzen/welper/").status_code == 404


def test_expired_or_unpublished_contacts_are_not_shown(client, hattingen):
    stirnberg = ContactPerson.objects.get(name="Svenja Stirnberg")
    stirnberg.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    stirnberg.save()
    lead = ContactPerson.objects.get(name="Erika Beverungen-Gojdka", locale__language_code="de")
    lead.live = False
    lead.save()
    assert "Svenja Stirnberg" not in client.get("/stadtteilkonferenzen/welper/").content.decode()
    index = client.get("/stadtteilkonferenzen/").content.decode()
    assert "Beverungen-Gojdka" not in index
    assert "Stabsstelle Gleichstellung" in index


def test_contact_card_block_shows_only_published_contacts(hattingen):
    block = BodyBlock().child_blocks["contact"]
    contact = ContactPerson.objects.get(name="Conny Bludau")
    value = block.to_python({"contact": contact.pk, "note": "Sprechstunde"})
    assert "02324 681412" in block.render(value)
    contact.live = False
    contact.save()
    assert block.render(block.to_python({"contact": contact.pk})).strip() == ""
