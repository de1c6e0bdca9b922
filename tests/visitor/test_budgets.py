"""Budgets: every page type costs the same number of queries however much
content it lists, and a district page stays light on a phone connection."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from stadtteil_pages.models import DistrictConferencePage, MeetingDocument
from tests.api.builders import add_contacts, add_documents
from tests.factories import ContactPersonFactory, DocumentFactory, VenueFactory, meeting, project

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "index": "/stadtteilkonferenzen/",
    "district": "/stadtteilkonferenzen/welper/",
    "meeting": "/stadtteilkonferenzen/welper/naechster-termin/",
    "project": "/stadtteilkonferenzen/welper/mittagstisch/",
    "archive": "/stadtteilkonferenzen/protokolle/",
    "archive filtered": "/stadtteilkonferenzen/protokolle/?conference=welper",
}
MAX_PAGE_WEIGHT = 100 * 1024


def count_queries(client, url):
    client.get(url)  # Wagtail caches the site's root paths on the first request.
    # The first request after a change: nothing shared from an earlier one.
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def grow(welper, count, first=0):
    """Add past meetings with protocols, future meetings and projects."""
    venue = VenueFactory()
    now = timezone.now()
    for number in range(first, first + count):
        past = meeting(
            welper,
            title=f"Konferenz {number}",
            slug=f"vergangen-{number}",
            start=now - datetime.timedelta(days=30 * (number + 1)),
            venue=venue,
        )
        add_documents(past, [(DocumentFactory(), MeetingDocument.Kind.PROTOCOL)])
        meeting(
            welper,
            title=f"Termin {number}",
            slug=f"kuenftig-{number}",
            start=now + datetime.timedelta(days=10 * (number + 1)),
            venue=venue,
        )
        extra = project(welper, title=f"Projekt {number}", slug=f"projekt-{number}", venue=venue)
        add_contacts(extra, [ContactPersonFactory()])


def test_query_counts_do_not_grow_with_meetings_and_projects(client, hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    grow(welper, 1)
    before = {name: count_queries(client, url) for name, url in PAGES.items()}
    grow(welper, 12, first=1)
    after = {name: count_queries(client, url) for name, url in PAGES.items()}
    print("queries per page:", after)
    assert after == before


def test_a_district_page_with_its_stylesheet_stays_under_100_kb(client, hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    grow(welper, 10)
    html = client.get(welper.url).content
    static_root = Path(settings.BASE_DIR) / "static"
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the page links its stylesheet"
    weight = len(html) + sum((static_root / name.decode()).stat().st_size for name in assets)
    print(f"district page: {len(html)} bytes HTML, {weight} bytes with CSS and JS")
    assert weight < MAX_PAGE_WEIGHT
