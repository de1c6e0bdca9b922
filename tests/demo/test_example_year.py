"""The example year of `make run`: marked, alive, idempotent, removable, never in production."""

import datetime
import re
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Revision

import pytest

from cms.uploads import check_document_content
from home.example_year import (
    COLLECTION,
    EXAMPLE_VENUE,
    NOTE,
    ExampleYear,
    example_pdf,
    nth_weekday,
)
from stadtteil_pages.models import ContactPerson, MeetingDocument, MeetingPage, ProjectPage, Venue
from tests.factories import berlin

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = {"de", "en", "tr", "ar", "uk"}


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "collections": Collection.objects.count(),
        "venues": Venue.objects.count(),
        "contacts": ContactPerson.objects.count(),
    }


def german_example_meetings():
    return MeetingPage.objects.filter(
        locale__language_code="de", slug__startswith="beispiel-"
    ).order_by("start")


# Loading


def test_loading_twice_creates_and_changes_nothing(example_year):
    before = counts()
    out = StringIO()
    call_command("load_example_year", "--force", stdout=out)
    assert counts() == before
    assert "nothing changed" in out.getvalue()


def test_every_conference_has_past_dates_with_protocols_and_dates_ahead(example_year):
    now = timezone.now()
    year_ago = now - datetime.timedelta(days=366)
    conferences = {page.get_parent().slug for page in german_example_meetings()}
    assert len(conferences) == 6
    for slug in conferences:
        meetings = german_example_meetings().filter(path__startswith=_path_of(slug))
        past = meetings.past()
        assert past.count() == 2, slug
        assert all(year_ago < meeting.start < now for meeting in past)
        for meeting in past:
            protocols = meeting.documents.filter(kind=MeetingDocument.Kind.PROTOCOL)
            assert [item.document.collection.name for item in protocols] == [COLLECTION]
        assert meetings.upcoming().filter(status=MeetingPage.Status.SCHEDULED).exists(), slug


def _path_of(conference_slug):
    return Page.objects.get(locale__language_code="de", slug=conference_slug, depth=4).path


def test_a_new_month_moves_the_dates_on_instead_of_adding_pages(example_year):
    before = counts()
    dates = {page.pk: page.start for page in german_example_meetings()}
    later = timezone.localdate() + datetime.timedelta(days=62)
    report = ExampleYear(today=later).load()
    assert report
    after = counts()
    # New revisions for the moved dates, but no new page, document or venue.
    assert {key: value for key, value in after.items() if key != "revisions"} == {
        key: value for key, value in before.items() if key != "revisions"
    }
    moved = {page.pk: page.start for page in german_example_meetings()}
    assert moved.keys() == dates.keys()
    assert all(moved[pk] > dates[pk] for pk in dates)
    # The protocol follows its meeting's new date.
    meeting = german_example_meetings().past().first()
    protocol = meeting.documents.get(kind=MeetingDocument.Kind.PROTOCOL).document
    assert f"{meeting.start.day}." in protocol.title
    with protocol.file.open() as handle:
        assert b"Beispiel" in handle.read()


def test_nth_weekday_of_a_month():
    assert nth_weekday(2026, 12, 1, 2) == datetime.date(2026, 12, 8)  # 2nd Tuesday
    assert nth_weekday(2027, 2, 2, 3) == datetime.date(2027, 2, 17)  # 3rd Wednesday


# The seed's facts


def seed_facts():
    contacts = [
        (person.name, person.role, str(person.phone), person.office, person.street, person.live)
        for person in ContactPerson.objects.order_by("pk")
    ]
    welper = MeetingPage.objects.get(locale__language_code="de", slug="naechster-termin")
    winz_baak = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    return {
        "contacts": contacts,
        "welper": (welper.title, welper.status, welper.start, welper.live),
        "winz-baak": (winz_baak.title, winz_baak.start, winz_baak.venue.name, winz_baak.live),
        "seed revisions": {
            page.pk: page.latest_revision_id
            for page in Page.objects.exclude(slug__startswith="beispiel-")
        },
    }


def test_the_seed_facts_stay_exactly_as_loaded(hattingen, settings):
    settings.DEBUG = True
    before = seed_facts()
    call_command("load_example_year", stdout=StringIO())
    assert german_example_meetings().exists()
    after = seed_facts()
    assert after == before
    assert after["welper"][1:3] == (MeetingPage.Status.TO_BE_ANNOUNCED, None)
    assert after["winz-baak"][1] == berlin(2018, 11, 15, 17)


# What visitors see


def test_a_past_meeting_has_a_protocol_pdf_that_anyone_can_download(client, example_year):
    html = client.get("/stadtteilkonferenzen/welper/").content.decode()
    links = re.findall(r'href="(/documents/[^"]+\.pdf)">(Protokoll der [^<]+)</a>', html)
    assert len(links) == 2
    url, title = links[0]
    assert title.endswith("(Beispiel)")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-1.4")
    assert b"(Beispiel: Dieses Protokoll ist erfunden.)" in content
    # The archive lists the same protocols.
    archive = client.get("/stadtteilkonferenzen/protokolle/").content.decode()
    assert archive.count("(Beispiel)</a>") >= 12
    assert url in archive


def test_cancelled_and_postponed_meetings_are_shown_as_such(client, example_year):
    cancelled = client.get("/stadtteilkonferenzen/mitte/beispiel-abgesagt/").content.decode()
    assert "Dieser Termin fällt aus." in cancelled
    postponed = client.get("/stadtteilkonferenzen/holthausen/beispiel-verschoben/").content.decode()
    assert "Dieser Termin ist verschoben." in postponed
    mitte = client.get("/stadtteilkonferenzen/mitte/").content.decode()
    assert '<span class="status status--cancelled">Abgesagt</span>' in mitte
    holthausen = client.get("/stadtteilkonferenzen/holthausen/").content.decode()
    assert '<span class="status status--postponed">Verschoben</span>' in holthausen


def test_searching_for_protokoll_finds_the_example_meetings_and_protocols(client, example_year):
    # The fixture restores table rows; SQLite's full-text table is no model.
    call_command("update_index", stdout=StringIO())
    first = client.get("/suche/", {"q": "Protokoll"}).content.decode()
    count = re.search(r"(\d+) Ergebnisse für", first)
    # The twelve past meetings and their twelve protocols.
    assert count and int(count.group(1)) >= 24
    html = first + "".join(
        client.get("/suche/", {"q": "Protokoll", "page": number}).content.decode()
        for number in (2, 3)
    )
    assert "Stadtteilkonferenz Welper am " in html
    assert html.count("Protokoll der Stadtteilkonferenz Welper vom ") == 2


def test_the_readme_api_examples_return_items(client, example_year):
    readme = (ROOT / "README.md").read_text()
    examples = re.findall(r"curl '(?:https?://[^/]+)?(/api/[^']+)'", readme)
    assert examples
    for url in examples:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["items"], url


def test_every_example_page_shows_the_note_in_every_language(client, example_year):
    pages = ExampleYear.pages().live()
    german = pages.filter(locale__language_code="de")
    assert german.count() == 6 * 3 + 2 + 1
    assert set(pages.values_list("locale__language_code", flat=True)) == LANGUAGES
    assert pages.count() == german.count() * len(LANGUAGES)
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert f"{NOTE}:" in response.content.decode(), page.url


def test_the_second_project_meets_weekly_and_names_its_origin(client, example_year):
    project = ProjectPage.objects.get(
        locale__language_code="de", slug="beispiel-nachbarschaftscafe"
    )
    assert project.conference.slug == "winz-baak"
    assert project.next_occurrence() is not None
    html = client.get(project.url).content.decode()
    assert "mittwochs, 15:00–17:00 Uhr" in html
    assert "Ausflug des Cafés (Beispiel)" in html


def test_the_generated_pdf_is_well_formed():
    content = example_pdf("Protokoll (Beispiel)", ["Beispiel: Größe (1)"])
    check_document_content(SimpleUploadedFile("protokoll.pdf", content))
    # Every object starts where the cross-reference table says.
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", content).group(1))
    assert content[start:].startswith(b"xref\n0 7\n")
    offsets = re.findall(rb"(\d{10}) 00000 n", content[start:])
    for number, offset in enumerate(offsets, start=1):
        assert content[int(offset) :].startswith(b"%d 0 obj" % number)
    assert b"(Beispiel: Gr\xf6\xdfe \\(1\\))" in content


# Removing it, and keeping it out of production


def test_remove_takes_all_example_content_away(example_year):
    before = counts()
    pages = ExampleYear.pages().count()
    call_command("load_example_year", "--remove", stdout=StringIO())
    assert not ExampleYear.pages().exists()
    assert not Page.objects.filter(slug__startswith="beispiel-").exists()
    assert not Collection.objects.filter(name=COLLECTION).exists()
    assert not Venue.objects.filter(name=EXAMPLE_VENUE["name"]).exists()
    after = counts()
    assert after["pages"] == before["pages"] - pages
    assert after["documents"] == before["documents"] - 12
    assert after["contacts"] == before["contacts"]
    out = StringIO()
    call_command("load_example_year", "--remove", stdout=out)
    assert "There was no example content." in out.getvalue()


def test_the_production_import_adds_no_example_content(hattingen):
    assert not Page.objects.filter(slug__startswith="beispiel-").exists()
    assert not Page.objects.filter(title__contains="Beispiel").exists()
    assert not get_document_model().objects.exists()
    assert not Collection.objects.filter(name=COLLECTION).exists()


def test_without_debug_the_command_refuses_and_adds_nothing(hattingen, settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="development"):
        call_command("load_example_year", stdout=StringIO())
    assert counts() == before


def test_only_make_run_loads_the_example_year():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert run.index("load_hattingen") < run.index("load_example_year")
    assert makefile.count("load_example_year") == 1
    # The other ways this site is set up load only the real content.
    for path in ["ops/harness.py", "bench/run.py", ".ci/run"]:
        assert "load_example_year" not in (ROOT / path).read_text(), path
