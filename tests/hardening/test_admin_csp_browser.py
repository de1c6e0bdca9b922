"""The Content-Security-Policy in a real Chromium: the public pages and the
Wagtail admin (login, page editor with its preview) load without a single
policy violation, and the demo users of `make run` can still log in."""

import pytest
from playwright.sync_api import expect

from home.management.commands.load_hattingen import DEMO_PASSWORD
from stadtteil_pages.models import MeetingPage
from tests.e2e.conftest import chromium  # noqa: F401  (the browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def watch_violations(page):
    """Collect Chromium's console reports of blocked content."""
    violations = []

    def listen(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    return violations


@pytest.fixture
def meeting(committed_hattingen_with_demo_users):
    return MeetingPage.objects.get(
        locale__language_code="de", slug="naechster-termin", url_path__contains="/welper/"
    )


def test_public_pages_load_without_policy_violations(chromium, live_server, meeting):  # noqa: F811
    page = chromium.new_page()
    violations = watch_violations(page)
    for path in ("/", "/stadtteilkonferenzen/", meeting.url):
        response = page.goto(live_server.url + path)
        assert response.status == 200
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_admin_login_and_page_editor_work_under_the_policy(chromium, live_server, meeting):  # noqa: F811
    page = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}).new_page()
    violations = watch_violations(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill('input[name="username"]', "redaktion")
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/{meeting.pk}/edit/")
    # The editor's scripts ran: the side panel opens (the preview panel's
    # frame is left out here: the test server's shared in-memory SQLite
    # cannot serve its concurrent requests; docs/operations.md).
    page.click('[data-side-panel-toggle="preview"]')
    expect(page.locator("#w-preview-iframe")).to_be_attached()
    expect(page.locator('input[name="title"]')).to_have_value(meeting.title)
    page.wait_for_load_state("networkidle")
    assert violations == []
