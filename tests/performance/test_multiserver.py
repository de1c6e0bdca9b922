"""Two app servers on one PostgreSQL and one Redis: a change shows on both at once.

Starts two gunicorn instances (production settings) on the test database,
publishes through the admin of the first and expects the second to show the
change within one second, although it had the old page in the shared
response cache. Needs PostgreSQL and a Redis: ``STADTTEIL_TEST_REDIS_URL``,
or a ``redis-server`` on the PATH, which the test starts on a port of its own.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from io import StringIO
from pathlib import Path

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection

import pytest

from home.models import StandardPage

ROOT = Path(__file__).resolve().parents[2]
PORTS = (int(os.environ.get("STADTTEIL_TEST_PORT", "8196")), 0)
REDIS_PORT = int(os.environ.get("STADTTEIL_TEST_REDIS_PORT", "8194"))

pytestmark = pytest.mark.multiserver


@pytest.fixture
def redis_url():
    configured = os.environ.get("STADTTEIL_TEST_REDIS_URL")
    if configured:
        import redis

        redis.Redis.from_url(configured).flushdb()
        yield configured
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs Redis: set STADTTEIL_TEST_REDIS_URL or install redis-server")
    directory = tempfile.mkdtemp(prefix="stadtteil-redis-")
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--dir", directory],
        stdout=subprocess.DEVNULL,
    )
    yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    process.terminate()
    process.wait(timeout=10)


class Browser:
    """Just enough of a browser for the admin: cookies by hand (they are Secure)."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode()

    def csrf_token(self, html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def log_in(self, username, password):
        _, html = self.request("/admin/login/")
        status, _ = self.request(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": self.csrf_token(html),
                "username": username,
                "password": password,
            },
        )
        assert status == 302, "login failed"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_server(port, env):
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise AssertionError(f"gunicorn on {port} did not start")


@pytest.fixture
def committed_hattingen(transactional_db):
    """The Hattingen content, committed, so that the servers' connections see it.

    Loaded afresh: the session's snapshot would point at content types
    that a transactional test emptied. The test runs in a session of its own
    (``pytest -m multiserver``, as .ci/run does), where the tables still
    hold what the migrations wrote (locales, the root page).
    """
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share PostgreSQL; SQLite is one process's file")
    call_command("load_hattingen", stdout=StringIO())


@pytest.fixture
def servers(committed_hattingen, redis_url, django_user_model):
    editor = django_user_model.objects.create_superuser("chefin", "chefin@example.org")
    # Hashed as production checks it (the test settings use a faster hasher).
    editor.password = PBKDF2PasswordHasher().encode("geheim-123", "multiserver", iterations=1000)
    editor.save()
    settings = connection.settings_dict
    static_root = tempfile.mkdtemp(prefix="stadtteil-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "multiserver-test",
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}",
        "REDIS_URL": redis_url,
        "STATIC_ROOT": static_root,
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    first_port = PORTS[0]
    processes = [start_server(first_port, env), start_server(first_port + 1, env)]
    yield Browser(first_port), Browser(first_port + 1)
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def title_on(browser, path):
    status, html = browser.request(path)
    assert status == 200
    return re.search(r"<h1>(.*?)</h1>", html).group(1)


def test_publishing_on_one_server_shows_on_the_other_within_a_second(servers):
    editor_server, visitor_server = servers
    page = StandardPage.objects.get(locale__language_code="de", slug="impressum").specific
    assert title_on(visitor_server, page.url) == page.title
    assert title_on(visitor_server, page.url) == page.title  # now from the shared cache

    page.title = "Impressum der Stadt Hattingen"
    page.save_revision()  # a draft: nobody sees it yet
    assert title_on(visitor_server, page.url) != "Impressum der Stadt Hattingen"

    editor_server.log_in("chefin", "geheim-123")
    action = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    _, html = editor_server.request(action)
    status, _ = editor_server.request(
        action, {"csrfmiddlewaretoken": editor_server.csrf_token(html)}
    )
    assert status == 302
    published = time.monotonic()
    while title_on(visitor_server, page.url) != "Impressum der Stadt Hattingen":
        assert time.monotonic() - published < 1, "the other server still shows the old page"
        time.sleep(0.05)
    api = visitor_server.request(f"/api/v2/pages/{page.pk}/")[1]
    assert "Impressum der Stadt Hattingen" in api
