"""A page is public only when it and all its ancestors are: every channel agrees.

Each test hides a district conference (unpublished, expired before
``publish_scheduled`` runs, or private) and checks that its meetings and
projects disappear from one channel, while the other conference stays.
"""

import json

import pytest

from tests.api.builders import get_json

pytestmark = pytest.mark.django_db

WAYS = ["draft", "expired", "private"]


@pytest.mark.parametrize("way", ["draft", "expired"])
def test_a_meeting_below_a_hidden_conference_answers_404(client, site, hide, way):
    url = site.next_date.url
    assert client.get(url).status_code == 200
    hide[way](site.welper)
    assert client.get(url).status_code == 404
    assert client.get(site.lunch.url).status_code == 404


def test_a_meeting_below_a_private_conference_asks_for_a_login(client, site, hide):
    hide["private"](site.welper)
    response = client.get(site.next_date.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "login" in response["Location"]


def test_an_expired_page_answers_404_before_publish_scheduled_runs(client, site):
    from tests.hardening.conftest import expire

    expire(site.next_date)
    assert site.next_date.live
    assert client.get(site.next_date.url).status_code == 404


@pytest.mark.parametrize("way", ["draft", "expired"])
def test_the_calendar_route_of_a_hidden_page_answers_404(client, site, hide, way):
    assert client.get(site.next_date.url + "termine.ics").status_code == 200
    assert client.get(site.welper.url + "termine.ics").status_code == 200
    hide[way](site.welper)
    assert client.get(site.next_date.url + "termine.ics").status_code == 404
    assert client.get(site.welper.url + "termine.ics").status_code == 404


def test_the_atom_feed_of_an_expired_index_answers_404(client, site):
    from tests.hardening.conftest import expire

    assert client.get(site.index.url + "feed.atom").status_code == 200
    expire(site.index)
    assert client.get(site.index.url + "feed.atom").status_code == 404


@pytest.mark.parametrize("way", WAYS)
def test_the_index_page_lists_no_hidden_conference(client, site, hide, way):
    hide[way](site.winz_baak)
    html = client.get(site.index.url).content.decode()
    assert "Konferenz Welper" in html
    assert "Konferenz Winz-Baak" not in html


@pytest.mark.parametrize("way", WAYS)
def test_the_sitemap_leaves_out_pages_below_a_hidden_conference(client, site, hide, way):
    assert site.next_date.slug in client.get("/sitemap-pages.xml").content.decode()
    hide[way](site.welper)
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert site.welper.url_path.strip("/").split("/")[-1] not in xml
    for page in (site.next_date, site.past_date, site.lunch):
        assert f"/{page.slug}/" not in xml
    assert "/winz-baak/abgesagt/" in xml


@pytest.mark.parametrize("way", WAYS)
def test_the_index_calendar_leaves_out_meetings_below_a_hidden_conference(client, site, hide, way):
    assert "Nächste Konferenz" in client.get(site.index.url + "termine.ics").getvalue().decode()
    hide[way](site.welper)
    ics = client.get(site.index.url + "termine.ics").getvalue().decode()
    assert "Nächste Konferenz" not in ics and "Mittagstisch Welper" not in ics
    assert "Abgesagt" in ics


@pytest.mark.parametrize("way", WAYS)
def test_the_atom_feed_leaves_out_meetings_below_a_hidden_conference(client, site, hide, way):
    assert "Nächste Konferenz" in client.get(site.index.url + "feed.atom").content.decode()
    hide[way](site.welper)
    atom = client.get(site.index.url + "feed.atom").content.decode()
    assert "Nächste Konferenz" not in atom and "Protokoll Welper" not in atom
    assert "Abgesagt" in atom


def api_text(client):
    texts = [
        client.get(url).content.decode()
        for url in (
            "/api/v2/pages/?limit=20&fields=*&type=stadtteil_pages.MeetingPage",
            "/api/v2/pages/?limit=20",
            "/api/v2/pages/?upcoming=true",
            "/api/v2/documents/",
            "/api/v3/pages/?limit=20",
            "/api/v3/documents/",
        )
    ]
    return json.dumps(texts, ensure_ascii=False)


@pytest.mark.parametrize("way", WAYS)
def test_the_api_leaves_out_pages_below_a_hidden_conference(client, site, hide, way):
    assert "Nächste Konferenz" in api_text(client)
    hide[way](site.welper)
    text = api_text(client)
    for title in ("Nächste Konferenz", "Letzte Konferenz", "Mittagstisch Welper", "Protokoll"):
        assert title not in text
    for page in (site.next_date, site.lunch):
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
        assert client.get(f"/api/v3/pages/{page.pk}/").status_code == 404
        found = client.get(f"/api/v2/pages/find/?html_path={page.url_path.split('/', 2)[2]}")
        assert found.status_code == 404
    assert client.get(f"/api/v2/documents/{site.protocol.pk}/").status_code == 404


def test_api_v3_names_no_parent_outside_the_public_tree(client, site):
    home = site.index.get_parent()
    body = get_json(client, f"/api/v3/pages/{home.pk}/")
    assert body["meta"]["parent"] is None
    body = get_json(client, f"/api/v3/pages/{site.welper.pk}/")
    assert body["meta"]["parent"]["title"] == "Stadtteilkonferenzen"


@pytest.mark.parametrize("way", WAYS)
def test_the_upcoming_dates_on_the_index_leave_out_hidden_conferences(client, site, hide, way):
    index = site.index
    index.body = [("upcoming_dates", {"heading": "Bald", "count": 5})]
    index.save_revision().publish()
    assert site.next_date.url in client.get(index.url).content.decode()
    hide[way](site.welper)
    html = client.get(index.url).content.decode()
    assert site.next_date.url not in html
    assert site.cancelled.url in html
