from io import StringIO

from django.core.management import call_command

from wagtail.models import Page, Revision

import pytest

from stadtteil_pages.models import ContactPerson, District, DistrictConferencePage, Venue

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
    conferences = DistrictConferencePage.objects.live()
    assert conferences.count() == 6
    assert District.objects.count() == 9
    covered = {district.slug for page in conferences for district in page.districts.all()}
    assert len(covered) == 9
