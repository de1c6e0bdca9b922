"""Query parameters that the API and OParl read alike.

A bad value becomes a ``ParameterError`` naming the parameter, which both answer
with a 400; where the two read a value differently (digits, spellings), the caller
says so.
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.api.v2.utils import BadRequestError

from . import conf

# The largest value a 64-bit signed integer column (and SQL OFFSET) can hold.
MAX_INTEGER = 2**63 - 1
INTEGER_PATTERN = re.compile(r"^[+-]?\d+$")
# Wagtail's spellings of true and false.
FLAG_SPELLINGS = {"true": True, "1": True, "false": False, "0": False}


class ParameterError(BadRequestError):
    """A bad query parameter; the client learns its name and what is wrong."""

    def __init__(self, parameter, message):
        super().__init__(str(message))
        self.parameter = parameter
        self.message = str(message)


def integer_value(value, pattern=INTEGER_PATTERN):
    """The whole number a parameter spells as ``pattern`` allows, or ``None``.

    More digits than 64 bits can hold give a number just beyond them, without
    converting the digits: Python refuses strings of more than 4,300 digits.
    """
    text = value.strip()
    if not pattern.match(text):
        return None
    if len(text.lstrip("+-").lstrip("0")) > len(str(MAX_INTEGER)):
        return -(MAX_INTEGER + 1) if text.startswith("-") else MAX_INTEGER + 1
    return int(text)


def parse_whole(params, name, default=None, pattern=INTEGER_PATTERN):
    """A whole number spelled as ``pattern`` allows; ``default`` when the parameter is absent."""
    value = params.get(name)
    if value is None:
        return default
    number = integer_value(value, pattern)
    if number is None:
        raise ParameterError(name, _("%(name)s must be a whole number.") % {"name": name})
    return number


def parse_flag(params, name, *, spellings=FLAG_SPELLINGS, default=None, any_case=False):
    """True or false as one of ``spellings``; with ``any_case``, in any case and spaces around."""
    value = params.get(name)
    if value is None:
        return default
    if any_case:
        value = value.strip().lower()
    if value not in spellings:
        raise ParameterError(name, _("%(name)s must be true or false.") % {"name": name})
    return spellings[value]


def check_no_nul(name, value):
    """Reject what no database should see: a NUL character in a name or value."""
    if "\x00" in name or "\x00" in value:
        raise ParameterError(name, _("%(name)s contains a NUL character.") % {"name": name})


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
