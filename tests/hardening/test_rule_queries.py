"""The publication rule costs a constant number of queries, read once per request.

However many drafts, expired or private pages the site holds, the rule reads
the pages that hide their subtree with one query, and a request that asks it
again (breadcrumbs, footer, listings, structured data) reads nothing more.
"""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest

from stadtteil_pages.models import MeetingPage
from stadtteil_pages.public.publication import (
    is_published,
    public_ancestors,
    public_page,
    published,
)
from tests.api.builders import add_conference
from tests.factories import meeting
from tests.hardening.conftest import expire

pytestmark = pytest.mark.django_db


def count_queries(action):
    # The first request after a change: nothing shared from an earlier one.
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def hide_more(site, count):
    """Drafts, expired and private conferences, each with a meeting below."""
    first = site.index.get_children().count()
    for number in range(first, first + count):
        conference = add_conference(site.index, f"versteckt-{number}")
        meeting(conference, title=f"Versteckt {number}", slug=f"versteckt-{number}")
        kind = number % 3
        if kind == 0:
            conference.unpublish()
        elif kind == 1:
            expire(conference)
        else:
            PageViewRestriction.objects.create(page=conference, restriction_type="login")


def test_the_rule_is_read_once_per_request(site, django_assert_num_queries):
    request = RequestFactory().get("/")
    list(published(MeetingPage, request))  # reads the site, the rule and the locale
    with django_assert_num_queries(1):
        titles = {page.title for page in published(MeetingPage, request)}
    assert "Nächste Konferenz" in titles
    with django_assert_num_queries(0):
        assert is_published(site.next_date, request)
        assert public_page(site.next_date, request) == site.next_date
    with django_assert_num_queries(1):
        trail = public_ancestors(site.next_date, request)
    assert [page.title for page in trail][-2:] == ["Stadtteilkonferenzen", "Konferenz Welper"]


def test_the_rule_costs_the_same_with_many_hidden_pages(site):
    hide_more(site, 3)

    def listing():
        request = RequestFactory().get("/")
        return list(published(Page, request))

    few = count_queries(listing)
    hide_more(site, 12)
    assert count_queries(listing) == few
    titles = {page.title for page in listing()}
    assert not any(title.startswith(("Versteckt", "Konferenz Versteckt")) for title in titles)
    assert "Nächste Konferenz" in titles


@pytest.mark.parametrize(
    "url",
    ["next_date", "welper", "index"],
)
def test_a_page_costs_the_same_queries_however_many_pages_are_hidden(client, site, url):
    address = getattr(site, url).url
    assert client.get(address).status_code == 200  # warms Wagtail's own caches
    few = count_queries(lambda: client.get(address))
    hide_more(site, 12)
    assert count_queries(lambda: client.get(address)) == few


def test_the_calendar_feed_costs_the_same_however_many_pages_are_hidden(client, site):
    address = site.index.url + "termine.ics"
    client.get(address)
    few = count_queries(lambda: client.get(address))
    hide_more(site, 12)
    assert count_queries(lambda: client.get(address)) == few


def test_nested_hidden_pages_are_read_as_one_subtree(site):
    from stadtteil_pages.public.publication import page_rule

    site.welper.unpublish()
    site.next_date.unpublish()
    expire(site.past_date)
    assert page_rule().hidden == (site.welper.path,)
