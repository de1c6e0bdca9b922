"""What a kept answer shows, and which kept answers a change renews.

Every answer the response cache keeps (``stadtteil_pages.caching``) carries
*tags*, names for the content it shows, together with the version each tag
had when the answer was rendered. A change gives new versions to exactly the
tags it touches; a kept answer is served only while all its tags still have
the versions it was rendered with.

The tags:

``page:<path>``
    The page at that tree path as it is shown: its own fields and what it
    lists (a district's dates, the index's cards), its feeds and sub-pages.
``tree:<path>``
    The page and everything below it: breadcrumbs, addresses, and whether a
    page below is public at all.
``type:<app_label.model>``
    API listings of one page type.
``content``
    Answers that list public content of every kind: search, the sitemap,
    OParl, API listings without a type and of contacts, venues or files.
``all``
    Everything (a site setting in the frame of every page, a model the
    plugin does not know).

A page's answer carries ``page:`` of itself and ``tree:`` of itself and of
each ancestor. A change of a page renews ``page:`` of the page and of its
ancestors (their listings and feeds show it), ``tree:`` of the page and of
its translations (their language switchers and the public state of their
subtrees), ``page:`` of the pages that link to it (Wagtail's reference
index) and of the pages that list their parent's whole subtree (the
protocol archive), ``type:`` of every page type involved, and ``content``.
A page in the frame of every page (the site's root, its children, a page a
site setting links to) renews ``all``. A change of a contact, a venue, a
district or a file renews what a change of every page that uses it would
renew, found through the reference index.
"""

import time
from itertools import count
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page, ReferenceIndex, Site

ALL = "all"
CONTENT = "content"
KEY = "stadtteil:tag:{tag}"
# Tree paths grow by this many characters per level (treebeard's steplen).
STEP = Page.steplen
# The attribute of a request that names what its answer shows.
ATTRIBUTE = "stadtteil_cache_tags"
_unique = count()


def lineage(path):
    """The tree paths of a page and of each of its ancestors, root first."""
    return [path[:end] for end in range(STEP, len(path) + 1, STEP)]


def page_answer(page):
    """The tags of an answer about one page (its HTML, feeds, API detail)."""
    return [ALL, f"page:{page.path}", *(f"tree:{path}" for path in lineage(page.path))]


def listing_answer(model=None):
    """The tags of a listing: of one page type, or of every kind of content."""
    if model is None or model is Page:
        return [ALL, CONTENT]
    return [ALL, f"type:{model._meta.label_lower}"]


def mark(request, tags):
    """Name what the answer to a request shows (a DRF request is unwrapped)."""
    setattr(getattr(request, "_request", request), ATTRIBUTE, list(tags))


def answer_tags(request):
    """What the answer to a request shows; every kind of content when nobody said."""
    return getattr(request, ATTRIBUTE, None) or [ALL, CONTENT]


def key(tag):
    return KEY.format(tag=tag)


def fresh_version():
    """A version no tag had before, on any server."""
    return f"{time.time_ns()}.{next(_unique)}"


# What a change renews


def _subpage_types(models):
    """The page types that may live below pages of the given types."""
    found, todo = set(), list(models)
    while todo:
        model = todo.pop()
        for child in model.allowed_subpage_models():
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _listing_paths():
    """Paths of the pages that list their parent's whole subtree (``lists_parent_subtree``)."""
    from django.apps import apps

    models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "lists_parent_subtree", False)
    ]
    if not models:
        return []
    content_types = ContentType.objects.get_for_models(*models).values()
    return list(Page.objects.filter(content_type__in=content_types).values_list("path", flat=True))


def _frame_length():
    """Pages with paths at most this long are in the frame of every page of their site."""
    depths = Site.objects.values_list("root_page__depth", flat=True)
    return (max(depths, default=1) + 1) * STEP


def tags_for_pages(paths, *, page_ids=(), translation_keys=(), whole_subtrees=True):
    """The tags a change of these pages renews (see the module's description).

    ``paths`` are tree paths (also of pages already deleted or moved away);
    ``page_ids`` and ``translation_keys`` find the pages' paths, their
    translations and the pages that link to them. With ``whole_subtrees``
    the pages below each changed page are renewed too.
    """
    paths = set(paths)
    page_ids = set(page_ids)
    translation_keys = set(translation_keys)
    if page_ids:
        rows = Page.objects.filter(pk__in=page_ids).values_list("path", "translation_key")
        for path, translation_key in rows:
            paths.add(path)
            translation_keys.add(translation_key)
    tags = {CONTENT}
    if translation_keys:
        translations = Page.objects.filter(translation_key__in=translation_keys)
        for pk, path in translations.values_list("pk", "path"):
            page_ids.add(pk)
            tags.add(f"tree:{path}")
            tags.add(f"page:{path}")
    if not paths and not page_ids:
        return tags
    # A link shows the linked page's title and address: the linking page changes.
    linking = linking_pages(Page, page_ids)
    if linking.from_elsewhere:
        tags.add(ALL)
    tags.update(f"page:{path}" for path in linking.paths)
    tags |= _type_tags(linking.paths)
    if paths and min(len(path) for path in paths) <= _frame_length():
        tags.add(ALL)
    return tags | _tags_around(paths, whole_subtrees)


def _tags_around(paths, whole_subtrees):
    """``page:`` of each page and its ancestors, ``tree:`` and ``type:`` of what is involved."""
    if not paths:
        return set()
    ancestry = set()
    for path in paths:
        ancestry.update(lineage(path))
    tags = {f"page:{path}" for path in ancestry}
    if whole_subtrees:
        tags.update(f"tree:{path}" for path in paths)
    for path in _listing_paths():
        if path[:-STEP] in ancestry:
            tags.add(f"page:{path}")
    return tags | _type_tags(ancestry, below=paths if whole_subtrees else ())


def _type_tags(paths, below=()):
    """``type:`` of the pages at these paths, and of any page that may live below ``below``."""
    if not paths:
        return set()
    rows = Page.objects.filter(path__in=set(paths)).values_list("path", "content_type")
    models, below_models = set(), set()
    for path, content_type in rows:
        model = ContentType.objects.get_for_id(content_type).model_class()
        if model is not None:
            models.add(model)
            if path in below:
                below_models.add(model)
    models |= _subpage_types(below_models)
    return {f"type:{model._meta.label_lower}" for model in models}


class LinkingPages(NamedTuple):
    paths: set
    from_elsewhere: bool


def linking_pages(model, object_ids):
    """The paths of the pages that use objects, and whether anything else uses them.

    Wagtail's reference index records chooser fields, StreamField blocks and
    rich-text links. Something other than a page (a site setting that the
    footer reads, say) may show the object on every page.
    """
    if not object_ids:
        return LinkingPages(set(), False)
    page_type = ContentType.objects.get_for_model(Page)
    to_type = ReferenceIndex._get_base_content_type(model)
    rows = ReferenceIndex.objects.filter(
        to_content_type=to_type, to_object_id__in=[str(pk) for pk in object_ids]
    ).values_list("base_content_type", "object_id")
    page_keys, elsewhere = set(), False
    for base_type, object_id in rows:
        if base_type == page_type.pk:
            if object_id.isdigit():
                page_keys.add(int(object_id))
        else:
            elsewhere = True
    paths = set(Page.objects.filter(pk__in=page_keys).values_list("path", flat=True))
    return LinkingPages(paths, elsewhere)


def tags_for_objects(model, object_ids):
    """The tags a change of contacts, venues, districts or files renews.

    What a change of every page that uses them renews; the pages below a page
    that uses a contact show it too (a meeting shows its conference's people).
    """
    object_ids = set(object_ids)
    translation_key = getattr(model, "translation_key", None)
    if translation_key is not None and object_ids:
        keys = model.objects.filter(pk__in=object_ids).values("translation_key")
        translations = model.objects.filter(translation_key__in=keys)
        object_ids |= set(translations.values_list("pk", flat=True))
    linking = linking_pages(model, object_ids)
    tags = {CONTENT} | _tags_around(linking.paths, True)
    if linking.from_elsewhere:
        tags.add(ALL)
    return tags


# Collecting the changes of one transaction


class Renewal:
    """The changes of one transaction, renewed together once it commits."""

    def __init__(self, connection):
        self.connection = connection
        self.paths = set()
        self.page_ids = set()
        self.translation_keys = set()
        self.objects = {}
        # Types of deleted pages, which the database no longer knows.
        self.page_types = set()
        self.everything = False
        self.done = False

    def tags(self):
        if self.everything:
            return {ALL, CONTENT}
        tags = set()
        if self.paths or self.page_ids or self.translation_keys:
            tags |= tags_for_pages(
                self.paths, page_ids=self.page_ids, translation_keys=self.translation_keys
            )
        for model, object_ids in self.objects.items():
            tags |= tags_for_objects(model, object_ids)
        models = self.page_types | _subpage_types(self.page_types)
        tags.update(f"type:{model._meta.label_lower}" for model in models)
        return tags

    def flush(self):
        from .caching import renew
        from .invalidation import purge_frontend

        self.done = True
        if getattr(self.connection, "_stadtteil_renewal", None) is self:
            self.connection._stadtteil_renewal = None
        try:
            tags = self.tags()
        except Exception:  # noqa: BLE001 - when in doubt, renew everything
            tags = {ALL, CONTENT}
        renew(tags)
        purge_frontend(tags)


def pending():
    """The renewal of the current transaction, registered to run when it commits."""
    connection = transaction.get_connection()
    renewal = getattr(connection, "_stadtteil_renewal", None)
    if renewal is not None and not renewal.done and _still_registered(connection, renewal):
        return renewal
    renewal = Renewal(connection)
    connection._stadtteil_renewal = renewal
    return renewal


def _still_registered(connection, renewal):
    # A rolled-back transaction drops its callbacks: the renewal is then stale.
    return any(entry[1] == renewal.flush for entry in connection.run_on_commit)


def schedule(renewal):
    """Run ``renewal.flush`` on commit, once (at once outside a transaction)."""
    connection = renewal.connection
    if not _still_registered(connection, renewal):
        transaction.on_commit(renewal.flush)


def page_changed(page, *, old_path=None):
    renewal = _with_page(page)
    if old_path:
        renewal.paths.add(old_path)
    schedule(renewal)


def page_deleted(page):
    renewal = _with_page(page)
    model = page.specific_class if page.content_type_id else type(page)
    if model is not None:
        renewal.page_types.add(model)
    schedule(renewal)


def _with_page(page):
    """The pending renewal, with the page's place, id and translations added."""
    renewal = pending()
    renewal.paths.add(page.path)
    if page.pk:
        renewal.page_ids.add(page.pk)
    renewal.translation_keys.add(page.translation_key)
    return renewal


def pages_changed(page_ids):
    renewal = pending()
    renewal.page_ids.update(page_ids)
    schedule(renewal)


def objects_changed(model, object_ids):
    renewal = pending()
    renewal.objects.setdefault(model, set()).update(object_ids)
    schedule(renewal)


def everything_changed():
    renewal = pending()
    renewal.everything = True
    schedule(renewal)
