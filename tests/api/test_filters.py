"""Every filter with good input, and every kind of bad input answered 400.

A bad value never gives a server error: the answer is 400 with a JSON
message that names the parameter, on SQLite and PostgreSQL alike.
"""

import datetime

from django.utils import timezone

import pytest

from tests.api.builders import get_json

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v2/pages/?type=stadtteil_pages.MeetingPage"
BEYOND_64_BITS = "99999999999999999999"


def titles(client, url):
    return [item["title"] for item in get_json(client, url)["items"]]


def test_district_selects_the_conference_its_dates_and_projects(client, site):
    assert set(titles(client, "/api/v2/pages/?district=welper")) == {
        "Konferenz Welper",
        "Nächste Konferenz",
        "Letzte Konferenz",
        "Termin folgt",
        "Mittagstisch Welper",
    }
    assert titles(client, "/api/v2/pages/?district=winz-baak") == [
        "Konferenz Winz-Baak",
        "Abgesagt",
    ]


def test_district_covers_projects_born_in_the_district_elsewhere(client, site):
    from tests.factories import project

    project(site.index, title="Stadtteilcafé", slug="cafe", conference=site.winz_baak)
    assert "Stadtteilcafé" in titles(client, "/api/v2/pages/?district=winz-baak")
    assert "Stadtteilcafé" not in titles(client, "/api/v2/pages/?district=welper")


def test_district_on_meetings_only(client, site):
    assert titles(client, f"{MEETINGS}&district=winz-baak") == ["Abgesagt"]


def test_status(client, site):
    assert titles(client, f"{MEETINGS}&status=cancelled") == ["Abgesagt"]
    assert titles(client, f"{MEETINGS}&status=tba") == ["Termin folgt"]
    # Without a type the status still selects meetings only.
    assert titles(client, "/api/v2/pages/?status=cancelled") == ["Abgesagt"]


def test_upcoming_true_gives_dates_not_over_soonest_first(client, site):
    assert titles(client, f"{MEETINGS}&upcoming=true") == ["Nächste Konferenz", "Abgesagt"]
    assert titles(client, "/api/v2/pages/?upcoming=true") == ["Nächste Konferenz", "Abgesagt"]


def test_upcoming_false_gives_past_dates_latest_first(client, site):
    assert titles(client, f"{MEETINGS}&upcoming=false") == ["Letzte Konferenz"]


def test_start_after_and_before_take_iso_dates_and_datetimes(client, site):
    today = timezone.localdate()
    in_two_weeks = (today + datetime.timedelta(days=14)).isoformat()
    assert titles(client, f"{MEETINGS}&start_after={today}&start_before={in_two_weeks}") == [
        "Nächste Konferenz"
    ]
    assert titles(client, f"{MEETINGS}&start_before={today}") == ["Letzte Konferenz"]
    moment = site.next_date.start.isoformat().replace("+", "%2B")
    assert titles(client, f"{MEETINGS}&start_after={moment}&order=start") == [
        "Nächste Konferenz",
        "Abgesagt",
    ]


def test_order_by_start_puts_dates_to_be_announced_last(client, site):
    ascending = titles(client, f"{MEETINGS}&order=start")
    assert ascending == ["Letzte Konferenz", "Nächste Konferenz", "Abgesagt", "Termin folgt"]
    descending = titles(client, f"{MEETINGS}&order=-start")
    assert descending == ["Abgesagt", "Nächste Konferenz", "Letzte Konferenz", "Termin folgt"]


def test_the_widget_question_next_date_in_welper(client, site):
    url = f"{MEETINGS}&district=welper&upcoming=true&limit=1&fields=start,venue"
    [item] = get_json(client, url)["items"]
    assert item["title"] == "Nächste Konferenz"
    assert item["venue"]["name"] == "Bürgertreff Welper"


def test_contacts_and_venues_by_district(client, site):
    assert titles_of(client, "/api/v2/contacts/?district=welper") == ["Svenja Stirnberg"]
    assert titles_of(client, "/api/v2/contacts/?district=winz-baak") == []
    assert titles_of(client, "/api/v2/venues/?district=welper") == ["Bürgertreff Welper"]
    assert titles_of(client, "/api/v2/venues/?district=winz-baak") == []


def titles_of(client, url):
    return [item["name"] for item in get_json(client, url)["items"]]


def test_locale(client, site):
    assert len(get_json(client, "/api/v2/pages/?locale=de")["items"]) > 5
    assert get_json(client, "/api/v2/contacts/?locale=de")["meta"]["total_count"] == 1


def test_limit_and_offset_page_through_results(client, site):
    first = get_json(client, f"{MEETINGS}&order=start&limit=2")
    second = get_json(client, f"{MEETINGS}&order=start&limit=2&offset=2")
    assert first["meta"]["total_count"] == second["meta"]["total_count"] == 4
    assert [item["title"] for item in first["items"] + second["items"]] == titles(
        client, f"{MEETINGS}&order=start"
    )


def test_the_largest_offset_is_an_empty_page(client, site):
    body = get_json(client, f"/api/v2/pages/?limit=20&offset={2**63 - 1 - 20}")
    assert body["items"] == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("/api/v2/pages/?district=atlantis", "district"),
        ("/api/v2/pages/?status=postponed-forever", "status"),
        ("/api/v2/pages/?upcoming=yes", "upcoming"),
        ("/api/v2/pages/?start_after=2026-13-45", "start_after"),
        ("/api/v2/pages/?start_before=tomorrow", "start_before"),
        ("/api/v2/pages/?start_after=", "start_after"),
        ("/api/v2/pages/?order=colour", "order"),
        ("/api/v2/pages/?type=stadtteil_pages.ProjectPage&order=start", "order"),
        ("/api/v2/pages/?type=stadtteil_pages.ProjectPage&status=scheduled", "status"),
        ("/api/v2/pages/?type=stadtteil_pages.ProjectPage&upcoming=true", "upcoming"),
        ("/api/v2/pages/?limit=abc", "limit"),
        ("/api/v2/pages/?limit=0", "limit"),
        ("/api/v2/pages/?limit=-1", "limit"),
        ("/api/v2/pages/?limit=21", "limit"),
        ("/api/v2/pages/?limit=2.5", "limit"),
        (f"/api/v2/pages/?limit={BEYOND_64_BITS}", "limit"),
        ("/api/v2/pages/?offset=-1", "offset"),
        ("/api/v2/pages/?offset=abc", "offset"),
        (f"/api/v2/pages/?offset={BEYOND_64_BITS}", "offset"),
        (f"/api/v2/pages/?offset={2**63 - 1}", "offset"),
        ("/api/v2/pages/?child_of=abc", "child_of"),
        ("/api/v2/pages/?child_of=987654", "child_of"),
        (f"/api/v2/pages/?child_of={BEYOND_64_BITS}", "child_of"),
        (f"/api/v2/pages/?descendant_of={BEYOND_64_BITS}", "descendant_of"),
        (f"/api/v2/pages/?ancestor_of=-{BEYOND_64_BITS}", "ancestor_of"),
        ("/api/v2/pages/?type=stadtteil_pages.Nothing", "type"),
        ("/api/v2/pages/?fields=colour", "fields"),
        ("/api/v2/pages/?fields=title(", "fields"),
        ("/api/v2/pages/?locale=xx", "locale"),
        ("/api/v2/pages/?site=nowhere.example", "site"),
        ("/api/v2/pages/?colour=blue", "colour"),
        ("/api/v2/pages/?title=a%00b", "title"),
        ("/api/v2/pages/?search=x&search_operator=xor", "search_operator"),
        (f"{MEETINGS}&id={BEYOND_64_BITS}", "id"),
        (f"{MEETINGS}&venue=abc", "venue"),
        (f"{MEETINGS}&start=garbage", "start"),
        (f"{MEETINGS}&documents=1", "documents"),
        ("/api/v2/pages/find/?id=abc", "id"),
        ("/api/v2/contacts/?district=atlantis", "district"),
        ("/api/v2/contacts/?locale=xx", "locale"),
        ("/api/v2/contacts/?limit=100", "limit"),
        ("/api/v2/contacts/?order=secret", "order"),
        ("/api/v2/contacts/?status=scheduled", "status"),
        ("/api/v2/venues/?district=atlantis", "district"),
        (f"/api/v2/venues/?offset={BEYOND_64_BITS}", "offset"),
        ("/api/v2/districts/?search=welper", "search"),
        ("/api/v2/documents/?limit=x", "limit"),
        ("/api/v2/images/?offset=-5", "offset"),
    ],
)
def test_bad_values_are_answered_400_naming_the_parameter(client, site, query, parameter):
    response = client.get(query)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["parameter"] == parameter
    assert isinstance(body["message"], str) and body["message"]


def test_rich_text_format_on_a_detail_is_checked(client, site):
    body = get_json(client, f"/api/v2/pages/{site.welper.pk}/?rich_text_format=rtf", status=400)
    assert body["parameter"] == "rich_text_format"


@pytest.mark.parametrize("endpoint", ["pages", "contacts", "venues", "districts", "documents"])
def test_an_impossible_id_is_not_found(client, site, endpoint):
    assert client.get(f"/api/v2/{endpoint}/{BEYOND_64_BITS}/").status_code == 404
    assert client.get(f"/api/v2/{endpoint}/987654/").status_code == 404


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_search_finds_published_pages_and_documents(client, site, version):
    pages = get_json(client, f"/api/{version}/pages/?search=Mittagstisch")["items"]
    assert [page["title"] for page in pages] == ["Mittagstisch Welper"]
    documents = get_json(client, f"/api/{version}/documents/?search=Protokoll")["items"]
    assert [document["title"] for document in documents] == ["Protokoll Welper"]


def test_search_finds_contacts_and_venues(client, site):
    assert titles_of(client, "/api/v2/contacts/?search=Svenja") == ["Svenja Stirnberg"]
    assert titles_of(client, "/api/v2/venues/?search=Welper") == ["Bürgertreff Welper"]


def test_a_yes_no_field_takes_true_false_1_and_0(client, site):
    projects = "/api/v2/pages/?type=stadtteil_pages.ProjectPage"
    closed = titles(client, f"{projects}&closed_on_public_holidays=true")
    open_ = titles(client, f"{projects}&closed_on_public_holidays=false")
    assert titles(client, f"{projects}&closed_on_public_holidays=1") == closed
    assert titles(client, f"{projects}&closed_on_public_holidays=0") == open_
    assert sorted(closed + open_) == sorted(titles(client, projects))
    for value in ("True", "ja"):
        body = get_json(client, f"{projects}&closed_on_public_holidays={value}", status=400)
        assert body["parameter"] == "closed_on_public_holidays"
