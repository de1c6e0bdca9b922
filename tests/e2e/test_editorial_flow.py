"""The editorial flow in a real browser, as the people at the city would do it.

A district editor sets the date and venue of the next Welper meeting and
submits it; an approver approves; a visitor then sees the date on the
Welper page. Screenshots of each step go to test-artifacts/.

The test waits only for outcomes (an address, a value, a visible text),
never for widgets to open or close, so that a busy machine cannot make it
fail: inputs are filled directly, without the date picker.
"""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from home.management.commands.load_hattingen import DEMO_PASSWORD
from stadtteil_pages.models import MeetingPage, Venue

# Generous, because the machine may be busy; a passing step returns at once.
OUTCOME_TIMEOUT = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def hattingen_with_demo_users(committed_hattingen_with_demo_users):
    return MeetingPage.objects.get(
        locale__language_code="de", slug="naechster-termin", url_path__contains="/welper/"
    )


def log_in(browser, base_url, username):
    page = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.click('button[type="submit"]')
    expect(page).to_have_url(f"{base_url}/admin/", timeout=OUTCOME_TIMEOUT)
    return page


def set_date(page, name, moment):
    """Set a date-time field's value directly: focusing it would open the picker."""
    value = moment.strftime("%Y-%m-%d %H:%M")
    field = page.locator(f'input[name="{name}"]')
    field.evaluate(
        """(input, value) => {
            input.value = value;
            input.dispatchEvent(new Event("change", {bubbles: true}));
        }""",
        value,
    )
    expect(field).to_have_value(value)


def footer_action(page, selector):
    """A button of the editor's action menu, opening the menu when it is folded."""
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle").click()
    expect(button).to_be_visible(timeout=OUTCOME_TIMEOUT)
    return button


def test_district_editor_submits_approver_publishes_visitor_sees_the_date(
    chromium, live_server, hattingen_with_demo_users, screenshot
):
    meeting = hattingen_with_demo_users
    assert meeting.status == MeetingPage.Status.TO_BE_ANNOUNCED
    start = timezone.localtime() + datetime.timedelta(days=21)
    start = start.replace(hour=17, minute=0, second=0, microsecond=0)
    edit_url = f"{live_server.url}/admin/pages/{meeting.pk}/edit/"

    # The Welper editor sets date and venue and submits.
    editor = log_in(chromium, live_server.url, "welper")
    screenshot(editor, "welper-dashboard")
    editor.goto(edit_url)
    editor.select_option('select[name="status"]', "scheduled")
    set_date(editor, "start", start)
    set_date(editor, "end", start + datetime.timedelta(hours=2))
    editor.locator("div:has(> #id_venue) [data-chooser-action-choose]").click()
    editor.locator(".modal").get_by_role("link", name="Bürgertreff Welper").click()
    venue = Venue.objects.get(name="Bürgertreff Welper")
    expect(editor.locator("#id_venue")).to_have_value(str(venue.pk), timeout=OUTCOME_TIMEOUT)
    screenshot(editor, "welper-fills-in-date-and-venue")
    footer_action(editor, 'button[name="action-submit"]').click()
    # Submitting leads to the listing of the conference's pages.
    explorer_url = f"{live_server.url}/admin/pages/{meeting.get_parent().pk}/"
    expect(editor).to_have_url(explorer_url, timeout=OUTCOME_TIMEOUT)
    screenshot(editor, "welper-submitted")
    meeting.refresh_from_db()
    assert meeting.workflow_in_progress
    assert meeting.status == MeetingPage.Status.TO_BE_ANNOUNCED, "nothing is public yet"

    # The submitter is offered no approval of their own work.
    editor.goto(edit_url)
    assert editor.locator('footer button[data-workflow-action-name="approve"]').count() == 0
    editor.context.close()

    # An approver finds it on the dashboard and approves it.
    approver = log_in(chromium, live_server.url, "freigabe")
    screenshot(approver, "freigabe-dashboard")
    approver.goto(edit_url)
    footer_action(
        approver,
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
    ).click()
    expect(approver).to_have_url(explorer_url, timeout=OUTCOME_TIMEOUT)
    screenshot(approver, "freigabe-approved")
    approver.context.close()

    meeting = MeetingPage.objects.get(locale__language_code="de", pk=meeting.pk)
    assert meeting.live and not meeting.workflow_in_progress
    assert meeting.status == MeetingPage.Status.SCHEDULED
    assert timezone.localtime(meeting.start) == start

    # A visitor sees the new date and the venue on the Welper page.
    visitor = chromium.new_context(locale="de-DE").new_page()
    visitor.goto(live_server.url + meeting.get_parent().url)
    expect(visitor.locator("main")).to_contain_text(meeting.date_label)
    expect(visitor.locator("main")).to_contain_text("Bürgertreff Welper")
    screenshot(visitor, "visitor-sees-the-date")
    visitor.context.close()
