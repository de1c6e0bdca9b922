"""The API v2 contract: endpoint names, field names and their JSON types.

Other city sites rely on these names; a renamed or retyped field breaks
them, so each endpoint's fields are listed here exactly.
"""

import datetime
import re

from django.utils import timezone

import pytest

from stadtteil_pages.models import ProjectPage
from tests.api.builders import ImageFactory, get_json, image_body, republish

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
PAGE_META = {
    "type",
    "detail_url",
    "html_url",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "alias_of",
    "locale",
}
VENUE_FIELDS = {
    "id",
    "name",
    "street",
    "postal_code",
    "city",
    "address",
    "district",
    "coordinates",
    "accessibility",
}
CONTACT_FIELDS = {
    "id",
    "name",
    "role",
    "organisation",
    "phone",
    "phone_display",
    "mobile",
    "mobile_display",
    "email",
    "office",
    "street",
    "postal_code",
    "city",
    "office_hours",
}

pytestmark = pytest.mark.django_db


def listing(client, page_type, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return get_json(client, f"/api/v2/pages/?type=stadtteil_pages.{page_type}&fields=*&{query}")


def detail(client, page):
    return get_json(client, f"/api/v2/pages/{page.pk}/")


def assert_page_shape(item, own_fields):
    assert set(item) == {"id", "meta", "title", *own_fields}
    assert set(item["meta"]) >= PAGE_META
    assert isinstance(item["id"], int)
    assert isinstance(item["title"], str)
    assert item["meta"]["html_url"].startswith("http")


def test_api_lists_its_six_endpoints(client, site):
    for endpoint in ("pages", "images", "documents", "contacts", "venues", "districts"):
        body = get_json(client, f"/api/v2/{endpoint}/")
        assert set(body) == {"meta", "items"}
        assert isinstance(body["meta"]["total_count"], int)


def test_meeting_fields_and_types(client, site):
    body = detail(client, site.next_date)
    assert_page_shape(
        body,
        {
            "introduction",
            "body",
            "status",
            "start",
            "end",
            "venue",
            "district_conference",
            "districts",
            "documents",
            "agenda",
            "ical_url",
        },
    )
    assert body["meta"]["type"] == "stadtteil_pages.MeetingPage"
    assert body["status"] == "scheduled"
    assert ISO_WITH_OFFSET.match(body["start"]) and ISO_WITH_OFFSET.match(body["end"])
    assert datetime.datetime.fromisoformat(body["start"]) == site.next_date.start
    assert set(body["venue"]) == VENUE_FIELDS
    assert body["venue"]["coordinates"] == {"latitude": 51.412345, "longitude": 7.187654}
    welper = {"id": site.venue.district_id, "name": "Welper", "slug": "welper"}
    assert body["venue"]["district"] == welper
    assert 'href="https://example.org/rampe"' in body["venue"]["accessibility"]
    assert body["district_conference"] == {
        "id": site.welper.pk,
        "title": site.welper.title,
        "url": site.welper.full_url,
    }
    assert [district["slug"] for district in body["districts"]] == ["welper"]
    assert body["documents"] == []
    assert isinstance(body["agenda"], list)
    assert body["ical_url"] == site.next_date.full_url + "termine.ics"


def test_meeting_documents_carry_kind_url_size_and_type(client, site):
    body = detail(client, site.past_date)
    [document] = body["documents"]
    assert set(document) == {"id", "title", "kind", "url", "size", "mime_type"}
    assert document["kind"] == "protocol"
    assert document["title"] == "Protokoll Welper"
    assert document["url"].startswith("http")
    assert f"/documents/{site.protocol.pk}/" in document["url"]
    assert document["size"] is None or isinstance(document["size"], int)
    assert "/" in document["mime_type"]


def test_meeting_without_date_has_null_start_and_end(client, site):
    body = detail(client, site.open_date)
    assert body["status"] == "tba"
    assert body["start"] is None and body["end"] is None and body["venue"] is None


def test_agenda_rich_text_is_display_html_with_resolved_links(client, site):
    site.next_date.agenda = [
        ("paragraph", f'<p>Siehe <a linktype="page" id="{site.welper.pk}">Welper</a></p>')
    ]
    republish(site.next_date)
    [block] = detail(client, site.next_date)["agenda"]
    assert block["type"] == "paragraph"
    assert f'href="{site.welper.url}"' in block["value"]
    assert "linktype" not in block["value"]


def test_district_conference_fields_and_types(client, site):
    body = detail(client, site.welper)
    assert_page_shape(
        body, {"introduction", "body", "districts", "contacts", "next_meeting", "ical_url"}
    )
    assert body["districts"] == [{"id": site.venue.district_id, "name": "Welper", "slug": "welper"}]
    [contact] = body["contacts"]
    assert set(contact) == CONTACT_FIELDS
    assert contact["phone"] == "+4923246232"
    assert contact["phone_display"] == "02324 6232"
    assert contact["mobile"] is None and contact["mobile_display"] is None
    next_meeting = body["next_meeting"]
    assert set(next_meeting) == {"id", "title", "url", "status", "start", "end"}
    assert next_meeting["id"] == site.next_date.pk
    assert ISO_WITH_OFFSET.match(next_meeting["start"])
    assert body["ical_url"].endswith("/welper/termine.ics")


def test_project_fields_and_types(client, site):
    body = detail(client, site.lunch)
    assert_page_shape(
        body,
        {
            "introduction",
            "body",
            "tagline",
            "audience",
            "venue",
            "price",
            "price_currency",
            "price_includes",
            "schedule_rules",
            "closed_on_public_holidays",
            "closures",
            "next_occurrences",
            "contacts",
            "conference",
            "ical_url",
        },
    )
    assert body["price"] == "3.50" and body["price_currency"] == "EUR"
    assert body["schedule_rules"] == [
        {
            "weekday": 0,
            "weekday_name": "monday",
            "start_time": "12:00",
            "end_time": "13:30",
            "valid_from": None,
            "valid_until": None,
        }
    ]
    assert body["closed_on_public_holidays"] is True
    assert len(body["next_occurrences"]) == 5
    for occurrence in body["next_occurrences"]:
        start = datetime.datetime.fromisoformat(occurrence["start"])
        assert ISO_WITH_OFFSET.match(occurrence["start"]) and start.weekday() == 0
        assert start > timezone.now()
    assert body["conference"] == {
        "id": site.welper.pk,
        "title": site.welper.title,
        "url": site.welper.full_url,
    }
    assert [contact["name"] for contact in body["contacts"]] == ["Svenja Stirnberg"]
    assert set(body["venue"]) == VENUE_FIELDS


def test_project_closures_are_dates_with_reason(client, site):
    from tests.api.builders import add_closures

    add_closures(site.lunch, 1)
    [closure] = detail(client, site.lunch)["closures"]
    assert set(closure) == {"start_date", "end_date", "reason"}
    assert datetime.date.fromisoformat(closure["start_date"]) == datetime.date.fromisoformat(
        closure["end_date"]
    )
    assert closure["reason"] == "Ferien 0"


def test_project_without_price_has_null_currency(client, site):
    site.lunch.price = None
    republish(site.lunch)
    body = detail(client, site.lunch)
    assert body["price"] is None and body["price_currency"] is None


def test_conference_index_fields_and_types(client, site):
    site.index.lead_organisers = "Stabsstelle Gleichstellung\n\nFachbereich Jugend"
    site.index.project_lead = site.contact
    republish(site.index)
    body = detail(client, site.index)
    assert_page_shape(body, {"introduction", "body", "lead_organisers", "project_lead", "ical_url"})
    assert body["lead_organisers"] == ["Stabsstelle Gleichstellung", "Fachbereich Jugend"]
    assert set(body["project_lead"]) == CONTACT_FIELDS


def test_listing_with_all_fields_leaves_body_and_agenda_to_the_detail(client, site):
    [item] = listing(client, "ProjectPage")["items"]
    assert "body" not in item and "price" in item
    meetings = listing(client, "MeetingPage")["items"]
    assert meetings and all("agenda" not in item and "venue" in item for item in meetings)


def test_body_field_in_a_listing_is_refused_with_the_parameter(client, site):
    body = get_json(
        client, "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=agenda", status=400
    )
    assert body["parameter"] == "fields"
    assert "agenda" in body["message"]


def test_contact_endpoint_fields(client, site):
    [contact] = get_json(client, "/api/v2/contacts/")["items"]
    assert set(contact) == {
        "id",
        "meta",
        "name",
        "role",
        "organisation",
        "phone",
        "phone_display",
        "email",
    }
    full = get_json(client, f"/api/v2/contacts/{site.contact.pk}/")
    assert set(full) == {"id", "meta", "locale", *CONTACT_FIELDS - {"id"}}
    assert full["locale"] == "de"
    assert full["meta"]["type"] == "stadtteil_pages.ContactPerson"


def test_venue_endpoint_fields(client, site):
    [venue] = get_json(client, "/api/v2/venues/")["items"]
    assert set(venue) == {
        "id",
        "meta",
        "name",
        "street",
        "postal_code",
        "city",
        "district",
        "coordinates",
    }
    full = get_json(client, f"/api/v2/venues/{site.venue.pk}/")
    assert set(full) == {"id", "meta", "locale", *VENUE_FIELDS - {"id"}}
    assert full["address"] == "Bürgertreff Welper, Im Welperfeld 23, 45527 Hattingen"


def test_district_endpoint_fields(client, site):
    items = get_json(client, "/api/v2/districts/")["items"]
    assert {item["slug"] for item in items} == {"welper", "winz-baak"}
    assert all(set(item) == {"id", "meta", "name", "slug"} for item in items)


def test_document_endpoint_fields(client, site):
    [document] = get_json(client, "/api/v2/documents/")["items"]
    assert set(document) == {"id", "meta", "title"}
    assert set(document["meta"]) == {"type", "detail_url", "download_url"}
    assert document["meta"]["download_url"].startswith("http")


def test_image_endpoint_fields(client, site):
    image = ImageFactory(title="Bürgertreff")
    site.welper.body = image_body(image)
    republish(site.welper)
    [item] = get_json(client, "/api/v2/images/")["items"]
    assert set(item) == {"id", "meta", "title"}
    detail_body = get_json(client, f"/api/v2/images/{image.pk}/")
    assert detail_body["width"] > 0 and detail_body["height"] > 0


def test_the_hattingen_content_through_the_api(client, hattingen):
    """The real content: the Mittagstisch is found by district with its price and dates."""
    body = get_json(
        client, "/api/v2/pages/?type=stadtteil_pages.ProjectPage&district=welper&fields=*&locale=de"
    )
    [lunch] = body["items"]
    assert lunch["title"] == "Mittagstisch Welper"
    assert lunch["price"] == "3.50" and lunch["price_currency"] == "EUR"
    assert lunch["venue"]["name"] == "Bürgertreff Welper"
    assert len(lunch["next_occurrences"]) == 5
    conferences = get_json(
        client,
        "/api/v2/pages/?type=stadtteil_pages.DistrictConferencePage&fields=contacts&locale=de",
    )["items"]
    assert len(conferences) == 6
    welper = next(item for item in conferences if item["meta"]["slug"] == "welper")
    assert [contact["phone"] for contact in welper["contacts"]] == ["+4923246" + "2323"]
    assert ProjectPage.objects.filter(locale__language_code="de").count() == 1
