"""Every page type of the Hattingen site passes axe-core's WCAG 2.1 AA rules."""

from io import StringIO

from django.core.management import call_command

import pytest
from axe_playwright_python.sync_playwright import Axe

from stadtteil_pages.models import DistrictConferencePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PATHS = [
    "/",
    "/stadtteilkonferenzen/",
    "/stadtteilkonferenzen/welper/",
    "/stadtteilkonferenzen/welper/naechster-termin/",
    "/stadtteilkonferenzen/winz-baak/2018-11-15/",
    "/stadtteilkonferenzen/welper/mittagstisch/",
    "/stadtteilkonferenzen/protokolle/",
    "/stadtteilkonferenzen/protokolle/?district=atlantis",
    "/impressum/",
    "/en/stadtteilkonferenzen/welper/",
]


@pytest.fixture
def hattingen_site(transactional_db):
    call_command("load_hattingen", stdout=StringIO())
    return DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")


def test_pages_have_no_wcag_violations(chromium, live_server, hattingen_site, screenshot):
    page = chromium.new_context(locale="de-DE").new_page()
    axe = Axe()
    found = {}
    for path in PATHS:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        violations = axe.run(page, options=WCAG_AA).response["violations"]
        if violations:
            screenshot(page, path.strip("/").replace("/", "-") or "home")
            found[path] = [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    assert found == {}
