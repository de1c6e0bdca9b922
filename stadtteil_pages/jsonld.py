"""schema.org structured data (JSON-LD) for the pages, as Python dicts.

Search engines and other city sites read the dates, places and contacts from
here. Everything is built as data and serialised with ``json.dumps``; the
characters that could end the surrounding ``<script>`` element are escaped.
"""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import conf
from .feeds.window import calendar_window
from .formatting import phone_e164
from .models import (
    ConferenceIndexPage,
    ContactPerson,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    Venue,
)
from .public.publication import public_ancestors
from .queries import pages

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    MeetingPage.Status.SCHEDULED: SCHEMA + "EventScheduled",
    MeetingPage.Status.POSTPONED: SCHEMA + "EventPostponed",
    MeetingPage.Status.CANCELLED: SCHEMA + "EventCancelled",
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# json.dumps leaves these as they are; inside <script> they could close the
# element or start a comment.
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def structured_data(page, request):
    """The page's schema.org graph: breadcrumbs, plus events and contacts."""
    graph = [breadcrumb_list(page, request)]
    if isinstance(page, MeetingPage):
        graph.append(meeting_event(page, request))
    elif isinstance(page, ConferenceIndexPage) and (lead := pages.project_lead(page)):
        graph.append(person(lead))
    if isinstance(page, ProjectPage):
        graph.append(project_event(page, request))
    if isinstance(page, ProjectPage | DistrictConferencePage):
        graph += [person(contact) for contact in pages.contacts(page, request)]
    return {"@context": "https://schema.org", "@graph": [item for item in graph if item]}


def script_tag(data):
    """A ``<script type="application/ld+json">`` element for the data."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    # Safe: the JSON holds no "<", ">" or "&" any more (see SCRIPT_ESCAPES).
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 (escaped above)


def breadcrumb_list(page, request):
    """The public ancestors within the site (the header's breadcrumbs), and the page."""
    trail = [*public_ancestors(page, request), page]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            _compact(
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": item.title,
                    "item": item.get_full_url(request),
                }
            )
            for position, item in enumerate(trail, start=1)
        ],
    }


def meeting_event(meeting, request):
    """An Event; none while the date is to be announced (no startDate possible)."""
    if not meeting.has_date or meeting.status not in EVENT_STATUS:
        return None
    tz = conf.event_timezone()
    return _event(
        meeting,
        request,
        startDate=meeting.start.astimezone(tz),
        endDate=meeting.end and meeting.end.astimezone(tz),
        eventStatus=EVENT_STATUS[meeting.status],
    )


def project_event(project, request, today=None):
    """An Event with one weekly Schedule per rule and the price as an Offer."""
    weekly = project.weekly_schedule
    if not weekly.rules:
        return None
    tz = conf.event_timezone()
    today = today or timezone.localdate(timezone=tz)
    horizon = calendar_window(today).last_day
    next_date = project.next_occurrence()
    schedules = []
    for single in weekly.per_rule():
        rule = single.rules[0]
        schedules.append(
            _compact(
                {
                    "@type": "Schedule",
                    "byDay": SCHEMA + WEEKDAYS[rule.weekday],
                    "startTime": rule.start_time,
                    "endTime": rule.end_time,
                    "repeatFrequency": "P1W",
                    "scheduleTimezone": tz.key,
                    "startDate": rule.valid_from,
                    "endDate": rule.valid_until,
                    "exceptDate": [
                        day.isoformat() for day in single.excluded_dates(today, horizon)
                    ],
                }
            )
        )
    return _event(
        project,
        request,
        startDate=next_date and next_date.start,
        endDate=next_date and next_date.end,
        eventStatus=EVENT_STATUS[MeetingPage.Status.SCHEDULED],
        eventSchedule=schedules,
        offers=(
            _compact(
                {
                    "@type": "Offer",
                    "price": f"{project.price:.2f}",
                    "priceCurrency": "EUR",
                    "description": project.price_includes,
                    "url": project.get_full_url(request),
                }
            )
            if project.price is not None
            else None
        ),
    )


def place(venue: Venue):
    data = {"@type": "Place", "name": venue.name, "address": _postal_address(venue)}
    if venue.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def person(contact: ContactPerson):
    """A contact person, reachable through a ContactPoint."""
    return _compact(
        {
            "@type": "Person",
            "name": contact.name,
            "jobTitle": contact.role,
            "worksFor": (
                {"@type": "Organization", "name": contact.organisation}
                if contact.organisation
                else None
            ),
            "address": _postal_address(contact) if contact.street or contact.city else None,
            "contactPoint": _compact(
                {
                    "@type": "ContactPoint",
                    "contactType": contact.role,
                    "telephone": phone_e164(contact.phone),
                    "email": contact.email,
                }
            ),
        }
    )


def _postal_address(owner):
    """The street, postal code and city of a venue or a contact."""
    return _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": owner.street,
            "postalCode": owner.postal_code,
            "addressLocality": owner.city,
        }
    )


def _event(page, request, **fields):
    return _compact(
        {
            "@type": "Event",
            "name": page.title,
            "description": page.introduction,
            "url": page.get_full_url(request),
            "inLanguage": page.locale.language_code,
            "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
            "location": place(page.venue) if page.venue else None,
            "organizer": conf.organizer(request),
            **fields,
        }
    )


def _compact(data):
    """Leave out what is unknown rather than stating empty values."""
    return {
        key: value.isoformat() if isinstance(value, datetime.date | datetime.time) else value
        for key, value in data.items()
        if value not in (None, "", [], {})
    }
