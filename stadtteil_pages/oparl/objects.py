"""The kinds of OParl objects: which rows they come from and how they are loaded.

Each kind answers three questions with a constant number of queries:
which rows the public sees (always through ``stadtteil_pages.public.publication``),
which rows the public saw once and no longer sees (tombstones, and rows
whose expiry has passed; they answer ``deleted: true``), and when each was
created and last changed.
"""

import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry, Page

from ..models import (
    ContactPerson,
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingDocument,
    MeetingPage,
    OParlStamp,
    OParlTombstone,
    Venue,
)
from ..public.publication import published, published_media, published_snippets
from . import serializers
from .checksums import attach_checksums
from .paging import Entry


def log_time(model, aggregate):
    """The first (``Min``) or latest (``Max``) admin log entry of each row, as a subquery."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    moments = entries.order_by().values("object_id").annotate(moment=aggregate("timestamp"))
    return Subquery(moments.values("moment")[:1])


def recorded(kind, field):
    """The ``created`` or ``modified`` that ``history`` recorded for each row, as a subquery."""
    stamps = OParlStamp.objects.filter(kind=kind, object_id=OuterRef("pk")).values(field)
    return Subquery(stamps[:1])


def latest(*moments):
    """The latest of moments that may be empty (SQLite's MAX() is empty if one is).

    Each moment falls back on the others, so that only all of them empty give none.
    """
    return Greatest(
        *(Coalesce(*moments[index:], *moments[:index]) for index in range(len(moments)))
    )


def dated(kind, object_id, data):
    """Add ``created`` and ``modified`` to an object whose content comes from settings.

    The system and the body are made from the host's settings, which keep no
    dates. A fingerprint of the content is recorded with the moment it was
    first served; when the content differs, ``modified`` becomes now.
    """
    content = json.dumps(data, sort_keys=True, ensure_ascii=False)
    fingerprint = hashlib.sha256(content.encode()).hexdigest()
    now = timezone.now()
    defaults = {"created": now, "modified": now, "fingerprint": fingerprint}
    stamp, _ = OParlStamp.objects.get_or_create(kind=kind, object_id=object_id, defaults=defaults)
    if stamp.fingerprint != fingerprint:
        OParlStamp.objects.filter(pk=stamp.pk).update(modified=now, fingerprint=fingerprint)
        stamp.modified = now
    return serializers.with_dates(data, Entry(object_id, stamp.created, stamp.modified))


def addresses(ctx, kind, pairs):
    """``{key: [addresses]}`` of ``(key, pk)`` pairs of objects of one kind, in their order."""
    groups = {}
    for key, pk in pairs:
        groups.setdefault(key, []).append(ctx.object_url(kind, pk))
    return groups


class Kind:
    """One kind of OParl object: one external list, one address per object.

    Each kind gives its public rows (``public``) and their objects by
    ``{pk: Entry}`` (``serialize``).
    """

    name = ""
    model = None

    def expired(self, ctx, now):
        """Rows whose expiry has hidden them, though no signal has said so yet.

        Everything else that stops being public (unpublished, deleted, made
        private) gets a tombstone from ``history`` at that moment; expiry
        takes effect at request time, before ``publish_scheduled`` runs.
        """
        return self.model.objects.none()

    def stamp(self, queryset):
        """Annotate ``oparl_created`` and ``oparl_modified``.

        The publication dates, unless ``history`` recorded a later change of
        something the object shows (its venue, its contacts).
        """
        return queryset.annotate(
            oparl_created=Coalesce(
                recorded(self.name, "created"),
                F("first_published_at"),
                F("last_published_at"),
                recorded(self.name, "modified"),
            ),
            oparl_modified=latest(F("last_published_at"), recorded(self.name, "modified")),
        )

    def entries(self, ctx, scope=None, only=None):
        """Every object of the list, public or deleted, as ``{pk: Entry}``.

        ``scope`` (a ``Q``) narrows the rows, e.g. to the meetings of one
        conference; deleted rows that no longer exist are then left out, as
        nothing tells where they belonged. ``only`` asks for one object.
        """
        now = timezone.now()
        public = self.public(ctx)
        tombstones = OParlTombstone.objects.filter(kind=self.name)
        condition = scope or Q()
        if only is not None:
            tombstones = tombstones.filter(object_id=only)
            condition &= Q(pk=only)
        rows = tombstones.values_list("object_id", "created", "withdrawn_at")
        tombstones = {pk: (created, withdrawn_at) for pk, created, withdrawn_at in rows}
        hidden = self.model.objects.filter(
            Q(pk__in=self.expired(ctx, now).values("pk")) | Q(pk__in=list(tombstones)), condition
        ).exclude(pk__in=public.values("pk"))
        result = self.entries_of(public.filter(condition))
        # Pages and contacts expire; the moment counts as their withdrawal.
        expires = ["expire_at"] if hasattr(self.model, "expire_at") else []
        fields = ["pk", "oparl_created", "oparl_modified", *expires]
        for pk, created, modified, *expiry in self.stamp(hidden).values_list(*fields):
            tomb_created, withdrawn_at = tombstones.get(pk, (None, None))
            expired = [moment for moment in expiry if moment is not None and moment <= now]
            moments = [moment for moment in (modified, withdrawn_at, *expired) if moment]
            result[pk] = Entry(pk, created or tomb_created, max(moments, default=None), True)
        if scope is None:
            for pk, (created, withdrawn_at) in tombstones.items():
                result.setdefault(pk, Entry(pk, created, withdrawn_at, True))
        return result

    def entries_of(self, queryset):
        """``{pk: Entry}`` of these rows."""
        rows = self.stamp(queryset).values_list("pk", "oparl_created", "oparl_modified")
        return {pk: Entry(pk, created, modified) for pk, created, modified in rows}

    def public_entries(self, ctx, pks):
        """The entries of those objects with these ids that are public (no query for none)."""
        return self.entries_of(self.public(ctx).filter(pk__in=pks)) if pks else {}


class PageKind(Kind):
    """Objects that are pages: public by the publication rule, expiring with the page."""

    def public(self, ctx):
        return published(self.model, ctx.request, site=ctx.site, locale=ctx.locale)

    def expired(self, ctx, now):
        """Published pages of the site and its language whose expiry has passed."""
        return self.model.objects.filter(
            locale=ctx.locale, first_published_at__isnull=False, expire_at__lte=now
        ).descendant_of(ctx.site.root_page, inclusive=True)


class OrganizationKind(PageKind):
    name = "organization"
    model = DistrictConferencePage

    def serialize(self, ctx, entries):
        links = MEMBERSHIP.public(ctx).filter(page__in=entries).values_list("page_id", "pk")
        memberships = addresses(ctx, "membership", links.order_by("page_id", "sort_order", "pk"))
        pages = self.public(ctx).filter(pk__in=entries).prefetch_related("districts")
        return {
            page.pk: serializers.organization_object(ctx, page, entries[page.pk], memberships)
            for page in pages
        }


class MeetingKind(PageKind):
    """Dated meetings only: one to be announced is listed once its date is known."""

    name = "meeting"
    model = MeetingPage

    def public(self, ctx):
        return super().public(ctx).filter(start__isnull=False)

    def expired(self, ctx, now):
        return super().expired(ctx, now).filter(start__isnull=False)

    def serialize(self, ctx, entries):
        meetings = self.public(ctx).filter(pk__in=entries).select_related("venue__district")
        meetings = list(meetings.prefetch_related("documents__document"))
        parents = {page.path[: -Page.steplen] for page in meetings}
        conferences = DistrictConferencePage.objects.filter(path__in=parents)
        organizations = addresses(ctx, "organization", conferences.values_list("path", "pk"))
        venues = LOCATION.public_entries(ctx, {page.venue_id for page in meetings if page.venue_id})
        # Only the documents that are public files themselves are embedded.
        links = [link for page in meetings for link in page.documents.all()]
        files = FILE.public_entries(ctx, {link.document_id for link in links})
        attach_checksums([link.document for link in links if link.document_id in files])
        now = timezone.now()
        return {
            page.pk: serializers.meeting_object(
                ctx, page, entries[page.pk], organizations, venues, files, now
            )
            for page in meetings
        }


class PersonKind(Kind):
    name = "person"
    model = ContactPerson

    def public(self, ctx):
        return published_snippets(ContactPerson, locale=ctx.locale)

    def expired(self, ctx, now):
        return ContactPerson.objects.filter(locale=ctx.locale, live=True, expire_at__lte=now)

    def serialize(self, ctx, entries):
        memberships = {}
        if not ctx.omit_internal:
            links = MEMBERSHIP.stamp(MEMBERSHIP.public(ctx).filter(contact__in=entries))
            for link in links.order_by("contact_id", "page_id", "pk"):
                entry = Entry(link.pk, link.oparl_created, link.oparl_modified)
                memberships.setdefault(link.contact_id, []).append(
                    serializers.membership_object(ctx, link, entry, embedded=True)
                )
        return {
            contact.pk: serializers.person_object(ctx, contact, entries[contact.pk], memberships)
            for contact in self.public(ctx).filter(pk__in=entries)
        }


class LocationKind(Kind):
    """Venues are public snippets without drafts; only deleting one withdraws it."""

    name = "location"
    model = Venue

    def public(self, ctx):
        return Venue.objects.filter(locale=ctx.locale)

    def stamp(self, queryset):
        return queryset.annotate(
            oparl_created=Coalesce(recorded(self.name, "created"), log_time(Venue, Min)),
            oparl_modified=latest(recorded(self.name, "modified"), log_time(Venue, Max)),
        )

    def serialize(self, ctx, entries):
        venues = self.public(ctx).filter(pk__in=entries).select_related("district")
        return {
            venue.pk: serializers.location_object(ctx, venue, entries[venue.pk]) for venue in venues
        }


class FileKind(Kind):
    """The documents of public meetings, where their collection is unrestricted."""

    name = "file"
    model = get_document_model()

    def public(self, ctx):
        used = MeetingDocument.objects.filter(meeting__in=MEETING.public(ctx).values("pk"))
        return published_media(self.model, ctx.request, site=ctx.site).filter(
            pk__in=used.values("document")
        )

    def expired(self, ctx, now):
        used = MeetingDocument.objects.filter(meeting__in=MEETING.expired(ctx, now).values("pk"))
        return self.model.objects.filter(pk__in=used.values("document"))

    def stamp(self, queryset):
        return queryset.annotate(
            oparl_created=F("created_at"),
            oparl_modified=latest(
                F("created_at"), log_time(self.model, Max), recorded(self.name, "modified")
            ),
        )

    def serialize(self, ctx, entries):
        documents = list(self.public(ctx).filter(pk__in=entries))
        attach_checksums(documents)
        links = MeetingDocument.objects.filter(
            document__in=entries, meeting__in=MEETING.public(ctx).values("pk")
        ).values_list("document_id", "meeting_id")
        meetings = addresses(ctx, "meeting", links.order_by("meeting_id").distinct())
        return {
            document.pk: serializers.file_object(ctx, document, entries[document.pk], meetings)
            for document in documents
        }


class MembershipKind(Kind):
    """A contact person of a district conference: public while both are."""

    name = "membership"
    model = DistrictConferenceContact

    def public(self, ctx):
        return DistrictConferenceContact.objects.filter(
            page__in=ORGANIZATION.public(ctx).values("pk"),
            contact__in=PERSON.public(ctx).values("pk"),
        )

    def expired(self, ctx, now):
        return DistrictConferenceContact.objects.filter(
            Q(page__in=ORGANIZATION.expired(ctx, now).values("pk"))
            | Q(contact__in=PERSON.expired(ctx, now).values("pk"))
        )

    def stamp(self, queryset):
        """Recorded when the link was made; before that, when both sides were first public."""
        appeared = latest(F("page__first_published_at"), F("contact__first_published_at"))
        return queryset.annotate(
            oparl_created=Coalesce(recorded(self.name, "created"), appeared),
            oparl_modified=Coalesce(recorded(self.name, "modified"), appeared),
        )

    def serialize(self, ctx, entries):
        links = self.public(ctx).filter(pk__in=entries)
        return {
            link.pk: serializers.membership_object(ctx, link, entries[link.pk]) for link in links
        }


ORGANIZATION = OrganizationKind()
MEETING = MeetingKind()
PERSON = PersonKind()
LOCATION = LocationKind()
FILE = FileKind()
MEMBERSHIP = MembershipKind()
KINDS = {kind.name: kind for kind in (ORGANIZATION, MEETING, PERSON, LOCATION, FILE, MEMBERSHIP)}
