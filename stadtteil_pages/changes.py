"""The change flow: what a transaction changed, handed on commit to its consumers.

Wagtail announces editorial actions with signals and its log. While a
transaction runs, the handlers below collect what it changed in one
``Changes``; when it commits, every registered consumer gets the whole set
once (the response cache, the CDN purge, OParl). A transaction that rolls
back hands nothing on by itself; what it collected is added to the next
commit of the same thread, where it only invalidates a little more.

Every handler registers ``hand_on`` with ``transaction.on_commit``: the first
call after the commit hands the whole set on, the others find nothing left.

Only content counts: pages published, unpublished, moved or deleted
(scheduled go-live and expiry included, when ``publish_scheduled`` runs;
until then the publication rule and the cache's clock apply them at request
time), snippets published or saved, files saved, and any other logged
action of an editor (a site setting, a view restriction), which counts as a
change of everything. Drafts, locks, comments and workflow steps do not.
"""

import logging
import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import DraftStateMixin, ModelLogEntry, Page, PageLogEntry, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    pre_page_move,
    published,
    unpublished,
)

logger = logging.getLogger(__name__)

# Logged actions that never change what visitors see.
PRIVATE_ACTIONS = (
    "wagtail.lock",
    "wagtail.unlock",
    "wagtail.workflow",
    "wagtail.comments",
    "wagtail.schedule",
    "wagtail.publish.schedule",
    "wagtail.revert",
    "wagtail.copy",
)
# Logged actions on pages and draftable snippets that are drafts, or that
# the signals below handle in detail.
HANDLED_ACTIONS = (
    "wagtail.create",
    "wagtail.edit",
    "wagtail.publish",
    "wagtail.unpublish",
    "wagtail.move",
    "wagtail.delete",
    "wagtail.rename",
)
# What a page shows of itself on other pages: changing it changes the site's structure.
PAGE_IDENTITY = ("live", "title", "slug", "url_path", "show_in_menus")


@dataclass
class Changes:
    """What one transaction changed, as the consumers get it.

    ``published`` and ``unpublished`` hold page ids; ``moved`` and
    ``deleted`` map page ids to the ``url_path`` the page had before; ``objects`` the ids of changed
    snippets and files by model label. ``structure`` says that pages appeared,
    disappeared, moved or were renamed, or that something shown on every page
    changed.
    """

    published: set = field(default_factory=set)
    unpublished: set = field(default_factory=set)
    moved: dict = field(default_factory=dict)
    deleted: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    structure: bool = False

    def __bool__(self):
        return bool(
            self.published
            or self.unpublished
            or self.moved
            or self.deleted
            or self.objects
            or self.structure
        )


_consumers = []
_local = threading.local()


def register(consumer):
    """Hand every committed ``Changes`` to ``consumer`` (a callable); usable as a decorator."""
    if consumer not in _consumers:
        _consumers.append(consumer)
    return consumer


def record(
    *, published=(), unpublished=(), moved=None, deleted=None, objects=None, structure=False
):
    """Add a change to this thread's collection, handed on when the transaction commits.

    Outside a transaction it is handed on at once.
    """
    changes = getattr(_local, "changes", None)
    if changes is None:
        changes = _local.changes = Changes()
    changes.published.update(published)
    changes.unpublished.update(unpublished)
    changes.moved.update(moved or {})
    changes.deleted.update(deleted or {})
    for label, object_ids in (objects or {}).items():
        changes.objects.setdefault(label, set()).update(object_ids)
    changes.structure |= structure
    transaction.on_commit(hand_on)


def hand_on():
    """Give the collected changes to every consumer (on commit)."""
    changes, _local.changes = getattr(_local, "changes", None), None
    _local.renamed = set()
    if not changes:
        return
    for consumer in _consumers:
        try:
            consumer(changes)
        except Exception:  # one consumer's failure must not stop the others
            logger.exception("A consumer of a content change failed: %s", consumer)


def discard():
    """Forget what was collected and not handed on (changes that were rolled back)."""
    _local.changes = None
    _local.renamed = set()


def everything_changed():
    """For changes made around Wagtail (a shell, an import): treat all as changed."""
    record(structure=True)


# Wagtail's signals


def page_saving(sender, instance, update_fields=None, **kwargs):
    """Note whether a page's title, address or state is about to change."""
    if not isinstance(instance, Page) or not instance.pk:
        return
    if update_fields is not None and not set(update_fields) & set(PAGE_IDENTITY):
        return
    before = Page.objects.filter(pk=instance.pk).values(*PAGE_IDENTITY).first()
    if before != {name: getattr(instance, name) for name in PAGE_IDENTITY}:
        identities = getattr(_local, "renamed", None) or set()
        identities.add(instance.pk)
        _local.renamed = identities


def page_was_published(sender, instance, **kwargs):
    # A page that was not live, or had another title or address, changes the structure.
    renamed = instance.pk in (getattr(_local, "renamed", None) or ())
    record(published=[instance.pk], structure=renamed)


def page_was_unpublished(sender, instance, **kwargs):
    record(unpublished=[instance.pk], structure=True)


def page_moving(sender, instance, **kwargs):
    record(moved={instance.pk: instance.url_path}, structure=True)


def page_was_deleted(sender, instance, **kwargs):
    record(deleted={instance.pk: instance.url_path}, structure=True)


def shown_through_pages(model):
    """Whether visitors see a model's objects only on the pages that use them."""
    from .models import ContactPerson, Venue

    return issubclass(model, (ContactPerson, Venue, AbstractDocument, AbstractImage))


def object_changed(model, object_id):
    """A snippet or file: the pages using it change, or everything for another model."""
    if model is not None and shown_through_pages(model) and str(object_id).isdigit():
        record(objects={model._meta.label_lower: [int(object_id)]})
    else:
        record(structure=True)


def snippet_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        return  # Wagtail sends the snippet signals for pages too; handled above
    object_changed(type(instance), instance.pk)


def log_entry_saved(sender, instance, created, **kwargs):
    """Any other logged action that visitors may see: a view restriction, a setting."""
    if not created or instance.action.startswith(PRIVATE_ACTIONS):
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    draftable = isinstance(instance, PageLogEntry) or (
        model is not None and issubclass(model, DraftStateMixin)
    )
    if draftable and instance.action in HANDLED_ACTIONS:
        if instance.action == "wagtail.delete" and not isinstance(instance, PageLogEntry):
            object_changed(model, instance.object_id)
        return
    if isinstance(instance, PageLogEntry) or model is None:
        record(structure=True)
    else:
        object_changed(model, instance.object_id)


def object_saved(sender, instance, **kwargs):
    """Venues, districts and files have no publishing: every save is public."""
    object_changed(sender, instance.pk)


def connect():
    """Called from the app's ``ready()``: only content models are listened to."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import get_page_models

    from .models import District, Venue

    uid = "stadtteil_pages_changes"
    for model in get_page_models():
        pre_save.connect(page_saving, sender=model, dispatch_uid=f"{uid}_saving_{model.__name__}")
    page_published.connect(page_was_published, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(page_was_unpublished, dispatch_uid=f"{uid}_unpublished")
    pre_page_move.connect(page_moving, dispatch_uid=f"{uid}_moving")
    post_delete.connect(page_was_deleted, sender=Page, dispatch_uid=f"{uid}_deleted")
    published.connect(snippet_changed, dispatch_uid=f"{uid}_snippet_published")
    unpublished.connect(snippet_changed, dispatch_uid=f"{uid}_snippet_unpublished")
    # A site's name and root are in the frame of every page: handled as a change of all.
    for model in (Venue, District, Site, get_document_model(), get_image_model()):
        label = model._meta.label_lower
        post_save.connect(object_saved, sender=model, dispatch_uid=f"{uid}_saved_{label}")
        post_delete.connect(object_saved, sender=model, dispatch_uid=f"{uid}_deleted_{label}")
    post_save.connect(log_entry_saved, sender=PageLogEntry, dispatch_uid=f"{uid}_page_log")
    post_save.connect(log_entry_saved, sender=ModelLogEntry, dispatch_uid=f"{uid}_model_log")
