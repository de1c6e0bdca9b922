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
# In the middle of January 2027 the feed covers 2026 to the end of 2029.
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
    assert window.last_day == datetime.date(YEAR + 2, 12, 31)
    assert in_calendar[0][0] == berlin(YEAR - 1, 1, 5, 12, 0)


def test_rrule_is_weekly_with_an_until_in_utc(client, mittagstisch, frozen):
    [event] = fetch_calendar(client, mittagstisch.url + "termine.ics").walk("VEVENT")

    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO"]
    [until] = rule["UNTIL"]
    assert isinstance(until, datetime.datetime)
    assert until.utcoffset() == datetime.timedelta(0)
    assert until == berlin(YEAR + 2, 12, 31, 12, 0)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["UID"] == str(mittagstisch.ical_uid)
    exdates = {moment.dt for exdate in _as_list(event["EXDATE"]) for moment in exdate.dts}
    assert berlin(YEAR, 3, 29, 12, 0) in exdates


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


def test_window_moves_with_the_calendar_year():
    assert calendar_window(datetime.date(2026, 12, 31)).first_day == datetime.date(2025, 1, 1)
    assert calendar_window(datetime.date(2027, 1, 1)).first_day == datetime.date(2026, 1, 1)
    assert calendar_window(datetime.date(2027, 1, 1)).last_day == datetime.date(2029, 12, 31)
    assert calendar_window(timezone.localdate()).first_day.month == 1


def _as_list(value):
    return value if isinstance(value, list) else [value]
