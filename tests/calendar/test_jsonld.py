"""schema.org JSON-LD as search engines and other city sites read it."""

import datetime
import re

import pytest
import time_machine

from stadtteil_pages import jsonld
from stadtteil_pages.models import (
    DistrictConferencePage,
    MeetingPage,
    Venue,
)
from tests.factories import berlin, meeting, page_types

from .helpers import JSONLD, republish, structured_data

TRICKY_TITLE = 'Kochen & Reden <im> "Treff" </script><script>alert(1)</script>'
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
SCHEMA = "https://schema.org/"


@pytest.fixture
def welper(hattingen):
    return DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")


@pytest.fixture
def welper_meeting(welper):
    return meeting(
        welper,
        title="Stadtteilkonferenz Welper im Frühjahr",
        start=berlin(2030, 3, 14, 17, 0),
        end=berlin(2030, 3, 14, 19, 0),
        venue=Venue.objects.get(name="Bürgertreff Welper"),
    )


def test_a_title_with_markup_survives_the_round_trip(client, welper):
    page = meeting(welper, title=TRICKY_TITLE, start=berlin(2030, 3, 14, 17, 0))

    html = client.get(page.url).content.decode()
    [block] = JSONLD.findall(html)
    graph = structured_data(client, page.url)

    assert graph["Event"][0]["name"] == TRICKY_TITLE
    assert graph["BreadcrumbList"][0]["itemListElement"][-1]["name"] == TRICKY_TITLE
    for character in "<>&":
        assert character not in block
    assert html.count("</script><script>alert(1)") == 0


def test_script_tag_escapes_what_could_end_the_element():
    tag = jsonld.script_tag({"name": "</script>&<!--"})
    assert tag == (
        '<script type="application/ld+json">'
        '{"name": "\\u003c/script\\u003e\\u0026\\u003c!--"}</script>'
    )


def test_meeting_is_an_event_with_place_organizer_and_status(client, welper_meeting):
    [event] = structured_data(client, welper_meeting.url)["Event"]

    assert event["name"] == "Stadtteilkonferenz Welper im Frühjahr"
    assert event["startDate"] == "2030-03-14T17:00:00+01:00"
    assert ISO_WITH_OFFSET.match(event["endDate"])
    assert event["eventStatus"] == SCHEMA + "EventScheduled"
    assert event["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert event["url"] == welper_meeting.full_url
    assert event["inLanguage"] == "de"
    assert event["location"] == {
        "@type": "Place",
        "name": "Bürgertreff Welper",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Im Welperfeld 23",
            "postalCode": "45527",
            "addressLocality": "Hattingen",
        },
    }
    organizer = event["organizer"]
    assert organizer["@type"] == "GovernmentOrganization"
    assert organizer["name"] == "Stadt Hattingen"
    assert organizer["telephone"] == "+4923242040"
    assert organizer["address"]["postalCode"] == "45504"


@pytest.mark.parametrize(
    ("status", "schema_status"),
    [
        (MeetingPage.Status.POSTPONED, "EventPostponed"),
        (MeetingPage.Status.CANCELLED, "EventCancelled"),
    ],
)
def test_meeting_event_status_follows_the_page(client, welper_meeting, status, schema_status):
    republish(welper_meeting, status=status)
    [event] = structured_data(client, welper_meeting.url)["Event"]
    assert event["eventStatus"] == SCHEMA + schema_status
    assert event["startDate"] == "2030-03-14T17:00:00+01:00"


def test_meeting_to_be_announced_has_breadcrumbs_but_no_event(client, hattingen):
    page = MeetingPage.objects.get(locale__language_code="de", slug="naechster-termin")
    graph = structured_data(client, page.url)
    assert "Event" not in graph
    assert graph["BreadcrumbList"]


def test_project_is_a_weekly_event_with_schedule_and_price(client, mittagstisch):
    with time_machine.travel(berlin(2027, 1, 13, 9, 0), tick=False):
        [event] = structured_data(client, mittagstisch.url)["Event"]

    assert event["name"] == "Mittagstisch Welper"
    assert event["startDate"] == "2027-01-18T12:00:00+01:00"
    assert event["endDate"] == "2027-01-18T13:30:00+01:00"
    assert event["location"]["name"] == "Bürgertreff Welper"
    assert event["organizer"]["name"] == "Stadt Hattingen"
    [schedule] = event["eventSchedule"]
    assert schedule["@type"] == "Schedule"
    assert schedule["byDay"] == SCHEMA + "Monday"
    assert schedule["startTime"] == "12:00:00"
    assert schedule["endTime"] == "13:30:00"
    assert schedule["repeatFrequency"] == "P1W"
    assert schedule["scheduleTimezone"] == "Europe/Berlin"
    assert {"2027-03-29", "2027-05-17", "2027-11-01"} <= set(schedule["exceptDate"])
    assert all(day >= "2027-01-13" for day in schedule["exceptDate"])
    assert event["offers"] == {
        "@type": "Offer",
        "price": "3.50",
        "priceCurrency": "EUR",
        "description": "Nachtisch und ein Getränk",
        "url": mittagstisch.full_url,
    }


def test_except_dates_are_the_pages_excluded_dates(mittagstisch, rf):
    today = datetime.date(2027, 1, 13)
    event = jsonld.project_event(mittagstisch, rf.get(mittagstisch.url), today=today)
    # Up to the horizon: the end of the month 24 months ahead.
    expected = mittagstisch.excluded_dates(today, datetime.date(2029, 1, 31))
    assert event["eventSchedule"][0]["exceptDate"] == [day.isoformat() for day in expected]


def test_contacts_are_people_with_a_contact_point(client, welper):
    [person] = structured_data(client, welper.url)["Person"]
    assert person["name"] == "Svenja Stirnberg"
    assert person["contactPoint"] == {"@type": "ContactPoint", "telephone": "+49232462323"}


def test_index_names_the_project_lead(client, hattingen):
    [person] = structured_data(client, "/stadtteilkonferenzen/")["Person"]
    assert person["name"] == "Erika Beverungen-Gojdka"
    assert person["jobTitle"] == "Projektleitung"
    assert person["address"]["streetAddress"] == "Rathausplatz 1"


@pytest.mark.parametrize("model", page_types(), ids=lambda model: model.__name__)
def test_every_page_has_a_breadcrumb_trail_ending_in_itself(client, hattingen, model):
    for page in model.objects.live().filter(locale__language_code="de"):
        [trail] = structured_data(client, page.url)["BreadcrumbList"]
        items = trail["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))
        assert items[0]["name"] == "Stadt Hattingen"
        assert items[-1]["name"] == page.title
        assert items[-1]["item"] == page.full_url
        assert len(items) == page.depth - 1


def test_breadcrumbs_skip_an_unpublished_ancestor(client, welper_meeting):
    welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")
    welper.unpublish()
    items = jsonld.breadcrumb_list(welper_meeting, None)["itemListElement"]
    assert "Stadtteilkonferenz Welper" not in [item["name"] for item in items]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
