"""API clients choose a language with ?locale= or Accept-Language."""

import pytest

from stadtteil_pages.models import DistrictConferencePage

CONFERENCES = "/api/v2/pages/?type=stadtteil_pages.DistrictConferencePage"


def titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_locale_narrows_to_one_language_with_meta_locale(client, hattingen):
    response = client.get(f"{CONFERENCES}&locale=en")
    assert response.status_code == 200
    # Every conference: translated, or the German page in the English tree.
    assert len(titles(response)) == 6
    assert "Welper District Conference" in titles(response)
    assert {item["meta"]["locale"] for item in response.json()["items"]} == {"en"}
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("header", ["ar", "ar, en;q=0.8"])  # the first as in docs/api.md
def test_accept_language_gives_the_whole_tree_of_that_language(client, hattingen, header):
    response = client.get(CONFERENCES, HTTP_ACCEPT_LANGUAGE=header)
    assert response["Content-Language"] == "ar"
    assert "Accept-Language" in response["Vary"]
    items = response.json()["items"]
    assert len(items) == 6  # every conference once
    assert {item["meta"]["locale"] for item in items} == {"ar"}


def test_locale_wins_over_accept_language(client, hattingen):
    response = client.get(f"{CONFERENCES}&locale=uk", HTTP_ACCEPT_LANGUAGE="tr")
    assert "Конференція району Вельпер" in titles(response)


@pytest.mark.parametrize("header", ["fr", "xx-!!", "*", ";q=abc", "de-AT"])
def test_accept_language_that_fits_nothing_gives_german(client, hattingen, header):
    response = client.get(CONFERENCES, HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert {item["meta"]["locale"] for item in response.json()["items"]} == {"de"}


def test_without_either_every_language_is_listed(client, hattingen):
    response = client.get(CONFERENCES)
    assert response.json()["meta"]["total_count"] == 6 * 5
    assert "Content-Language" not in response or response["Content-Language"] == "de"


@pytest.mark.parametrize(
    "endpoint", ["pages", "contacts", "venues", "districts", "documents", "images"]
)
def test_unknown_locale_is_a_400_on_every_endpoint(client, hattingen, endpoint):
    response = client.get(f"/api/v2/{endpoint}/?locale=klingon", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "message": "There is no language “klingon”.",
        "parameter": "locale",
    }


# Of the contacts, only the project lead has texts to translate (role, office).
@pytest.mark.parametrize("endpoint, turkish", [("contacts", 1), ("venues", 0)])
def test_snippets_filter_by_locale(client, hattingen, endpoint, turkish):
    german = client.get(f"/api/v2/{endpoint}/?locale=de").json()["meta"]["total_count"]
    assert german > turkish
    assert client.get(f"/api/v2/{endpoint}/?locale=tr").json()["meta"]["total_count"] == turkish


def test_translation_of_lists_the_other_languages(client, hattingen):
    welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")
    response = client.get(f"/api/v2/pages/?translation_of={welper.pk}")
    assert sorted(item["meta"]["locale"] for item in response.json()["items"]) == [
        "ar",
        "en",
        "tr",
        "uk",
    ]


def test_page_detail_says_its_language(client, hattingen):
    welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="tr")
    response = client.get(f"/api/v2/pages/{welper.pk}/")
    assert response.json()["meta"]["locale"] == "tr"
    assert response["Content-Language"] == "tr"
