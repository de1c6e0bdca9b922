"""Tombstones and checksums kept up to date as editors work.

When a page or contact that the public could see is unpublished or deleted,
or a venue or document is deleted, the OParl interface must later say when
it was withdrawn (``deleted: true`` with ``modified``); the rows themselves
no longer tell. Only what was published once gets a tombstone, and only in
the site's default language, which is the language OParl speaks.
"""

from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Locale
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


def _withdraw_page(page):
    if not _in_oparl_language(page):
        return
    if isinstance(page, DistrictConferencePage):
        bury(Kind.ORGANIZATION, page.pk, page.first_published_at)
        # The meetings below are no longer public either.
        meetings = MeetingPage.objects.descendant_of(page).filter(live=True)
        for meeting in meetings:
            bury(Kind.MEETING, meeting.pk, meeting.first_published_at)
        _bury_documents(meetings)
    elif isinstance(page, MeetingPage):
        bury(Kind.MEETING, page.pk, page.first_published_at)
        _bury_documents([page])


def page_withdrawn(sender, instance, **kwargs):
    """Unpublishing acts only on live pages; a deleted page may never have been public."""
    if kwargs.get("signal") is page_unpublished or _was_public(instance):
        _withdraw_page(instance)


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
    pre_delete.connect(venue_deleted, sender=Venue, dispatch_uid=f"{uid}delete_venue")
    document = get_document_model()
    pre_delete.connect(document_deleted, sender=document, dispatch_uid=f"{uid}delete_document")
    post_save.connect(document_saved, sender=document, dispatch_uid=f"{uid}save_document")
