"""The clauses of the OParl 1.1 specification text that the JSON schemas do not check.

Each test quotes the section of the specification (https://oparl.org/spezifikation/,
source: github.com/OParl/spec, ``src/``) whose clause it covers.
"""

import datetime

from django.test import override_settings

import pytest
import time_machine

from tests.api.builders import republish
from tests.oparl.helpers import BASE, SYSTEM, body, get, walk

pytestmark = pytest.mark.django_db

ERROR = "https://schema.oparl.org/1.1/Error"


def later(minutes):
    """A moment after the fixture was built, on a whole second."""
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=minutes)
    return moment.replace(microsecond=0)


def saved_later(obj, **fields):
    """Change and save an object ten minutes on; the moment, for modified_since."""
    moment = later(10)
    with time_machine.travel(moment, tick=False):
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
    return moment


def ids(items):
    return {item["id"] for item in items}


def url_of(kind, pk):
    return f"{BASE}{SYSTEM}{kind}/{pk}"


# 2.6 Cross-Origin Resource Sharing (CORS)


@override_settings(CORS_ALLOWED_ORIGINS=[])
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "", 200),
        ("get", "body/1/meeting", 200),
        ("get", "meeting/999999", 404),
        ("get", "agendaItem/1", 404),
        ("get", "body/1/meeting?limit=zehn", 400),
        ("post", "", 405),
        ("head", "body/1", 200),
    ],
)
def test_cors_every_json_answer_allows_every_origin(client, oparl, method, path, status):
    """2.6 CORS: "OParl-Server müssen für jegliche Anfrage, die mit der Ausgabe von
    JSON-Daten beantwortet wird […] den folgenden HTTP-Antwort-Header senden:
    Access-Control-Allow-Origin: *" — answers and errors alike, whatever the
    site's own allowlist (empty here) says."""
    response = getattr(client, method)(
        f"{SYSTEM}{path}", headers={"Origin": "https://portal.example.org"}
    )
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    if method != "head":
        assert response["Content-Type"] == "application/json; charset=utf-8"


@override_settings(CORS_ALLOWED_ORIGINS=[])
def test_cors_preflight_is_answered_for_every_origin(client, oparl):
    """2.6 CORS: "Der HTTP-Antwort-Header Access-Control-Allow-Methods sollte darüber
    hinaus nicht gesetzt sein, oder muss die Methode GET beinhalten." """
    response = client.options(
        f"{SYSTEM}body/1/meeting",
        headers={
            "Origin": "https://portal.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"].split(", ")
    assert response["Access-Control-Allow-Headers"] == "accept"


# 2.5 Filter: omit_internal


def test_filter_omit_internal_true_leaves_out_internal_lists(client, oparl):
    """2.5 Filter: "Wenn ein Client den Parameter omit_internal mit dem Wert true angibt,
    dann soll der Server auf die Ausgabe von internen Listen verzichten […]
    auxiliaryFile in Meeting […] membership in Person" — and the links keep it
    ("bei den Werten von links muss der Server sicherzustellen, dass die
    verwendeten Filter erhalten bleiben")."""
    city = body(client)
    meetings = get(client, city["meeting"], omit_internal="true", limit=1)
    assert "omit_internal=true" in meetings["links"]["next"]
    every = walk(client, city["meeting"], omit_internal="true")
    past = next(item for item in every if item["name"] == "Letzte Konferenz")
    assert "auxiliaryFile" not in past
    assert past["resultsProtocol"]["name"] == "Protokoll Welper"
    person = walk(client, city["person"], omit_internal="true")[0]
    assert "membership" not in person
    # Without it (or with false), the internal lists are there.
    full = get(client, past["id"], omit_internal="false")
    assert [item["name"] for item in full["auxiliaryFile"]] == ["Präsentation"]
    assert walk(client, city["person"])[0]["membership"]


# 2.5 Filter: deleted objects only for modified_since


def test_filter_deleted_objects_only_in_answers_to_modified_since(client, oparl):
    """2.5 Filter: "Ein Server muss […] auch die den Filtern entsprechenden gelöschten
    Objekte ausgeben, wenn der Parameter modified_since gesetzt ist […] Wenn
    modified_since nicht gesetzt ist, dann dürfen die gelöschten Objekte nicht
    ausgegeben werden." """
    before = later(-1)
    oparl.past_date.unpublish()
    gone = url_of("meeting", oparl.past_date.pk)
    meetings = body(client)["meeting"]
    assert gone not in ids(walk(client, meetings))
    assert gone not in ids(walk(client, meetings, modified_until=later(5).isoformat()))
    assert gone not in ids(walk(client, meetings, created_since=before.isoformat()))
    changed = walk(client, meetings, modified_since=before.isoformat())
    assert {item["id"]: item.get("deleted") for item in changed}[gone] is True
    # 2.8: the object itself still answers 200 with deleted: true.
    assert get(client, gone)["deleted"] is True


# 3.1 created / modified


def test_created_and_modified_on_system_body_and_location_embedded_too(client, oparl):
    """3.1 created, modified: "Diese Eigenschaft muss in allen Objekttypen angegeben werden.
    Neu in OParl 1.1: Diese Eigenschaft muss auch in Objekten ausgegeben werden,
    die intern ausgegeben werden." """
    city = body(client)
    meeting = get(client, url_of("meeting", oparl.past_date.pk))
    location = get(client, url_of("location", oparl.venue.pk))
    for data in (get(client, SYSTEM), city, location, meeting["location"]):
        assert {"created", "modified"} <= set(data), data["type"]
        assert data["created"] <= data["modified"]
    assert meeting["location"]["modified"] == location["modified"]
    person = walk(client, city["person"])[0]
    for membership in person["membership"]:
        assert {"created", "modified"} <= set(membership)


def test_modified_a_venue_change_reaches_its_location_and_meetings(client, oparl):
    """3.1 modified: "Es ist zwingend, dass bei jeder Änderung eines Objekts der Wert dieses
    Attributs auf die zu diesem Zeitpunkt aktuelle Uhrzeit gesetzt wird" — and 2.8:
    "muss weiterhin der Wert modified aller Objekte aktualisiert werden, in die
    dieses Objekt eingebettet war." A new street is a change of the meetings
    that embed the venue."""
    moment = saved_later(oparl.venue, street="Marxstraße 1")
    city = body(client)
    since = moment.isoformat()
    locations = walk(client, city["locationList"], modified_since=since)
    assert [item["streetAddress"] for item in locations] == ["Marxstraße 1"]
    changed = walk(client, city["meeting"], modified_since=since)
    assert {item["name"] for item in changed} == {"Nächste Konferenz", "Letzte Konferenz"}
    for item in changed:
        assert datetime.datetime.fromisoformat(item["modified"]) == moment
        assert item["location"]["streetAddress"] == "Marxstraße 1"
    assert walk(client, city["organization"], modified_since=since) == []


def test_modified_a_document_change_reaches_its_file_and_meeting(client, oparl):
    """3.1 modified (as above): a meeting embeds its files."""
    since = saved_later(oparl.protocol, title="Protokoll der Konferenz").isoformat()
    city = body(client)
    files = walk(client, city["file"], modified_since=since)
    assert [item["name"] for item in files] == ["Protokoll der Konferenz"]
    meetings = walk(client, city["meeting"], modified_since=since)
    assert [item["resultsProtocol"]["name"] for item in meetings] == ["Protokoll der Konferenz"]
    assert meetings[0]["resultsProtocol"]["modified"] == files[0]["modified"]


def test_modified_a_district_change_reaches_conferences_locations_and_meetings(client, oparl):
    """3.1 modified (as above): a district is the subLocality of its venues and
    names its conferences (shortName, keyword)."""
    since = saved_later(oparl.welper.districts.first(), name="Welper-Blankenstein").isoformat()
    city = body(client)
    organizations = walk(client, city["organization"], modified_since=since)
    assert [item["shortName"] for item in organizations] == ["Welper-Blankenstein"]
    locations = walk(client, city["locationList"], modified_since=since)
    assert [item["subLocality"] for item in locations] == ["Welper-Blankenstein"]
    meetings = walk(client, city["meeting"], modified_since=since)
    assert {item["location"]["subLocality"] for item in meetings} == {"Welper-Blankenstein"}


def test_modified_a_contact_withdrawn_changes_its_conference(client, oparl):
    """3.1 modified, and 2.8: "Die Objekte LegislativeTerm, Membership, AgendaItem und
    Consultation dürfen nicht mehr einfach gelöscht werden." The conference lists
    the membership, which is deleted with the contact."""
    moment = later(10)
    with time_machine.travel(moment, tick=False):
        oparl.contact.unpublish()
    city = body(client)
    since = moment.isoformat()
    organization = walk(client, city["organization"], modified_since=since)
    assert [item["name"] for item in organization] == ["Konferenz Welper"]
    assert "membership" not in organization[0]
    memberships = walk(client, city["membership"], modified_since=since)
    assert [item.get("deleted") for item in memberships] == [True]
    assert walk(client, city["membership"]) == []


def test_modified_the_body_changes_with_its_settings(client, oparl, settings):
    """3.1 modified (as above), for the body, whose content comes from settings."""
    first = body(client)
    settings.STADTTEIL_OPARL_BODY = {"name": "Stadt Hattingen", "shortName": "Hattingen"}
    with time_machine.travel(later(10), tick=False):
        changed = body(client)
    assert changed["created"] == first["created"]
    assert changed["modified"] > first["modified"]
    bodies = get(client, get(client, SYSTEM)["body"], modified_since=later(9).isoformat())
    assert [item["name"] for item in bodies["data"]] == ["Stadt Hattingen"]


# Body: the lists the specification marks as ZWINGEND


def test_body_has_every_list_the_specification_marks_mandatory(client, oparl):
    """Body (schema text): "agendaItem: ZWINGEND Link zur Objektliste mit allen
    Tagesordnungspunkten der Körperschaft", likewise consultation, file,
    membership, locationList and legislativeTermList ("Neu in OParl 1.1")."""
    city = body(client)
    for key in ("agendaItem", "consultation", "legislativeTermList"):
        page = get(client, city[key])
        assert page["data"] == []
        assert page["pagination"]["totalElements"] == 0
    for key in ("membership", "file", "locationList"):
        assert walk(client, city[key])
    assert city["legislativeTerm"] == []


# 2.4 Datums- und Zeitangaben


def test_date_time_filters_compare_at_the_printed_precision(client, oparl):
    """2.4 Datums- und Zeitangaben: "ein Zeitpunkt (date-time) muss in der Form
    yyyy-mm-ddThh:mm:ss±hh:mm angegeben werden" — so a filter set to the printed
    created or modified of an object includes that object."""
    meetings = body(client)["meeting"]
    for item in walk(client, meetings):
        for parameter, value in (
            ("created_until", item["created"]),
            ("created_since", item["created"]),
            ("modified_until", item["modified"]),
            ("modified_since", item["modified"]),
        ):
            assert item["id"] in ids(walk(client, meetings, **{parameter: value})), parameter


# 2.9 Ausnahmebehandlung and 2.5 Paginierung


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("meeting/999999", 404),
        ("no/such/address", 404),
        ("body/1/meeting?created_since=gestern", 400),
        ("body/1/meeting?unknown=1", 400),
    ],
)
def test_errors_are_oparl_error_objects(client, oparl, path, status):
    """2.9 Ausnahmebehandlung: "Ein Server sollte in diesem Fall ein Objekt ausgeben, das
    die folgenden 3 Attribute enthält: type: Enthält als Wert die URL
    https://schema.oparl.org/1.1/Error, message: Eine Fehlermeldung […] in der
    Sprache der durch die Schnittstelle ausgelieferten Inhalte, debug." """
    response = client.get(f"{SYSTEM}{path}")
    assert response.status_code == status
    data = response.json()
    assert data["type"] == ERROR
    assert data["message"]
    if status == 400:
        assert data["debug"]["parameter"] in ("created_since", "unknown")


def test_pagination_a_page_past_the_last_is_an_empty_last_page(client, oparl):
    """2.5 Paginierung: "totalElements […] kann sich unter Umständen bis zum Aufruf der
    nächsten Listenseiten ändern" and "next: […] Für alle Seiten bis auf die letzte
    ist die Angabe dieser URL zwingend" — a client that follows a next link of a
    list that shrank meanwhile gets an empty page without next, not an error."""
    page = get(client, body(client)["meeting"], page="9999")
    assert page["data"] == []
    assert "next" not in page["links"]
    assert page["pagination"]["currentPage"] == 9999
    assert get(client, page["links"]["last"])["data"]


@pytest.mark.parametrize("limit", ["0", "-5"])
def test_filter_limit_the_server_need_not_keep_to(client, oparl, limit, settings):
    """2.5 Filter: "Ein Client darf nicht erwarten, dass sich ein Server an seine
    limit-Anfrage hält." A limit below one gets the default page size."""
    settings.STADTTEIL_OPARL_PAGE_SIZE = 2
    page = get(client, body(client)["meeting"], limit=limit)
    assert page["pagination"]["elementsPerPage"] == 2
    assert len(page["data"]) == 2


# Membership, Person.membership, Organization.membership


def test_membership_links_contact_and_conference_both_ways(client, oparl):
    """Membership: "Über Objekte dieses Typs wird die Mitgliedschaft von Personen in
    Gruppierungen dargestellt"; Person.membership is internal ("Bei der internen
    Ausgabe wird beim internen Objekt auf die Rückreferenz auf das Elternobjekt
    verzichtet"), Organization.membership lists the same objects by URL."""
    city = body(client)
    person = get(client, url_of("person", oparl.contact.pk))
    organization = get(client, url_of("organization", oparl.welper.pk))
    (embedded,) = person["membership"]
    assert "person" not in embedded
    assert embedded["organization"] == organization["id"]
    assert embedded["role"] == "Ansprechperson"
    assert organization["membership"] == [embedded["id"]]
    standalone = get(client, embedded["id"])
    assert standalone["person"] == person["id"]
    assert {key: standalone[key] for key in embedded} == embedded
    assert [item["id"] for item in walk(client, city["membership"])] == [embedded["id"]]
    # A conference without contacts has no memberships.
    assert "membership" not in get(client, url_of("organization", oparl.winz_baak.pk))


def test_membership_of_a_contact_taken_off_its_conference_is_deleted(client, oparl):
    """2.8 Gelöschte Objekte: Membership "dürfen nicht mehr einfach gelöscht werden"."""
    (membership,) = get(client, url_of("person", oparl.contact.pk))["membership"]
    moment = later(10)
    with time_machine.travel(moment, tick=False):
        oparl.welper.contact_links = []
        republish(oparl.welper)
    assert get(client, membership["id"])["deleted"] is True
    changed = walk(client, body(client)["person"], modified_since=moment.isoformat())
    assert [item["name"] for item in changed] == ["Svenja Stirnberg"]
    assert "membership" not in changed[0]
