"""Budgets of the pages around the conferences: legal pages, Leichte Sprache, search.

Each costs a fixed number of queries on a cold request (nothing kept from
an earlier one); the legal and Leichte-Sprache pages do not grow with the
content (search results: tests/site/test_search.py).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import meeting

pytestmark = pytest.mark.django_db

FRAME_PAGES = {
    "imprint": "/impressum/",
    "privacy": "/datenschutz/",
    "accessibility": "/barrierefreiheit/",
    "easy language": "/leichte-sprache/",
}
SEARCH = "/suche/?q=Welper"
# Queries of a cold request, as reached (lower them when a change saves
# queries): the legal pages 12, Leichte Sprache 14, search 25.
BUDGETS = dict.fromkeys(FRAME_PAGES, 12) | {"easy language": 14, "search": 25}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def costs(client, pages):
    result = {}
    for name, url in pages.items():
        client.get(url)  # the framework's own caches
        result[name] = queries(client, url)
    return result


def test_frame_pages_and_search_stay_within_their_budgets(client, hattingen):
    for name, cold in costs(client, FRAME_PAGES | {"search": SEARCH}).items():
        assert cold <= BUDGETS[name], (name, cold)


def test_frame_pages_cost_the_same_with_more_content(client, hattingen):
    from stadtteil_pages.models import DistrictConferencePage

    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    meeting(welper, title="Welper im Sommer", slug="sommer")
    before = costs(client, FRAME_PAGES)
    for number in range(8):
        meeting(welper, title=f"Welper {number}", slug=f"welper-{number}")
    assert costs(client, FRAME_PAGES) == before
