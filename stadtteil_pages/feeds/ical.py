"""iCalendar (RFC 5545) feeds of meetings and weekly projects.

Every page with dates serves ``termine.ics``: the conference index all of
them, a district conference its meetings and projects, a meeting or a project
itself. A calendar program recognises an event by its UID (the UUID stored on
the page) and takes a change when SEQUENCE grows; both come from
``CalendarEntryMixin``.
"""

import datetime
import itertools
import uuid
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.db.models import Max, Min
from django.db.models.functions import Coalesce
from django.http import Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

import icalendar

from .. import conf
from ..models import MeetingPage, ProjectPage, Venue
from ..models.base import provides
from ..models.routes import CalendarFeedMixin
from ..public.publication import published
from . import lines
from .window import calendar_window

PRODID = "-//Stadtteil-CMS//stadtteil_pages//DE"
END = b"END:VCALENDAR\r\n"
# How often subscribed calendars should look for changes (RFC 7986 and Outlook).
REFRESH_INTERVAL = datetime.timedelta(hours=12)
ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MEETING_STATUS = {
    MeetingPage.Status.SCHEDULED: "CONFIRMED",
    # Postponed: the date shown will not take place as planned, but the
    # meeting is not called off either; TENTATIVE says exactly that.
    MeetingPage.Status.POSTPONED: "TENTATIVE",
    MeetingPage.Status.CANCELLED: "CANCELLED",
}


@provides("calendar")
def calendar_response(request, page):
    """The ``termine.ics`` of a page, streamed event by event.

    The index's feed holds every date of every conference; written as it is
    read from the database, its memory stays bounded however many there are.
    Browsers and proxies may keep it for ``STADTTEIL_API_MAX_AGE`` seconds;
    the ETag comes from the response cache (``stadtteil_pages.cache``).
    """
    response = StreamingHttpResponse(
        stream_calendar(request, page), content_type="text/calendar; charset=utf-8"
    )
    # Inline, so that phones offer to add the dates; the name helps downloads.
    response["Content-Disposition"] = content_disposition_header(False, f"{page.slug}.ics")
    # Pages are served in their own language (see StadtteilPage.serve).
    response["Content-Language"] = get_language()
    patch_cache_control(response, public=True, max_age=conf.api_max_age())
    return response


def stream_calendar(request, page):
    """The calendar as chunks of iCalendar text: head and time zone, events, end."""
    window = calendar_window()
    tz = conf.event_timezone()
    # Dated meetings from the window's start on (to be announced: no date).
    meetings = (
        published(MeetingPage, request)
        .descendant_of(page, inclusive=True)
        .dated()
        .filter(status__in=list(MEETING_STATUS))
        .order_by("start", "pk")
    )
    # A meeting's own file holds the meeting whenever it took place: a visitor
    # who keeps a record of a past date asks for exactly that one.
    if not isinstance(page, MeetingPage):
        first_instant = datetime.datetime.combine(window.first_day, datetime.time.min, tz)
        meetings = meetings.filter(start__gte=first_instant)
    span = meetings.aggregate(first=Min("start"), last=Max(Coalesce("end", "start")))
    # A past meeting's own file reaches back before the window: its time
    # zone rules must cover that date too.
    first_day, last_day = window.first_day, window.last_day
    if span["first"]:
        first_day = min(first_day, span["first"].astimezone(tz).date())
        last_day = max(last_day, span["last"].astimezone(tz).date())
    head = calendar_head(request, page, first_day, last_day).to_ical()[: -len(END)]
    # Below the page, an address is the page's plus the rest of the url_path:
    # no query for the site and its root paths per event.
    base_url = page.get_full_url(request)

    def url_of(item):
        return base_url + item.url_path[len(page.url_path) :]

    projects = (
        published(ProjectPage, request)
        .descendant_of(page, inclusive=True)
        .select_related("venue", "locale")
        .prefetch_related("schedule_rules", "closures")
        .order_by("path")
    )
    project_events = b"".join(project_lines(p, url_of(p), window, tz) for p in projects)
    yield head
    venues = Venue.objects.filter(pk__in=meetings.values("venue"))
    places = {venue.pk: place_lines(venue) for venue in venues}
    rows = meetings.values_list(*MEETING_FIELDS, named=True).iterator(chunk_size=2000)
    events = (meeting_lines(row, places.get(row.venue_id), url_of(row), tz) for row in rows)
    while chunk := b"".join(itertools.islice(events, 200)):
        yield chunk
    yield project_events
    yield END


def calendar_head(request, page, first_day, last_day):
    """The calendar's own properties and its time zone, without events."""
    url = feed_url(page, request, "calendar")
    calendar = icalendar.Calendar.new(
        # X-WR-CALNAME is written unescaped: a line break in the title would
        # end the property. A calendar name is one line anyway.
        name=" ".join(page.title.split()),
        prodid=PRODID,
        refresh_interval=REFRESH_INTERVAL,
        uid=uuid.uuid5(uuid.NAMESPACE_URL, url),
        url=url,
    )
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    # The time zone comes first, as older clients expect, and is written even
    # for an empty calendar: RFC 5545 wants at least one component.
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(
            conf.event_timezone(),
            first_date=first_day,
            last_date=last_day + datetime.timedelta(days=366),
        )
    )
    return calendar


def calendar_links(page, request):
    """The addresses residents use to put a page's dates into their calendar.

    None when the page has no dates to offer (a meeting still to be
    announced or already over, a project without a weekly date) or is not
    routable.
    """
    if isinstance(page, MeetingPage):
        offered = page.has_date and page.status in MEETING_STATUS and not page.is_past()
    elif isinstance(page, ProjectPage):
        offered = page.schedule_rules.exists()
    else:
        offered = isinstance(page, CalendarFeedMixin)
    url = offered and feed_url(page, request, "calendar")
    if not url:
        return None
    subscribe = urlunsplit(urlsplit(url)._replace(scheme="webcal"))
    help_url = page.get_url(request)
    return {
        "download": url,
        "subscribe": subscribe,
        # Calendar programs that are not asked through webcal:// take the
        # plain address; it is shown for copying.
        "address": url,
        # A plain link: nothing is loaded from Google until the visitor follows it.
        "google": "https://calendar.google.com/calendar/render?" + urlencode({"cid": subscribe}),
        "help": help_url and help_url + page.reverse_subpage("calendar_help"),
    }


def feed_url(page, request, route_name):
    """The absolute address of one of a page's routes (``termine.ics``, ``feed.atom``)."""
    page_url = page.get_full_url(request)
    return page_url and page_url + page.reverse_subpage(route_name)


# What a meeting's event shows, read as plain values (no page objects).
MEETING_FIELDS = (
    "title",
    "status",
    "introduction",
    "start",
    "end",
    "ical_uid",
    "ical_sequence",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "url_path",
    "venue_id",
    "locale__language_code",
)


def meeting_lines(meeting, place, url, tz):
    """A meeting's ``VEVENT`` as bytes; ``meeting`` is a row of ``MEETING_FIELDS``."""
    summary = meeting.title
    if meeting.status != MeetingPage.Status.SCHEDULED:
        summary = f"{MeetingPage.Status(meeting.status).label}: {summary}"
    return _event(
        meeting,
        meeting.locale__language_code,
        place,
        url,
        tz,
        uid=meeting.ical_uid,
        summary=summary,
        description=meeting.introduction,
        start=lines.local(meeting.start, tz),
        end=lines.local(meeting.end, tz),
        status=MEETING_STATUS[meeting.status],
    )


def place_lines(venue):
    """A venue's ``LOCATION`` text and ``GEO`` value, written once for all its events."""
    geo = f"{float(venue.latitude)};{float(venue.longitude)}" if venue.has_coordinates else None
    return lines.text(venue.full_address), geo


def project_lines(project, url, window, tz):
    """A project's weekly ``VEVENT``s as bytes, expanding exactly like the page.

    One event per schedule rule. RRULE gives the weekly dates without end,
    or up to the rule's end of validity (UNTIL in UTC, as RFC 5545 demands
    with a TZID start), so that an imported calendar does not stop at a
    date the rule does not have. EXDATE lists the closures and public
    holidays up to the window's horizon, the days that
    ``ProjectPage.occurrences()`` skips (``schedule.WeeklySchedule``).
    UIDs: see ``weekly_rules``.
    """
    description = "\n\n".join(
        part for part in (project.tagline, project.introduction, _price_text(project)) if part
    )
    place = place_lines(project.venue) if project.venue else None
    events = []
    for uid, single, rule, first_day, last_day in weekly_rules(project, window):
        until = (
            f"UNTIL={lines.utc(datetime.datetime.combine(rule.valid_until, rule.start_time, tz))};"
            if rule.valid_until
            else ""
        )
        excluded = single.excluded_days(first_day, last_day)
        events.append(
            _event(
                project,
                project.locale.language_code,
                place,
                url,
                tz,
                uid=uid,
                summary=project.title,
                description=description,
                start=_local_stamp(first_day, rule.start_time),
                end=_local_stamp(first_day, rule.end_time),
                status="CONFIRMED",
                more=[
                    ("RRULE", f"FREQ=WEEKLY;{until}BYDAY={ICAL_WEEKDAYS[rule.weekday]}"),
                    (
                        f"EXDATE;TZID={tz.key}",
                        ",".join(_local_stamp(day, rule.start_time) for day in excluded) or None,
                    ),
                ],
            )
        )
    return b"".join(events)


def _event(
    page, language, place, url, tz, *, uid, summary, description, start, end, status, more=()
):
    """A ``VEVENT`` of a meeting or a project's rule as bytes (see ``lines``)."""
    language = f"LANGUAGE={language}"
    tzid = f"TZID={tz.key}"
    # Without METHOD, DTSTAMP is when the entry was last revised (RFC 5545,
    # 3.8.7.2); it also keeps the body, and so the ETag, stable.
    revised = lines.utc(
        page.last_published_at or page.first_published_at or page.latest_revision_created_at
    )
    location, geo = place or (None, None)
    return lines.event(
        [
            ("UID", str(uid)),
            (f"SUMMARY;{language}", lines.text(summary)),
            (f"DESCRIPTION;{language}", lines.text(description) or None),
            (f"DTSTART;{tzid}", start),
            (f"DTEND;{tzid}", end),
            ("STATUS", status),
            ("SEQUENCE", page.ical_sequence),
            ("DTSTAMP", revised),
            ("LAST-MODIFIED", revised),
            ("CREATED", lines.utc(page.first_published_at)),
            ("URL", url),
            (f"LOCATION;{language}", location),
            ("GEO", geo),
            *more,
        ]
    )


def weekly_rules(project, window):
    """``(uid, schedule, rule, first day, last day)`` of each rule with dates from the window on.

    ``schedule`` is the project's schedule with only that rule; the last day
    is the last one whose exceptions are written out (the rule's end of
    validity or the window's horizon). A rule that ended before the window
    is left out. The first rule carries the page's UUID; further rules get
    UUIDs derived from it and their position.
    """
    for number, single in enumerate(project.weekly_schedule.per_rule(), start=1):
        rule = single.rules[0]
        first_day = max(window.first_day, rule.valid_from or window.first_day)
        last_day = min(window.last_day, rule.valid_until or window.last_day)
        first_day += datetime.timedelta(days=(rule.weekday - first_day.weekday()) % 7)
        if rule.valid_until and first_day > rule.valid_until:
            continue
        uid = project.ical_uid if number == 1 else uuid.uuid5(project.ical_uid, f"rule-{number}")
        yield uid, single, rule, first_day, last_day


def _local_stamp(day, time):
    """A local DATE-TIME for a ``TZID`` parameter from a day and a wall-clock time."""
    return lines.stamp(datetime.datetime.combine(day, time))


def _price_text(project):
    if project.price is None:
        return ""
    text = _("Price: %(price)s €") % {"price": formats.number_format(project.price, 2)}
    if project.price_includes:
        text += f" ({project.price_includes})"
    return text


@provides("calendar_help")
def calendar_help(request, page):
    """``…/kalender/``: how to subscribe to the page's dates, for each calendar program."""
    links = calendar_links(page, request)
    if links is None:
        raise Http404
    context = {
        "page": page,
        "self": page,
        "links": links,
        "base_template": conf.base_template(),
    }
    return TemplateResponse(request, "stadtteil_pages/calendar_help.html", context)
