"""HTTP behaviour other sites depend on: CORS, caching headers and 304."""

from django.http import HttpResponse
from django.test import RequestFactory, override_settings

import pytest

from stadtteil_pages.http import public_cache, public_response

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache")]

CITY_PORTAL = "https://www.hattingen.de"
ELSEWHERE = "https://evil.example"
API_URLS = ["/api/v2/pages/", "/api/v2/contacts/", "/api/v3/pages/", "/api/v3/openapi.json"]


@override_settings(CORS_ALLOWED_ORIGINS=[CITY_PORTAL])
@pytest.mark.parametrize("url", API_URLS)
def test_an_allowed_origin_may_read_the_api(client, site, url):
    response = client.get(url, headers={"Origin": CITY_PORTAL})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == CITY_PORTAL


@override_settings(CORS_ALLOWED_ORIGINS=[CITY_PORTAL])
@pytest.mark.parametrize("url", API_URLS)
def test_another_origin_gets_no_cors_permission(client, site, url):
    response = client.get(url, headers={"Origin": ELSEWHERE})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[CITY_PORTAL])
def test_preflight_allows_reading_methods_only(client, site):
    response = client.options(
        "/api/v2/pages/",
        headers={"Origin": CITY_PORTAL, "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == CITY_PORTAL
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@override_settings(CORS_ALLOWED_ORIGINS=[CITY_PORTAL])
def test_cors_covers_the_api_only_not_the_admin(client, site):
    response = client.get("/admin/login/", headers={"Origin": CITY_PORTAL})
    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_by_default(client, site):
    response = client.get("/api/v2/pages/", headers={"Origin": CITY_PORTAL})
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("url", [*API_URLS, "/api/v2/venues/", "/api/v3/documents/"])
def test_responses_carry_an_etag_and_a_public_max_age(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}


@override_settings(STADTTEIL_API_MAX_AGE=60)
def test_the_max_age_is_a_setting(client, site):
    assert client.get("/api/v2/pages/")["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("url", [*API_URLS, "/api/v2/pages/?type=stadtteil_pages.MeetingPage"])
def test_a_conditional_request_with_the_etag_gets_304_without_body(client, site, url):
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "max-age=300" in response["Cache-Control"]


def test_the_etag_changes_when_the_content_changes(
    client, site, django_capture_on_commit_callbacks
):
    url = f"/api/v2/pages/{site.welper.pk}/"
    etag = client.get(url)["ETag"]
    site.welper.title = "Stadtteilkonferenz Welper (neu)"
    with django_capture_on_commit_callbacks(execute=True):
        site.welper.save_revision().publish()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["title"] == "Stadtteilkonferenz Welper (neu)"


def test_errors_are_not_marked_cacheable(client, site):
    response = client.get("/api/v2/pages/?limit=abc")
    assert response.status_code == 400
    assert "ETag" not in response and "public" not in response.get("Cache-Control", "")


@override_settings(STADTTEIL_API_V3_WRITES=True)
def test_a_response_to_credentials_is_private(client, site):
    response = client.get("/api/v3/pages/", headers={"Authorization": "Bearer whatever"})
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_without_writes_a_token_is_ignored_and_the_public_answer_cacheable(client, site):
    response = client.get("/api/v3/pages/", headers={"Authorization": "Bearer whatever"})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_the_helper_works_for_any_view_such_as_a_feed():
    @public_cache
    def feed(request):
        return HttpResponse("BEGIN:VCALENDAR", content_type="text/calendar")

    factory = RequestFactory()
    first = feed(factory.get("/termine.ics"))
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=300"
    with_token = feed(factory.get("/termine.ics", headers={"Authorization": "Bearer x"}))
    assert "private" in with_token["Cache-Control"]
    other = public_response(
        factory.get("/termine.ics", headers={"If-None-Match": '"other"'}),
        HttpResponse("BEGIN:VCALENDAR"),
        max_age=10,
    )
    assert other.status_code == 200 and other["Cache-Control"] == "public, max-age=10"


@override_settings(CORS_ALLOWED_ORIGINS=[CITY_PORTAL])
def test_cors_covers_the_calendar_feeds(client, site):
    response = client.get(site.welper.url + "termine.ics", headers={"Origin": CITY_PORTAL})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == CITY_PORTAL
