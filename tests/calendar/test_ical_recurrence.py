"""The weekly Mittagstisch in a calendar program equals the dates on the page.

Calendar programs expand RRULE minus EXDATE themselves;
``recurring-ical-events`` does the same here, and the result must be exactly
``ProjectPage.occurrences()``: every Monday 12:00–13:30 in Berlin, summer and
winter time alike, without public holidays and closures.
"""

import datetime

from django.utils import timezone

import pytest
import recurring_ical_events
import time_machine

from stadtteil_pages.feeds.window import calendar_window
from stadtteil_pages.models import ProjectClosure, ProjectPage, ProjectScheduleRule
from tests.factories import berlin, project

from .helpers import events_by_uid, fetch_calendar

YEAR = 2027
# In the middle of January 2027 the feed starts in 2026 and lists the skipped
# days to the end of January 2029 (24 months ahead).
NOW = berlin(YEAR, 1, 13, 9, 0)
SUMMER_BREAK = (datetime.date(YEAR, 7, 12), datetime.date(YEAR, 8, 1))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def with_summer_break(mittagstisch):
    page = ProjectPage.objects.get(locale__language_code="de", pk=mittagstisch.pk)
    page.closures = [ProjectClosure(start_date=SUMMER_BREAK[0], end_date=SUMMER_BREAK[1])]
    page.save_revision().publish()
    return ProjectPage.objects.get(locale__language_code="de", pk=mittagstisch.pk)


def expand(calendar, start, end):
    """(start, end) of every instance, as a calendar program would show them."""
    return sorted(
        (event.start, event.end) for event in recurring_ical_events.of(calendar).between(start, end)
    )


def test_a_whole_year_of_the_mittagstisch_matches_the_page(client, with_summer_break, frozen):
    page = with_summer_break
    calendar = fetch_calendar(client, page.url + "termine.ics")

    in_calendar = expand(calendar, datetime.date(YEAR, 1, 1), datetime.date(YEAR + 1, 1, 1))
    on_page = [
        tuple(occ)
        for occ in page.occurrences(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    ]

    assert in_calendar == on_page
    starts = {start for start, _end in in_calendar}
    # Winter and summer time: always noon in Berlin, one hour apart in UTC.
    assert berlin(YEAR, 3, 22, 12, 0) in starts
    assert berlin(YEAR, 4, 5, 12, 0) in starts
    assert berlin(YEAR, 4, 5, 12, 0).utcoffset() - berlin(YEAR, 3, 22, 12).utcoffset() == (
        datetime.timedelta(hours=1)
    )
    assert berlin(YEAR, 11, 8, 12, 0) in starts
    excluded = {
        berlin(YEAR, 3, 29, 12, 0),  # Easter Monday
        berlin(YEAR, 5, 17, 12, 0),  # Whit Monday
        berlin(YEAR, 11, 1, 12, 0),  # All Saints' Day (NRW)
        berlin(YEAR, 7, 12, 12, 0),  # summer break …
        berlin(YEAR, 7, 19, 12, 0),
        berlin(YEAR, 7, 26, 12, 0),  # … to 1 August
    }
    assert not excluded & starts
    assert berlin(YEAR, 8, 2, 12, 0) in starts
    assert len(in_calendar) == 52 - len(excluded)


def test_the_whole_window_matches_the_page(client, with_summer_break, frozen):
    page = with_summer_break
    window = calendar_window()
    calendar = fetch_calendar(client, page.url + "termine.ics")

    in_calendar = expand(calendar, window.first_day, window.last_day + datetime.timedelta(days=1))

    assert in_calendar == [
        tuple(occ) for occ in page.occurrences(window.first_day, window.last_day)
    ]
    assert window.first_day == datetime.date(YEAR - 1, 1, 1)
    assert window.last_day == datetime.date(YEAR + 2, 1, 31)
    assert in_calendar[0][0] == berlin(YEAR - 1, 1, 5, 12, 0)


def test_an_open_rule_repeats_without_end_and_lists_the_skipped_days_ahead(
    client, mittagstisch, frozen
):
    [event] = fetch_calendar(client, mittagstisch.url + "termine.ics").walk("VEVENT")

    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO"]
    assert "UNTIL" not in rule and "COUNT" not in rule
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["UID"] == str(mittagstisch.ical_uid)
    exdates = {moment.dt for exdate in _as_list(event["EXDATE"]) for moment in exdate.dts}
    assert berlin(YEAR, 3, 29, 12, 0) in exdates  # Easter Monday
    assert berlin(YEAR + 1, 12, 25, 12, 0) in exdates  # Christmas, a Monday in 2028
    assert berlin(YEAR + 2, 1, 1, 12, 0) in exdates  # New Year, 24 months ahead
    horizon = calendar_window().last_day
    assert max(exdates).date() <= horizon == datetime.date(YEAR + 2, 1, 31)


def test_an_imported_calendar_goes_on_past_2028(client, mittagstisch, frozen):
    calendar = fetch_calendar(client, mittagstisch.url + "termine.ics")

    in_2031 = expand(calendar, datetime.date(2031, 1, 1), datetime.date(2032, 1, 1))

    starts = {start for start, _end in in_2031}
    assert len(in_2031) == 52
    assert berlin(2031, 1, 6, 12, 0) in starts
    assert berlin(2031, 7, 7, 12, 0) in starts  # summer time: still noon in Berlin
    assert in_2031[-1] == (berlin(2031, 12, 29, 12, 0), berlin(2031, 12, 29, 13, 30))


def test_the_skipped_days_ahead_are_configurable(client, mittagstisch, frozen, settings):
    settings.STADTTEIL_CALENDAR_EXCEPTION_MONTHS = 3
    [event] = fetch_calendar(client, mittagstisch.url + "termine.ics").walk("VEVENT")

    exdates = {moment.dt for exdate in _as_list(event["EXDATE"]) for moment in exdate.dts}

    assert berlin(YEAR, 3, 29, 12, 0) in exdates  # Easter Monday, in April's window
    assert berlin(YEAR, 5, 17, 12, 0) not in exdates  # Whit Monday, after April
    assert "UNTIL" not in event["RRULE"]


def test_an_end_of_validity_ends_the_rule(client, tree, frozen):
    page = project(tree[1])
    page.schedule_rules = [
        ProjectScheduleRule(
            weekday=2,
            start_time=datetime.time(18),
            end_time=datetime.time(20),
            valid_from=datetime.date(YEAR, 2, 1),
            valid_until=datetime.date(YEAR, 3, 31),
        )
    ]
    page.save_revision().publish()
    page = ProjectPage.objects.get(locale__language_code="de", pk=page.pk)

    calendar = fetch_calendar(client, page.url + "termine.ics")
    in_calendar = expand(calendar, datetime.date(YEAR, 1, 1), datetime.date(YEAR + 1, 1, 1))

    assert in_calendar == [
        tuple(occ)
        for occ in page.occurrences(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    ]
    assert in_calendar[0][0] == berlin(YEAR, 2, 3, 18, 0)
    assert in_calendar[-1][0] == berlin(YEAR, 3, 31, 18, 0)
    [event] = calendar.walk("VEVENT")
    assert event["RRULE"]["UNTIL"] == [berlin(YEAR, 3, 31, 18, 0)]


def test_each_weekly_rule_is_an_event_of_its_own(client, tree, frozen):
    page = project(tree[1], rules=((0, "12:00", "13:30"), (3, "15:00", "17:00")))

    calendar = fetch_calendar(client, page.url + "termine.ics")
    events = events_by_uid(calendar)
    in_calendar = expand(calendar, datetime.date(YEAR, 1, 1), datetime.date(YEAR + 1, 1, 1))

    assert len(events) == 2
    assert str(page.ical_uid) in events
    assert in_calendar == [
        tuple(occ)
        for occ in page.occurrences(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    ]
    # Ascension Day is a Thursday holiday; only the Thursday rule skips it.
    assert berlin(YEAR, 5, 6, 15, 0) not in {start for start, _end in in_calendar}
    again = events_by_uid(fetch_calendar(client, page.url + "termine.ics"))
    assert again.keys() == events.keys()


def test_a_project_open_on_holidays_lists_no_holidays(client, tree, frozen):
    page = project(tree[1], closed_on_public_holidays=False)
    [event] = fetch_calendar(client, page.url + "termine.ics").walk("VEVENT")
    assert "EXDATE" not in event
    assert page.excluded_dates(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)) == []


def test_window_starts_with_last_year_and_its_horizon_moves_each_month():
    assert calendar_window(datetime.date(2026, 12, 31)).first_day == datetime.date(2025, 1, 1)
    assert calendar_window(datetime.date(2027, 1, 1)).first_day == datetime.date(2026, 1, 1)
    assert calendar_window(datetime.date(2026, 12, 31)).last_day == datetime.date(2028, 12, 31)
    assert calendar_window(datetime.date(2027, 1, 1)).last_day == datetime.date(2029, 1, 31)
    assert calendar_window(datetime.date(2027, 1, 31)).last_day == datetime.date(2029, 1, 31)
    assert calendar_window(datetime.date(2027, 2, 1)).last_day == datetime.date(2029, 2, 28)
    assert calendar_window(datetime.date(2027, 4, 1)).last_day == datetime.date(2029, 4, 30)
    assert calendar_window(timezone.localdate()).first_day.month == 1


def test_a_kept_calendar_is_renewed_when_the_horizon_moves(client, mittagstisch, response_cache):
    """The horizon moves at local midnight on the first; the cache keeps nothing past midnight."""
    url = mittagstisch.url + "termine.ics"
    # 31 March 2027: the skipped days run to the end of March 2029.
    with time_machine.travel(berlin(YEAR, 3, 31, 23, 30), tick=False):
        before = fetch_calendar(client, url)
        etag = client.get(url)["ETag"]
    # Easter Monday 2029 (2 April) enters with the window of 1 April.
    with time_machine.travel(berlin(YEAR, 4, 1, 0, 30), tick=False):
        after = fetch_calendar(client, url)
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200

    def exdates(calendar):
        [event] = calendar.walk("VEVENT")
        return {moment.dt for exdate in _as_list(event["EXDATE"]) for moment in exdate.dts}

    assert berlin(YEAR + 2, 4, 2, 12, 0) not in exdates(before)
    assert berlin(YEAR + 2, 4, 2, 12, 0) in exdates(after)


def _as_list(value):
    return value if isinstance(value, list) else [value]
