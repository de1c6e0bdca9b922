"""The public site in five languages: lang/dir, switcher, hreflang, fallback notice."""

import re

from django.utils.html import escape

import icalendar
import pytest

from stadtteil_pages.models import ProjectPage

MITTAGSTISCH = "stadtteilkonferenzen/welper/mittagstisch/"


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def alternates(page_html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page_html))


def switcher(page_html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page_html, re.S)
    return nav.group(0) if nav else ""


def test_translated_pages_speak_their_language(client, hattingen):
    english = html(client, f"/en/{MITTAGSTISCH}")
    assert '<html lang="en" dir="ltr">' in english
    assert "<h1>Welper Lunch Table</h1>" in english
    arabic = html(client, f"/ar/{MITTAGSTISCH}")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<h1>مائدة الغداء في فيلبر</h1>" in arabic
    assert "translation-notice" not in arabic


def test_hreflang_pairs_point_both_ways(client, hattingen):
    german = alternates(html(client, f"/{MITTAGSTISCH}"))
    assert set(german) == {"de", "en", "tr", "ar", "uk", "x-default"}
    assert german["x-default"] == german["de"] == f"http://testserver/{MITTAGSTISCH}"
    for language in ("en", "tr", "ar", "uk"):
        translated = alternates(html(client, german[language].replace("http://testserver", "")))
        assert translated == german


def test_switcher_names_languages_in_themselves_and_hides_untranslated(client, hattingen):
    ProjectPage.objects.get(slug="mittagstisch", locale__language_code="tr").unpublish()
    nav = switcher(html(client, f"/en/{MITTAGSTISCH}"))
    for name in ("Deutsch", "Українська", "العربيّة"):
        assert name in nav
    assert 'aria-current="true">English' in nav
    assert 'hreflang="ar" lang="ar" dir="rtl"' in nav
    assert "Türkçe" not in nav and "/tr/" not in nav
    assert "tr" not in alternates(html(client, f"/en/{MITTAGSTISCH}"))


def test_untranslated_page_keeps_the_visitors_frame_and_marks_its_german_text(client, hattingen):
    # The page in Leichte Sprache exists in German only.
    page = html(client, "/tr/leichte-sprache/")
    assert '<html lang="tr"' in page
    assert '<h1 lang="de" dir="ltr">Leichte Sprache</h1>' in page
    assert 'aria-current="true">Türkçe' in switcher(page)
    notice = re.search(r'<p class="translation-notice"[^>]*lang="tr"[^>]*>(.*?)</p>', page)
    assert notice, "visible notice in Turkish"
    assert "Türkçe" in notice.group(1) and "Almanca" in notice.group(1)


def test_no_german_interface_string_on_the_english_home_page(client, hattingen):
    page = html(client, "/en/")
    assert '<html lang="en"' in page
    german = ["Zum Inhalt springen", "Sprachen", "Rechtliches", "Telefon", "Brotkrümel"]
    assert not [word for word in german if word in page]
    assert "Skip to content" in page
    assert "City of Hattingen" in page


def test_arabic_interface_strings_and_dates(client, hattingen):
    page = html(client, f"/ar/{MITTAGSTISCH}")
    assert escape("انتقل إلى المحتوى") in page or "انتقل إلى المحتوى" in page


@pytest.mark.parametrize("prefix, language", [("", "de"), ("/en", "en"), ("/ar", "ar")])
def test_the_calendar_speaks_the_language_of_its_page(client, hattingen, prefix, language):
    response = client.get(f"{prefix}/stadtteilkonferenzen/welper/mittagstisch/termine.ics")
    assert response.status_code == 200
    assert response["Content-Language"] == language
    calendar = icalendar.Calendar.from_ical(response.getvalue())
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        assert event["SUMMARY"].params["LANGUAGE"] == language
