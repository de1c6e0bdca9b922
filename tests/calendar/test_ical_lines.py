"""``stadtteil_pages.feeds.lines`` writes what ``icalendar`` wrote before.

The meetings and the projects' weekly events of ``termine.ics`` are written
as content lines directly (``ical.meeting_lines``, ``ical.project_lines``).
These tests check the writer's pieces against RFC 5545 (folding at 75 octets
without splitting a UTF-8 character, TEXT escaping) and the whole feed
against events built the old way, with ``icalendar.Event.new``, from the
same pages.
"""

import datetime
from decimal import Decimal

from django.utils import formats, timezone, translation

import icalendar
import pytest

from stadtteil_pages import conf
from stadtteil_pages.feeds import lines
from stadtteil_pages.feeds.ical import ICAL_WEEKDAYS, MEETING_STATUS, weekly_rules
from stadtteil_pages.feeds.window import calendar_window
from stadtteil_pages.models import MeetingPage, ProjectClosure, ProjectPage, ProjectScheduleRule
from tests.factories import VenueFactory, berlin, meeting, project

from .helpers import events_by_uid, fetch_calendar, republish

FOLD = b"\r\n "
# RFC 5545, 3.1: "Lines of text SHOULD NOT be longer than 75 octets".
MAX_OCTETS = 75


def physical_lines(folded):
    """The physical lines of one folded content line, without their CRLF."""
    assert folded.endswith(b"\r\n")
    body = folded[: -len(b"\r\n")]
    parts = body.split(b"\r\n")
    # No bare CR or LF anywhere: every break is a fold.
    assert all(b"\r" not in part and b"\n" not in part for part in parts)
    return parts


def assert_folded(line, folded):
    parts = physical_lines(folded)
    assert all(len(part) <= MAX_OCTETS for part in parts), [len(p) for p in parts]
    assert not parts[0].startswith(b" ") or line.startswith(" ")
    assert all(part.startswith(b" ") for part in parts[1:])
    # Folding never leaves an empty continuation (a lone space).
    assert all(len(part) > 1 for part in parts[1:])
    for part in parts:
        part.decode()  # raises if a character was split
    assert folded[: -len(b"\r\n")].replace(FOLD, b"").decode() == line
    return parts


def parse_summary(escaped_line):
    """The SUMMARY of a minimal calendar holding ``escaped_line``, as icalendar reads it."""
    data = b"".join(
        [
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//DE\r\n",
            lines.event([("UID", "test-uid"), ("SUMMARY", escaped_line)]),
            b"END:VCALENDAR\r\n",
        ]
    )
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return str(event["SUMMARY"])


# --- folding ---------------------------------------------------------------


def test_fold_leaves_a_line_of_exactly_75_octets_alone():
    line = "SUMMARY:" + "x" * (75 - len("SUMMARY:"))
    assert len(line.encode()) == 75
    assert lines.fold(line) == line.encode() + b"\r\n"


def test_fold_counts_octets_not_characters_at_the_limit():
    # 74 characters, but 75 octets: still one line.
    line = "S" * 73 + "ä"
    assert len(line) == 74 and len(line.encode()) == 75
    assert lines.fold(line) == line.encode() + b"\r\n"
    # 75 characters, 76 octets: must be folded, and "ä" moves whole.
    line = "S" * 74 + "ä"
    assert len(line.encode()) == 76
    assert lines.fold(line) == b"S" * 74 + b"\r\n " + "ä".encode() + b"\r\n"


def test_fold_of_76_octets_gives_75_and_a_continuation():
    line = "x" * 76
    assert lines.fold(line) == b"x" * 75 + b"\r\n x\r\n"


@pytest.mark.parametrize("length", [76, 149, 150, 151, 223, 224, 500, 2000])
def test_fold_long_ascii_lines_stay_within_75_octets_and_unfold(length):
    line = ("DESCRIPTION;LANGUAGE=de:" + "Tagesordnung 1234567890 " * 100)[:length]
    assert len(line) == length
    parts = assert_folded(line, lines.fold(line))
    # The room of each physical line is used: only the last one is shorter.
    assert all(len(part) == MAX_OCTETS for part in parts[:-1])


def test_fold_keeps_spaces_at_the_fold():
    line = "SUMMARY:" + " " * 300
    assert_folded(line, lines.fold(line))


MULTIBYTE = [
    "ä" * 120,
    "€" * 90,
    "Straßenfest in Welper: Öffnungszeiten für Jüngere und Ältere " * 4,
    "اجتماع مؤتمر الحي في ويلبر مع الجيران والمدرسة " * 4,
    "Зустріч районної конференції у Вельпері для всіх сусідів " * 4,
    "🗓️ Termin 📅 " * 30,
    "a€😀ä" * 60,
]


@pytest.mark.parametrize("shift", range(4))
@pytest.mark.parametrize("value", MULTIBYTE)
def test_fold_never_splits_a_utf8_character(value, shift):
    # The prefix shifts where 75 octets fall inside 2-, 3- and 4-octet characters.
    line = "SUMMARY;LANGUAGE=de:" + "x" * shift + value
    folded = lines.fold(line)
    parts = assert_folded(line, folded)
    assert len(parts) > 1
    # A continuation is never short by more than one character's worth (3 octets).
    assert all(len(part) > MAX_OCTETS - 4 for part in parts[:-1])


@pytest.mark.parametrize("value", MULTIBYTE)
def test_icalendar_reads_a_folded_multibyte_line(value):
    escaped = lines.text(value)
    assert len(f"SUMMARY:{escaped}".encode()) > MAX_OCTETS
    assert parse_summary(escaped) == value


# --- TEXT escaping ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("Zeile 1\rZeile 2", "Zeile 1\\nZeile 2"),
        ("trailing\\", "trailing\\\\"),
        ("\\,", "\\\\\\,"),
        ("\\;", "\\\\\\;"),
        (
            "Raum 1, EG; C:\\Daten\\Protokoll\nTOP 2",
            "Raum 1\\, EG\\; C:\\\\Daten\\\\Protokoll\\nTOP 2",
        ),
        ('Sagen "Hallo": Grüße', 'Sagen "Hallo": Grüße'),
        # A backslash followed by "n" is a backslash and an n, not a line break.
        ("C:\\neu", "C:\\\\neu"),
    ],
)
def test_text_escapes_as_rfc_5545_says(value, escaped):
    assert lines.text(value) == escaped
    assert "\n" not in lines.text(value) and "\r" not in lines.text(value)


@pytest.mark.parametrize(
    "value",
    [
        "a,b",
        "a;b",
        "a\\b",
        "Zeile 1\nZeile 2\n\nZeile 4",
        "trailing\\",
        "\\,\\;\\\\",
        # A backslash before "n" or "N" stays a backslash (no line break).
        "C:\\neu\\Neu",
        ',;\\ "Anführung" ä € اجتماع Зустріч',
        "Stadtteilkonferenz Welper, Teil 1; Ort: Bürgertreff\nBitte \\ anmelden",
        # Long enough to be folded as well.
        "Komma, Semikolon; Backslash \\ Zeile\n" * 10,
    ],
)
def test_icalendar_reads_escaped_text_back(value):
    assert parse_summary(lines.text(value)) == value


# --- date-times ------------------------------------------------------------


def test_utc_and_local_date_times():
    tz = conf.event_timezone()
    winter = berlin(2030, 1, 15, 18, 30, 5)
    summer = berlin(2030, 7, 15, 18, 30, 5)
    assert lines.utc(winter) == "20300115T173005Z"
    assert lines.utc(summer) == "20300715T163005Z"
    assert lines.local(winter.astimezone(datetime.UTC), tz) == "20300115T183005"
    assert lines.local(summer.astimezone(datetime.UTC), tz) == "20300715T183005"


def test_event_leaves_out_none_values_and_folds():
    data = lines.event([("UID", "x"), ("DTEND", None), ("SUMMARY", "y" * 100)])
    assert data.startswith(b"BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:")
    assert data.endswith(b"END:VEVENT\r\n")
    assert b"DTEND" not in data
    assert max(len(part) for part in data.split(b"\r\n")) <= MAX_OCTETS


# --- the feed against icalendar --------------------------------------------


def reference_event(page):
    """The meeting's event as it was built before, with ``icalendar.Event.new``.

    Serialised and parsed again, as a subscriber read it from the old feed.
    """
    tz = conf.event_timezone()
    with translation.override(page.locale.language_code):
        summary = page.title
        if page.status != MeetingPage.Status.SCHEDULED:
            summary = f"{page.get_status_display()}: {summary}"
    revised = page.last_published_at or page.first_published_at
    event = icalendar.Event.new(
        uid=str(page.ical_uid),
        summary=summary,
        description=page.introduction or None,
        start=page.start.astimezone(tz),
        end=page.end.astimezone(tz) if page.end else None,
        status=MEETING_STATUS[page.status],
        stamp=revised.astimezone(datetime.UTC),
        last_modified=revised.astimezone(datetime.UTC),
        **page_fields(page),
    )
    add_place_and_language(event, page)
    return icalendar.Event.from_ical(event.to_ical())


def page_fields(page):
    """What every event of a page carries, as ``icalendar.Event.new`` arguments."""
    venue = page.venue
    return {
        "sequence": page.ical_sequence,
        "created": page.first_published_at,
        "url": page.get_full_url(),
        "location": venue.full_address if venue else None,
    }


def add_place_and_language(event, page):
    """GEO from the venue, and the page's language on its texts (RFC 5545, 3.2.10)."""
    venue = page.venue
    if venue and venue.has_coordinates:
        event.add("geo", (float(venue.latitude), float(venue.longitude)))
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        if name in event:
            event[name].params["LANGUAGE"] = page.locale.language_code


def comparable(event, name):
    """A property's decoded value and parameters, comparable across writers."""
    value = event.decoded(name)
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, datetime.datetime):
        value = (value, value.utcoffset(), str(value.tzinfo))
    elif name == "GEO":
        value = (event[name].latitude, event[name].longitude)
    elif not isinstance(value, int):
        value = str(value)
    return value, dict(event[name].params)


def awkward_venue():
    """A venue with coordinates whose name needs escaping in iCalendar TEXT."""
    return VenueFactory(
        name='Treff „Mitte", Raum 2; EG',
        street="Im Welperfeld 23",
        postal_code="45527",
        latitude=Decimal("51.420100"),
        longitude=Decimal("7.186300"),
    )


@pytest.fixture
def awkward_meetings(tree):
    _index, conference = tree
    year = timezone.localdate().year + 1
    located = awkward_venue()
    unlocated = VenueFactory(name="Schule, Aula; Eingang \\ Hof")
    long_title = 'Stadtteilkonferenz, Teil 1; Weg \\ Steg "Öffentlich" – Grüße aus Welper '
    long_title = (long_title * 4)[:200]
    assert len(long_title) == 200
    pages = [
        meeting(
            conference,
            title=long_title,
            introduction="Tagesordnung:\n1. Begrüßung, Protokoll\n\n2. Verschiedenes; Termine",
            start=berlin(year, 1, 20, 17, 0),
            end=berlin(year, 1, 20, 19, 30),
            venue=located,
        ),
        meeting(
            conference,
            title="Ohne Ende, ohne Koordinaten",
            introduction="Windows-Zeilen\r\nzweite Zeile\r\n",
            start=berlin(year, 7, 1, 18, 15),
            venue=unlocated,
        ),
        meeting(
            conference,
            title="Verschoben; wohin?",
            status=MeetingPage.Status.POSTPONED,
            start=berlin(year, 3, 3, 10, 0),
            end=berlin(year, 3, 3, 12, 0),
            venue=located,
        ),
        meeting(
            conference,
            title="Ohne Ort: Zusammenkunft",
            introduction="اجتماع مؤتمر الحي\nЗустріч районної конференції " * 5,
            start=berlin(year, 10, 30, 16, 0),
            end=berlin(year, 10, 30, 17, 0),
        ),
    ]
    cancelled = meeting(
        conference,
        title="Abgesagt, leider",
        start=berlin(year, 5, 6, 17, 0),
        venue=unlocated,
    )
    pages.append(republish(cancelled, status=MeetingPage.Status.CANCELLED))
    # Publication dates far apart, so DTSTAMP, LAST-MODIFIED and CREATED
    # cannot be taken for one another.
    MeetingPage.objects.filter(pk=pages[0].pk).update(
        first_published_at=datetime.datetime(2029, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        last_published_at=datetime.datetime(2029, 6, 7, 8, 9, 10, tzinfo=datetime.UTC),
    )
    return conference, [MeetingPage.objects.get(pk=page.pk) for page in pages]


def test_feed_events_equal_the_icalendar_events_of_the_same_pages(client, awkward_meetings):
    conference, pages = awkward_meetings
    # The content is as awkward as intended.
    assert {page.status for page in pages} == {
        MeetingPage.Status.SCHEDULED,
        MeetingPage.Status.POSTPONED,
        MeetingPage.Status.CANCELLED,
    }
    assert any(page.ical_sequence > 0 for page in pages)
    assert any(page.end is None for page in pages)
    assert any(page.venue is None for page in pages)

    events = events_by_uid(fetch_calendar(client, conference.url + "termine.ics"))

    assert set(events) == {str(page.ical_uid) for page in pages}
    for page in pages:
        event, expected = events[str(page.ical_uid)], reference_event(page)
        assert set(event) == set(expected), page.title
        for name in expected:
            assert comparable(event, name) == comparable(expected, name), (page.title, name)


def test_feed_events_show_the_awkward_content_unchanged(client, awkward_meetings):
    """The same feed read on its own, so that a wrong reference cannot hide a fault."""
    conference, pages = awkward_meetings
    events = events_by_uid(fetch_calendar(client, conference.url + "termine.ics"))
    first, no_end, postponed, no_venue, cancelled = (events[str(p.ical_uid)] for p in pages)

    assert str(first["SUMMARY"]) == pages[0].title
    assert len(str(first["SUMMARY"])) == 200
    assert first["SUMMARY"].params["LANGUAGE"] == "de"
    assert str(first["DESCRIPTION"]) == pages[0].introduction
    assert str(first["LOCATION"]) == 'Treff „Mitte", Raum 2; EG, Im Welperfeld 23, 45527 Hattingen'
    assert (first["GEO"].latitude, first["GEO"].longitude) == (51.4201, 7.1863)
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert first.start == berlin(pages[0].start.year, 1, 20, 17, 0)
    assert first.start.utcoffset() == datetime.timedelta(hours=1)
    assert first["CREATED"].dt == datetime.datetime(2029, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    stamp = datetime.datetime(2029, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)
    assert first["DTSTAMP"].dt == first["LAST-MODIFIED"].dt == stamp

    assert "DTEND" not in no_end
    assert "GEO" not in no_end
    assert str(no_end["DESCRIPTION"]) == "Windows-Zeilen\nzweite Zeile\n"
    assert no_end.start.utcoffset() == datetime.timedelta(hours=2)

    assert str(postponed["SUMMARY"]) == "Verschoben: Verschoben; wohin?"
    assert str(postponed["STATUS"]) == "TENTATIVE"
    assert "DESCRIPTION" not in postponed

    assert "LOCATION" not in no_venue
    assert "GEO" not in no_venue

    assert str(cancelled["SUMMARY"]) == "Abgesagt: Abgesagt, leider"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == pages[4].ical_sequence > 0
    assert (
        str(cancelled["LOCATION"])
        == "Schule, Aula; Eingang \\ Hof, Im Welperfeld 23, 45527 Hattingen"
    )


# --- the projects' weekly events against icalendar -------------------------


def reference_project_events(page, window):
    """The project's weekly events as they were built before, with ``icalendar``.

    One event per rule with RRULE and EXDATE (the days ``occurrences()``
    skips), serialised and parsed again; keyed by UID.
    """
    tz = conf.event_timezone()
    price = ""
    if page.price is not None:
        price = f"Preis: {formats.number_format(page.price, 2)} €"
        if page.price_includes:
            price += f" ({page.price_includes})"
    description = "\n\n".join(part for part in (page.tagline, page.introduction, price) if part)
    revised = (page.last_published_at or page.first_published_at).astimezone(datetime.UTC)
    events = {}
    for uid, single, rule, first_day, last_day in weekly_rules(page, window):
        event = icalendar.Event.new(
            uid=str(uid),
            summary=page.title,
            description=description or None,
            start=datetime.datetime.combine(first_day, rule.start_time, tz),
            end=datetime.datetime.combine(first_day, rule.end_time, tz),
            status="CONFIRMED",
            stamp=revised,
            last_modified=revised,
            **page_fields(page),
        )
        add_place_and_language(event, page)
        recurrence = {"freq": "weekly", "byday": [ICAL_WEEKDAYS[rule.weekday]]}
        if rule.valid_until:
            until = datetime.datetime.combine(rule.valid_until, rule.start_time, tz)
            recurrence["until"] = until.astimezone(datetime.UTC)
        event.add("rrule", recurrence)
        excluded = single.excluded_dates(first_day, last_day)
        if excluded:
            event.add(
                "exdate", [datetime.datetime.combine(d, rule.start_time, tz) for d in excluded]
            )
        events[str(uid)] = icalendar.Event.from_ical(event.to_ical())
    return events


def comparable_project_property(event, name):
    if name == "EXDATE":
        exdates = event[name] if isinstance(event[name], list) else [event[name]]
        days = [moment.dt for exdate in exdates for moment in exdate.dts]
        return [(day, day.utcoffset(), str(day.tzinfo)) for day in days], [
            dict(exdate.params) for exdate in exdates
        ]
    if name == "RRULE":
        return dict(event[name]), dict(event[name].params)
    return comparable(event, name)


@pytest.fixture
def awkward_projects(tree):
    _index, conference = tree
    year = timezone.localdate().year + 1
    located = awkward_venue()
    lunch = project(
        conference,
        title="Mittagstisch; Welper, \\ isst gemeinsam",
        tagline="Essen, Reden; Lachen",
        introduction="Jeden Montag:\r\nSuppe, Hauptgang\n\nNachtisch",
        price=Decimal("3.50"),
        price_includes="Getränk; Nachtisch, Kaffee",
        venue=located,
        rules=((0, "12:00", "13:30"),),
    )
    lunch = ProjectPage.objects.get(pk=lunch.pk)
    lunch.schedule_rules = [
        ProjectScheduleRule(
            weekday=0, start_time=datetime.time(12), end_time=datetime.time(13, 30)
        ),
        # A second rule, valid for part of next year only, across both DST switches.
        ProjectScheduleRule(
            weekday=3,
            start_time=datetime.time(18, 15),
            end_time=datetime.time(20),
            valid_from=datetime.date(year, 2, 1),
            valid_until=datetime.date(year, 11, 15),
        ),
        # A rule that ended before the window: no event.
        ProjectScheduleRule(
            weekday=4,
            start_time=datetime.time(9),
            end_time=datetime.time(10),
            valid_until=datetime.date(year - 5, 1, 1),
        ),
    ]
    lunch.closures = [
        ProjectClosure(start_date=datetime.date(year, 7, 12), end_date=datetime.date(year, 8, 1)),
        ProjectClosure(start_date=datetime.date(year, 12, 24)),
    ]
    lunch.save_revision().publish()
    plain = project(
        conference, title="Spieletreff", slug="spieletreff", rules=((5, "15:00", "17:00"),)
    )
    return conference, [ProjectPage.objects.get(pk=page.pk) for page in (lunch, plain)]


def test_project_events_equal_the_icalendar_events_of_the_same_pages(client, awkward_projects):
    conference, pages = awkward_projects
    lunch, plain = pages
    assert lunch.ical_sequence > 0
    calendar = fetch_calendar(client, conference.url + "termine.ics")
    events = events_by_uid(calendar)
    window = calendar_window()

    expected = {}
    for page in pages:
        expected.update(reference_project_events(page, window))
    # Two rules of the lunch (the third ended long ago) and the one of the games.
    assert len(expected) == 3
    assert len(calendar.walk("VEVENT")) == 3
    assert set(events) == set(expected)
    for uid, reference in expected.items():
        event = events[uid]
        assert set(event) == set(reference), uid
        for name in reference:
            assert comparable_project_property(event, name) == comparable_project_property(
                reference, name
            ), (uid, name)

    first = events[str(lunch.ical_uid)]
    assert str(first["SUMMARY"]) == lunch.title
    assert str(first["DESCRIPTION"]) == (
        "Essen, Reden; Lachen\n\nJeden Montag:\nSuppe, Hauptgang\n\nNachtisch\n\n"
        "Preis: 3,50 € (Getränk; Nachtisch, Kaffee)"
    )
    exdates, _params = comparable_project_property(first, "EXDATE")
    excluded = {moment.date() for moment, _offset, _zone in exdates}
    year = timezone.localdate().year + 1
    assert {datetime.date(year, 7, 12), datetime.date(year, 7, 19)} <= excluded
