"""Which dates the feeds and the structured data describe."""

import calendar
import datetime
from typing import NamedTuple

from django.utils import timezone

from .. import conf


class Window(NamedTuple):
    """From the first day of last year to the horizon of the exceptions.

    Starting on 1 January of last year covers at least the past twelve
    months and keeps a project's DTSTART the same for a whole year. Meetings
    have no upper limit, and a weekly project repeats until its rule ends;
    ``last_day`` only bounds the days a project is skipped (closures, public
    holidays), which must be listed one by one: the end of the month
    ``STADTTEIL_CALENDAR_EXCEPTION_MONTHS`` months from today. It moves at
    local midnight on the first of a month, when the response cache renews
    every kept answer anyway (``cache.clock.next_midnight``).
    """

    first_day: datetime.date
    last_day: datetime.date


def calendar_window(today=None):
    today = today or timezone.localdate(timezone=conf.event_timezone())
    years, month = divmod(today.month - 1 + conf.calendar_exception_months(), 12)
    year, month = today.year + years, month + 1
    last_day = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return Window(datetime.date(today.year - 1, 1, 1), last_day)
