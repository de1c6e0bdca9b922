"""API v3 for the public: read-only, anonymous, described by OpenAPI, safe to probe."""

from django.contrib.auth import get_user_model
from django.test import override_settings

from wagtail.models import APIToken, Page

import pytest

from tests.api.builders import get_json
from tests.factories import meeting

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = "99999999999999999999"


@pytest.fixture
def token(db):
    """A valid Bearer token of a superuser: the strongest credential there is."""
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    _instance, plaintext = APIToken.create_token(user=user, name="test")
    return {"Authorization": f"Bearer {plaintext}"}


def test_openapi_describes_our_page_types(client, site):
    schema = get_json(client, "/api/v3/openapi.json")
    assert schema["openapi"].startswith("3.1")
    components = schema["components"]["schemas"]
    meeting_schema = components["MeetingPageSchema"]["properties"]
    for field in ("status", "start", "end", "venue", "districts", "documents", "ical_url"):
        assert field in meeting_schema
    project_schema = components["ProjectPageSchema"]["properties"]
    assert {"price", "price_currency", "next_occurrences", "schedule_rules"} <= set(project_schema)
    assert "DistrictConferencePageSchema" in components
    assert "ConferenceIndexPageSchema" in components


def test_openapi_lists_only_reading_operations_while_writes_are_off(client, site):
    schema = get_json(client, "/api/v3/openapi.json")
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}
    assert "/api/v3/locales/" in schema["paths"]
    assert "/api/v3/pages/{page_id}/" in schema["paths"]


@override_settings(STADTTEIL_API_V3_WRITES=True)
def test_openapi_lists_writes_when_they_are_enabled(client, site):
    schema = get_json(client, "/api/v3/openapi.json")
    assert "patch" in schema["paths"]["/api/v3/pages/{page_id}/"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v3/pages/"),
        ("patch", "/api/v3/pages/{id}/"),
        ("delete", "/api/v3/pages/{id}/"),
        ("post", "/api/v3/pages/{id}/actions/unpublish/"),
        ("post", "/api/v3/documents/"),
        ("put", "/api/v3/sites/1/"),
        ("delete", "/api/v3/locales/1/"),
    ],
)
def test_writes_answer_405_even_with_a_superuser_token(client, site, token, method, path):
    url = path.format(id=site.welper.pk)
    response = getattr(client, method)(
        url, data='{"title": "Gehackt"}', content_type="application/json", headers=token
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["message"]
    site.welper.refresh_from_db()
    assert site.welper.title == "Konferenz Welper" and site.welper.live


@pytest.mark.parametrize(
    "path", ["/api/v3/pages/", "/api/v3/pages/{id}/", "/api/v3/documents/", "/api/v3/images/"]
)
def test_head_answers_as_get_does_without_a_body(client, site, path):
    url = path.format(id=site.welper.pk)
    got = client.get(url)
    head = client.head(url)
    assert (got.status_code, head.status_code) == (200, 200)
    assert head["Content-Type"] == got["Content-Type"]
    assert got["Content-Type"].startswith("application/json")
    assert head.content == b""


@override_settings(STADTTEIL_API_V3_WRITES=True)
def test_the_setting_enables_writes_for_token_holders(client, site, token):
    response = client.patch(
        f"/api/v3/pages/{site.welper.pk}/",
        data='{"title": "Konferenz Welper (Entwurf)"}',
        content_type="application/json",
        headers=token,
    )
    assert response.status_code == 200, response.content
    assert Page.objects.get(pk=site.welper.pk).get_latest_revision_as_object().title == (
        "Konferenz Welper (Entwurf)"
    )
    # Anonymous readers still see the published version only.
    assert get_json(client, f"/api/v3/pages/{site.welper.pk}/")["title"] == "Konferenz Welper"


def test_without_writes_a_token_does_not_show_drafts(client, site, token):
    draft = meeting(site.welper, title="Entwurf", slug="entwurf", live=False)
    assert client.get(f"/api/v3/pages/{draft.pk}/", headers=token).status_code == 404
    titles = [item["title"] for item in get_json(client, "/api/v3/pages/", headers=token)["items"]]
    assert "Entwurf" not in titles and "Konferenz Welper" in titles


def test_anonymous_readers_get_the_published_pages(client, site):
    body = get_json(client, "/api/v3/pages/?type=stadtteil_pages.MeetingPage")
    assert {item["title"] for item in body["items"]} == {
        "Nächste Konferenz",
        "Letzte Konferenz",
        "Termin folgt",
        "Abgesagt",
    }
    detail = get_json(client, f"/api/v3/pages/{site.lunch.pk}/")
    assert detail["price"] == "3.50"
    assert detail["venue"]["district"]["slug"] == "welper"
    assert len(detail["next_occurrences"]) == 5


def test_the_locales_router_is_restored(client, site):
    response = client.get("/api/v3/locales/")
    assert response.status_code == 401  # there, but for token holders only


@override_settings(STADTTEIL_API_V3_WRITES=True)
def test_token_holders_can_list_locales_when_tokens_are_enabled(client, site, token):
    body = get_json(client, "/api/v3/locales/", headers=token)
    assert "de" in {item["language_code"] for item in body["items"]}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("/api/v3/pages/?offset=" + BEYOND_64_BITS, "offset"),
        (f"/api/v3/pages/?offset={2**63 - 1}", "offset"),
        ("/api/v3/pages/?offset=-1", "offset"),
        ("/api/v3/pages/?limit=0", "limit"),
        ("/api/v3/pages/?limit=21", "limit"),
        ("/api/v3/pages/?limit=abc", "limit"),
        ("/api/v3/pages/?child_of=abc", "child_of"),
        ("/api/v3/pages/?child_of=" + BEYOND_64_BITS, "child_of"),
        ("/api/v3/pages/?child_of=987654", "child_of"),
        ("/api/v3/pages/?type=stadtteil_pages.Nothing", "type"),
        ("/api/v3/pages/?order=colour", "order"),
        ("/api/v3/pages/?site=nowhere.example", "site"),
        ("/api/v3/pages/?title=a%00b", "title"),
        ("/api/v3/documents/?offset=" + BEYOND_64_BITS, "offset"),
        ("/api/v3/images/?limit=100", "limit"),
    ],
)
def test_bad_values_are_answered_400_naming_the_parameter(client, site, query, parameter):
    response = client.get(query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"] and body["status"] == 400


@pytest.mark.parametrize("path", ["pages", "documents", "images"])
def test_an_impossible_id_is_not_found(client, site, path):
    assert client.get(f"/api/v3/{path}/{BEYOND_64_BITS}/").status_code == 404


@pytest.mark.parametrize(
    "path", ["sites/", "schema/", "whoami/", "locales/", "snippets/stadtteil_pages.contactperson/"]
)
def test_the_administrative_routers_need_a_token(client, site, token, path):
    assert client.get(f"/api/v3/{path}").status_code == 401
    # Without writes even a superuser's token is ignored.
    assert client.get(f"/api/v3/{path}", headers=token).status_code == 401


def test_the_interactive_documentation_loads_nothing_from_other_servers(client, site):
    response = client.get("/api/v3/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "https://" not in html.replace("https://swagger.io", "")
