"""Flat costs: listings, pages and feeds cost the same queries however much content there is.

The Hattingen content is grown twice by the same amount (past meetings with
protocols, future meetings, conferences with contacts, a project); each
address is asked after each growth and must cost the same number of queries.
(Growing from the bare Hattingen content is not compared: a listing that is
empty skips the queries for the related objects of its items.)
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from stadtteil_pages.models import ConferenceIndexPage, DistrictConferencePage, MeetingDocument
from tests.api.builders import add_conference, add_contacts, add_documents
from tests.factories import ContactPersonFactory, DocumentFactory, VenueFactory, meeting, project

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/stadtteilkonferenzen/",
    "/stadtteilkonferenzen/welper/",
    "/stadtteilkonferenzen/protokolle/",
    "/stadtteilkonferenzen/termine.ics",
    "/stadtteilkonferenzen/welper/termine.ics",
    "/stadtteilkonferenzen/feed.atom",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=20",
    "/api/v2/pages/?type=stadtteil_pages.DistrictConferencePage&fields=*",
    "/api/v2/pages/?type=stadtteil_pages.ProjectPage&fields=*",
    "/api/v2/pages/?search=Stadtteilkonferenz",
    "/api/v2/pages/?type=stadtteil_pages.MeetingPage&district=welper&upcoming=true",
    "/api/v2/contacts/?fields=*",
    "/api/v2/documents/",
]


def count_queries(client, url):
    client.get(url)  # caches of the framework (content types, site) warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return len(queries)


def grow(index, welper, step):
    """Twelve past meetings with protocols, twelve to come, three conferences, a project."""
    venue = VenueFactory()
    now = timezone.now() + datetime.timedelta(days=step)
    for number in range(12):
        past = meeting(
            welper,
            title=f"Stadtteilkonferenz Welper {step}-{number}",
            slug=f"frueher-{step}-{number}",
            start=now - datetime.timedelta(days=30 * (number + 1)),
            venue=venue,
        )
        add_documents(past, [(DocumentFactory(), MeetingDocument.Kind.PROTOCOL)])
        meeting(
            welper,
            title=f"Stadtteilkonferenz Welper kommend {step}-{number}",
            slug=f"kommend-{step}-{number}",
            start=now + datetime.timedelta(days=30 * (number + 1)),
            venue=venue,
        )
    for slug in ("nord", "sued", "ost"):
        conference = add_conference(index, f"{slug}-{step}")
        add_contacts(conference, [ContactPersonFactory(), ContactPersonFactory()])
    project(welper, title="Nachbarschaftscafé", slug=f"cafe-{step}")


@pytest.fixture
def counts(client, hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    grow(index, welper, 1)
    before = {url: count_queries(client, url) for url in ADDRESSES}
    grow(index, welper, 2)
    after = {url: count_queries(client, url) for url in ADDRESSES}
    print({url: (before[url], after[url]) for url in ADDRESSES})  # noqa: T201 (for the record)
    return before, after


def test_no_address_costs_more_queries_with_more_content(counts):
    before, after = counts
    grown = {url: (before[url], after[url]) for url in ADDRESSES if after[url] != before[url]}
    assert grown == {}


# Queries of one cold request with the Hattingen content, as reached: a page
# reads the site, the locales, its route (two), the publication rule (one
# query), Wagtail's view restrictions (two), then one query per kind of
# object it shows. Lower the numbers when a change saves queries, never
# raise them without a reason.
BUDGETS = {
    "/stadtteilkonferenzen/welper/": 21,
    "/stadtteilkonferenzen/": 24,
    "/stadtteilkonferenzen/welper/mittagstisch/": 20,
    "/stadtteilkonferenzen/winz-baak/2018-11-15/": 15,
    "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=20": 7,
    "/stadtteilkonferenzen/termine.ics": 9,
}


@pytest.mark.parametrize("url", BUDGETS)
def test_each_page_type_stays_within_its_query_budget(client, hattingen, url):
    assert count_queries(client, url) <= BUDGETS[url]
