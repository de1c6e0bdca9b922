"""Query budgets: a list of many objects costs as many queries as a list of few.

Every list is measured with few objects, then again after adding more of
them (with venues, documents and districts), withdrawn ones included.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from stadtteil_pages.models import MeetingDocument
from tests.api.builders import add_conference, add_contacts, add_documents
from tests.factories import ContactPersonFactory, DocumentFactory, VenueFactory, meeting
from tests.oparl.helpers import SYSTEM, body

pytestmark = pytest.mark.django_db

LISTS = ("organization", "meeting", "person", "locationList", "file", "membership")


def count(client, url):
    """Queries of one request; a request before warms the site-root cache that Wagtail keeps."""
    client.get(url, {"limit": 100})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"limit": 100})
    assert response.status_code == 200, response.content
    return len(context.captured_queries), len(response.json().get("data", []))


def grow(oparl, number):
    """More of everything: conferences, meetings with venues and documents, contacts."""
    for index in range(number):
        conference = add_conference(oparl.index, f"mehr-{index}")
        venue = VenueFactory(district=conference.districts.first(), latitude=51, longitude=7)
        contacts = ContactPersonFactory.create_batch(2)
        add_contacts(conference, contacts)
        for slug in ("a", "b"):
            page = meeting(conference, slug=f"{slug}-{index}", venue=venue)
            add_documents(
                page,
                [
                    (DocumentFactory(), MeetingDocument.Kind.INVITATION),
                    (DocumentFactory(), MeetingDocument.Kind.PROTOCOL),
                    (DocumentFactory(), MeetingDocument.Kind.ATTACHMENT),
                ],
            )
        # Withdrawn objects are listed too, as deleted.
        contacts[0].unpublish()
        page.unpublish()


def test_lists_cost_the_same_for_few_and_many_objects(client, oparl):
    city = body(client)
    urls = [city[key] for key in LISTS]
    urls.append(f"http://localhost{SYSTEM}organization/{oparl.welper.pk}/meeting")
    few = {url: count(client, url.removeprefix("http://localhost")) for url in urls}
    grow(oparl, 6)
    many = {url: count(client, url.removeprefix("http://localhost")) for url in urls}
    for url in urls:
        print(f"{url}: {few[url][0]} queries for {few[url][1]}, {many[url][0]} for {many[url][1]}")
        assert many[url][0] == few[url][0], url
    # Twelve more meetings, six of them withdrawn (listed only for modified_since).
    assert many[city["meeting"]][1] == few[city["meeting"]][1] + 6


def test_object_views_cost_the_same_whatever_they_embed(client, oparl):
    url = f"{SYSTEM}meeting/{oparl.past_date.pk}"
    before = count(client, url)[0]
    add_documents(
        oparl.past_date,
        [(DocumentFactory(), MeetingDocument.Kind.ATTACHMENT) for _number in range(5)],
    )
    assert len(client.get(url).json()["auxiliaryFile"]) == 5
    assert count(client, url)[0] == before
    for kind, pk in (
        ("organization", oparl.welper.pk),
        ("person", oparl.contact.pk),
        ("location", oparl.venue.pk),
        ("file", oparl.invitation.pk),
    ):
        queries, _items = count(client, f"{SYSTEM}{kind}/{pk}")
        assert queries <= before, kind
