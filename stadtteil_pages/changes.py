"""The change flow: what a transaction changes, handed to its consumers in two phases.

Wagtail and Django announce every change with signals; this module is the
one place in the plugin that listens to them for content. Each change
becomes a ``Change`` and passes two phases:

1. While the transaction runs, at the moment of the change (before a
   delete or a move, while the old state can still be read), every
   consumer registered with ``during`` gets the ``Change``. What it writes
   commits or rolls back with the change (OParl's tombstones); a consumer
   that fails fails the change.
2. When the transaction commits, every consumer registered with
   ``register`` gets the ``Changes`` set that ``collect`` built, once (the
   response cache, the CDN purge). What a rolled-back transaction collected
   only widens the next commit of the same thread (``discard`` forgets it).

Only content models send changes (``connect``); sessions, users, lockouts
and tasks never do. The commit phase gets pages published, unpublished,
moved or deleted (scheduled go-live and expiry included, when
``publish_scheduled`` runs; until then the publication rule and the cache's
clock apply them at request time), snippets published or saved, files
saved, and any other logged action of an editor (a site setting, a view
restriction), which counts as a change of everything. Accounts, groups,
drafts, locks, comments and workflow steps do not.
"""

import logging
import threading
from dataclasses import dataclass, field
from functools import partial

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_delete, pre_save

from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import (
    CollectionViewRestriction,
    DraftStateMixin,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Site,
    get_page_models,
)
from wagtail.signals import page_published, page_unpublished, pre_page_move, published, unpublished

from .models import ContactPerson, District, DistrictConferenceContact, MeetingDocument, Venue

logger = logging.getLogger(__name__)

# What happens, in the words of the signals that say it.
SAVING, SAVED, DELETING = "saving", "saved", "deleting"
PUBLISHED, UNPUBLISHED, MOVING = "published", "unpublished", "moving"

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
# the other changes tell in detail.
HANDLED_ACTIONS = (
    "wagtail.create",
    "wagtail.edit",
    "wagtail.publish",
    "wagtail.unpublish",
    "wagtail.move",
    "wagtail.delete",
    "wagtail.rename",
)
# Who may do what: an account, a group or a permission changes nothing visitors see.
NOT_CONTENT = (AbstractBaseUser, Group, Permission)
# What a page shows of itself on other pages: changing it changes the site's structure.
PAGE_IDENTITY = ("live", "title", "slug", "url_path", "show_in_menus")
# Venues, districts, sites and files have no publishing: every save is public.
ALWAYS_PUBLIC = (Venue, District, Site, AbstractDocument, AbstractImage)
# What visitors see only on the pages that use it.
SHOWN_ON_PAGES = (ContactPerson, Venue, AbstractDocument, AbstractImage)


@dataclass(frozen=True)
class Change:
    """One change, as the consumers of the transaction phase get it.

    ``action`` is one of ``saving`` (a page about to be saved), ``saved``,
    ``deleting`` (before the delete: the rows below and beside it are still
    there), ``published``, ``unpublished`` and ``moving`` (before the move).
    ``created``, ``raw`` (a fixture being loaded) and ``update_fields`` are
    Django's, for ``saving`` and ``saved``.
    """

    action: str
    instance: Model
    created: bool = False
    raw: bool = False
    update_fields: frozenset | None = None


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
        return any(vars(self).values())


_during = []
_consumers = []
_local = threading.local()


def during(consumer):
    """Give every ``Change`` to ``consumer`` as it happens, inside its transaction.

    Usable as a decorator. Consumers are called in the order they were
    registered, the collector of the commit phase first.
    """
    if consumer not in _during:
        _during.append(consumer)
    return consumer


def register(consumer):
    """Hand every committed ``Changes`` to ``consumer`` (a callable); usable as a decorator."""
    if consumer not in _consumers:
        _consumers.append(consumer)
    return consumer


def unregister(consumer):
    """Stop handing changes to ``consumer``, in either phase."""
    for consumers in (_during, _consumers):
        if consumer in consumers:
            consumers.remove(consumer)


def record(*, published=(), unpublished=(), moved=(), deleted=(), objects=(), structure=False):
    """Add a change to this thread's collection, handed on when the transaction commits.

    Outside a transaction it is handed on at once.
    """
    changes = getattr(_local, "changes", None)
    if changes is None:
        changes = _local.changes = Changes()
    changes.published.update(published)
    changes.unpublished.update(unpublished)
    changes.moved.update(moved)
    changes.deleted.update(deleted)
    for label, object_ids in dict(objects).items():
        changes.objects.setdefault(label, set()).update(object_ids)
    changes.structure |= structure
    transaction.on_commit(hand_on)


def hand_on():
    """Give the collected changes to every consumer (on commit)."""
    changes = getattr(_local, "changes", None)
    discard()
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


# The collector: the first consumer of the transaction phase


def collect(change):
    """Note what a change means for the commit phase."""
    instance, action = change.instance, change.action
    if isinstance(instance, Page):
        page_changed(change)
    elif isinstance(instance, (PageLogEntry, ModelLogEntry)):
        if action == SAVED and change.created:
            log_entry_saved(instance)
    elif action in (PUBLISHED, UNPUBLISHED) or (
        action in (SAVED, DELETING) and isinstance(instance, ALWAYS_PUBLIC)
    ):
        object_changed(type(instance), instance.pk)


def page_changed(change):
    page, action = change.instance, change.action
    if action == SAVING:
        note_identity(page, change.update_fields)
    elif action == PUBLISHED:
        # A page that was not live, or had another title or address, changes the structure.
        record(published=[page.pk], structure=page.pk in getattr(_local, "renamed", ()))
    elif action == UNPUBLISHED:
        record(unpublished=[page.pk], structure=True)
    elif action == MOVING:
        record(moved={page.pk: page.url_path}, structure=True)
    elif action == DELETING:
        record(deleted={page.pk: page.url_path}, structure=True)


def note_identity(page, update_fields):
    """Note whether a page's title, address or state is about to change."""
    if not page.pk:
        return
    if update_fields is not None and not set(update_fields) & set(PAGE_IDENTITY):
        return
    before = Page.objects.filter(pk=page.pk).values(*PAGE_IDENTITY).first()
    if before != {name: getattr(page, name) for name in PAGE_IDENTITY}:
        _local.renamed = {*getattr(_local, "renamed", ()), page.pk}


def object_changed(model, object_id):
    """A snippet or file: the pages using it change, or everything for another model."""
    if model is not None and issubclass(model, SHOWN_ON_PAGES) and str(object_id).isdigit():
        record(objects={model._meta.label_lower: [int(object_id)]})
    else:
        record(structure=True)


def log_entry_saved(entry):
    """Any other logged action that visitors may see: a view restriction, a setting."""
    if entry.action.startswith(PRIVATE_ACTIONS):
        return
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is not None and issubclass(model, NOT_CONTENT):
        return
    draftable = isinstance(entry, PageLogEntry) or (
        model is not None and issubclass(model, DraftStateMixin)
    )
    if draftable and entry.action in HANDLED_ACTIONS:
        if entry.action == "wagtail.delete" and not isinstance(entry, PageLogEntry):
            object_changed(model, entry.object_id)
        return
    if isinstance(entry, PageLogEntry) or model is None:
        record(structure=True)
    else:
        object_changed(model, entry.object_id)


during(collect)


# Signals to changes


def send(action, sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    change = Change(action, instance, created, raw, update_fields)
    for consumer in _during:
        consumer(change)


def connect():
    """Called from the app's ``ready()``: the signals of content models, and no others."""
    pages = get_page_models()
    plugin = [ContactPerson, Venue, District, DistrictConferenceContact, MeetingDocument]
    wagtail = [get_document_model(), get_image_model(), Site, PageViewRestriction]
    rows = [*plugin, *wagtail, CollectionViewRestriction]
    # Pages send ``published`` and ``unpublished`` too, after their own signals.
    snippets = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    for signal, action, senders in (
        (pre_save, SAVING, pages),  # a page's title and address before they change
        (post_save, SAVED, [*rows, PageLogEntry, ModelLogEntry]),
        (pre_delete, DELETING, [*pages, *rows]),
        (page_published, PUBLISHED, [None]),
        (published, PUBLISHED, snippets),
        (page_unpublished, UNPUBLISHED, [None]),
        (unpublished, UNPUBLISHED, snippets),
        (pre_page_move, MOVING, [None]),
    ):
        for sender in senders:
            receiver = partial(send, action)
            signal.connect(receiver, sender=sender, weak=False, dispatch_uid="stadtteil_changes")
