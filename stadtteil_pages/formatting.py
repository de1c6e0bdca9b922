"""Dates and times as visitors read them, in the active language."""

from django.utils import formats, timezone


def format_date(value):
    """E.g. “Donnerstag, 15. November 2018”."""
    return formats.date_format(value, "l") + ", " + formats.date_format(value, "DATE_FORMAT")


def format_range(start, end=None):
    """E.g. “Montag, 7. Dezember 2026, 12:00–13:30”."""
    start = timezone.localtime(start)
    label = f"{format_date(start)}, {formats.time_format(start, 'TIME_FORMAT')}"
    if end:
        end = timezone.localtime(end)
        if end.date() == start.date():
            label += "–" + formats.time_format(end, "TIME_FORMAT")
        else:
            label += f" – {format_date(end)}, {formats.time_format(end, 'TIME_FORMAT')}"
    return label
