"""Query budgets: a listing of 20 costs as many queries as one of 5, with ``fields=*``.

Detail views likewise cost the same with one nested item as with six. The
measured counts are printed (``pytest -s``) for the record.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from stadtteil_pages.models import MeetingDocument
from tests.api.builders import (
    ImageFactory,
    add_closures,
    add_conference,
    add_contacts,
    add_documents,
    image_body,
    republish,
)
from tests.factories import (
    ContactPersonFactory,
    DistrictFactory,
    DocumentFactory,
    VenueFactory,
    add_page,
    conference_tree,
    meeting,
    project,
)

pytestmark = pytest.mark.django_db

COUNT = 21  # one more than the largest page, so that limit=20 is full


def measure(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response.json()


def meetings(index, conference):
    venue = VenueFactory(district=DistrictFactory())
    conferences = [conference, add_conference(index, "zweite"), add_conference(index, "dritte")]
    soon = timezone.now() + datetime.timedelta(days=3)
    for number in range(COUNT):
        page = meeting(
            conferences[number % 3],
            slug=f"termin-{number}",
            start=soon + datetime.timedelta(days=number),
            venue=venue,
        )
        add_documents(
            page,
            [
                (DocumentFactory(), MeetingDocument.Kind.INVITATION),
                (DocumentFactory(), MeetingDocument.Kind.PROTOCOL),
            ],
        )


def conferences(index, conference):
    contacts = ContactPersonFactory.create_batch(2)
    for number in range(COUNT):
        page = conference if number == 0 else add_conference(index, f"bezirk-x{number}")
        page.districts = [*page.districts.all(), DistrictFactory()]
        add_contacts(page, contacts)
        meeting(page, slug=f"naechster-{number}")


def projects(index, conference):
    venue = VenueFactory(district=DistrictFactory())
    contacts = ContactPersonFactory.create_batch(2)
    for number in range(COUNT):
        page = project(
            index,
            slug=f"projekt-{number}",
            venue=venue,
            price="2.00",
            conference=conference,
            rules=((0, "12:00", "13:30"), (3, "15:00", "16:00")),
        )
        add_contacts(page, contacts)
        add_closures(page, 2)


def indexes(index, conference):
    from stadtteil_pages.models import ConferenceIndexPage

    lead = ContactPersonFactory()
    index.project_lead = lead
    republish(index)
    for number in range(COUNT - 1):
        add_page(
            index.get_parent(),
            ConferenceIndexPage(title=f"Index {number}", slug=f"index-{number}", project_lead=lead),
        )


BUILDERS = {
    "MeetingPage": meetings,
    "DistrictConferencePage": conferences,
    "ProjectPage": projects,
    "ConferenceIndexPage": indexes,
}


@pytest.mark.parametrize("page_type", BUILDERS)
def test_page_listing_costs_the_same_for_5_and_20_items(
    client, django_assert_num_queries, page_type
):
    index, conference = conference_tree()
    BUILDERS[page_type](index, conference)
    url = f"/api/v2/pages/?type=stadtteil_pages.{page_type}&fields=*"
    client.get(f"{url}&limit=1")  # warm the caches of sites and content types
    queries, body = measure(client, f"{url}&limit=5")
    assert len(body["items"]) == 5
    with django_assert_num_queries(queries):
        body = client.get(f"{url}&limit=20").json()
    assert len(body["items"]) == 20
    print(f"\nquery budget {page_type} listing fields=*: {queries}")


def snippets(kind):
    if kind == "contacts":
        ContactPersonFactory.create_batch(COUNT)
    elif kind == "venues":
        VenueFactory.create_batch(COUNT, district=DistrictFactory(), latitude=51, longitude=7)
    elif kind == "districts":
        DistrictFactory.create_batch(COUNT)
    elif kind == "documents":
        index, conference = conference_tree()
        page = meeting(conference)
        add_documents(
            page,
            [(DocumentFactory(), MeetingDocument.Kind.ATTACHMENT) for _ in range(COUNT)],
        )
    elif kind == "images":
        index, conference = conference_tree()
        conference.body = image_body(*ImageFactory.create_batch(COUNT))
        republish(conference)


@pytest.mark.parametrize("endpoint", ["contacts", "venues", "districts", "documents", "images"])
def test_snippet_and_media_listings_cost_the_same_for_5_and_20_items(
    client, django_assert_num_queries, endpoint
):
    snippets(endpoint)
    url = f"/api/v2/{endpoint}/?fields=*"
    client.get(f"{url}&limit=1")
    queries, body = measure(client, f"{url}&limit=5")
    assert len(body["items"]) == 5
    with django_assert_num_queries(queries):
        body = client.get(f"{url}&limit=20").json()
    assert len(body["items"]) == 20
    print(f"\nquery budget {endpoint} listing fields=*: {queries}")


def grow_meeting(page, size):
    add_documents(page, [(DocumentFactory(), MeetingDocument.Kind.ATTACHMENT) for _ in range(size)])


def grow_conference(page, size):
    page.districts = [*page.districts.all(), *DistrictFactory.create_batch(size - 1)]
    add_contacts(page, ContactPersonFactory.create_batch(size))


def grow_project(page, size):
    add_contacts(page, ContactPersonFactory.create_batch(size))
    add_closures(page, size)


@pytest.mark.parametrize("kind", ["meeting", "conference", "project"])
def test_detail_costs_the_same_with_one_or_six_nested_items(
    client, django_assert_num_queries, kind
):
    index, conference = conference_tree()
    venue = VenueFactory(district=DistrictFactory())
    small = {
        "meeting": lambda: meeting(conference, slug="klein", venue=venue),
        "conference": lambda: add_conference(index, "klein"),
        "project": lambda: project(conference, slug="klein", venue=venue, conference=conference),
    }[kind]()
    large = {
        "meeting": lambda: meeting(conference, slug="gross", venue=venue),
        "conference": lambda: add_conference(index, "gross"),
        "project": lambda: project(conference, slug="gross", venue=venue, conference=conference),
    }[kind]()
    grow = {"meeting": grow_meeting, "conference": grow_conference, "project": grow_project}[kind]
    grow(small, 1)
    grow(large, 6)
    client.get(f"/api/v2/pages/{small.pk}/")
    queries, _body = measure(client, f"/api/v2/pages/{small.pk}/")
    with django_assert_num_queries(queries):
        assert client.get(f"/api/v2/pages/{large.pk}/").status_code == 200
    print(f"\nquery budget {kind} detail: {queries}")
