"""Tombstones and checksums kept up to date as editors work.

When a page or contact that the public could see is unpublished, deleted or
made private, a document is taken off a published meeting, or a venue or
document is deleted, the OParl interface must later say when
it was withdrawn (``deleted: true`` with ``modified``); the rows themselves
no longer tell. Only what was published once gets a tombstone, and only in
the site's default language, which is the language OParl speaks.
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
    DistrictConferencePage,
    MeetingDocument,
    MeetingPage,
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
    for model, kind in ((conferences, Kind.ORGANIZATION), (meetings, Kind.MEETING)):
        rows = model.filter(locale=language, live=True).values_list("pk", "first_published_at")
        for pk, first_published_at in rows:
            bury(kind, pk, first_published_at)
    # An unpublished page is no longer live itself.
    if isinstance(page, (DistrictConferencePage, MeetingPage)) and _in_oparl_language(page):
        kind = Kind.MEETING if isinstance(page, MeetingPage) else Kind.ORGANIZATION
        bury(kind, page.pk, page.first_published_at)
    _bury_documents(meetings.filter(locale=language))


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


def page_made_public(sender, instance, **kwargs):
    kinds = {DistrictConferencePage: Kind.ORGANIZATION, MeetingPage: Kind.MEETING}
    if type(instance) in kinds:
        OParlTombstone.objects.filter(kind=kinds[type(instance)], object_id=instance.pk).delete()


def contact_withdrawn(sender, instance, **kwargs):
    was_public = kwargs.get("signal") is unpublished or _was_public(instance)
    if was_public and _in_oparl_language(instance):
        bury(Kind.PERSON, instance.pk, instance.first_published_at)


def contact_made_public(sender, instance, **kwargs):
    OParlTombstone.objects.filter(kind=Kind.PERSON, object_id=instance.pk).delete()


def venue_deleted(sender, instance, **kwargs):
    if _in_oparl_language(instance):
        bury(Kind.LOCATION, instance.pk)


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
    # Wagtail saves only the size or hash now and then; the file is unchanged then.
    if raw or (update_fields and "file" not in update_fields):
        return
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
    document = get_document_model()
    pre_delete.connect(document_deleted, sender=document, dispatch_uid=f"{uid}delete_document")
    post_save.connect(document_saved, sender=document, dispatch_uid=f"{uid}save_document")
