import datetime
from decimal import Decimal
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Page, Revision, Site

import pytest

from home.models import CityContactSettings, StandardPage
from stadtteil_pages.models import (
    ConferenceIndexPage,
    ContactPerson,
    District,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProtocolIndexPage,
    Venue,
)
from tests.factories import berlin

pytestmark = pytest.mark.django_db


def object_counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "venues": Venue.objects.count(),
        "districts": District.objects.count(),
    }


def test_loading_twice_changes_and_duplicates_nothing(hattingen):
    before = object_counts()
    out = StringIO()
    call_command("load_hattingen", stdout=out)
    assert object_counts() == before
    assert "nothing changed" in out.getvalue()


def test_six_district_conferences_cover_nine_districts(hattingen):
    conferences = DistrictConferencePage.objects.live().filter(locale__language_code="de")
    assert conferences.count() == 6
    assert District.objects.count() == 9
    covered = {district.slug for page in conferences for district in page.districts.all()}
    assert len(covered) == 9


SEED_PEOPLE = {
    "Erika Beverungen-Gojdka": "+4923242043010",
    "Nadine Rosemeyer": "+492324950846",
    "Andreas Schmitt": "+492324950846",
    "Jürgen Siepermann": "+4923242045511",
    "Conny Bludau": "+492324681412",
    "Svenja Stirnberg": "+49232462323",
    "Vanessa Weyandt": "+492324591732",
}


def test_every_person_of_the_seed_exists_once_with_a_normalised_number(hattingen):
    for name, phone in SEED_PEOPLE.items():
        people = ContactPerson.objects.filter(name=name, locale__language_code="de")
        assert people.count() == 1, name
        person = people.get()
        assert str(person.phone) == phone
        assert person.live
    assert ContactPerson.objects.filter(locale__language_code="de").count() == len(SEED_PEOPLE)


def test_every_phone_number_of_the_seed_is_stored(hattingen):
    stored = {str(phone) for phone in ContactPerson.objects.values_list("phone", flat=True)}
    assert stored == set(SEED_PEOPLE.values())


def test_a_person_serving_two_conferences_is_one_contact_used_twice(hattingen):
    siepermann = ContactPerson.objects.get(name="Jürgen Siepermann")
    conferences = DistrictConferencePage.objects.filter(
        contact_links__contact=siepermann, locale__language_code="de"
    )
    assert sorted(page.slug for page in conferences) == [
        "bredenscheid-stueter-oberstueter-elfringhausen",
        "niederwenigern-niederbonsfeld",
    ]


def test_project_lead_with_office(hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    lead = index.project_lead
    assert (lead.name, lead.role, lead.office, lead.street) == (
        "Erika Beverungen-Gojdka",
        "Projektleitung",
        "Rathaus",
        "Rathausplatz 1",
    )
    assert index.lead_organiser_list == [
        "Stabsstelle Gleichstellung",
        "Fachbereich Jugend, Schule und Sport",
    ]
    assert "Februar 2010" in index.introduction


def test_index_body_lists_who_is_invited_and_the_goals(hattingen):
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    lists = [block.value["items"] for block in index.body if block.block_type == "list"]
    assert len(lists) == 2
    invited, goals = lists
    assert len(invited) == 3
    assert invited[0].startswith("die Ortsbürgermeisterinnen")
    assert len(goals) == 7
    assert goals[-1] == "die Integration von Migrantinnen und Migranten fördern"


def test_meetings_of_the_seed(hattingen):
    winz_baak = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    assert winz_baak.status == MeetingPage.Status.SCHEDULED
    assert timezone.localtime(winz_baak.start) == berlin(2018, 11, 15, 17)
    assert winz_baak.end is None
    assert winz_baak.venue.name == "Bürgertreff Oberwinzerfeld"
    assert winz_baak.venue.street == "Regerstraße 31–33"
    assert winz_baak.get_parent().slug == "winz-baak"

    welper = MeetingPage.objects.get(locale__language_code="de", slug="naechster-termin")
    assert welper.status == MeetingPage.Status.TO_BE_ANNOUNCED
    assert welper.start is None
    assert welper.get_parent().slug == "welper"


def test_mittagstisch_welper(hattingen):
    project = ProjectPage.objects.get(slug="mittagstisch", locale__language_code="de")
    assert project.title == "Mittagstisch Welper"
    assert project.tagline == "Welper isst gemeinsam"
    assert project.price == Decimal("3.50")
    assert project.price_includes == "Nachtisch und ein Getränk"
    assert (project.venue.name, project.venue.street) == ("Bürgertreff Welper", "Im Welperfeld 23")
    assert project.conference.slug == "welper"
    rules = [rule.as_rule()[:3] for rule in project.schedule_rules.all()]
    assert rules == [(0, datetime.time(12), datetime.time(13, 30))]
    assert "Bedürftigkeit" in str(project.body)


def test_legal_pages_archive_and_city_contact(hattingen):
    assert {
        page.slug for page in StandardPage.objects.live().filter(locale__language_code="de")
    } == {
        "impressum",
        "datenschutz",
        "barrierefreiheit",
    }
    assert ProtocolIndexPage.objects.live().filter(locale__language_code="de").count() == 1
    contact = CityContactSettings.for_site(Site.objects.get(is_default_site=True))
    assert (contact.organisation, contact.address_line, contact.locality) == (
        "Stadt Hattingen",
        "Postfach 80 04 56",
        "45504 Hattingen",
    )
    assert str(contact.phone) == "+4923242040"
    assert contact.imprint_page.slug == "impressum"


def test_content_is_published_through_revisions(hattingen):
    for page in Page.objects.filter(depth__gt=1):
        assert page.live, page
        # Aliases follow their German page and have no revisions of their own.
        assert page.alias_of_id or page.revisions.exists(), page
    for person in ContactPerson.objects.all():
        assert person.revisions.exists(), person


def test_site_root_is_the_home_page_served_at_slash(hattingen, client):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == hattingen
    assert site.site_name == "Stadt Hattingen"
    assert client.get("/").status_code == 200


def test_broken_data_file_is_a_command_error(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[index\n")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_hattingen", file=str(broken), stdout=StringIO())
    assert Page.objects.count() == 2
