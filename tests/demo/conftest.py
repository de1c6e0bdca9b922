from io import StringIO

from django.core.management import call_command

import pytest

from home.models import HomePage
from tests.conftest import hattingen_snapshot, restore_snapshot, take_snapshot

_example_year = {}


def example_year_snapshot():
    """The rows of the Hattingen content with the example year, taken once per test process."""
    if "rows" not in _example_year:

        def load():
            restore_snapshot(hattingen_snapshot())
            call_command("load_example_year", "--force", stdout=StringIO())

        _example_year["rows"] = take_snapshot(load)
    return _example_year["rows"]


@pytest.fixture
def example_year(db):
    """The Hattingen content and the example year, as `make run` loads them; returns the home page.

    The example's PDFs stay in the test session's media folder, so they can be
    downloaded after the rows are restored.
    """
    restore_snapshot(example_year_snapshot())
    return HomePage.objects.get(locale__language_code="de")
