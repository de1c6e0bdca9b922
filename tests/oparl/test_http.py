"""What OParl clients rely on over HTTP: addresses, CORS, caching, errors as JSON."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Site

import pytest

from tests.oparl.helpers import SYSTEM, body, get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache")]

CITY_PORTAL = "https://portal.example.org"


def test_ids_follow_the_sites_configured_address(client, oparl):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "stadtteile.hattingen.de", 443
    site.save()
    system = get(client, SYSTEM)
    assert system["id"] == "https://stadtteile.hattingen.de/oparl/v1.1/"
    city = get(client, system["body"].removeprefix("https://stadtteile.hattingen.de"))["data"][0]
    assert city["meeting"] == f"https://stadtteile.hattingen.de/oparl/v1.1/body/{site.pk}/meeting"
    meeting = get(client, f"{SYSTEM}meeting/{oparl.past_date.pk}")
    assert meeting["id"].startswith("https://stadtteile.hattingen.de/oparl/v1.1/meeting/")
    assert meeting["web"] == "https://stadtteile.hattingen.de/sk/welper/letzte/"
    assert meeting["resultsProtocol"]["accessUrl"].startswith(
        "https://stadtteile.hattingen.de/documents/"
    )


@override_settings(CORS_ALLOWED_ORIGINS=[CITY_PORTAL])
def test_the_sites_cors_allowlist_still_holds_outside_oparl(client, oparl):
    response = client.get("/api/v2/pages/", headers={"Origin": CITY_PORTAL})
    assert response["Access-Control-Allow-Origin"] == CITY_PORTAL
    response = client.get("/api/v2/pages/", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in response


def test_responses_are_cacheable_and_answer_if_none_match(client, oparl):
    response = client.get(SYSTEM)
    assert "public" in response["Cache-Control"]
    again = client.get(SYSTEM, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_only_reading_is_allowed(client, oparl):
    assert client.post(SYSTEM).status_code == 405
    assert client.delete(f"{SYSTEM}meeting/{oparl.past_date.pk}").status_code == 405
    assert client.head(SYSTEM).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "meeting/999999",
        "body/999/meeting",
        "body/999",
        "organization/999999/meeting",
        "meeting/99999999999999999999999",
        "agendaItem/1",
    ],
)
def test_unknown_objects_get_a_json_404(client, oparl, path):
    response = client.get(f"{SYSTEM}{path}")
    assert response.status_code == 404
    if path != "agendaItem/1" and not path.startswith("meeting/9999999999"):
        assert response.json()["message"]


def test_the_body_takes_its_name_from_the_setting_and_falls_back_to_the_site(
    client, oparl, settings
):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Stadtteilkonferenzen Hattingen"
    site.save()
    assert body(client)["name"] == "Stadtteilkonferenzen Hattingen"
    settings.STADTTEIL_OPARL_BODY = {
        "name": "Stadt Hattingen",
        "shortName": "Hattingen",
        "ags": "05954016",
        "contactEmail": "stadtteilkonferenzen@hattingen.de",
        "unknown": "ignored",
    }
    call_command("invalidate_cache", stdout=StringIO())  # settings take effect on a restart
    city = body(client)
    assert city["name"] == "Stadt Hattingen"
    assert city["shortName"] == "Hattingen"
    assert city["ags"] == "05954016"
    assert "unknown" not in city
    assert get(client, SYSTEM)["contactEmail"] == "stadtteilkonferenzen@hattingen.de"


def test_the_body_of_the_hattingen_site_is_the_city(client, hattingen):
    city = body(client)
    assert city["name"] == "Stadt Hattingen"
    assert city["website"].startswith("http")
