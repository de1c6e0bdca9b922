"""Addresses visitors and API users try by themselves, and what past dates offer."""

from stadtteil_pages.models import DistrictConferencePage
from tests.factories import berlin, meeting


def test_favicon_ico_is_served(client, hattingen):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/favicon.ico")
    assert response["Location"] != "/favicon.ico"


def test_api_v3_root_links_to_its_docs_and_openapi(client, hattingen):
    response = client.get("/api/v3/")
    assert response.status_code == 200
    links = response.json()
    assert links["docs"].endswith("/api/v3/docs/")
    assert client.get(links["openapi"].replace("http://testserver", "")).status_code == 200


def test_a_past_meeting_offers_no_add_to_calendar(client, hattingen):
    html = client.get("/stadtteilkonferenzen/winz-baak/2018-11-15/").content.decode()
    assert "termine.ics" not in html.split("<main", 1)[1]


def test_an_upcoming_meeting_still_offers_add_to_calendar(client, hattingen):
    welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")
    page = meeting(welper, slug="bald", start=berlin(2099, 5, 4, 17))
    html = client.get(page.url).content.decode()
    assert f"{page.url}termine.ics" in html
