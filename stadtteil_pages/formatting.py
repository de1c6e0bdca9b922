"""Dates and times as visitors read them, in the active language.

The one formatter of the site: every page, block, feed text and message
takes its dates, times and time ranges from here, so that one language shows
one format ("12:00–13:30 Uhr", "12:00 pm–1:30 pm", "12:00–13:30"). Django's
locale formats are written for forms and tables ("Nov. 15, 2018"); visitors
read dates the way their newspaper prints them, so each language of the site
gets its own Django date pattern here.
"""

from typing import NamedTuple

from django.utils import dateformat, formats, timezone, translation

from . import conf


class Style(NamedTuple):
    """How one language writes a date and a time of day."""

    date: str
    short_date: str
    time: str
    time_suffix: str = ""
    twelve_hour: bool = False
    comma: str = ", "

    def format_time(self, value):
        text = dateformat.time_format(value, self.time)
        if self.twelve_hour:
            text += " am" if value.hour < 12 else " pm"
        return text


# "Donnerstag, 15. November 2018, 17:00 Uhr" / "Thursday, 15 November 2018, 5:00 pm".
# Ukrainian uses the genitive month name ("E"): "15 листопада 2018".
STYLES = {
    "de": Style(date="l, j. F Y", short_date="j. F Y", time="H:i", time_suffix=" Uhr"),
    "en": Style(date="l, j F Y", short_date="j F Y", time="g:i", twelve_hour=True),
    "tr": Style(date="j F Y l", short_date="j F Y", time="H:i"),
    "ar": Style(date="l، j F Y", short_date="j F Y", time="H:i", comma="، "),
    "uk": Style(date="l, j E Y", short_date="j E Y", time="H:i"),
}


def current_style():
    """The active language's style; Django's own formats for a language not listed."""
    language = (translation.get_language() or "de").split("-")[0]
    if language in STYLES:
        return STYLES[language]
    date = formats.get_format("DATE_FORMAT")
    return Style(date="l, " + date, short_date=date, time=formats.get_format("TIME_FORMAT"))


def format_date(value):
    """E.g. “Donnerstag, 15. November 2018” or “Thursday, 15 November 2018”."""
    return dateformat.format(value, current_style().date)


def format_short_date(value):
    """A date without its weekday, e.g. “15. November 2018”, “15 November 2018”."""
    return dateformat.format(value, current_style().short_date)


def format_time_range(start, end):
    """Two times of one day, e.g. “12:00–13:30 Uhr”, “12:00 pm–1:30 pm”."""
    style = current_style()
    # The suffix ("Uhr") once, after the end.
    text = f"{style.format_time(start)}–{style.format_time(end)}{style.time_suffix}"
    # Unicode's left-to-right isolate: a range of Western digits inside right-to-
    # left text would otherwise be shown backwards ("13:30–12:00").
    return f"\u2066{text}\u2069" if translation.get_language_bidi() else text


def format_time(value):
    """E.g. “17:00 Uhr” or “5:00 pm”."""
    style = current_style()
    return style.format_time(value) + style.time_suffix


def format_range(start, end=None):
    """E.g. “Montag, 7. Dezember 2026, 12:00–13:30 Uhr”."""
    comma = current_style().comma
    start = timezone.localtime(start)
    day = format_date(start)
    if not end:
        return f"{day}{comma}{format_time(start)}"
    end = timezone.localtime(end)
    if end.date() == start.date():
        return f"{day}{comma}{format_time_range(start.time(), end.time())}"
    return f"{day}{comma}{format_time(start)} – {format_date(end)}{comma}{format_time(end)}"


# For machines (the API, OParl, JSON-LD): the same value in every language.


def iso_datetime(value) -> str | None:
    """ISO 8601 with the offset of the event time zone (e.g. ``+01:00``)."""
    if value is None:
        return None
    return value.astimezone(conf.event_timezone()).isoformat(timespec="seconds")


def phone_e164(number) -> str | None:
    """A stored phone number as E.164 (``+4923242043010``), or null."""
    return number.as_e164 if number else None
