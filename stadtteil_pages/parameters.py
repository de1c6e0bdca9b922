"""Query parameters that the API and OParl read alike: one error, one way to read a moment.

Every bad value becomes a ``ParameterError`` that names the parameter; the
API answers it with a 400 and ``{"message", "parameter"}``, OParl with a 400
and its error object.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.api.v2.utils import BadRequestError

from . import conf


class ParameterError(BadRequestError):
    """A bad query parameter; the client learns its name and what is wrong."""

    def __init__(self, parameter, message):
        super().__init__(str(message))
        self.parameter = parameter
        self.message = str(message)


def parse_moment(params, name):
    """An ISO 8601 date (midnight) or date and time; without an offset, in the event time zone."""
    value = params[name].strip()
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time.min)
        else:
            moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise ParameterError(
            name,
            _("%(name)s must be an ISO date such as 2026-01-31 or a date and time.")
            % {"name": name},
        ) from error
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=conf.event_timezone())
    return moment
