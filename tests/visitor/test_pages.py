"""What visitors read on each page type, computed in Python."""

import datetime
import decimal

from django.core.files.base import ContentFile
from django.utils import timezone, translation

import pytest
import time_machine

from stadtteil_pages.models import (
    ConferenceIndexPage,
    DistrictConferencePage,
    MeetingDocument,
    MeetingPage,
    ProjectClosure,
    ProjectPage,
    ProjectScheduleRule,
    ProtocolIndexPage,
    Venue,
)
from stadtteil_pages.queries.overview import overview
from tests.api.builders import add_documents
from tests.factories import DocumentFactory, berlin, meeting

pytestmark = pytest.mark.django_db

# A Friday; the Monday after is 7 December 2026, the Monday before Christmas
# is 21 December and 28 December is a Monday between the holidays.
FRIDAY = datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC)


@time_machine.travel(FRIDAY, tick=False)
def test_home_and_index_list_the_next_mittagstisch_date(client, hattingen):
    for url in ("/", "/stadtteilkonferenzen/"):
        html = client.get(url).content.decode()
        assert "Montag, 7. Dezember 2026, 12:00–13:30" in html, url
        assert "Mittagstisch Welper</a>" in html, url
        assert "Keine anstehenden Termine" not in html, url


@time_machine.travel(FRIDAY, tick=False)
def test_every_listed_meeting_names_its_conference(client, hattingen):
    winz_baak = DistrictConferencePage.objects.get(locale__language_code="de", slug="winz-baak")
    meeting(winz_baak, title="Frühjahrstreffen", start=berlin(2027, 3, 4, 17))
    for url in ("/", "/stadtteilkonferenzen/"):
        html = client.get(url).content.decode()
        assert "Donnerstag, 4. März 2027, 17:00" in html, url
        assert ">Stadtteilkonferenz Winz-Baak</a>" in html, url
        # The Welper date that is still open is listed with its conference.
        assert ">Stadtteilkonferenz Welper</a>" in html, url


@time_machine.travel(FRIDAY, tick=False)
def test_index_shows_district_cards_before_the_body(client, hattingen):
    html = client.get("/stadtteilkonferenzen/").content.decode()
    cards = html.index('id="conferences-heading"')
    assert cards < html.index('id="dates-heading"') < html.index("Wer wird eingeladen?")
    assert html.count('class="card card--conference"') == 6
    assert "Termin wird noch bekannt gegeben" in html
    assert 'href="tel:+49232462323"' in html


@time_machine.travel(FRIDAY, tick=False)
def test_conference_card_shows_the_next_dated_meeting(hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    soon = meeting(welper, title="Im Januar", start=berlin(2027, 1, 14, 17))
    cards = {card.conference.slug: card for card in overview(index).cards}
    assert cards["welper"].next_meeting.pk == soon.pk
    assert cards["winz-baak"].next_meeting is None
    assert [contact.name for contact in cards["mitte"].contacts] == [
        "Nadine Rosemeyer",
        "Andreas Schmitt",
    ]


def test_home_district_chooser_leads_every_district_to_its_conference(client, hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    links = {name: conference.slug for name, conference in overview(index).district_links}
    assert links["Oberstüter"] == "bredenscheid-stueter-oberstueter-elfringhausen"
    assert links["Welper"] == "welper"
    assert len(links) == 9
    html = client.get("/").content.decode()
    assert "Mein Stadtteil" in html
    assert (
        '<a href="/stadtteilkonferenzen/niederwenigern-niederbonsfeld/">Niederbonsfeld</a>' in html
    )


@time_machine.travel(FRIDAY, tick=False)
def test_district_page_shows_next_date_past_meetings_and_protocols(client, hattingen):
    winz_baak = DistrictConferencePage.objects.get(locale__language_code="de", slug="winz-baak")
    past = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    add_documents(past, [(DocumentFactory(title="Protokoll 2018"), MeetingDocument.Kind.PROTOCOL)])
    meeting(winz_baak, title="Nächstes Mal", start=berlin(2027, 2, 4, 17))
    html = client.get(winz_baak.url).content.decode()
    assert "Nächster Termin" in html
    assert "Donnerstag, 4. Februar 2027, 17:00" in html
    assert "Vergangene Termine und Protokolle" in html
    assert ">Protokoll 2018</a>" in html
    assert 'href="tel:+49232459 1732"'.replace(" ", "") in html
    # One phone number is a line on a card, not a bullet list.
    contacts = html.split('id="contacts-heading"', 1)[1].split("</section>", 1)[0]
    assert "<li>" not in contacts


@time_machine.travel(FRIDAY, tick=False)
def test_meeting_banners(hattingen):
    tba = MeetingPage.objects.get(locale__language_code="de", slug="naechster-termin")
    past = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    assert tba.banner.kind == "tba"
    assert past.banner.kind == "past"
    future = MeetingPage(status=MeetingPage.Status.SCHEDULED, start=berlin(2027, 1, 1, 17))
    assert future.banner is None
    future.status = MeetingPage.Status.CANCELLED
    assert future.banner.kind == "cancelled"
    future.status = MeetingPage.Status.POSTPONED
    assert future.banner.kind == "postponed"


def test_meeting_page_shows_full_address_osm_link_and_past_banner(client, hattingen):
    html = client.get("/stadtteilkonferenzen/winz-baak/2018-11-15/").content.decode()
    assert "Regerstraße 31–33<br>45525 Hattingen" in html
    assert html.count("45525 Hattingen") == 1
    assert (
        "https://www.openstreetmap.org/search?query=Regerstra%C3%9Fe+31%E2%80%9333%2C+45525+Hattingen"
        in html
    )
    assert "Dieser Termin liegt in der Vergangenheit." in html
    assert "<iframe" not in html


def test_openstreetmap_link_uses_coordinates_when_known():
    venue = Venue(
        name="Bürgertreff",
        street="Im Welperfeld 23",
        latitude=decimal.Decimal("51.413"),
        longitude=decimal.Decimal("7.178"),
    )
    assert venue.openstreetmap_url == (
        "https://www.openstreetmap.org/?mlat=51.413&mlon=7.178#map=18/51.413/7.178"
    )


def test_meeting_documents_show_kind_format_and_size(client, hattingen):
    past = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    pdf = ContentFile(b"%PDF-1.4" + b" " * 2040, name="einladung.pdf")
    add_documents(
        past, [(DocumentFactory(title="Einladung", file=pdf), MeetingDocument.Kind.INVITATION)]
    )
    html = client.get(past.url).content.decode()
    assert ">Einladung</a>" in html
    assert "(Einladung, PDF, 2,0\xa0KB)" in html


def test_past_meeting_is_in_its_own_calendar_file(client, hattingen):
    response = client.get("/stadtteilkonferenzen/winz-baak/2018-11-15/termine.ics")
    body = response.getvalue().decode()
    assert response.status_code == 200
    assert "BEGIN:VEVENT" in body
    assert "DTSTART;TZID=Europe/Berlin:20181115T170000" in body


def test_project_schedule_and_price_in_words(hattingen):
    project = ProjectPage.objects.get(locale__language_code="de", slug="mittagstisch")
    assert project.schedule_labels == ["montags, 12:00–13:30 Uhr"]
    assert project.price_label == "3,50 € inkl. Nachtisch und ein Getränk"
    project.price_includes = ""
    assert project.price_label == "3,50 €"
    project.price = None
    assert project.price_label == ""


def test_limited_schedule_names_its_period():
    rule = ProjectScheduleRule(
        weekday=2,
        start_time=datetime.time(9),
        end_time=datetime.time(11, 30),
        valid_until=datetime.date(2027, 6, 30),
    )
    with translation.override("de"):
        assert rule.label == "mittwochs, 09:00–11:30 Uhr (bis zum 30. Juni 2027)"


@time_machine.travel(FRIDAY, tick=False)
def test_project_page_lists_dates_closures_audience_and_whom_to_call(client, hattingen):
    project = ProjectPage.objects.get(locale__language_code="de", slug="mittagstisch")
    project.closures = [
        ProjectClosure(start_date=datetime.date(2026, 12, 14), reason="Weihnachtsfeier")
    ]
    project.save_revision().publish()
    html = client.get(project.url).content.decode()
    assert "montags, 12:00–13:30 Uhr" in html
    assert "3,50 € inkl. Nachtisch und ein Getränk" in html
    assert "Alle Bürgerinnen und Bürger aus Welper" in html
    assert "Montag, 7. Dezember 2026, 12:00–13:30" in html
    assert "Geschlossen am" in html
    assert "Montag, 14. Dezember 2026 (<bdi>Weihnachtsfeier</bdi>)" in html
    # The project names nobody itself: its conference's contact is asked.
    assert "Svenja Stirnberg" in html
    assert "Ansprechpersonen" in html


@time_machine.travel(FRIDAY, tick=False)
def test_upcoming_closures_name_public_holidays(hattingen):
    project = ProjectPage.objects.get(locale__language_code="de", slug="mittagstisch")
    skipped = {skip.date: skip.reason for skip in project.upcoming_closures()}
    # Easter Monday 2027 is 29 March.
    assert skipped[datetime.date(2027, 3, 29)] == "Ostermontag"


@time_machine.travel(FRIDAY, tick=False)
@pytest.mark.parametrize(
    "language, name, marked",
    [
        ("en", "Easter Monday", False),
        ("uk", "Великодній понеділок", False),
        # The holidays package names no holiday in Turkish or Arabic: German, marked so.
        ("tr", "Ostermontag", True),
        ("ar", "Ostermontag", True),
    ],
)
def test_holidays_are_named_in_the_visitors_language_or_marked_german(
    client, hattingen, language, name, marked
):
    html = client.get(f"/{language}/stadtteilkonferenzen/welper/mittagstisch/").content.decode()
    expected = f'<bdi lang="de" dir="ltr">{name}</bdi>' if marked else f"<bdi>{name}</bdi>"
    assert expected in html


def protocol(conference, start, title):
    page = meeting(conference, title=title, start=start)
    add_documents(
        page, [(DocumentFactory(title=f"Protokoll {title}"), MeetingDocument.Kind.PROTOCOL)]
    )
    return page


def test_archive_offers_only_conferences_and_years_with_protocols(client, hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    protocol(welper, berlin(2024, 3, 1, 17), "März 2024")
    protocol(welper, berlin(2025, 3, 1, 17), "März 2025")
    archive = ProtocolIndexPage.objects.get(locale__language_code="de")
    response = client.get(archive.url)
    form = response.context["filter_form"]
    assert [label for _value, label in form.fields["conference"].choices] == [
        "Alle Stadtteilkonferenzen",
        "Stadtteilkonferenz Welper",
    ]
    assert [value for value, _label in form.fields["year"].choices] == ["", 2025, 2024]
    html = client.get(archive.url + "?conference=welper&year=2024").content.decode()
    assert "Protokoll März 2024" in html
    assert "Protokoll März 2025" not in html


def test_archive_paginates_and_keeps_the_filter(client, hattingen, settings):
    settings.STADTTEIL_ARCHIVE_PAGE_SIZE = 5
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    first = timezone.make_aware(datetime.datetime(2020, 1, 1, 17))
    for number in range(settings.STADTTEIL_ARCHIVE_PAGE_SIZE + 1):
        protocol(welper, first + datetime.timedelta(days=7 * number), f"Sitzung {number}")
    archive = ProtocolIndexPage.objects.get(locale__language_code="de")
    html = client.get(archive.url + "?conference=welper").content.decode()
    assert 'href="?conference=welper&amp;page=2"' in html
    assert "Seite 1 von 2" in html
    second = client.get(archive.url + "?conference=welper&page=2").content.decode()
    assert "Protokoll Sitzung 0<" in second
    assert client.get(archive.url + "?page=999").status_code == 200


def test_archive_counts_what_each_filter_lists(client, hattingen, settings):
    settings.STADTTEIL_ARCHIVE_PAGE_SIZE = 2
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    winz_baak = DistrictConferencePage.objects.get(locale__language_code="de", slug="winz-baak")
    protocol(welper, berlin(2024, 3, 1, 17), "März 2024")
    protocol(welper, berlin(2024, 6, 1, 17), "Juni 2024")
    protocol(welper, berlin(2025, 3, 1, 17), "März 2025")
    protocol(winz_baak, berlin(2025, 5, 1, 17), "Mai 2025")
    # A date still to be announced keeps its protocol in the archive, in no year.
    tba = meeting(welper, title="Offen", status=MeetingPage.Status.TO_BE_ANNOUNCED)
    add_documents(tba, [(DocumentFactory(title="Protokoll Offen"), MeetingDocument.Kind.PROTOCOL)])
    archive = ProtocolIndexPage.objects.get(locale__language_code="de")
    for query, listed in [
        ("", 5),
        ("?conference=welper", 4),
        ("?year=2025", 2),
        ("?conference=welper&year=2024", 2),
        ("?conference=winz-baak&year=2024", 0),
    ]:
        shown = client.get(archive.url + query).context["protocols"]
        assert shown.paginator.count == listed, query
        assert len(shown.paginator.object_list) == listed, query


def test_empty_archive_says_what_exists(client, hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    protocol(welper, berlin(2024, 3, 1, 17), "März 2024")
    protocol(welper, berlin(2025, 3, 1, 17), "März 2025")
    winz_baak = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    add_documents(winz_baak, [(DocumentFactory(), MeetingDocument.Kind.PROTOCOL)])
    html = client.get("/stadtteilkonferenzen/protokolle/?conference=winz-baak&year=2024").content
    html = html.decode()
    assert "Das Archiv enthält Protokolle von" in html
    assert "<li>Stadtteilkonferenz Welper: 2025, 2024</li>" in html
    assert "<li>Stadtteilkonferenz Winz-Baak: 2018</li>" in html


def test_archive_without_protocols_says_so(client, hattingen):
    html = client.get("/stadtteilkonferenzen/protokolle/").content.decode()
    assert "Es sind noch keine Protokolle veröffentlicht." in html


@time_machine.travel(FRIDAY, tick=False)
def test_upcoming_dates_block_names_the_conference_of_each_date(rf, hattingen):
    from stadtteil_pages.blocks import BodyBlock

    winz_baak = DistrictConferencePage.objects.get(locale__language_code="de", slug="winz-baak")
    meeting(winz_baak, title="Frühjahrstreffen", start=berlin(2027, 3, 4, 17))
    body = BodyBlock().to_python([{"type": "upcoming_dates", "value": {"count": 3}}])
    html = body.render_as_block({"request": rf.get("/")})
    assert "Donnerstag, 4. März 2027, 17:00" in html
    assert ">Stadtteilkonferenz Winz-Baak</a>" in html
