"""The consumers in docs/examples/ work against a running server, as another site would use them.

The Python script runs as a separate process; the HTML widget runs in
Chromium from another origin, so that it also proves the CORS allowlist.

The server shares the test's database connection, and with it the test's
transaction: the tests stay ordinary database tests that roll back, instead
of transactional ones that empty the database for the tests after them.
"""

import datetime
import functools
import os
import re
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.test import override_settings

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

pytestmark = pytest.mark.django_db


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        """No access log in the test output."""


@pytest.fixture
def live_api(db):
    """Our site on a real port; one request at a time on the test's connection."""
    shared = connections[DEFAULT_DB_ALIAS]
    shared.inc_thread_sharing()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)

    def serve():
        connections[DEFAULT_DB_ALIAS] = shared
        server.serve_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    shared.dec_thread_sharing()


def run_script(*args):
    return subprocess.run(  # noqa: S603
        [sys.executable, str(EXAMPLES / "next_dates.py"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_python_script_prints_the_next_dates_of_welper(live_api, site):
    result = run_script("--api", f"{live_api}/api/v2/", "--district", "welper")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    meeting_line = next(line for line in lines if "Nächste Konferenz" in line)
    assert meeting_line.endswith("Bürgertreff Welper, Im Welperfeld 23, 45527 Hattingen")
    assert sum("Mittagstisch Welper" in line for line in lines) == 4
    days = [datetime.datetime.strptime(line[4:14], "%d.%m.%Y") for line in lines]
    assert days == sorted(days)
    assert all(line.startswith("Mo. ") for line in lines if "Mittagstisch" in line)


def test_the_python_script_reports_a_refused_parameter(live_api, site):
    result = run_script("--api", f"{live_api}/api/v2", "--district", "atlantis")
    assert result.returncode == 2
    assert "“district”" in result.stderr and "atlantis" in result.stderr


def test_the_python_script_reports_an_unreachable_api(db):
    result = run_script("--api", "http://127.0.0.1:9/api/v2/", "--district", "welper")
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr


@pytest.fixture
def widget_origin(tmp_path, live_api):
    """The widget on a page of another site (another port), pointed at our API."""
    html = (EXAMPLES / "naechste-termine-welper.html").read_text()
    html = html.replace("https://www.hattingen.de/api/v2/", f"{live_api}/api/v2/")
    (tmp_path / "index.html").write_text(html)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.browser
def test_the_html_widget_lists_the_next_dates_from_another_origin(widget_origin, site, monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with (
        override_settings(CORS_ALLOWED_ORIGINS=[widget_origin]),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(f"{widget_origin}/index.html")
        page.wait_for_selector(".termine-liste li")
        entries = page.locator(".termine-liste li").all_inner_texts()
        times = page.locator(".termine-liste time").evaluate_all(
            "nodes => nodes.map(node => node.dateTime)"
        )
        status = page.locator(".termine-status").inner_text()
        browser.close()
    assert len(entries) == 5 and status == ""
    assert any("Nächste Konferenz" in entry for entry in entries)
    lunch = re.compile(r"^Mo\. \d\d\.\d\d\.\d{4}, 12:00–13:30 Uhr: Mittagstisch Welper")
    assert sum(bool(lunch.match(entry)) for entry in entries) == 4
    starts = [datetime.datetime.fromisoformat(value) for value in times]
    assert starts == sorted(starts)


@pytest.mark.browser
def test_the_html_widget_is_blocked_from_an_origin_not_allowed(widget_origin, site, monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(f"{widget_origin}/index.html")
        page.wait_for_function(
            "document.querySelector('.termine-status').textContent.includes('nicht geladen')"
        )
        count = page.locator(".termine-liste li").count()
        browser.close()
    assert count == 0
