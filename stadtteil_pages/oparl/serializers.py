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
# The body's external lists by property; the list "xList" holds the objects of kind "x".
BODY_LISTS = {
    key: key.removesuffix("List")
    for key in ["organization", "person", "meeting", "paper", "file", "locationList"]
    + ["membership", "agendaItem", "consultation", "legislativeTermList"]
}


def present(**values):
    """The values that are there (OParl leaves out what is empty), in their order."""
    return {key: value for key, value in values.items() if value}


def oparl_type(name):
    return f"{OPARL_VERSION}{name}"


def error_object(message, **debug):
    """OParl's error object ("Ausnahmebehandlung"): type, message and what went wrong."""
    return {"type": oparl_type("Error"), "message": str(message), **present(debug=debug), **debug}


class Context:
    """What every object of one request shares: the site, its language, its addresses."""

    def __init__(self, request, site):
        self.request = request
        self.site = site
        #: ``omit_internal=true``: leave out the internal lists OParl names.
        self.omit_internal = False

    @cached_property
    def locale(self):
        """OParl speaks the site's default language; translations are not objects of their own."""
        return Locale.get_default()

    def url(self, name, *args):
        return f"{self.site.root_url}{reverse(f'stadtteil_oparl:{name}', args=args)}"

    def object_url(self, kind, pk):
        return self.url("object", kind, pk)

    @property
    def body_url(self):
        return self.url("body", self.site.pk)

    def body_list_url(self, kind):
        return self.url("body_list", self.site.pk, kind)


def with_dates(data, entry):
    return data | present(
        created=iso_datetime(entry.created), modified=iso_datetime(entry.modified)
    )


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
        "website": f"{ctx.site.root_url}/",
        "web": f"{ctx.site.root_url}/",
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
        "web": f"{ctx.site.root_url}/",
    }


def organization_object(ctx, page, entry, memberships):
    """A conference; ``memberships`` holds the addresses of its contacts' memberships by page."""
    districts = [district.name for district in page.districts.all()]
    data = {
        **head(ctx, "organization", page.pk),
        "body": ctx.body_url,
        "name": page.title,
        "organizationType": "Sonstiges",
        "classification": "Stadtteilkonferenz",
        "meeting": ctx.url("organization_meetings", page.pk),
        **present(
            membership=memberships.get(page.pk), shortName=", ".join(districts), keyword=districts
        ),
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


def file_object(ctx, document, entry, meetings):
    """A document; ``meetings`` holds the addresses of the meetings that use it by document."""
    address = document.url if "://" in document.url else f"{ctx.site.root_url}{document.url}"
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
        meeting=meetings.get(document.pk),
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


def meeting_object(ctx, page, entry, organizations, venues, files, now):
    """A meeting with its location and files embedded, as OParl asks.

    Only meetings with a date are listed. ``organizations`` maps a
    conference's path to its address (in a list); ``venues`` and ``files``
    are the entries of the public venues and documents: only those are
    embedded. Of the documents, in the editors' order, the first invitation
    and the first protocol get their own property, everything else is an
    auxiliary file.
    """
    embedded = [
        (link.kind, file_object(ctx, link.document, files[link.document_id], {}))
        for link in page.documents.all()
        if link.document_id in files
    ]
    invitation = next((data for kind, data in embedded if kind == "invitation"), None)
    protocol = next((data for kind, data in embedded if kind == "protocol"), None)
    auxiliary = [
        data for _kind, data in embedded if data is not invitation and data is not protocol
    ]
    venue = venues.get(page.venue_id)
    data = {
        **head(ctx, "meeting", page.pk),
        "name": page.title,
        "meetingState": meeting_state(page, invitation is not None, now),
        "cancelled": page.is_cancelled,
        **present(
            start=iso_datetime(page.start),
            end=iso_datetime(page.end),
            location=venue and location_object(ctx, page.venue, venue),
            organization=organizations.get(page.path[: -page.steplen]),
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


def person_object(ctx, contact, entry, memberships):
    """A contact; ``memberships`` holds the embedded membership objects by contact."""
    data = {
        **head(ctx, "person", contact.pk),
        "body": ctx.body_url,
        "name": contact.name,
        **present(
            status=[value for value in (contact.role, contact.organisation) if value],
            phone=[phone_e164(number) for number in (contact.phone, contact.mobile) if number],
            email=[contact.email] if contact.email else None,
            membership=memberships.get(contact.pk),
        ),
    }
    return with_dates(data, entry)
