"""Every feed imports into a real calendar program (khal) without complaint."""

import os
import shutil
import subprocess

import pytest
import time_machine

from stadtteil_pages.models import MeetingPage
from tests.factories import VenueFactory, berlin, meeting

from .helpers import republish

KHAL = shutil.which("khal") or "/usr/bin/khal"
CONFIG = """\
[calendars]
[[feed]]
path = {calendar}

[locale]
local_timezone = Europe/Berlin
default_timezone = Europe/Berlin
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M

[sqlite]
path = {database}
"""


@pytest.fixture
def khal(tmp_path):
    """Run khal against a fresh, private configuration and calendar directory."""
    if not os.path.exists(KHAL):
        if os.environ.get("CI"):
            pytest.fail("khal is missing; .ci/run installs it (apt-get install khal)")
        pytest.skip("khal is not installed (apt-get install khal); CI installs and runs it")
    calendar = tmp_path / "calendar"
    calendar.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(CONFIG.format(calendar=calendar, database=tmp_path / "khal.db"))

    def run(*args):
        result = subprocess.run(  # noqa: S603 (fixed program, arguments from the test)
            [KHAL, "-c", str(config), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"},
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        for word in ("error", "warning", "traceback"):
            assert word not in output.lower(), output
        return result.stdout

    return run


def import_feed(client, khal, tmp_path, url):
    response = client.get(url)
    assert response.status_code == 200
    path = tmp_path / "feed.ics"
    path.write_bytes(response.getvalue())
    khal("import", "--batch", "-a", "feed", str(path))


@pytest.mark.parametrize(
    "url",
    [
        "/stadtteilkonferenzen/termine.ics",
        "/stadtteilkonferenzen/welper/termine.ics",
        "/stadtteilkonferenzen/welper/mittagstisch/termine.ics",
        "/stadtteilkonferenzen/winz-baak/termine.ics",
        "/stadtteilkonferenzen/winz-baak/2018-11-15/termine.ics",
        "/stadtteilkonferenzen/welper/naechster-termin/termine.ics",
    ],
)
def test_hattingen_feeds_import_into_khal(client, hattingen, khal, tmp_path, url):
    import_feed(client, khal, tmp_path, url)


def test_mittagstisch_imports_with_its_holidays_left_out(client, mittagstisch, khal, tmp_path):
    with time_machine.travel(berlin(2027, 1, 13, 9, 0), tick=False):
        import_feed(client, khal, tmp_path, mittagstisch.url + "termine.ics")
    # Easter Monday 2027 is closed, the Monday after is not.
    easter = khal("list", "--format", "{start} {title}", "2027-03-29", "1d")
    after = khal("list", "--format", "{start} {title}", "2027-04-05", "1d")
    assert "Mittagstisch" not in easter
    assert "2027-04-05 12:00 Mittagstisch Welper" in after


def test_an_imported_mittagstisch_goes_on_past_2028(client, mittagstisch, khal, tmp_path):
    with time_machine.travel(berlin(2027, 1, 13, 9, 0), tick=False):
        import_feed(client, khal, tmp_path, mittagstisch.url + "termine.ics")
    # A one-time import keeps the weekly series: winter and summer time, years ahead.
    winter = khal("list", "--format", "{start} {title}", "2031-01-06", "1d")
    summer = khal("list", "--format", "{start} {title}", "2031-07-07", "1d")
    assert "2031-01-06 12:00 Mittagstisch Welper" in winter
    assert "2031-07-07 12:00 Mittagstisch Welper" in summer


def test_every_kind_of_meeting_imports_into_khal(client, tree, khal, tmp_path):
    _index, conference = tree
    venue = VenueFactory(latitude="51.420100", longitude="7.186300")
    meeting(
        conference,
        title="Mit Ende & Ort",
        start=berlin(2030, 3, 31, 17),
        end=berlin(2030, 3, 31, 19),
        venue=venue,
    )
    meeting(conference, title="Ohne Ende", start=berlin(2030, 4, 7, 17))
    meeting(conference, status=MeetingPage.Status.POSTPONED, start=berlin(2030, 4, 14, 17))
    moved = meeting(conference, title="Verlegt", start=berlin(2030, 4, 21, 17))
    republish(moved, start=berlin(2030, 4, 28, 17))
    cancelled = meeting(conference, title="Abgesagt", start=berlin(2030, 5, 5, 17))
    republish(cancelled, status=MeetingPage.Status.CANCELLED)

    import_feed(client, khal, tmp_path, conference.url + "termine.ics")

    listed = khal("list", "--format", "{start} {title}", "2030-03-30", "60d")
    assert "2030-03-31 17:00 Mit Ende & Ort" in listed
    assert "2030-04-28 17:00 Verlegt" in listed
