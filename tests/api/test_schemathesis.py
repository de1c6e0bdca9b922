"""Property-based run of the API v3 OpenAPI document: no 5xx, responses as described.

Schemathesis generates requests for every GET operation of
``/api/v3/openapi.json`` (valid and invalid parameters) and checks each
answer. The number of examples is bounded so that the run stays well under
a minute.
"""

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from stadtteil_pages.models import MeetingDocument
from tests.api.builders import ImageFactory, add_documents, image_body, republish
from tests.factories import DocumentFactory, conference_tree, meeting

# Loaded once at collection; reading the document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())


@pytest.fixture
def content(db):
    """A conference with a date, a protocol and an image: every endpoint has items."""
    index, conference = conference_tree()
    conference.body = image_body(ImageFactory(title="Bürgertreff"))
    republish(conference)
    add_documents(
        meeting(conference, title="Konferenz"),
        [(DocumentFactory(title="Protokoll"), MeetingDocument.Kind.PROTOCOL)],
    )
    # Requests go through the WSGI handler, not Django's test client: keep it
    # from closing the test's database connection after each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_v3_get_operations(case, content):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
