from io import StringIO

from django.core.management import call_command

import pytest

from home.models import HomePage


@pytest.fixture
def hattingen(db):
    """The Hattingen content as `make run` loads it; returns the home page."""
    call_command("load_hattingen", stdout=StringIO())
    return HomePage.objects.get()
