"""Weekly schedules with closures and public holidays, as concrete dates.

Pure functions over plain values, so that the page model, the iCalendar feed
and the JSON-LD all expand a project's schedule the same way.
"""

import datetime
import functools
from typing import NamedTuple

import holidays

from .. import conf
from ..formatting import format_range

WEEK = datetime.timedelta(days=7)
# How far ahead the next dates of a project are looked for.
HORIZON = datetime.timedelta(days=400)


class Occurrence(NamedTuple):
    start: datetime.datetime
    end: datetime.datetime

    @property
    def label(self):
        return format_range(self.start, self.end)


class Rule(NamedTuple):
    weekday: int  # Monday is 0, as in datetime.date.weekday()
    start_time: datetime.time
    end_time: datetime.time
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None


class Closure(NamedTuple):
    start_date: datetime.date
    end_date: datetime.date | None = None

    @property
    def last_day(self):
        return self.end_date or self.start_date

    def covers(self, day):
        return self.start_date <= day <= self.last_day


def public_holidays(years, language="de"):
    """The public holidays of the configured region (NRW by default), with their names.

    Named in ``language`` where the ``holidays`` package has names in it ("en"
    takes "en_US"), else in the region's own language (German), which the
    page then marks as such.
    """
    country = conf.holidays_country()
    region = holidays.country_holidays(country)
    base = language.split("-")[0].lower()
    named_in = next(
        (
            candidate
            for candidate in region.supported_languages
            if candidate.lower() == base or candidate.lower().startswith(f"{base}_")
        ),
        region.default_language,
    )
    return holidays.country_holidays(
        country, subdiv=conf.holidays_subdivision(), years=list(years), language=named_in
    )


@functools.lru_cache(maxsize=64)
def holiday_dates(first_year, last_year, country, subdivision):
    """The dates of a region's public holidays, computed once per region and span of years."""
    years = range(first_year, last_year + 1)
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=years))


def _as_datetime(value, tz, end_of_day=False):
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    time = datetime.time.max if end_of_day else datetime.time.min
    return datetime.datetime.combine(value, time, tzinfo=tz)


class WeeklySchedule:
    """Weekly rules minus closures and (optionally) public holidays."""

    def __init__(self, rules, closures=(), skip_public_holidays=True):
        self.rules = list(rules)
        self.closures = list(closures)
        self.skip_public_holidays = skip_public_holidays
        self.tz = conf.event_timezone()

    def per_rule(self):
        """One schedule per rule, with the same closures and holidays."""
        return [
            WeeklySchedule([rule], self.closures, self.skip_public_holidays) for rule in self.rules
        ]

    def excluded_dates(self, start, end):
        """Every day in [start, end] on which a rule would apply but is skipped."""
        return sorted({occ[0].date() for occ in self._candidates(start, end) if occ[2]})

    def excluded_days(self, first_day, last_day):
        """``excluded_dates`` between two calendar days, counted in days only.

        The same days for plain dates, without a time-zone-aware datetime per
        week: the calendar feed asks this for every project at once.
        """
        return sorted({day for _, day, closed in self._days(first_day, last_day) if closed})

    def _days(self, first_day, last_day):
        """(rule, day, whether closed) for each day from ``first_day`` to ``last_day``
        on which a rule applies."""
        holiday_days = frozenset()
        if self.skip_public_holidays:
            country, subdivision = conf.holidays_country(), conf.holidays_subdivision()
            holiday_days = holiday_dates(first_day.year, last_day.year, country, subdivision)
        for rule in self.rules:
            day = max(first_day, rule.valid_from or first_day)
            until = min(last_day, rule.valid_until or last_day)
            day += datetime.timedelta(days=(rule.weekday - day.weekday()) % 7)
            while day <= until:
                yield rule, day, day in holiday_days or any(c.covers(day) for c in self.closures)
                day += WEEK

    def occurrences(self, start, end):
        """Concrete (start, end) datetimes that overlap [start, end)."""
        return [Occurrence(occ[0], occ[1]) for occ in self._candidates(start, end) if not occ[2]]

    def _candidates(self, start, end):
        start = _as_datetime(start, self.tz)
        end = _as_datetime(end, self.tz, end_of_day=True)
        if end <= start or not self.rules:
            return []
        first_day = start.astimezone(self.tz).date() - datetime.timedelta(days=1)
        last_day = end.astimezone(self.tz).date()
        found = []
        for rule, day, closed in self._days(first_day, last_day):
            occ_start = datetime.datetime.combine(day, rule.start_time, tzinfo=self.tz)
            occ_end = datetime.datetime.combine(day, rule.end_time, tzinfo=self.tz)
            if occ_end > start and occ_start < end:
                found.append((occ_start, occ_end, closed))
        found.sort()
        return found

    def next_occurrence(self, now):
        """The first occurrence that has not ended yet, within ``HORIZON``."""
        return next(iter(self.occurrences(now, now + HORIZON)), None)


def closures_outside_validity(rules, closures):
    """Indexes of the closures that fall outside the rules' validity.

    The validity runs from the earliest start to the latest end of the rules;
    a rule without a start (or end) leaves that side open.
    """
    starts = [rule.valid_from for rule in rules]
    ends = [rule.valid_until for rule in rules]
    first = None if not starts or None in starts else min(starts)
    last = None if not ends or None in ends else max(ends)
    return [
        position
        for position, closure in enumerate(closures)
        if (first and closure.start_date < first) or (last and closure.last_day > last)
    ]
