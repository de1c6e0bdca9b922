"""OParl's history of its objects: tombstones and change dates, kept as editors work.

``on_change`` consumes the change flow (``stadtteil_pages.changes``) inside
the editor's transaction, so what it writes commits or rolls back with the
change, and it reads what a delete removes before it is gone. What the
public could see once and no longer can gets a tombstone (in the site's
default language, which OParl speaks), as the rows no longer tell when it
was withdrawn; what shows a changed venue, district or contact is dated
anew, as OParl clients update only what ``modified_since`` names.
"""

from django.utils import timezone

from wagtail.documents import get_document_model
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


def _in_oparl_language(instance):
    locale_id = getattr(instance, "locale_id", None)
    return locale_id is None or locale_id == Locale.get_default().pk


def bury(kind, object_id, created=None):
    OParlTombstone.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"created": created, "withdrawn_at": timezone.now()},
    )


def touch(kind, object_ids, *, new=False):
    """Set ``modified`` of these OParl objects to now.

    ``new`` says that the objects appear now, so that ``created`` is now too
    where nothing was recorded before (venues and memberships keep no dates).
    """
    object_ids = set(object_ids)
    if not object_ids:
        return
    now = timezone.now()
    rows = OParlStamp.objects.filter(kind=kind, object_id__in=object_ids)
    known = set(rows.values_list("object_id", flat=True))
    rows.update(modified=now)
    OParlStamp.objects.bulk_create(
        [
            OParlStamp(kind=kind, object_id=pk, created=now if new else None, modified=now)
            for pk in object_ids - known
        ],
        ignore_conflicts=True,
    )


def record_changes(objects):
    """Date the change of documents, venues, districts and contacts in everything that shows them.

    A document is a ``File`` and is embedded in its meetings, a venue is a
    ``Location`` and is embedded in its meetings; a district is
    the ``subLocality`` of its venues and names its conferences; a contact
    links its conferences through ``Membership`` objects.
    """
    documents = {obj.pk for obj in objects if isinstance(obj, get_document_model())}
    venues = {obj.pk for obj in objects if isinstance(obj, Venue)}
    districts = {obj.pk for obj in objects if isinstance(obj, District)}
    contacts = {obj.pk for obj in objects if isinstance(obj, ContactPerson)}
    if districts:
        venues |= set(Venue.objects.filter(district__in=districts).values_list("pk", flat=True))
        touch(
            Kind.ORGANIZATION,
            DistrictConferencePage.objects.filter(districts__in=districts).values_list(
                "pk", flat=True
            ),
        )
    if venues:
        touch(Kind.LOCATION, venues, new=True)
        touch(
            Kind.MEETING, MeetingPage.objects.filter(venue__in=venues).values_list("pk", flat=True)
        )
    if documents:
        # Meetings embed their files.
        touch(Kind.FILE, documents)
        meetings = MeetingDocument.objects.filter(document__in=documents)
        touch(Kind.MEETING, meetings.values_list("meeting_id", flat=True))
    if contacts:
        links = DistrictConferenceContact.objects.filter(contact__in=contacts)
        touch(Kind.MEMBERSHIP, links.values_list("pk", flat=True))
        touch(Kind.ORGANIZATION, links.values_list("page_id", flat=True))


def memberships():
    """The links of live conferences in OParl's language: its ``Membership`` objects."""
    return DistrictConferenceContact.objects.filter(
        page__live=True, page__locale=Locale.get_default()
    )


def _was_public(instance):
    return bool(instance.live or instance.first_published_at)


def withdraw_subtree(page):
    """A page stops being public, and with it every conference and meeting below it."""
    conferences = DistrictConferencePage.objects.descendant_of(page, inclusive=True)
    # Meetings without a date were never listed (see docs/oparl.md).
    meetings = MeetingPage.objects.descendant_of(page, inclusive=True).filter(start__isnull=False)
    language = Locale.get_default()
    for model, kind in ((conferences, Kind.ORGANIZATION), (meetings, Kind.MEETING)):
        rows = model.filter(locale=language, live=True).values_list("pk", "first_published_at")
        for pk, first_published_at in rows:
            bury(kind, pk, first_published_at)
    # An unpublished page is no longer live itself.
    if _in_oparl_language(page):
        if isinstance(page, DistrictConferencePage):
            bury(Kind.ORGANIZATION, page.pk, page.first_published_at)
        elif isinstance(page, MeetingPage) and page.start is not None:
            bury(Kind.MEETING, page.pk, page.first_published_at)
    # Their documents are gone unless another public meeting uses them.
    documents = MeetingDocument.objects.filter(meeting__in=meetings.filter(locale=language))
    for link in documents.select_related("document"):
        bury(Kind.FILE, link.document_id, link.document.created_at)
    links = DistrictConferenceContact.objects.filter(
        page__in=conferences.filter(locale=language).values("pk")
    )
    for link_pk, contact_pk in links.values_list("pk", "contact_id"):
        bury(Kind.MEMBERSHIP, link_pk)
        touch(Kind.PERSON, [contact_pk])


# What each change means for OParl (the table ``HANDLERS`` below)


def page_withdrawn(change):
    """Unpublishing acts only on live pages; a deleted page may never have been public."""
    if change.action == UNPUBLISHED or _was_public(change.instance):
        withdraw_subtree(change.instance)


def page_restricted(change):
    """A new view restriction hides the page and everything below it."""
    if change.created:
        withdraw_subtree(change.instance.page)


def collection_restricted(change):
    """A new view restriction hides the documents of the collection and its children."""
    if not change.created:
        return
    collections = Collection.objects.descendant_of(change.instance.collection, inclusive=True)
    documents = get_document_model().objects.filter(collection__in=collections)
    used = MeetingDocument.objects.filter(document__in=documents, meeting__live=True)
    for document_id, created_at in used.values_list("document_id", "document__created_at"):
        bury(Kind.FILE, document_id, created_at)


def meeting_published(change):
    """A meeting is listed once it has a date; it is announced the first time it has one."""
    meeting = change.instance
    announced = OParlStamp.objects.filter(kind=Kind.MEETING, object_id=meeting.pk)
    if meeting.start is None:
        if announced.exclude(created=None).exists():
            bury(Kind.MEETING, meeting.pk, announced.get().created)
        return
    now = timezone.now()
    stamp, created = OParlStamp.objects.get_or_create(
        kind=Kind.MEETING, object_id=meeting.pk, defaults={"created": now, "modified": now}
    )
    if not created and stamp.created is None:
        announced.update(created=now)
    OParlTombstone.objects.filter(kind=Kind.MEETING, object_id=meeting.pk).delete()


def conference_published(change):
    OParlTombstone.objects.filter(kind=Kind.ORGANIZATION, object_id=change.instance.pk).delete()
    links = DistrictConferenceContact.objects.filter(page=change.instance)
    OParlTombstone.objects.filter(kind=Kind.MEMBERSHIP, object_id__in=links.values("pk")).delete()


def contact_withdrawn(change):
    contact = change.instance
    was_public = change.action == UNPUBLISHED or _was_public(contact)
    if was_public and _in_oparl_language(contact):
        bury(Kind.PERSON, contact.pk, contact.first_published_at)
        for link in memberships().filter(contact=contact.pk):
            bury(Kind.MEMBERSHIP, link.pk)
        record_changes([contact])


def contact_made_public(change):
    contact = change.instance
    withdrawn = OParlTombstone.objects.filter(kind=Kind.PERSON, object_id=contact.pk)
    links = DistrictConferenceContact.objects.filter(contact=contact)
    reappears = withdrawn.exists() or contact.first_published_at == contact.last_published_at
    withdrawn.delete()
    OParlTombstone.objects.filter(kind=Kind.MEMBERSHIP, object_id__in=links.values("pk")).delete()
    if reappears:
        record_changes([contact])
    else:
        # Its memberships link it; the conferences link only the memberships.
        touch(Kind.MEMBERSHIP, links.values_list("pk", flat=True))


def contact_created(change):
    """A contact keeps publication dates only when published through Wagtail."""
    if change.created:
        touch(Kind.PERSON, [change.instance.pk], new=True)


def contact_linked(change):
    """A conference names a new contact: a new membership, and the person lists it."""
    if change.created:
        touch(Kind.MEMBERSHIP, [change.instance.pk], new=True)
        touch(Kind.PERSON, [change.instance.contact_id])


def contact_unlinked(change):
    """A contact taken off a live conference: the membership is gone, the person changed."""
    link = change.instance
    if memberships().filter(pk=link.pk).exists():
        bury(Kind.MEMBERSHIP, link.pk)
        touch(Kind.PERSON, [link.contact_id])


def shown_object_changed(change):
    """A venue or district saved, or a district deleted: what shows it changed."""
    record_changes([change.instance])


def venue_deleted(change):
    venue = change.instance
    if _in_oparl_language(venue):
        bury(Kind.LOCATION, venue.pk)
    # Its meetings lose their location.
    touch(Kind.MEETING, MeetingPage.objects.filter(venue=venue).values_list("pk", flat=True))


def meeting_document_removed(change):
    """A document taken off a published meeting is gone unless another meeting uses it."""
    link = change.instance
    meeting = MeetingPage.objects.filter(pk=link.meeting_id, live=True, locale=Locale.get_default())
    if meeting.exists():
        created_at = (
            get_document_model()
            .objects.filter(pk=link.document_id)
            .values_list("created_at", flat=True)
            .first()
        )
        bury(Kind.FILE, link.document_id, created_at)


def document_deleted(change):
    document = change.instance
    used = MeetingDocument.objects.filter(
        document=document, meeting__first_published_at__isnull=False
    )
    if used.exists():
        bury(Kind.FILE, document.pk, document.created_at)


def document_saved(change):
    record_changes([change.instance])
    # Wagtail saves only the size or hash now and then; the file is unchanged then.
    if not change.update_fields or "file" in change.update_fields:
        store_checksum(change.instance)


HANDLERS = (
    (PUBLISHED, MeetingPage, meeting_published),
    (PUBLISHED, DistrictConferencePage, conference_published),
    (UNPUBLISHED, Page, page_withdrawn),
    (DELETING, (MeetingPage, DistrictConferencePage), page_withdrawn),
    (SAVED, PageViewRestriction, page_restricted),
    (SAVED, CollectionViewRestriction, collection_restricted),
    (PUBLISHED, ContactPerson, contact_made_public),
    (UNPUBLISHED, ContactPerson, contact_withdrawn),
    (DELETING, ContactPerson, contact_withdrawn),
    (SAVED, ContactPerson, contact_created),
    (SAVED, DistrictConferenceContact, contact_linked),
    (DELETING, DistrictConferenceContact, contact_unlinked),
    (SAVED, (Venue, District), shown_object_changed),
    (DELETING, District, shown_object_changed),
    (DELETING, Venue, venue_deleted),
    (DELETING, MeetingDocument, meeting_document_removed),
    (SAVED, AbstractDocument, document_saved),
    (DELETING, AbstractDocument, document_deleted),
)


def on_change(change):
    """The consumer of the change flow's transaction phase (registered in ``apps.py``)."""
    if change.raw:
        return  # a fixture being loaded: the rows around it may not be there yet
    for action, kinds, handle in HANDLERS:
        if change.action == action and isinstance(change.instance, kinds):
            handle(change)
