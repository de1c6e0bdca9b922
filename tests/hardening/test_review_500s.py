"""Server errors found in review, each answered properly now."""

import icalendar
import pytest

from tests.api.builders import get_json

pytestmark = pytest.mark.django_db


def test_find_with_a_nul_character_in_html_path_answers_400(client, site):
    body = get_json(client, "/api/v2/pages/find/?html_path=%00", status=400)
    assert body["parameter"] == "html_path"


def test_find_checks_every_value_of_a_repeated_parameter(client, site):
    body = get_json(client, "/api/v2/pages/find/?html_path=/sk/&html_path=%00", status=400)
    assert body["parameter"] == "html_path"
    get_json(client, "/api/v2/pages/?limit=1&limit=%00", status=400)


def test_find_still_finds_a_public_page(client, site):
    response = client.get("/api/v2/pages/find/?html_path=/sk/welper/")
    assert response.status_code == 302
    assert f"/api/v2/pages/{site.welper.pk}/" in response["Location"]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_a_title_with_a_line_break_keeps_its_calendar_working(client, site, line_break):
    site.welper.title = f"Konferenz{line_break}Welper"
    site.welper.save_revision().publish()
    response = client.get(site.welper.url + "termine.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.getvalue())
    assert str(calendar["X-WR-CALNAME"]) == "Konferenz Welper"
    assert str(calendar["NAME"]) == "Konferenz Welper"
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_a_meeting_title_with_a_line_break_stays_one_summary(client, site):
    site.next_date.title = "Nächste\r\nKonferenz"
    site.next_date.save_revision().publish()
    response = client.get(site.next_date.url + "termine.ics")
    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.getvalue()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Nächste\nKonferenz"
