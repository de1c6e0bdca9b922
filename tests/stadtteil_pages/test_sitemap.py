"""The sitemap follows the publication rule and links translations."""

import datetime

from django.template.loader import get_template
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from defusedxml import ElementTree

from stadtteil_pages import sitemaps as views
from stadtteil_pages.models import DistrictConferencePage, MeetingPage, ProjectPage
from stadtteil_pages.sitemaps import SITEMAPS, URLSET_WRITER

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
    # 16 German pages, each in English, Turkish, Arabic and Ukrainian too
    # (translated, or the page in Leichte Sprache following the German one).
    assert len(urls) == 16 * 5
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
    german = [url for url in urls if url.startswith("http://localhost/stadtteilkonferenzen/")]
    assert not [url for url in german if "/holthausen/" in url or "/mitte/" in url]
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


# --- the file as written without the template engine ------------------------

AWKWARD_URLS = [
    {"location": "http://localhost/a/?x=1&y=<2>", "lastmod": None},
    {
        # Shortly before midnight in UTC: the day shown is the one in TIME_ZONE.
        "location": "http://localhost/b/\"q\"/'s'/",
        "lastmod": datetime.datetime(2030, 3, 30, 23, 30, tzinfo=datetime.UTC),
        "changefreq": "weekly",
        "priority": "0.5",
        "alternates": [
            {"lang_code": "de", "location": "http://localhost/b/"},
            {"lang_code": "ar", "location": "http://localhost/ar/b/?a=1&b=2"},
        ],
    },
    {"location": "http://localhost/c/", "lastmod": datetime.date(2030, 1, 2), "alternates": []},
]


@pytest.mark.parametrize("urls", [[], AWKWARD_URLS], ids=["empty", "awkward"])
@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_the_writer_writes_what_djangos_template_writes(urls, zone, settings):
    settings.TIME_ZONE = zone
    expected = get_template("sitemap.xml").render({"urlset": urls})
    assert URLSET_WRITER.render({"urlset": urls}) == expected


def test_a_file_is_the_same_through_the_template(rf, hattingen):
    def file(**kwargs):
        response = views.sitemap(rf.get("/sitemap-pages.xml"), SITEMAPS, section="pages", **kwargs)
        assert response.status_code == 200
        return response.render().content.decode()

    written, templated = file(), file(template_name="sitemap.xml")
    assert "hreflang=" in written and "<lastmod>" in written
    assert written == templated


def test_a_page_type_with_its_own_addresses_gives_its_entries(client, hattingen, monkeypatch):
    def get_sitemap_urls(self, request=None):
        return [{"location": self.get_full_url(request) + "wochenplan/", "lastmod": None}]

    monkeypatch.setattr(ProjectPage, "get_sitemap_urls", get_sitemap_urls, raising=False)
    views._has_own_addresses.cache_clear()
    try:
        urls = sitemap(client)
    finally:
        monkeypatch.undo()
        views._has_own_addresses.cache_clear()
    assert "http://localhost/stadtteilkonferenzen/welper/mittagstisch/wochenplan/" in urls
    assert "http://localhost/stadtteilkonferenzen/welper/mittagstisch/" not in urls
    # Its translations keep their own entries and their links to each other.
    arabic = urls["http://localhost/ar/stadtteilkonferenzen/welper/mittagstisch/wochenplan/"]
    links = {link.get("hreflang"): link.get("href") for link in arabic.findall("x:link", NS)}
    assert links["de"] == "http://localhost/stadtteilkonferenzen/welper/mittagstisch/"
    assert "http://localhost/stadtteilkonferenzen/welper/" in urls
