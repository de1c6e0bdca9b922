"""Tombstones, change dates and checksums kept up to date as editors work.

When a page or contact that the public could see is unpublished, deleted or
made private, a document is taken off a published meeting, or a venue or
document is deleted, the OParl interface must later say when
it was withdrawn (``deleted: true`` with ``modified``); the rows themselves
no longer tell. Only what was published once gets a tombstone, and only in
the site's default language, which is the language OParl speaks.

When a venue, a district or a contact changes, every OParl object that
shows or links it changes too (``record_changes``): OParl clients update
only what ``modified_since`` names.
"""

from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    PageViewRestriction,
)
from wagtail.signals import page_published, page_unpublished, published, unpublished

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


def memberships_of(conferences=None, contacts=None):
    """The links of live conferences in OParl's language: its ``Membership`` objects."""
    links = DistrictConferenceContact.objects.filter(
        page__live=True, page__locale=Locale.get_default()
    )
    if conferences is not None:
        links = links.filter(page__in=conferences)
    if contacts is not None:
        links = links.filter(contact__in=contacts)
    return links


def _bury_documents(meetings):
    """The documents of withdrawn meetings: gone unless another public meeting uses them."""
    documents = MeetingDocument.objects.filter(meeting__in=meetings).select_related("document")
    for link in documents:
        bury(Kind.FILE, link.document_id, link.document.created_at)


def _was_public(instance):
    return bool(instance.live or instance.first_published_at)


def withdraw_subtree(page):
    """A page stops being public, and with it every conference and meeting below it."""
    conferences = DistrictConferencePage.objects.descendant_of(page, inclusive=True)
    meetings = MeetingPage.objects.descendant_of(page, inclusive=True)
    language = Locale.get_default()
    # Meetings without a date were never listed (see docs/oparl.md).
    meetings = meetings.filter(start__isnull=False)
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
    _bury_documents(meetings.filter(locale=language))
    # The page itself is no longer live when it was unpublished.
    links = DistrictConferenceContact.objects.filter(
        page__in=conferences.filter(locale=language).values("pk")
    )
    for link_pk, contact_pk in links.values_list("pk", "contact_id"):
        bury(Kind.MEMBERSHIP, link_pk)
        touch(Kind.PERSON, [contact_pk])


def page_withdrawn(sender, instance, **kwargs):
    """Unpublishing acts only on live pages; a deleted page may never have been public."""
    if kwargs.get("signal") is page_unpublished or _was_public(instance):
        withdraw_subtree(instance)


def page_restricted(sender, instance, created=False, raw=False, **kwargs):
    """A new view restriction hides the page and everything below it."""
    if created and not raw:
        withdraw_subtree(instance.page)


def collection_restricted(sender, instance, created=False, raw=False, **kwargs):
    """A new view restriction hides the documents of the collection and its children."""
    if not created or raw:
        return
    collections = Collection.objects.descendant_of(instance.collection, inclusive=True)
    documents = get_document_model().objects.filter(collection__in=collections)
    used = MeetingDocument.objects.filter(document__in=documents, meeting__live=True)
    for document_id, created_at in used.values_list("document_id", "document__created_at"):
        bury(Kind.FILE, document_id, created_at)


def meeting_published(meeting):
    """A meeting is listed once it has a date; it is announced the first time it has one."""
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


def page_made_public(sender, instance, **kwargs):
    if isinstance(instance, MeetingPage):
        meeting_published(instance)
    elif isinstance(instance, DistrictConferencePage):
        OParlTombstone.objects.filter(kind=Kind.ORGANIZATION, object_id=instance.pk).delete()
        links = DistrictConferenceContact.objects.filter(page=instance)
        OParlTombstone.objects.filter(
            kind=Kind.MEMBERSHIP, object_id__in=links.values("pk")
        ).delete()


def contact_withdrawn(sender, instance, **kwargs):
    was_public = kwargs.get("signal") is unpublished or _was_public(instance)
    if was_public and _in_oparl_language(instance):
        bury(Kind.PERSON, instance.pk, instance.first_published_at)
        for link in memberships_of(contacts=[instance.pk]):
            bury(Kind.MEMBERSHIP, link.pk)
        record_changes([instance])


def contact_made_public(sender, instance, **kwargs):
    withdrawn = OParlTombstone.objects.filter(kind=Kind.PERSON, object_id=instance.pk)
    links = DistrictConferenceContact.objects.filter(contact=instance)
    reappears = withdrawn.exists() or instance.first_published_at == instance.last_published_at
    withdrawn.delete()
    OParlTombstone.objects.filter(kind=Kind.MEMBERSHIP, object_id__in=links.values("pk")).delete()
    if reappears:
        record_changes([instance])
    else:
        # Its memberships link it; the conferences link only the memberships.
        touch(Kind.MEMBERSHIP, links.values_list("pk", flat=True))


def contact_linked(sender, instance, created=False, raw=False, **kwargs):
    """A conference names a new contact: a new membership, and the person lists it."""
    if created and not raw:
        touch(Kind.MEMBERSHIP, [instance.pk], new=True)
        touch(Kind.PERSON, [instance.contact_id])


def contact_unlinked(sender, instance, **kwargs):
    """A contact taken off a live conference: the membership is gone, the person changed."""
    if memberships_of().filter(pk=instance.pk).exists():
        bury(Kind.MEMBERSHIP, instance.pk)
        touch(Kind.PERSON, [instance.contact_id])


def contact_created(sender, instance, created=False, raw=False, **kwargs):
    """A contact keeps publication dates only when published through Wagtail."""
    if created and not raw:
        touch(Kind.PERSON, [instance.pk], new=True)


def snippet_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        record_changes([instance])


def venue_deleted(sender, instance, **kwargs):
    if _in_oparl_language(instance):
        bury(Kind.LOCATION, instance.pk)
    # Its meetings lose their location.
    touch(Kind.MEETING, MeetingPage.objects.filter(venue=instance).values_list("pk", flat=True))


def district_deleted(sender, instance, **kwargs):
    record_changes([instance])


def meeting_document_removed(sender, instance, **kwargs):
    """A document taken off a published meeting is gone unless another meeting uses it."""
    meeting = MeetingPage.objects.filter(pk=instance.meeting_id, live=True)
    if meeting.filter(locale=Locale.get_default()).exists():
        created_at = (
            get_document_model()
            .objects.filter(pk=instance.document_id)
            .values_list("created_at", flat=True)
            .first()
        )
        bury(Kind.FILE, instance.document_id, created_at)


def document_deleted(sender, instance, **kwargs):
    used = MeetingDocument.objects.filter(
        document=instance, meeting__first_published_at__isnull=False
    )
    if used.exists():
        bury(Kind.FILE, instance.pk, instance.created_at)


def document_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    record_changes([instance])
    # Wagtail saves only the size or hash now and then; the file is unchanged then.
    if not update_fields or "file" in update_fields:
        store_checksum(instance)


def connect():
    uid = "stadtteil_oparl_"
    page_unpublished.connect(page_withdrawn, dispatch_uid=f"{uid}page_unpublished")
    page_published.connect(page_made_public, dispatch_uid=f"{uid}page_published")
    for model in (MeetingPage, DistrictConferencePage):
        pre_delete.connect(
            page_withdrawn, sender=model, dispatch_uid=f"{uid}delete_{model.__name__}"
        )
    unpublished.connect(contact_withdrawn, sender=ContactPerson, dispatch_uid=f"{uid}unpublished")
    published.connect(contact_made_public, sender=ContactPerson, dispatch_uid=f"{uid}published")
    pre_delete.connect(contact_withdrawn, sender=ContactPerson, dispatch_uid=f"{uid}delete_contact")
    post_save.connect(
        page_restricted, sender=PageViewRestriction, dispatch_uid=f"{uid}page_restricted"
    )
    post_save.connect(
        collection_restricted,
        sender=CollectionViewRestriction,
        dispatch_uid=f"{uid}collection_restricted",
    )
    pre_delete.connect(
        meeting_document_removed,
        sender=MeetingDocument,
        dispatch_uid=f"{uid}meeting_document_removed",
    )
    pre_delete.connect(venue_deleted, sender=Venue, dispatch_uid=f"{uid}delete_venue")
    pre_delete.connect(district_deleted, sender=District, dispatch_uid=f"{uid}delete_district")
    for model in (Venue, District):
        post_save.connect(snippet_saved, sender=model, dispatch_uid=f"{uid}save_{model.__name__}")
    post_save.connect(contact_created, sender=ContactPerson, dispatch_uid=f"{uid}contact_created")
    post_save.connect(
        contact_linked, sender=DistrictConferenceContact, dispatch_uid=f"{uid}contact_linked"
    )
    pre_delete.connect(
        contact_unlinked, sender=DistrictConferenceContact, dispatch_uid=f"{uid}contact_unlinked"
    )
    document = get_document_model()
    pre_delete.connect(document_deleted, sender=document, dispatch_uid=f"{uid}delete_document")
    post_save.connect(document_saved, sender=document, dispatch_uid=f"{uid}save_document")
