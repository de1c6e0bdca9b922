import pytest


@pytest.fixture(autouse=True)
def _one_time_bucket(one_time_bucket):
    """Answers compared across requests stay in one time bucket (see ``one_time_bucket``)."""
