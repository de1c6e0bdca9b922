"""Logging: errors with their traceback on stderr, each line with the id of
the request that caused it, and e-mails to ADMINS."""

import logging

from django.core import mail
from django.test import override_settings
from django.urls import path

import pytest

from cms.logging import RequestIdFilter, request_id_var
from cms.middleware import RequestIdMiddleware


def failing_view(request):
    logging.getLogger("stadtteil_pages").warning("about to fail")
    raise RuntimeError("database on fire")


urlpatterns = [path("fail/", failing_view)]


@pytest.fixture
def captured(settings):
    """The project's own stderr line format, captured."""
    import io
    from logging.config import dictConfig

    stream = io.StringIO()
    config = dict(settings.LOGGING)
    config["handlers"] = {**config["handlers"], "stderr": {**config["handlers"]["stderr"]}}
    config["handlers"]["stderr"].pop("stream")
    dictConfig(config)
    handler = next(
        h for h in logging.getLogger("django.request").handlers if h.get_name() == "stderr"
    )
    handler.setStream(stream)
    yield stream
    dictConfig(settings.LOGGING)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Web", "web@example.org")])
def test_a_server_error_is_logged_with_traceback_and_request_id(client, captured):
    client.raise_request_exception = False
    response = client.get("/fail/", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "abc-123"
    log = captured.getvalue()
    assert "ERROR [abc-123] django.request: Internal Server Error: /fail/" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: database on fire" in log
    # The administrators get the traceback by e-mail.
    assert len(mail.outbox) == 1
    assert "database on fire" in mail.outbox[0].body
    assert mail.outbox[0].to == ["web@example.org"]


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/robots.txt")["X-Request-ID"]
    second = client.get("/robots.txt")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["x" * 200, "a b", "evil\nline", "ü"])
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/robots.txt", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_log_records_outside_requests_are_marked():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "msg", None, None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_the_request_id_is_reset_after_the_request(rf):
    from django.http import HttpResponse

    seen = []

    def view(request):
        seen.append(request_id_var.get())
        return HttpResponse()

    RequestIdMiddleware(view)(rf.get("/", HTTP_X_REQUEST_ID="req-1"))
    assert seen == ["req-1"]
    assert request_id_var.get() == "-"


@pytest.mark.django_db
@override_settings(ADMINS=[("Web", "web@example.org")])
def test_a_foreign_host_is_one_warning_line_without_mail(client, captured):
    response = client.get("/", HTTP_HOST="attacker.example", headers={"X-Request-ID": "host-1"})
    assert response.status_code == 400
    log = captured.getvalue()
    assert "WARNING [host-1] django.security.DisallowedHost: Invalid HTTP_HOST header" in log
    assert "ERROR" not in log
    assert "Traceback" not in log
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "status", "reason"),
    [
        ("get", "/gibt-es-nicht/", 404, "Not Found"),
        ("post", "/robots.txt", 405, "Method Not Allowed"),
        ("get", "/api/v2/pages/?limit=nope", 400, "Bad Request"),
    ],
)
def test_every_refused_request_is_logged_with_its_request_id(
    client, captured, method, url, status, reason
):
    response = getattr(client, method)(url, headers={"X-Request-ID": f"refused-{status}"})
    assert response.status_code == status
    path = url.split("?")[0]
    assert f"WARNING [refused-{status}] django.request: {reason}: {path}" in captured.getvalue()
