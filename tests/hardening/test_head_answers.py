"""HEAD answers as a WSGI server sends them: the headers of GET, no body;
and no header with a literal ``None``.

Django's test client drops HEAD bodies by itself, so these tests call the
WSGI application the way gunicorn does.
"""

import io

from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi():
    """Call the project's WSGI application; return status, headers and body bytes."""
    application = WSGIHandler()
    # As Django's test client does: the test's connection and transaction
    # stay open across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def call(method, path):
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "HTTP_HOST": "localhost",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        started = {}

        def start_response(status, headers, exc_info=None):
            started["status"] = int(status.split()[0])
            started["headers"] = {name.title(): value for name, value in headers}

        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
        return started["status"], started["headers"], body

    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def download(site):
    """The address of the public protocol, a text file with content."""
    site.protocol.file.save("protokoll-welper.txt", ContentFile("TOP 1: Mittagstisch\n"))
    return site.protocol.url


def addresses(site, download):
    return [
        "/",
        site.past_date.url,
        "/robots.txt",
        "/sitemap.xml",
        "/stadtteilkonferenzen/termine.ics",
        "/api/v2/pages/",
        "/api/v3/pages/",
        "/gibt-es-nicht/",
        download,
    ]


def test_head_answers_send_no_body_but_the_headers_of_get(wsgi, site, download):
    for url in addresses(site, download):
        get_status, get_headers, get_body = wsgi("GET", url)
        head_status, head_headers, head_body = wsgi("HEAD", url)
        assert get_body, url
        assert head_body == b"", url
        assert head_status == get_status, url
        assert head_headers["Content-Type"] == get_headers["Content-Type"], url
        if "Content-Length" in get_headers:
            assert head_headers["Content-Length"] == get_headers["Content-Length"], url


def test_a_document_download_has_no_literal_none_header(wsgi, download):
    status, headers, body = wsgi("GET", download)
    assert status == 200
    assert body == b"TOP 1: Mittagstisch\n"
    assert "None" not in headers.values()
    assert "Content-Encoding" not in headers
