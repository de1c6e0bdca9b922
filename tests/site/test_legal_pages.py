"""Imprint, privacy policy and accessibility statement as structured content."""

import datetime

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailTestUtils

import pytest

from home.legal import AccessibilityPage, ImprintPage, PrivacyPage
from home.models import CityContactSettings, HomePage
from stadtteil_pages.public.publication import published

pytestmark = pytest.mark.django_db


def main(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_loaded_legal_pages_are_the_structured_types_linked_from_the_footer(hattingen):
    contact = CityContactSettings.for_site(Site.objects.get(is_default_site=True))
    assert isinstance(contact.imprint_page.specific, ImprintPage)
    assert isinstance(contact.privacy_page.specific, PrivacyPage)
    assert isinstance(contact.accessibility_page.specific, AccessibilityPage)


def test_footer_links_the_three_legal_pages(client, hattingen):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    for url in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert f'href="{url}"' in footer


def test_imprint_shows_the_publisher_from_the_site_settings(client, hattingen):
    html = main(client, "/impressum/")
    assert "Herausgeber" in html
    assert "Postfach 80 04 56" in html
    assert 'href="tel:+4923242040"' in html


def test_imprint_leaves_out_facts_the_city_has_not_given(client, hattingen):
    html = main(client, "/impressum/")
    # The city's page names no legal form, representative or VAT number.
    for label in ("Rechtsform", "Vertreten durch", "Umsatzsteuer", "Verantwortlich"):
        assert label not in html
    imprint = ImprintPage.objects.get(locale__language_code="de")
    imprint.represented_by = "Bürgermeister Max Muster"
    imprint.save_revision().publish()
    assert "Vertreten durch" in main(client, "/impressum/")
    assert "Bürgermeister Max Muster" in main(client, "/impressum/")


def test_missing_mandatory_facts_are_listed_per_page(hattingen):
    imprint = ImprintPage.objects.get(locale__language_code="de")
    missing = [str(label) for label in imprint.missing_facts()]
    assert "Rechtsform" in missing
    assert "vertreten durch" in missing
    # The e-mail address is missing from the city's published contact block.
    assert any("E-Mail" in label for label in missing)
    privacy = [
        str(label) for label in PrivacyPage.objects.get(locale__language_code="de").missing_facts()
    ]
    assert "Datenschutzbeauftragte(r)" in privacy
    accessibility = [
        str(label)
        for label in AccessibilityPage.objects.get(locale__language_code="de").missing_facts()
    ]
    assert "Stand der Vereinbarkeit" in accessibility
    assert "Durchsetzungsverfahren: Stelle" in accessibility


class TestAdminNamesWhatIsMissing(WagtailTestUtils):
    def test_edit_form_lists_the_missing_facts(self, client, hattingen, admin_user):
        client.force_login(admin_user)
        imprint = ImprintPage.objects.get(locale__language_code="de")
        html = client.get(f"/admin/pages/{imprint.pk}/edit/").content.decode()
        assert "Diese gesetzlich vorgeschriebenen Angaben fehlen noch" in html
        assert "Rechtsform" in html

    def test_a_complete_page_says_so(self, client, hattingen, admin_user):
        client.force_login(admin_user)
        contact = CityContactSettings.for_site(Site.objects.get(is_default_site=True))
        contact.email = "stadtteilkonferenzen@hattingen.example"
        contact.save()
        imprint = ImprintPage.objects.get(locale__language_code="de")
        imprint.legal_form = "Körperschaft des öffentlichen Rechts"
        imprint.represented_by = "Bürgermeister Max Muster"
        imprint.content_responsible = "Max Muster, Rathausplatz 1"
        imprint.save_revision().publish()
        html = client.get(f"/admin/pages/{imprint.pk}/edit/").content.decode()
        assert "Alle Pflichtangaben sind ausgefüllt." in html


def test_privacy_policy_states_what_the_software_does(client, hattingen):
    html = main(client, "/datenschutz/")
    assert "Keine Cookies" in html
    assert "Nichts von anderen Servern" in html
    assert "Server-Protokolle" in html
    assert "IP-Adresse" in html
    # Facts the city has not given are left out, not invented.
    assert "aufbewahrt und danach gelöscht" not in html
    privacy = PrivacyPage.objects.get(locale__language_code="de")
    privacy.log_retention = "7 Tage"
    privacy.save_revision().publish()
    assert "7 Tage lang aufbewahrt und danach gelöscht" in main(client, "/datenschutz/")


def test_visitors_get_no_cookies_anywhere(client, hattingen):
    """What the privacy policy promises: no page, search or feed sets a cookie."""
    urls = [page.get_url() for page in published(Page, None, locale=None)]
    urls += [
        "/suche/?q=Welper",
        "/suche/?q=",
        "/stadtteilkonferenzen/protokolle/?district=welper",
        "/stadtteilkonferenzen/termine.ics",
        "/stadtteilkonferenzen/kalender/",
        "/stadtteilkonferenzen/feed.atom",
        "/gibt-es-nicht/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not response.cookies, (url, list(response.cookies))


def test_accessibility_statement_follows_the_eu_model(client, hattingen):
    html = main(client, "/barrierefreiheit/")
    assert "Stand der Vereinbarkeit mit den Anforderungen" in html
    assert "noch nicht bewertet" in html
    assert "Feedback und Kontaktangaben" in html
    # The feedback contact comes from the site settings.
    assert 'href="tel:+4923242040"' in html
    assert "Durchsetzungsverfahren" not in html
    page = AccessibilityPage.objects.get(locale__language_code="de")
    page.conformance = AccessibilityPage.Conformance.PARTIAL
    page.prepared_on = datetime.date(2026, 11, 27)
    page.known_limitations = "<p>Ältere Protokolle sind eingescannte PDF-Dateien.</p>"
    page.enforcement_body = "Ombudsstelle für Barrierefreie Informationstechnik"
    page.enforcement_contact = "Anschrift der Ombudsstelle"
    page.save_revision().publish()
    html = main(client, "/barrierefreiheit/")
    assert "Diese Website ist mit BITV 2.0 / WCAG 2.1, Stufe AA teilweise vereinbar." in html
    assert "eingescannte PDF-Dateien" in html
    assert "Diese Erklärung wurde am 27. November 2026 erstellt." in html
    assert "Ombudsstelle für Barrierefreie Informationstechnik" in html


def test_legal_pages_are_singletons_below_the_home_page(hattingen):
    home = HomePage.objects.get(locale__language_code="de")
    for model in (ImprintPage, PrivacyPage, AccessibilityPage):
        assert model.parent_page_types == ["home.HomePage"]
        assert not model.can_create_at(home)  # one exists already
