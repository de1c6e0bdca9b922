"""iCalendar content lines written directly, for feeds with thousands of events.

The index's ``termine.ics`` holds every date of every conference. Building
an ``icalendar.Event`` per meeting and serialising it costs about a
millisecond each; these few functions write the same lines (RFC 5545: text
escaping, folding at 75 octets, UTC and TZID date-times) at a fraction of
that. ``tests/calendar/test_ical_lines.py`` checks that both give the same
events.
"""

import datetime

TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})
LINE_OCTETS = 75


def text(value):
    """A TEXT value: backslash, semicolon, comma and line breaks escaped.

    A line break is written as ``\\n`` whether it came as LF, CRLF or CR.
    """
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(TEXT_ESCAPES)


def utc(moment):
    """A DATE-TIME in UTC: ``20261130T110000Z``; None (no property) for no moment."""
    return moment and stamp(moment.astimezone(datetime.UTC)) + "Z"


def local(moment, tz):
    """A DATE-TIME in the event's time zone, for a ``TZID`` parameter; None for no moment."""
    return moment and stamp(moment.astimezone(tz))


def stamp(moment):
    """``20261130T110000`` (formatting the fields is several times faster than strftime)."""
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def fold(line):
    """One content line as bytes, folded so that no line exceeds 75 octets.

    Continuation lines start with a space; a UTF-8 character is never split.
    """
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return data + b"\r\n"
    parts, start, limit = [], 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        # Step back to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
        while data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def event(properties):
    """A ``VEVENT`` from ``(name, value)`` pairs already formatted; None values are left out."""
    lines = [b"BEGIN:VEVENT\r\n"]
    lines += [fold(f"{name}:{value}") for name, value in properties if value is not None]
    lines.append(b"END:VEVENT\r\n")
    return b"".join(lines)
