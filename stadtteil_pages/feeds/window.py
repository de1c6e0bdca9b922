"""Which dates the feeds and the structured data describe."""

import datetime
from typing import NamedTuple

from django.utils import timezone

from .. import conf


class Window(NamedTuple):
    """From the first day of last year to the last day of the year after next.

    Looking back to 1 January of the previous year covers at least the past
    twelve months while keeping a project's first date (DTSTART) the same for
    a whole year. Meetings are listed without an upper limit; weekly projects
    end at ``last_day``, because only a finite list of closures and public
    holidays can be written out, and a subscribed calendar moves the horizon
    forward with every refresh.
    """

    first_day: datetime.date
    last_day: datetime.date

    @property
    def start(self):
        """The first day as the first instant in the event time zone."""
        return datetime.datetime.combine(self.first_day, datetime.time.min, conf.event_timezone())


def calendar_window(today=None):
    today = today or timezone.localdate(timezone=conf.event_timezone())
    return Window(datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 2, 12, 31))
