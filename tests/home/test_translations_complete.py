"""The Hattingen translations: complete, and right where a reading went wrong before."""

import re

from wagtail.models import Locale, Page

import pytest
from wagtail_localize.models import StringSegment, TranslationSource

from stadtteil_pages.models import ContactPerson, ProjectPage

LANGUAGES = ["en", "tr", "ar", "uk"]


def untranslated(obj, locale):
    """The German texts of ``obj`` that have no translation into ``locale``."""
    source = TranslationSource.objects.get_for_instance_or_none(obj)
    assert source is not None, obj
    return list(
        StringSegment.objects.filter(source=source)
        .annotate_translation(locale)
        .filter(translation__isnull=True)
        .values_list("string__data", flat=True)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_pages_and_contacts_carry_no_german_source_text(hattingen, language):
    locale = Locale.objects.get(language_code=language)
    german = Locale.objects.get(language_code="de")
    translated = Page.objects.filter(locale=locale, alias_of__isnull=True, depth__gt=1)
    assert translated.count() >= 15
    missing = {}
    for page in translated:
        source = page.get_translation(german).specific
        if texts := untranslated(source, locale):
            missing[page.url_path] = texts
    for contact in ContactPerson.objects.filter(locale=locale):
        if texts := untranslated(contact.get_translation(german), locale):
            missing[contact.name] = texts
    assert missing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_fields_differ_from_the_german_text(hattingen, language):
    german = ProjectPage.objects.get(locale__language_code="de", slug="mittagstisch")
    page = german.get_translation(Locale.objects.get(language_code=language))
    for field in ("title", "introduction", "tagline", "audience", "price_includes"):
        assert getattr(page, field) != getattr(german, field), field


def test_the_mittagstisch_invites_everyone_in_turkish(client, hattingen):
    html = client.get("/tr/stadtteilkonferenzen/welper/mittagstisch/").content.decode()
    # "It is not about being in need: everyone is invited" — not "not for people in need".
    assert "yardıma muhtaç olmakla ilgili değildir" in html
    assert "ihtiyaç sahipleri için değildir" not in html


def test_the_project_lead_has_her_role_and_office_translated(client, hattingen):
    html = client.get("/en/stadtteilkonferenzen/").content.decode()
    assert "Project lead" in html and "Town hall" in html
    # "Rathausplatz 1" is the street's name and stays.
    assert not re.search(r"\b(Projektleitung|Rathaus)\b", html)
