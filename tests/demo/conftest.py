import pytest

from home.models import HomePage
from tests.conftest import restore_snapshot, take_snapshot


@pytest.fixture(scope="session")
def example_year_snapshot(django_db_setup, django_db_blocker):
    """The Hattingen content with the example year, as `make run` loads it (taken once)."""
    return take_snapshot(django_db_blocker, ["load_hattingen", "load_example_year --force"])


@pytest.fixture
def example_year(db, example_year_snapshot):
    """The Hattingen content and the example year; returns the home page.

    The example's PDFs stay in the test session's media folder, so they can be
    downloaded after the rows are restored.
    """
    restore_snapshot(example_year_snapshot)
    return HomePage.objects.get(locale__language_code="de")
