"""OParl's history of its objects: tombstones and change dates, kept as editors work.

``on_change`` consumes the change flow (``stadtteil_pages.changes``) inside
the editor's transaction, so what it writes commits or rolls back with the
change, and it reads what a delete removes before it is gone. What the
public could see once and no longer can gets a tombstone (in the site's
default language, which OParl speaks), as the rows no longer tell when it
was withdrawn; what shows a changed venue, district or contact is dated
anew, as OParl clients update only what ``modified_since`` names.
"""

from django.db.models import Q
from django.utils import timezone

from wagtail.documents.models import AbstractDocument
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageViewRestriction

from ..changes import DELETING, PUBLISHED, SAVED, UNPUBLISHED
from ..models import (
    ContactPerson,
    District,
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingDocument,
    MeetingPage,
    OParlStamp,
    OParlTombstone,
    Venue,
)
from .checksums import store_checksum

Kind = OParlTombstone.Kind
# A ``saved`` change that created its row (Django's ``created``).
CREATED = "created"


def in_oparl_language(instance):
    return instance.locale_id == Locale.get_default().pk


def was_public(change):
    """Unpublishing acts only on what was live; what is deleted may never have been public."""
    instance = change.instance
    return change.action == UNPUBLISHED or bool(instance.live or instance.first_published_at)


def bury(kind, rows):
    """Tombstones, withdrawn now, for these ``{object id: created}`` (or its pairs)."""
    now = timezone.now()
    OParlTombstone.objects.bulk_create(
        [
            OParlTombstone(kind=kind, object_id=pk, created=created, withdrawn_at=now)
            for pk, created in dict(rows).items()
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["created", "withdrawn_at"],
    )


def bury_files(links):
    """Tombstones for the documents of these ``MeetingDocument`` links."""
    bury(Kind.FILE, links.values_list("document_id", "document__created_at"))


def unbury(kind, object_ids):
    OParlTombstone.objects.filter(kind=kind, object_id__in=object_ids).delete()


def touch(kind, object_ids, *, new=False):
    """Set ``modified`` of these OParl objects to now.

    ``new`` says that the objects appear now, so that ``created`` is now too
    where nothing was recorded before (venues and memberships keep no dates).
    """
    now = timezone.now()
    OParlStamp.objects.bulk_create(
        [
            OParlStamp(kind=kind, object_id=pk, created=now if new else None, modified=now)
            for pk in set(object_ids)
        ],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["modified"],
    )


def ids(queryset, field="pk"):
    return queryset.values_list(field, flat=True)


def memberships():
    """The links of live conferences in OParl's language: its ``Membership`` objects."""
    return DistrictConferenceContact.objects.filter(
        page__live=True, page__locale=Locale.get_default()
    )


def withdraw_subtree(page):
    """A page stops being public, and with it every conference and meeting below it.

    The page itself is buried though it is no longer live (unpublished).
    """
    language = Locale.get_default()
    conferences = DistrictConferencePage.objects.descendant_of(page, inclusive=True)
    # Meetings without a date were never listed (see docs/oparl.md).
    meetings = MeetingPage.objects.descendant_of(page, inclusive=True).filter(start__isnull=False)
    for pages, kind in ((conferences, Kind.ORGANIZATION), (meetings, Kind.MEETING)):
        rows = pages.filter(Q(live=True) | Q(pk=page.pk), locale=language)
        bury(kind, rows.values_list("pk", "first_published_at"))
    # Their documents are gone unless another public meeting uses them.
    bury_files(MeetingDocument.objects.filter(meeting__in=meetings.filter(locale=language)))
    links = DistrictConferenceContact.objects.filter(page__in=conferences.filter(locale=language))
    bury(Kind.MEMBERSHIP, dict.fromkeys(ids(links)))
    touch(Kind.PERSON, ids(links, "contact_id"))


# What each change means for OParl (the table ``HANDLERS`` below)


def page_withdrawn(change):
    if was_public(change):
        withdraw_subtree(change.instance)


def page_restricted(change):
    """A new view restriction hides the page and everything below it."""
    withdraw_subtree(change.instance.page)


def collection_restricted(change):
    """A new view restriction hides the documents of the collection and its children."""
    collections = Collection.objects.descendant_of(change.instance.collection, inclusive=True)
    bury_files(
        MeetingDocument.objects.filter(document__collection__in=collections, meeting__live=True)
    )


def meeting_published(change):
    """A meeting is listed once it has a date; it is announced the first time it has one."""
    meeting = change.instance
    announced = OParlStamp.objects.filter(kind=Kind.MEETING, object_id=meeting.pk)
    if meeting.start is None:
        bury(Kind.MEETING, announced.exclude(created=None).values_list("object_id", "created"))
        return
    now = timezone.now()
    announced.filter(created=None).update(created=now)
    OParlStamp.objects.get_or_create(
        kind=Kind.MEETING, object_id=meeting.pk, defaults={"created": now, "modified": now}
    )
    unbury(Kind.MEETING, [meeting.pk])


def conference_published(change):
    unbury(Kind.ORGANIZATION, [change.instance.pk])
    unbury(Kind.MEMBERSHIP, ids(DistrictConferenceContact.objects.filter(page=change.instance)))


def contact_withdrawn(change):
    contact = change.instance
    if was_public(change) and in_oparl_language(contact):
        bury(Kind.PERSON, {contact.pk: contact.first_published_at})
        bury(Kind.MEMBERSHIP, dict.fromkeys(ids(memberships().filter(contact=contact.pk))))
        # It links its conferences through ``Membership`` objects.
        links = DistrictConferenceContact.objects.filter(contact=contact.pk)
        touch(Kind.MEMBERSHIP, ids(links))
        touch(Kind.ORGANIZATION, ids(links, "page_id"))


def contact_made_public(change):
    """Its memberships link it; the conferences link only the memberships, unless it reappears."""
    contact = change.instance
    withdrawn = OParlTombstone.objects.filter(kind=Kind.PERSON, object_id=contact.pk)
    reappears = withdrawn.exists() or contact.first_published_at == contact.last_published_at
    withdrawn.delete()
    links = DistrictConferenceContact.objects.filter(contact=contact)
    unbury(Kind.MEMBERSHIP, ids(links))
    touch(Kind.MEMBERSHIP, ids(links))
    if reappears:
        touch(Kind.ORGANIZATION, ids(links, "page_id"))


def contact_created(change):
    """A contact keeps publication dates only when published through Wagtail."""
    touch(Kind.PERSON, [change.instance.pk], new=True)


def contact_linked(change):
    """A conference names a new contact: a new membership, and the person lists it."""
    touch(Kind.MEMBERSHIP, [change.instance.pk], new=True)
    touch(Kind.PERSON, [change.instance.contact_id])


def contact_unlinked(change):
    """A contact taken off a live conference: the membership is gone, the person changed."""
    link = change.instance
    if memberships().filter(pk=link.pk).exists():
        bury(Kind.MEMBERSHIP, {link.pk: None})
        touch(Kind.PERSON, [link.contact_id])


def place_changed(change):
    """A venue or district saved, or a district deleted: what shows it changed.

    A venue is a ``Location`` embedded in its meetings; a district is the
    ``subLocality`` of its venues and names its conferences.
    """
    venues = [change.instance.pk]
    if isinstance(change.instance, District):
        conferences = DistrictConferencePage.objects.filter(districts=change.instance)
        touch(Kind.ORGANIZATION, ids(conferences))
        venues = list(ids(Venue.objects.filter(district=change.instance)))
    touch(Kind.LOCATION, venues, new=True)
    touch(Kind.MEETING, ids(MeetingPage.objects.filter(venue__in=venues)))


def venue_deleted(change):
    venue = change.instance
    if in_oparl_language(venue):
        bury(Kind.LOCATION, {venue.pk: None})
    # Its meetings lose their location.
    touch(Kind.MEETING, ids(MeetingPage.objects.filter(venue=venue)))


def meeting_document_removed(change):
    """A document taken off a published meeting is gone unless another meeting uses it."""
    bury_files(
        MeetingDocument.objects.filter(
            pk=change.instance.pk, meeting__live=True, meeting__locale=Locale.get_default()
        )
    )


def document_deleted(change):
    bury_files(
        MeetingDocument.objects.filter(
            document=change.instance, meeting__first_published_at__isnull=False
        )
    )


def document_saved(change):
    """A document is a ``File`` and is embedded in its meetings."""
    document = change.instance
    touch(Kind.FILE, [document.pk])
    touch(Kind.MEETING, ids(MeetingDocument.objects.filter(document=document), "meeting_id"))
    # Wagtail saves only the size or hash now and then; the file is unchanged then.
    if not change.update_fields or "file" in change.update_fields:
        store_checksum(document)


HANDLERS = (
    (PUBLISHED, MeetingPage, meeting_published),
    (PUBLISHED, DistrictConferencePage, conference_published),
    (UNPUBLISHED, Page, page_withdrawn),
    (DELETING, (MeetingPage, DistrictConferencePage), page_withdrawn),
    (CREATED, PageViewRestriction, page_restricted),
    (CREATED, CollectionViewRestriction, collection_restricted),
    (PUBLISHED, ContactPerson, contact_made_public),
    (UNPUBLISHED, ContactPerson, contact_withdrawn),
    (DELETING, ContactPerson, contact_withdrawn),
    (CREATED, ContactPerson, contact_created),
    (CREATED, DistrictConferenceContact, contact_linked),
    (DELETING, DistrictConferenceContact, contact_unlinked),
    (SAVED, (Venue, District), place_changed),
    (DELETING, District, place_changed),
    (DELETING, Venue, venue_deleted),
    (DELETING, MeetingDocument, meeting_document_removed),
    (SAVED, AbstractDocument, document_saved),
    (DELETING, AbstractDocument, document_deleted),
)


def on_change(change):
    """The consumer of the change flow's transaction phase (registered in ``apps.py``)."""
    if change.raw:
        return  # a fixture being loaded: the rows around it may not be there yet
    actions = {change.action, CREATED} if change.created else {change.action}
    for action, kinds, handle in HANDLERS:
        if action in actions and isinstance(change.instance, kinds):
            handle(change)
