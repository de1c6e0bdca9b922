"""How the plugin's models appear in the API: the nested objects of ``api_fields``.

Each field renders one thing a consumer needs in a single request (a venue
with its address, the published contacts of a page, the next dates of a
project). The fields work on whatever the endpoint prefetched; see
``stadtteil_pages.api`` for the prefetching that keeps listings at a
constant number of queries. The return annotations become the OpenAPI
schema of API v3, so they are exact.

The models name their ``api_fields``; ``declare_serializers`` gives them
the serializers below when the app is ready, so that the API depends on the
models and not the reverse (Wagtail's API v2 and v3 both read them there).
"""

from urllib.parse import quote

from django.apps import apps
from django.urls import NoReverseMatch
from django.utils.http import RFC3986_SUBDELIMS

from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.api.v2.serializers import StreamField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from rest_framework.fields import Field
from typing_extensions import TypedDict

from ..formatting import iso_datetime, phone_e164
from ..memo import memo
from ..models import (
    ConferenceIndexPage,
    ContactPerson,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProtocolIndexPage,
    Venue,
)
from ..models.snippets import display_phone
from ..public.publication import (
    in_public_collection,
    public_page,
    published,
    snippet_is_published,
)
from ..queries.overview import next_meetings

WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class DistrictData(TypedDict):
    id: int
    name: str
    slug: str


class CoordinatesData(TypedDict):
    latitude: float
    longitude: float


class VenueData(TypedDict):
    id: int
    name: str
    street: str
    postal_code: str
    city: str
    address: str
    district: DistrictData | None
    coordinates: CoordinatesData | None
    accessibility: str


class ContactData(TypedDict):
    id: int
    name: str
    role: str
    organisation: str
    phone: str | None
    phone_display: str | None
    mobile: str | None
    mobile_display: str | None
    email: str
    office: str
    street: str
    postal_code: str
    city: str
    office_hours: str


class PageLinkData(TypedDict):
    id: int
    title: str
    url: str | None


class MeetingSummaryData(PageLinkData):
    status: str
    start: str | None
    end: str | None


class DocumentData(TypedDict):
    id: int
    title: str
    kind: str
    url: str
    size: int | None
    mime_type: str


class ScheduleRuleData(TypedDict):
    weekday: int
    weekday_name: str
    start_time: str
    end_time: str
    valid_from: str | None
    valid_until: str | None


class ClosureData(TypedDict):
    start_date: str
    end_date: str
    reason: str


class OccurrenceData(TypedDict):
    start: str
    end: str


def page_url(page, request=None):
    """The page's full address, as ``page.get_full_url(request)``.

    Siblings share everything in their address but their slug: Wagtail is
    asked for the address of one page per parent and request (it looks up
    the site's root paths and reverses its route every time), the
    addresses of the others are derived from it.
    """
    if request is None or type(page).get_url_parts is not Page.get_url_parts:
        return page.get_full_url(request)
    request = getattr(request, "_request", request)  # a DRF request wraps Django's

    def parent_address():
        url = page.get_full_url(request)
        if url is None:
            return None  # outside every site, as are its siblings
        own = _address_component(page.slug)
        return url[: -len(own)] if url.endswith(own) else False

    parent = memo(request, ("parent-address", page.path[: -page.steplen]), parent_address)
    if parent is None:
        return None
    if parent is False:
        return page.get_full_url(request)
    return parent + _address_component(page.slug)


def _address_component(slug):
    # As Django's reverse() quotes the path it builds.
    return quote(slug, safe=RFC3986_SUBDELIMS + "/~:@") + "/"


def plain(data_type, instance, **computed):
    """The fields ``data_type`` names, in its order: ``computed`` or the instance's attribute."""
    return {
        name: computed[name] if name in computed else getattr(instance, name)
        for name in data_type.__annotations__
    }


def district_data(district) -> DistrictData:
    return {"id": district.pk, "name": district.name, "slug": district.slug}


def district_list(districts) -> list[DistrictData]:
    return [district_data(district) for district in districts.all()]


def venue_coordinates(venue) -> CoordinatesData | None:
    """Latitude and longitude (WGS 84) as numbers, or null when not known."""
    if not venue.has_coordinates:
        return None
    return {"latitude": float(venue.latitude), "longitude": float(venue.longitude)}


def venue_data(venue) -> VenueData:
    return plain(
        VenueData,
        venue,
        address=venue.full_address,
        district=district_data(venue.district) if venue.district_id else None,
        coordinates=venue_coordinates(venue),
        accessibility=expand_db_html(venue.accessibility),
    )


def phone_display(number) -> str | None:
    return display_phone(number) or None


def contact_data(contact) -> ContactData:
    return plain(
        ContactData,
        contact,
        phone=phone_e164(contact.phone),
        phone_display=contact.display_phone or None,
        mobile=phone_e164(contact.mobile),
        mobile_display=contact.display_mobile or None,
    )


def contact_list(links) -> list[ContactData]:
    """The contacts linked from a page, in editor order, published versions only."""
    contacts = [link.contact for link in links.all()]
    return [contact_data(contact) for contact in contacts if snippet_is_published(contact)]


def published_contact(contact) -> ContactData | None:
    """One linked contact, or null while it has no published version."""
    return contact_data(contact) if snippet_is_published(contact) else None


def lines(text) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def full_address(venue) -> str:
    return venue.full_address


def rich_text_html(value) -> str:
    """Rich text as display HTML, with links to pages and documents resolved."""
    return expand_db_html(value)


def language_code(locale) -> str:
    return locale.language_code


def schedule_rule_list(rules) -> list[ScheduleRuleData]:
    return [
        {
            "weekday": rule.weekday,
            "weekday_name": WEEKDAY_NAMES[rule.weekday],
            "start_time": rule.start_time.strftime("%H:%M"),
            "end_time": rule.end_time.strftime("%H:%M"),
            "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
            "valid_until": rule.valid_until.isoformat() if rule.valid_until else None,
        }
        for rule in rules.all()
    ]


def closure_list(closures) -> list[ClosureData]:
    return [
        {
            "start_date": closure.start_date.isoformat(),
            "end_date": (closure.end_date or closure.start_date).isoformat(),
            "reason": closure.reason,
        }
        for closure in closures.all()
    ]


def next_occurrences(project) -> list[OccurrenceData]:
    """The next five dates of a project, after closures and public holidays."""
    return [
        {"start": iso_datetime(occurrence.start), "end": iso_datetime(occurrence.end)}
        for occurrence in project.upcoming_occurrences(5)
    ]


def price_currency(project) -> str | None:
    return "EUR" if project.price is not None else None


class OutputField(Field):
    """A field the API only writes out: ``represent(value)`` when it is given.

    ``represent`` becomes the field's ``to_representation``, so that API v3
    types the field from its return annotation.
    """

    def __init__(self, represent=None, **kwargs):
        super().__init__(read_only=True, **kwargs)
        if represent is not None:
            self.to_representation = represent


class MeetingDocumentListField(OutputField):
    """The documents of a meeting: invitation, protocol, attachments."""

    def to_representation(self, items) -> list[DocumentData]:
        request = self.context.get("request")
        return [
            {
                "id": item.document.pk,
                "title": item.display_title,
                "kind": item.kind,
                "url": get_full_url(request, item.document.url),
                "size": item.document.file_size,
                "mime_type": item.document.content_type,
            }
            for item in items.all()
            if in_public_collection(item.document, request)
        ]


class PageAddressField(OutputField):
    """The page's address on the site (``meta.html_url``), derived per parent (``page_url``)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page) -> str | None:
        try:
            return page_url(page, self.context.get("request"))
        except NoReverseMatch:
            return None


class CalendarUrlField(PageAddressField):
    """The address of the page's iCalendar subscription (``…/termine.ics``), or null."""

    def to_representation(self, page) -> str | None:
        try:
            return page_url(page, self.context.get("request")) + page.reverse_subpage("calendar")
        except (AttributeError, NoReverseMatch, TypeError):
            return None


# Related pages: loaded for every item of a listing at once (a query per
# listing, not per item) and kept on the items.


def parent_conferences(meetings, request):
    """The published parent conference of each meeting (or None).

    Only the parents of these meetings are read, however many conferences
    the site has.
    """
    parents = {meeting.path[: -meeting.steplen] for meeting in meetings}
    found = published(DistrictConferencePage, request, locale=None).filter(path__in=parents)
    conferences = {page.path: page for page in found.prefetch_related("districts")}
    return {meeting.pk: conferences.get(meeting.path[: -meeting.steplen]) for meeting in meetings}


def next_meetings_by_conference(conferences, request):
    """The next date of each conference that has one (``overview.next_meetings``)."""
    meetings = next_meetings(list(conferences), request, locale=None)
    return {meeting.conference.pk: meeting for meeting in meetings}


def conferences_of_origin(projects, request):
    """The published conference of origin of each project (or None)."""
    ids = {project.conference_id for project in projects if project.conference_id}
    conferences = published(DistrictConferencePage, request, locale=None).in_bulk(ids)
    return {project.pk: conferences.get(project.conference_id) for project in projects}


def related_page(field, instance, load):
    """What ``load`` gives ``instance`` (or None), loaded with the other items of the answer."""
    key = f"_api_{load.__name__}"
    if key not in instance.__dict__:
        items = getattr(field.root, "instance", None)  # API v3 binds the field alone
        items = items if isinstance(items, list) else [instance]
        found = load(items, field.context.get("request"))
        for item in items:
            item.__dict__[key] = found.get(item.pk)
    return instance.__dict__[key]


class DistrictConferenceField(OutputField):
    """The published district conference a meeting belongs to, or null."""

    def get_attribute(self, meeting):
        return related_page(self, meeting, parent_conferences)

    def to_representation(self, conference) -> PageLinkData | None:
        url = page_url(conference, self.context.get("request"))
        return {"id": conference.pk, "title": conference.title, "url": url}


class ConferenceOfOriginField(DistrictConferenceField):
    """The district conference a project came from, when it is published."""

    def get_attribute(self, project):
        return related_page(self, project, conferences_of_origin)


class MeetingDistrictsField(OutputField):
    """The districts of the meeting's conference."""

    def get_attribute(self, meeting):
        conference = related_page(self, meeting, parent_conferences)
        return district_list(conference.districts) if conference else []

    def to_representation(self, districts) -> list[DistrictData]:
        return districts


class NextMeetingField(OutputField):
    """The next published date of a district conference that is not over, or null."""

    def get_attribute(self, conference):
        return related_page(self, conference, next_meetings_by_conference)

    def to_representation(self, meeting) -> MeetingSummaryData | None:
        url = page_url(meeting, self.context.get("request"))
        start, end = iso_datetime(meeting.start), iso_datetime(meeting.end)
        return plain(MeetingSummaryData, meeting, url=url, start=start, end=end)


class BodyField(StreamField):
    """A page's body with the same rule as on the page: a call to action names no hidden page."""

    def to_representation(self, value) -> list:
        data = super().to_representation(value)
        request = self.context.get("request")
        for child, item in zip(value, data, strict=True):
            target = child.value.get("page") if child.block_type == "call_to_action" else None
            if target is not None and public_page(target, request) is None:
                item["value"]["page"] = None
        return data


def field_serializers():
    """The serializer of each model's ``api_fields`` that are not plain values (fresh instances)."""
    return {
        ConferenceIndexPage: {
            "body": BodyField(),
            "lead_organisers": OutputField(lines),
            "project_lead": OutputField(published_contact),
            "ical_url": CalendarUrlField(),
        },
        DistrictConferencePage: {
            "body": BodyField(),
            "districts": OutputField(district_list),
            "contacts": OutputField(contact_list, source="contact_links"),
            "next_meeting": NextMeetingField(),
            "ical_url": CalendarUrlField(),
        },
        MeetingPage: {
            "body": BodyField(),
            "start": OutputField(iso_datetime),
            "end": OutputField(iso_datetime),
            "venue": OutputField(venue_data),
            "district_conference": DistrictConferenceField(),
            "districts": MeetingDistrictsField(),
            "documents": MeetingDocumentListField(),
            "ical_url": CalendarUrlField(),
        },
        ProjectPage: {
            "body": BodyField(),
            "venue": OutputField(venue_data),
            "price_currency": OutputField(price_currency, source="*"),
            "schedule_rules": OutputField(schedule_rule_list),
            "closures": OutputField(closure_list),
            "next_occurrences": OutputField(next_occurrences, source="*"),
            "contacts": OutputField(contact_list, source="contact_links"),
            "conference": ConferenceOfOriginField(),
            "ical_url": CalendarUrlField(),
        },
        ProtocolIndexPage: {"body": BodyField()},
        ContactPerson: {
            "phone": OutputField(phone_e164),
            "phone_display": OutputField(phone_display, source="phone"),
            "mobile": OutputField(phone_e164),
            "mobile_display": OutputField(phone_display, source="mobile"),
            "locale": OutputField(language_code),
        },
        Venue: {
            "address": OutputField(full_address, source="*"),
            "district": OutputField(district_data),
            "coordinates": OutputField(venue_coordinates, source="*"),
            "accessibility": OutputField(rich_text_html),
            "locale": OutputField(language_code),
        },
    }


def declare_serializers():
    """Give the models' ``api_fields`` their serializers; called once when the app is ready.

    Each model gets instances of its own, in the order it declares its fields.
    """
    serializers = field_serializers()
    for model in apps.get_app_config("stadtteil_pages").get_models():
        own = serializers.get(model)
        if own:
            model.api_fields = [
                APIField(field.name, serializer=own[field.name]) if field.name in own else field
                for field in model.api_fields
            ]
