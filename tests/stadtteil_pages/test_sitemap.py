"""The sitemap follows the publication rule and links translations."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

from defusedxml import ElementTree

from stadtteil_pages.models import DistrictConferencePage, MeetingPage

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    """Every address of every file that the sitemap index links."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    files = ElementTree.fromstring(index.content).findall("s:sitemap", NS)
    urls = {}
    for entry in files:
        response = client.get(entry.findtext("s:loc", namespaces=NS))
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        urls |= {url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", NS)}
    return urls


def test_lists_the_published_pages(client, hattingen):
    urls = sitemap(client)
    assert "http://localhost/stadtteilkonferenzen/welper/mittagstisch/" in urls
    assert "http://localhost/impressum/" in urls
    assert "http://localhost/leichte-sprache/" in urls
    # 16 German pages, and the home page, the conference index, Welper and
    # the Mittagstisch in English, Turkish, Arabic and Ukrainian.
    assert len(urls) == 16 + 4 * 4
    assert "http://localhost/ar/stadtteilkonferenzen/welper/mittagstisch/" in urls


def test_leaves_out_drafts_private_and_expired_pages(client, hattingen):
    DistrictConferencePage.objects.get(locale__language_code="de", slug="holthausen").unpublish()
    PageViewRestriction.objects.create(
        page=DistrictConferencePage.objects.get(locale__language_code="de", slug="mitte"),
        restriction_type="login",
    )
    meeting = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    meeting.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    urls = sitemap(client)
    assert not [url for url in urls if "/holthausen/" in url or "/mitte/" in url]
    assert "http://localhost/stadtteilkonferenzen/winz-baak/2018-11-15/" not in urls
    assert "http://localhost/stadtteilkonferenzen/winz-baak/" in urls


def test_translations_are_listed_and_linked_with_hreflang(client, hattingen):
    DistrictConferencePage.objects.get(slug="welper", locale__language_code="tr").unpublish()
    urls = sitemap(client)
    expected = {
        "de": "http://localhost/stadtteilkonferenzen/welper/",
        "en": "http://localhost/en/stadtteilkonferenzen/welper/",
        "ar": "http://localhost/ar/stadtteilkonferenzen/welper/",
        "uk": "http://localhost/uk/stadtteilkonferenzen/welper/",
        "x-default": "http://localhost/stadtteilkonferenzen/welper/",
    }
    # Both ways: every language version lists the same alternates.
    for language in ("de", "en", "ar", "uk"):
        entry = urls[expected[language]]
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
        assert links == expected
    assert "http://localhost/tr/stadtteilkonferenzen/welper/" not in urls
    # A page without translations needs no alternates.
    assert not urls["http://localhost/stadtteilkonferenzen/winz-baak/"].findall("x:link", NS)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, hattingen):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_index_splits_the_pages_into_files_of_the_configured_size(client, hattingen, settings):
    settings.STADTTEIL_SITEMAP_LIMIT = 5
    everything = sitemap(client)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    files = [entry.findtext("s:loc", namespaces=NS) for entry in index.findall("s:sitemap", NS)]
    assert len(files) == -(-len(everything) // 5) > 1
    assert files[1].endswith("/sitemap-pages.xml?p=2")
    second = ElementTree.fromstring(client.get(files[1]).content).findall("s:url", NS)
    assert 0 < len(second) <= 5
