import pytest

from stadtteil_pages.models import MeetingPage, ProjectPage
from tests.factories import conference_tree


@pytest.fixture
def tree(db):
    """A conference index with one district conference (Welper)."""
    return conference_tree()


@pytest.fixture
def mittagstisch(hattingen):
    return ProjectPage.objects.get(slug="mittagstisch", locale__language_code="de")


@pytest.fixture
def winz_baak_meeting(hattingen):
    return MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
