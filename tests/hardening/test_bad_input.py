"""Bad input on every public address: a 4xx or a graceful page, never a 5xx.

Every public URL (pages, their feeds, the API, sitemap, robots, documents,
the protocol archive's filters, search) is requested with each bad parameter
and with every HTTP method. A method the address does not support may
answer 405; nothing may answer with a server error or show a traceback.
"""

from django.test import Client

import pytest

from stadtteil_pages.models import MeetingDocument, MeetingPage, ProjectPage
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

LONG = "x" * 5000
BAD_PARAMETERS = [
    "page=abc",
    "page=99999",
    "page=-1",
    "page=1&page=abc",
    "offset=99999999999999999999999",
    "offset=-1",
    "offset=1e9",
    "limit=abc",
    "limit=-5",
    "limit=100000",
    "start=2026-13-45",
    "start=gestern",
    "end=2026-02-30T25:61",
    "upcoming=vielleicht",
    "year=abc",
    "year=99999999999999999999",
    "district=atlantis",
    "district=%00",
    "locale=xx",
    "locale=zz-ZZ",
    "type=foo.Bar",
    "type=wagtailcore.Page.objects",
    "fields=*,-",
    "fields=__class__",
    "order=-nichtda",
    "order=random&search=x",
    "search=%00",
    "search=" + LONG,
    "search_operator=xor",
    "q=" + LONG,
    "q=%C3%9Cml%C3%A4ut%20%F0%9F%98%80%20%E2%80%AE",
    "q=%00",
    "q=%0D%0ASet-Cookie:%20x=1",
    "id=abc",
    "id=99999999999999999999999",
    "html_path=../../etc/passwd",
    "html_path=%00",
    "html_path=" + LONG,
    "child_of=abc",
    "descendant_of=99999999999999999999999",
    "translation_of=-1",
    "rich_text_format=markdown",
    "%00=1",
    "%FF%FE=%FF",
    "a[]=1&a[]=2",
    LONG + "=1",
]
METHODS = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]


def public_urls():
    """Addresses that need the loaded Hattingen site; resolved inside the test."""
    return [
        "/",
        "/en/",
        "/stadtteilkonferenzen/",
        "/stadtteilkonferenzen/welper/",
        "{meeting}",
        "{project}",
        "/stadtteilkonferenzen/protokolle/",
        "/stadtteilkonferenzen/termine.ics",
        "/stadtteilkonferenzen/welper/termine.ics",
        "{meeting}termine.ics",
        "{project}termine.ics",
        "/stadtteilkonferenzen/feed.atom",
        "/impressum/",
        "/sitemap.xml",
        "/robots.txt",
        "/suche/",
        "/api/v2/pages/",
        "/api/v2/pages/find/",
        "/api/v2/pages/{meeting_id}/",
        "/api/v2/contacts/",
        "/api/v2/venues/",
        "/api/v2/districts/",
        "/api/v2/documents/",
        "/api/v2/images/",
        "/api/v3/pages/",
        "/api/v3/pages/{meeting_id}/",
        "/api/v3/documents/",
        "/api/v3/images/",
        "/api/v3/locales/",
        "/api/v3/redirects/",
        "/api/v3/openapi.json",
        "{document}",
    ]


BAD_PATHS = [
    "/%00/",
    "/stadtteilkonferenzen/%00/",
    "/stadtteilkonferenzen/%00termine.ics",
    "/%0D%0Atermine.ics",
    "/xx/",
    "/en/%00/",
    "/stadtteilkonferenzen/" + "a" * 3000 + "/",
    "/stadtteilkonferenzen/%C3%BC%F0%9F%98%80/",
    "/stadtteilkonferenzen/%FF/",
    "/api/v2/pages/99999999999999999999999/",
    "/api/v3/pages/99999999999999999999999/",
    "/api/v2/documents/99999999999999999999999/",
    "/documents/99999999999999999999999/x.pdf",
    "/documents/1/%00.pdf",
    "/documents/1/" + "a" * 3000 + ".pdf",
    "/sitemap.xml/../admin/",
]


@pytest.fixture
def addresses(hattingen):
    meeting = MeetingPage.objects.live().filter(start__isnull=False).first()
    project = ProjectPage.objects.live().first()
    document = DocumentFactory(title="Einladung")
    meeting.documents = [MeetingDocument(document=document, kind=MeetingDocument.Kind.INVITATION)]
    meeting.save_revision().publish()
    values = {
        "meeting": meeting.url,
        "project": project.url,
        "meeting_id": meeting.pk,
        "document": document.url,
    }
    return [url.format(**values) for url in public_urls()]


def answer(client, method, url):
    response = getattr(client, method)(url)
    body = response.content.decode(errors="replace") if not response.streaming else ""
    return response.status_code, body


def assert_no_server_error(failures):
    assert not failures, "\n".join(failures)


# The plain request answers 200 except where stated: find needs a parameter,
# the locales are for token holders, search exists only where it is installed.
PLAIN_ANSWERS = {"/api/v2/pages/find/": {404}, "/api/v3/locales/": {401}, "/suche/": {200, 404}}


def test_every_public_address_answers_the_plain_request(addresses):
    client = Client(raise_request_exception=False)
    failures = []
    for url in addresses:
        status, _ = answer(client, "get", url)
        if status not in PLAIN_ANSWERS.get(url, {200}):
            failures.append(f"GET {url} → {status}")
    assert_no_server_error(failures)


@pytest.mark.parametrize("index", range(len(public_urls())))
def test_bad_parameters_never_cause_a_server_error(addresses, index):
    url = addresses[index]
    client = Client(raise_request_exception=False)
    failures = []
    for parameters in BAD_PARAMETERS:
        address = f"{url}{'&' if '?' in url else '?'}{parameters}"
        status, body = answer(client, "get", address)
        if status >= 500 or "Traceback" in body:
            failures.append(f"GET {address[:120]} → {status}")
    assert_no_server_error(failures)


@pytest.mark.parametrize("index", range(len(public_urls())))
def test_every_method_gets_an_answer_not_a_server_error(addresses, index):
    url = addresses[index]
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    failures = []
    for method in METHODS:
        status, body = answer(client, method, url)
        if status >= 500 or "Traceback" in body:
            failures.append(f"{method.upper()} {url} → {status}")
    assert_no_server_error(failures)


def test_bad_paths_never_cause_a_server_error(hattingen):
    client = Client(raise_request_exception=False)
    failures = []
    for path in BAD_PATHS:
        for method in ("get", "head"):
            status, body = answer(client, method, path)
            if status >= 500 or "Traceback" in body:
                failures.append(f"{method.upper()} {path[:120]} → {status}")
    assert_no_server_error(failures)


def test_protocol_archive_filters_answer_with_a_form_error(client, hattingen):
    response = client.get(
        "/stadtteilkonferenzen/protokolle/?conference=%00&year=99999999999999999999"
    )
    assert response.status_code == 200
    assert set(response.context["filter_form"].errors) == {"conference", "year"}
