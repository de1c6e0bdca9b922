"""Two app servers on one PostgreSQL and one Redis: a change shows on both at once.

Starts two gunicorn instances (production settings) on the test database,
publishes through the admin of the first and expects the second to show the
change within one second, although it had the old page in the shared
response cache. Needs PostgreSQL and a Redis: ``STADTTEIL_TEST_REDIS_URL``,
or a ``redis-server`` on the PATH, which the test starts on a port of its own.
"""

import json
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
from pathlib import Path

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

import pytest

from home.models import StandardPage

ROOT = Path(__file__).resolve().parents[2]
PORTS = (int(os.environ.get("STADTTEIL_TEST_PORT", "8196")), 0)
REDIS_PORT = int(os.environ.get("STADTTEIL_TEST_REDIS_PORT", "8194"))

pytestmark = [
    pytest.mark.multiserver,
    # Each test commits; what the migrations wrote (locales, the root page) comes back after it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
def committed_hattingen(committed_hattingen):
    """The Hattingen content, committed, so that the servers' connections see it.

    Restored from the test process's snapshot (tests/conftest.py): loaded
    once for the three tests.
    """
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share PostgreSQL; SQLite is one process's file")
    return committed_hattingen


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


# Every editorial action, made in another process, on every channel at once.

WELPER = "/stadtteilkonferenzen/welper/"
HOLTHAUSEN = "/stadtteilkonferenzen/holthausen/"
WINZ = "/stadtteilkonferenzen/winz-baak/"
ARCHIVE = "/stadtteilkonferenzen/protokolle/"
CHANNELS = [
    "/",
    "/stadtteilkonferenzen/",
    ARCHIVE,
    WELPER,
    f"{WELPER}naechster-termin/",
    f"{WELPER}termine.ics",
    HOLTHAUSEN,
    f"{HOLTHAUSEN}termine.ics",
    WINZ,
    f"{WINZ}2018-11-15/",
    "/stadtteilkonferenzen/feed.atom",
    "/en/stadtteilkonferenzen/",
    "/suche/?q=Stadtteilkonferenz",
    "/sitemap.xml",
    "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*",
    "/api/v2/pages/?type=stadtteil_pages.DistrictConferencePage&fields=*",
    "/api/v2/venues/",
    "/api/v3/pages/",
    "/oparl/v1.1/body/1/meeting/",
]


@pytest.fixture(params=["redis", "files"])
def cluster(request, committed_hattingen, redis_url, tmp_path):
    """App servers sharing PostgreSQL, and an editor working in a process of its own.

    ``redis``: two servers of two workers sharing Redis. ``files``: one
    server of two workers without Redis, whose cache is a directory.
    """
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "multiserver-test",
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    if request.param == "redis":
        env["REDIS_URL"] = redis_url
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = PORTS[0] + 2
    count = 2 if request.param == "redis" else 1
    processes = [start_server(port + number, env) for number in range(count)]
    editor = Editor(env)
    yield [Browser(port + number) for number in range(count)], editor
    editor.close()
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


# An editor's Django process: reads one command (a JSON string of Python
# code) per line, runs it and answers one JSON line with what it printed or
# the error it raised.
EDITOR = """
import contextlib, io, json, sys, traceback
import django
django.setup()
import datetime
from django.utils import timezone
from wagtail.models import Page
from stadtteil_pages.models import *

def page(url):
    return next(p for p in Page.objects.filter(locale__language_code='de').specific()
                if p.url == url)

for line in sys.stdin:
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(json.loads(line))
        answer = {"printed": printed.getvalue()}
    except Exception:
        answer = {"error": traceback.format_exc()}
    print(json.dumps(answer), flush=True)
"""


class Editor:
    """An editor working in a process of its own, kept for the whole test.

    Each change runs in it as Wagtail's admin would make it, committed before
    the call returns; starting Django once instead of once per change keeps
    the test fast.
    """

    def __init__(self, env):
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", EDITOR],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.printed = ""

    def __call__(self, code):
        """Run ``code``; the moment it is committed (``time.monotonic()``)."""
        self.process.stdin.write(json.dumps(code) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline() or '{"error": "the editor ended"}')
        if "error" in answer:
            raise AssertionError(f"the editor's change failed:\n{answer['error']}")
        self.printed = answer["printed"]
        return time.monotonic()

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def warm(browsers):
    """Every channel asked twice on every server: the second answer is a kept one."""
    etags = {}
    for browser in browsers:
        for url in CHANNELS:
            for _ in range(2):
                status, _body, headers = fetch(browser, url)
            etags[(browser.base, url)] = headers.get("ETag")
    return etags


def fetch(browser, url, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    request = urllib.request.Request(browser.base + url, headers=headers)  # noqa: S310
    try:
        response = urllib.request.urlopen(request, timeout=30)  # noqa: S310
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.read().decode(), response.headers


def within_a_second(browsers, since, check):
    """``check(browser)`` holds on every server within one second of the change."""
    for browser in browsers:
        while not check(browser):
            failing = [part.label for part in getattr(check, "parts", [check]) if not part(browser)]
            assert time.monotonic() - since < 1, f"{browser.base} still shows: {failing}"
            time.sleep(0.05)


def no_stale_etag(browsers, etags, urls):
    for browser in browsers:
        for url in urls:
            status, _body, _headers = fetch(browser, url, etags[(browser.base, url)])
            assert status == 200, f"{url} answered {status} to the ETag from before the change"


def shows(url, text, present=True):
    def check(browser):
        status, body, _headers = fetch(browser, url)
        return status == 200 and (text in body) == present

    check.label = f"{url} {'shows' if present else 'does not show'} {text!r}"
    return check


def status_of(url, expected):
    def check(browser):
        return fetch(browser, url)[0] == expected

    check.label = f"{url} answers {expected}"
    return check


def every(*checks):
    def check(browser):
        return all(part(browser) for part in checks)

    check.parts = checks
    return check


def test_every_editorial_action_shows_on_every_server_within_a_second(cluster):
    browsers, edit = cluster
    meeting = "/stadtteilkonferenzen/welper/naechster-termin/"

    # A content change: the meeting is postponed.
    etags = warm(browsers)
    since = edit(
        "m = page('/stadtteilkonferenzen/welper/naechster-termin/')\n"
        "m.status = MeetingPage.Status.POSTPONED\n"
        "m.save_revision().publish()\n",
    )
    meetings_api = "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*"
    within_a_second(
        browsers, since, every(shows(meeting, "erschoben"), shows(meetings_api, "postponed"))
    )
    no_stale_etag(browsers, etags, [meeting, WELPER, meetings_api])

    # The protocol archive unpublished: no page links it any more.
    etags = warm(browsers)
    since = edit(f"page('{ARCHIVE}').unpublish()\n")
    within_a_second(
        browsers,
        since,
        every(
            status_of(ARCHIVE, 404),
            *(shows(url, f'href="{ARCHIVE}"', present=False) for url in ("/", WELPER, meeting)),
            shows("/sitemap.xml", "protokolle", present=False),
        ),
    )
    no_stale_etag(browsers, etags, ["/", WELPER])

    # A district renamed.
    etags = warm(browsers)
    since = edit(
        "d = District.objects.get(slug='welper'); d.name = 'Welper-Blankenstein'; d.save()\n"
    )
    within_a_second(
        browsers,
        since,
        every(
            shows("/", "Welper-Blankenstein"),
            shows(WELPER, "Welper-Blankenstein"),
            shows("/api/v2/districts/", "Welper-Blankenstein"),
        ),
    )
    no_stale_etag(browsers, etags, ["/", WELPER])

    # A venue's street changed.
    etags = warm(browsers)
    since = edit(
        "v = Venue.objects.get(name='Bürgertreff Oberwinzerfeld')\n"
        "v.street = 'Neue Straße 1'\n"
        "v.save()\n",
    )
    within_a_second(
        browsers,
        since,
        every(
            shows(WINZ + "2018-11-15/", "Neue Straße 1"), shows("/api/v2/venues/", "Neue Straße 1")
        ),
    )

    # A contact published under a new name.
    etags = warm(browsers)
    since = edit(
        "c = ContactPerson.objects.get(name='Svenja Stirnberg', locale__language_code='de')\n"
        "c.name = 'Svenja Stirnberg-Kaya'\n"
        "c.save_revision().publish()\n",
    )
    within_a_second(browsers, since, shows(WELPER, "Svenja Stirnberg-Kaya"))

    # A meeting moved from Welper to Holthausen: both places, after the move.
    etags = warm(browsers)
    since = edit(
        f"m = page('{meeting}')\nm.move(page('{HOLTHAUSEN}'), pos='last-child')\n",
    )
    moved = HOLTHAUSEN + "naechster-termin/"
    within_a_second(
        browsers,
        since,
        every(
            shows(WELPER, 'href="' + meeting, present=False),
            shows(HOLTHAUSEN, 'href="' + moved),
            shows("/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*", moved),
        ),
    )
    no_stale_etag(browsers, etags, [WELPER, HOLTHAUSEN])

    # A meeting deleted.
    etags = warm(browsers)
    since = edit(f"page('{moved}').delete()\n")
    within_a_second(
        browsers, since, every(status_of(moved, 404), shows(HOLTHAUSEN, moved, present=False))
    )

    # A scheduled go-live, an expiry and a meeting's start and end, a few
    # seconds ahead, without publish_scheduled.
    etags = warm(browsers)
    edit(
        f"w = page('{WELPER}')\n"
        "soon = timezone.now() + datetime.timedelta(seconds=8)\n"
        "m = MeetingPage(title='Frühjahr', slug='fruehjahr', live=False,\n"
        "    status=MeetingPage.Status.SCHEDULED,\n"
        "    start=timezone.now() + datetime.timedelta(days=30))\n"
        "w.add_child(instance=m)\n"
        "m.go_live_at = soon\n"
        "m.save_revision().publish()\n"
        "h = page('/stadtteilkonferenzen/winz-baak/2018-11-15/')\n"
        "Page.objects.filter(pk=h.pk).update(expire_at=soon)\n"
        "s = MeetingPage(title='Gleich', slug='gleich', live=False, start=soon,\n"
        "    end=soon + datetime.timedelta(seconds=1), status=MeetingPage.Status.SCHEDULED)\n"
        "w.add_child(instance=s)\n"
        "s.save_revision().publish()\n"
        "print(soon.timestamp())\n",
    )
    moment = float(edit.printed.split()[-1])
    soon = WELPER + "gleich/"
    before = {browser.base: fetch(browser, soon)[2]["ETag"] for browser in browsers}
    spring = WELPER + "fruehjahr/"
    assert all(fetch(browser, spring)[0] == 404 for browser in browsers)
    time.sleep(max(0, moment - time.time()))
    within_a_second(
        browsers,
        time.monotonic(),
        every(
            status_of(spring, 200),
            shows(WELPER, 'href="' + spring),
            status_of(WINZ + "2018-11-15/", 404),
            shows(WINZ, "2018-11-15/", present=False),
        ),
    )
    # The meeting that started and ended meanwhile is no longer "upcoming".
    for browser in browsers:
        assert fetch(browser, soon, before[browser.base])[0] == 200


def fetch_as(browser, url, **headers):
    request = urllib.request.Request(browser.base + url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read().decode()


@pytest.mark.parametrize("cluster", ["redis"], indirect=True)
def test_the_shared_cache_keeps_languages_schemes_and_parameter_orders_apart(cluster):
    """What one client was answered never reaches another client on another server.

    Each answer is asked twice on the first server, so that it is kept in
    the shared cache, before the other client asks the second server.
    """
    (first, second), _env = cluster

    # The API negotiates the language: an Arabic client's selection is its own.
    listing = "/api/v2/pages/?fields=title&limit=20"
    for _ in range(2):
        arabic = fetch_as(first, listing, **{"Accept-Language": "ar"})
    assert {item["meta"]["locale"] for item in json.loads(arabic)["items"]} == {"ar"}
    german = fetch_as(second, listing, **{"Accept-Language": "de"})
    assert {item["meta"]["locale"] for item in json.loads(german)["items"]} == {"de"}
    assert fetch_as(second, listing) != arabic

    # The addresses in a page follow the scheme it was asked with.
    for _ in range(2):
        secure = fetch_as(first, "/", **{"X-Forwarded-Proto": "https"})
    assert 'hreflang="en" href="https://' in secure
    plain = fetch_as(second, "/")
    assert 'hreflang="en" href="http://' in plain
    assert "https://127.0.0.1" not in plain

    # Repeated parameters in another order are another question: the API
    # reads the last ``order``, so the two answers list the pages differently.
    by_id = "/api/v2/pages/?fields=title&limit=20&order=title&order=id"
    by_title = "/api/v2/pages/?fields=title&limit=20&order=id&order=title"
    for _ in range(2):
        ordered_by_id = fetch_as(first, by_id)
    ordered_by_title = fetch_as(second, by_title)
    assert ordered_by_title != ordered_by_id
