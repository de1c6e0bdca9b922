"""Weekly project dates: DST, NRW public holidays, closures, validity."""

import datetime

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtteil_pages.models import ProjectClosure, ProjectPage, ProjectScheduleRule
from stadtteil_pages.models.schedule import Closure, Rule, WeeklySchedule
from tests.factories import berlin

MONDAY_LUNCH = Rule(0, datetime.time(12), datetime.time(13, 30))
YEAR_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def starts(occurrences):
    return [occurrence.start for occurrence in occurrences]


def test_every_monday_of_2026_except_easter_and_whit_monday():
    occurrences = WeeklySchedule([MONDAY_LUNCH]).occurrences(*YEAR_2026)
    days = [occurrence.start.date() for occurrence in occurrences]
    assert len(days) == 50
    assert days[0] == datetime.date(2026, 1, 5)
    assert days[-1] == datetime.date(2026, 12, 28)
    assert datetime.date(2026, 4, 6) not in days  # Ostermontag
    assert datetime.date(2026, 5, 25) not in days  # Pfingstmontag
    assert all(day.weekday() == 0 for day in days)


def test_local_time_stays_at_noon_across_the_dst_switches():
    occurrences = WeeklySchedule([MONDAY_LUNCH]).occurrences(*YEAR_2026)
    by_day = {occurrence.start.date(): occurrence for occurrence in occurrences}
    before_spring, after_spring = (
        by_day[datetime.date(2026, 3, 23)],
        by_day[datetime.date(2026, 3, 30)],
    )
    before_autumn, after_autumn = (
        by_day[datetime.date(2026, 10, 19)],
        by_day[datetime.date(2026, 10, 26)],
    )
    assert before_spring.start.isoformat() == "2026-03-23T12:00:00+01:00"
    assert after_spring.start.isoformat() == "2026-03-30T12:00:00+02:00"
    assert after_spring.end.isoformat() == "2026-03-30T13:30:00+02:00"
    assert before_autumn.start.utcoffset() == datetime.timedelta(hours=2)
    assert after_autumn.start.utcoffset() == datetime.timedelta(hours=1)
    # A week apart in local time is 167 real hours across the spring switch.
    utc = datetime.UTC
    elapsed = after_spring.start.astimezone(utc) - before_spring.start.astimezone(utc)
    assert elapsed == datetime.timedelta(hours=167)


def test_closures_remove_single_days_and_ranges():
    closures = [
        Closure(datetime.date(2026, 7, 13), datetime.date(2026, 8, 7)),
        Closure(datetime.date(2026, 12, 28)),
    ]
    schedule = WeeklySchedule([MONDAY_LUNCH], closures)
    days = {occurrence.start.date() for occurrence in schedule.occurrences(*YEAR_2026)}
    assert days.isdisjoint(
        {datetime.date(2026, 7, d) for d in (13, 20, 27)}
        | {datetime.date(2026, 8, 3), datetime.date(2026, 12, 28)}
    )
    assert datetime.date(2026, 8, 10) in days
    assert len(days) == 50 - 5


def test_excluded_dates_name_holidays_and_closures():
    schedule = WeeklySchedule([MONDAY_LUNCH], [Closure(datetime.date(2026, 12, 28))])
    assert schedule.excluded_dates(*YEAR_2026) == [
        datetime.date(2026, 4, 6),
        datetime.date(2026, 5, 25),
        datetime.date(2026, 12, 28),
    ]


RULES = st.builds(
    Rule,
    weekday=st.integers(0, 6),
    start_time=st.sampled_from([datetime.time(0), datetime.time(12), datetime.time(23, 30)]),
    end_time=st.just(datetime.time(23, 59)),
    valid_from=st.none() | st.dates(datetime.date(2024, 1, 1), datetime.date(2030, 12, 31)),
    valid_until=st.none() | st.dates(datetime.date(2024, 1, 1), datetime.date(2030, 12, 31)),
)
CLOSURES = st.builds(
    lambda start, length: Closure(
        start, start + datetime.timedelta(days=length) if length else None
    ),
    st.dates(datetime.date(2024, 1, 1), datetime.date(2030, 12, 31)),
    st.integers(0, 40),
)


@settings(max_examples=200, deadline=None)
@given(
    rules=st.lists(RULES, min_size=0, max_size=3),
    closures=st.lists(CLOSURES, max_size=4),
    skip_public_holidays=st.booleans(),
    first_day=st.dates(datetime.date(2024, 1, 1), datetime.date(2030, 12, 31)),
    length=st.integers(-3, 3 * 365),
)
def test_excluded_days_are_the_excluded_dates_between_two_days(
    rules, closures, skip_public_holidays, first_day, length
):
    """The feed's day-only count skips exactly the days the page skips."""
    schedule = WeeklySchedule(rules, closures, skip_public_holidays)
    last_day = first_day + datetime.timedelta(days=length)
    assert schedule.excluded_days(first_day, last_day) == schedule.excluded_dates(
        first_day, last_day
    )


def test_holidays_can_be_kept_when_the_project_opens_anyway():
    schedule = WeeklySchedule([MONDAY_LUNCH], skip_public_holidays=False)
    assert len(schedule.occurrences(*YEAR_2026)) == 52


def test_validity_bounds_the_dates():
    rule = MONDAY_LUNCH._replace(
        valid_from=datetime.date(2026, 9, 1), valid_until=datetime.date(2026, 9, 30)
    )
    days = [o.start.date() for o in WeeklySchedule([rule]).occurrences(*YEAR_2026)]
    assert days == [datetime.date(2026, 9, d) for d in (7, 14, 21, 28)]


def test_several_rules_are_merged_in_time_order():
    thursday = Rule(3, datetime.time(17), datetime.time(18))
    occurrences = WeeklySchedule([thursday, MONDAY_LUNCH]).occurrences(
        berlin(2026, 11, 30), berlin(2026, 12, 6)
    )
    assert starts(occurrences) == [berlin(2026, 11, 30, 12), berlin(2026, 12, 3, 17)]


def test_window_with_datetimes_keeps_an_ongoing_occurrence():
    occurrences = WeeklySchedule([MONDAY_LUNCH]).occurrences(
        berlin(2026, 11, 30, 12, 45), berlin(2026, 12, 1)
    )
    assert starts(occurrences) == [berlin(2026, 11, 30, 12)]


@pytest.mark.django_db
class TestProjectPage:
    @pytest.fixture
    def mittagstisch(self, hattingen):
        return ProjectPage.objects.get(slug="mittagstisch", locale__language_code="de")

    def test_loaded_mittagstisch_meets_on_mondays_at_noon(self, mittagstisch):
        occurrences = mittagstisch.occurrences(*YEAR_2026)
        assert len(occurrences) == 50
        assert occurrences[0] == (berlin(2026, 1, 5, 12), berlin(2026, 1, 5, 13, 30))

    def test_next_occurrence_during_lunch_is_the_current_one(self, mittagstisch):
        with time_machine.travel(berlin(2026, 11, 30, 12, 30), tick=False):
            assert mittagstisch.next_occurrence().start == berlin(2026, 11, 30, 12)

    def test_next_occurrence_after_lunch_is_next_week(self, mittagstisch):
        with time_machine.travel(berlin(2026, 11, 30, 14), tick=False):
            assert mittagstisch.next_occurrence().start == berlin(2026, 12, 7, 12)

    def test_next_occurrence_skips_easter_monday(self, mittagstisch):
        with time_machine.travel(berlin(2026, 4, 5, 9), tick=False):
            assert mittagstisch.next_occurrence().start == berlin(2026, 4, 13, 12)

    def test_stored_closures_apply(self, mittagstisch):
        mittagstisch.closures = [ProjectClosure(start_date=datetime.date(2026, 12, 7))]
        mittagstisch.save()
        with time_machine.travel(berlin(2026, 12, 1), tick=False):
            assert mittagstisch.next_occurrence().start == berlin(2026, 12, 14, 12)

    def test_no_rules_means_no_dates(self, mittagstisch):
        mittagstisch.schedule_rules = []
        assert mittagstisch.occurrences(*YEAR_2026) == []
        assert mittagstisch.next_occurrence() is None

    def test_ended_schedule_has_no_next_date(self, mittagstisch):
        mittagstisch.schedule_rules = [
            ProjectScheduleRule(
                weekday=0,
                start_time=datetime.time(12),
                end_time=datetime.time(13, 30),
                valid_until=datetime.date(2025, 12, 31),
            )
        ]
        with time_machine.travel(berlin(2026, 1, 2), tick=False):
            assert mittagstisch.next_occurrence() is None
