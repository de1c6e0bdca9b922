"""In a real Chromium, injected markup in editors' text never runs.

Every text field of the pages, their contacts, venues and documents holds
script tags, event handlers, ``</script>`` and ``javascript:`` links (see
``tests/hardening/payloads``); loading the pages and clicking the links
opens no dialog, and the title reads as the editor typed it.
"""

import pytest

from tests.api.conftest import site  # noqa: F401 (the shared fixture)
from tests.hardening import payloads

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_no_payload_runs_in_the_browser(chromium, live_server, site, screenshot):  # noqa: F811
    payloads.fill(site)
    dialogs = []
    page = chromium.new_context(locale="de-DE").new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: dialogs.append(f"error: {error}"))
    for target in (site.index, site.welper, site.next_date, site.lunch):
        response = page.goto(f"{live_server.url}{target.url}")
        assert response.status == 200, target.url
        heading = page.locator("h1")
        assert "alert('script')" in heading.inner_text()
        # Open the questions, then click the links an editor wrote as javascript:
        # (the page keeps their text, without an address).
        for summary in page.locator("main details summary").all():
            summary.click()
        for link in page.locator("main a:not([href])").all():
            link.click()
        screenshot(page, target.slug)
    assert dialogs == []
