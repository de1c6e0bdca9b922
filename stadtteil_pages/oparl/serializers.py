"""Our models as OParl 1.1 objects (plain dicts, ready for JSON).

Every address is absolute and built from the site's configured root URL, so
that an object's ``id`` is the same whichever request produced it; ``created``
and ``modified`` come from the ``Entry`` the list computed for the object.
"""

from functools import cached_property

from django.urls import reverse

from wagtail.models import Locale

from .. import conf
from ..api.serializers import page_url
from ..formatting import iso_datetime, phone_e164

OPARL_VERSION = "https://schema.oparl.org/1.1/"
BODY_LISTS = {
    "organization": "organization",
    "person": "person",
    "meeting": "meeting",
    "paper": "paper",
    "file": "file",
    "locationList": "location",
    "membership": "membership",
    "agendaItem": "agendaItem",
    "consultation": "consultation",
    "legislativeTermList": "legislativeTerm",
}


def oparl_type(name):
    return f"{OPARL_VERSION}{name}"


def error_object(message, **debug):
    """OParl's error object ("Ausnahmebehandlung"): type, message and what went wrong."""
    data = {"type": oparl_type("Error"), "message": str(message)}
    if debug:
        data["debug"] = debug
        data.update(debug)
    return data


class Context:
    """What every object of one request shares: the site, its language, its addresses."""

    def __init__(self, request, site):
        self.request = request
        self.site = site
        self.root_url = site.root_url
        #: ``omit_internal=true``: leave out the internal lists OParl names.
        self.omit_internal = False

    @cached_property
    def locale(self):
        """OParl speaks the site's default language; translations are not objects of their own."""
        return Locale.get_default()

    def url(self, name, *args):
        return f"{self.root_url}{reverse(f'stadtteil_oparl:{name}', args=args)}"

    def object_url(self, kind, pk):
        return self.url("object", kind, pk)

    @property
    def body_url(self):
        return self.url("body", self.site.pk)

    def body_list_url(self, kind):
        return self.url("body_list", self.site.pk, kind)


def with_dates(data, entry):
    if entry is not None:
        if entry.created:
            data["created"] = iso_datetime(entry.created)
        if entry.modified:
            data["modified"] = iso_datetime(entry.modified)
    return data


def head(ctx, kind, pk):
    """What every object begins with: its address and its type."""
    return {"id": ctx.object_url(kind, pk), "type": oparl_type(kind.title())}


def deleted_object(ctx, kind, entry):
    """What remains of an object the public can no longer see: no name, no content."""
    return {**with_dates(head(ctx, kind, entry.pk), entry), "deleted": True}


def system_object(ctx):
    """The system without its dates (``objects.dated`` adds them)."""
    body = conf.oparl_body(ctx.request, ctx.site)
    return {
        "id": ctx.url("system"),
        "type": oparl_type("System"),
        "oparlVersion": OPARL_VERSION,
        "body": ctx.url("body_index"),
        "name": body["name"],
        "website": f"{ctx.root_url}/",
        "web": f"{ctx.root_url}/",
        **{key: body[key] for key in ("license", "contactEmail", "contactName") if key in body},
    }


def body_object(ctx):
    """The body without its dates (``objects.dated`` adds them)."""
    body = conf.oparl_body(ctx.request, ctx.site)
    return {
        "id": ctx.body_url,
        "type": oparl_type("Body"),
        "system": ctx.url("system"),
        **body,
        **{key: ctx.body_list_url(kind) for key, kind in BODY_LISTS.items()},
        # Conferences have no terms; the empty list costs nothing, so omit_internal keeps it.
        "legislativeTerm": [],
        "web": f"{ctx.root_url}/",
    }


def present(**values):
    """The values that are there (OParl leaves out what is empty), in their order."""
    return {key: value for key, value in values.items() if value}


def organization_object(ctx, page, entry, membership_urls):
    districts = [district.name for district in page.districts.all()]
    data = {
        **head(ctx, "organization", page.pk),
        "body": ctx.body_url,
        "name": page.title,
        "organizationType": "Sonstiges",
        "classification": "Stadtteilkonferenz",
        "meeting": ctx.url("organization_meetings", page.pk),
        **present(membership=membership_urls, shortName=", ".join(districts), keyword=districts),
        "web": page_url(page, ctx.request),
    }
    return with_dates(data, entry)


def location_object(ctx, venue, entry):
    data = {
        **head(ctx, "location", venue.pk),
        "description": venue.name,
        **present(
            streetAddress=venue.street,
            postalCode=venue.postal_code,
            locality=venue.city,
            subLocality=venue.district.name if venue.district else "",
        ),
    }
    if venue.has_coordinates:
        data["geojson"] = {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(venue.longitude), float(venue.latitude)],
            },
            "properties": {"name": venue.name},
        }
    return with_dates(data, entry)


def file_object(ctx, document, entry=None, meeting_urls=None):
    address = document.url if "://" in document.url else f"{ctx.root_url}{document.url}"
    data = {
        **head(ctx, "file", document.pk),
        "name": document.title,
        "fileName": document.filename,
        "mimeType": document.content_type,
        "date": document.created_at.astimezone(conf.event_timezone()).date().isoformat(),
        "accessUrl": address,
        "downloadUrl": address,
    }
    if document.file_size is not None:
        data["size"] = document.file_size
    data |= present(
        sha1Checksum=document.file_hash,
        sha512Checksum=getattr(document, "oparl_sha512", None),
        meeting=meeting_urls,
    )
    return with_dates(data, entry)


def meeting_state(page, has_invitation, now):
    """OParl's free text for the state of a meeting, in the words the standard suggests."""
    state = {"tba": "Termin folgt", "postponed": "verschoben", "cancelled": "abgesagt"}
    if page.status in state:
        return state[page.status]
    if page.is_past(now):
        return "durchgeführt"
    return "eingeladen" if has_invitation else "terminiert"


def meeting_object(ctx, page, entry, *, organization, location, files, now):
    """A meeting with its location and files embedded, as OParl asks.

    Only meetings with a date are listed. ``organization`` is the list of
    its conference's address. ``files`` is the list of ``(kind,
    file object)`` of the meeting's public documents in the editors' order:
    the first invitation and the first protocol get their own property,
    everything else is an auxiliary file.
    """
    invitation = next((data for kind, data in files if kind == "invitation"), None)
    protocol = next((data for kind, data in files if kind == "protocol"), None)
    auxiliary = [item for _kind, item in files if item is not invitation and item is not protocol]
    data = {
        **head(ctx, "meeting", page.pk),
        "name": page.title,
        "meetingState": meeting_state(page, invitation is not None, now),
        "cancelled": page.is_cancelled,
        **present(
            start=iso_datetime(page.start),
            end=iso_datetime(page.end),
            location=location,
            organization=organization,
            invitation=invitation,
            resultsProtocol=protocol,
            auxiliaryFile=None if ctx.omit_internal else auxiliary,
        ),
        "web": page_url(page, ctx.request),
    }
    return with_dates(data, entry)


def membership_object(ctx, link, entry, embedded=False):
    """A contact person of a conference; embedded in the person, without the way back."""
    data = {
        **head(ctx, "membership", link.pk),
        **present(person=None if embedded else ctx.object_url("person", link.contact_id)),
        "organization": ctx.object_url("organization", link.page_id),
        "role": "Ansprechperson",  # a conference's contact person
        "votingRight": False,
    }
    return with_dates(data, entry)


def person_object(ctx, contact, entry, memberships=None):
    data = {
        **head(ctx, "person", contact.pk),
        "body": ctx.body_url,
        "name": contact.name,
        **present(
            status=[value for value in (contact.role, contact.organisation) if value],
            phone=[phone_e164(number) for number in (contact.phone, contact.mobile) if number],
            email=[contact.email] if contact.email else None,
            membership=memberships,
        ),
    }
    return with_dates(data, entry)
