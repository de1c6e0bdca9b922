"""Site search at /suche/: what residents find, and what they never find."""

import datetime
import re
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from stadtteil_pages.queries.search import MAX_QUERY_LENGTH
from tests.factories import conference_tree, meeting

pytestmark = pytest.mark.django_db

RESULT = re.compile(r'<h3 class="search-result__title"><a href="([^"]*)">([^<]*)</a>')


@pytest.fixture
def hattingen(hattingen):
    """The Hattingen content with its search index rebuilt.

    The content fixture restores table rows; SQLite's full-text table is no
    model, so the index is built again as ``update_index`` does in production.
    """
    call_command("update_index", stdout=StringIO())
    return hattingen


def results(client, query, **params):
    response = client.get("/suche/", {"q": query, **params})
    assert response.status_code == 200
    return [title for _url, title in RESULT.findall(response.content.decode())]


def urls(client, query):
    response = client.get("/suche/", {"q": query})
    return [url for url, _title in RESULT.findall(response.content.decode())]


def test_mittagstisch_finds_the_project_page(client, hattingen):
    assert results(client, "Mittagstisch")[0] == "Mittagstisch Welper"


def test_stadtteilkonferenzen_finds_the_index(client, hattingen):
    assert "/stadtteilkonferenzen/" in urls(client, "Stadtteilkonferenzen")


def test_welper_finds_the_welper_pages(client, hattingen):
    found = urls(client, "Welper")
    assert "/stadtteilkonferenzen/welper/" in found
    assert "/stadtteilkonferenzen/welper/mittagstisch/" in found
    assert "/stadtteilkonferenzen/welper/naechster-termin/" in found


def test_results_name_type_date_and_conference(client, hattingen):
    html = client.get("/suche/", {"q": "Winz-Baak November"}).content.decode()
    assert "Stadtteilkonferenz Winz-Baak am 15. November 2018" in html
    assert 'class="search-result__kind">Termin<' in html
    assert "Donnerstag, 15. November 2018, 17:00" in html
    assert 'Konferenz: <a href="/stadtteilkonferenzen/winz-baak/">' in html


def test_a_contact_leads_to_the_page_that_shows_them(client, hattingen):
    html = client.get("/suche/", {"q": "Stirnberg"}).content.decode()
    assert RESULT.findall(html) == [("/stadtteilkonferenzen/welper/", "Svenja Stirnberg")]
    assert 'href="tel:+4923246' in html


def test_german_stemming_finds_plural_forms(client, hattingen):
    if connection.vendor != "postgresql":
        pytest.skip("Only PostgreSQL stems German words; SQLite matches exact words")
    # The index page says "Stadtteilkonferenzen" and "Konferenzen", never "Konferenz".
    assert "/stadtteilkonferenzen/" in urls(client, "Konferenz")


@pytest.fixture
def conference(db):
    return conference_tree()[1]


def test_draft_private_and_expired_pages_are_never_results(client, conference):
    meeting(conference, title="Sondersitzung öffentlich", slug="public")
    meeting(conference, title="Sondersitzung Entwurf", slug="draft", live=False)
    private = meeting(conference, title="Sondersitzung privat", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    expired = meeting(conference, title="Sondersitzung abgelaufen", slug="expired")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()
    assert results(client, "Sondersitzung") == ["Sondersitzung öffentlich"]


def test_search_redirects_to_suche_keeping_the_question(client):
    response = client.get("/search/?q=Welper&page=2")
    assert response.status_code in (301, 302)
    assert response["Location"] == "/suche/?q=Welper&page=2"


def test_english_address_works(client, hattingen):
    assert client.get("/en/suche/", {"q": "Welper"}).status_code == 200


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 200, "Geben Sie ein Wort ein"),
        ({"q": "   "}, 200, "Geben Sie ein Wort ein"),
        ({"q": "a\x00b"}, 400, "Nullzeichen sind nicht erlaubt."),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, 400, f"höchstens {MAX_QUERY_LENGTH} Zeichen"),
        ({"q": "Welper", "page": "abc"}, 200, "Welper"),
        ({"q": "Welper", "page": "99999"}, 200, "Welper"),
        ({"q": "gibtesnicht"}, 200, "Nichts gefunden"),
    ],
)
def test_bad_input_gives_a_helpful_page(client, hattingen, params, status, message):
    response = client.get("/suche/", params)
    assert response.status_code == status
    assert message in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert "\x00" not in response.content.decode()


def test_results_are_paginated(client, conference):
    for number in range(12):
        meeting(conference, title=f"Sondersitzung {number}", slug=f"s{number}")
    first = results(client, "Sondersitzung")
    second = results(client, "Sondersitzung", page=2)
    assert len(first) == 10
    assert len(second) == 2
    assert not set(first) & set(second)
    html = client.get("/suche/", {"q": "Sondersitzung"}).content.decode()
    assert 'href="?q=Sondersitzung&amp;page=2" rel="next"' in html


def count_queries(client, query):
    # The first request after a change: nothing shared from an earlier one.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/suche/", {"q": query}).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_results(client, conference):
    meeting(conference, title="Sondersitzung", slug="first")
    count_queries(client, "Sondersitzung")  # warms the per-process caches
    few = count_queries(client, "Sondersitzung")
    for number in range(8):
        meeting(conference, title="Sondersitzung", slug=f"m{number}")
    assert count_queries(client, "Sondersitzung") == few


def test_the_document_title_names_the_search(client, hattingen):
    html = client.get("/suche/", {"q": "Welper"}).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    assert title.startswith("Suche nach „Welper“ – ")
    assert title.endswith("Stadt Hattingen")


SYNTAX = ["!", "&", "'", "a:b", "(", ":*", "\\", "-Welper", '"Welper"', "😀"]


@pytest.mark.parametrize("query", SYNTAX)
def test_search_syntax_characters_give_a_page_not_an_error(client, hattingen, query):
    assert client.get("/suche/", {"q": query}).status_code == 200
