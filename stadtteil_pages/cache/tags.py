"""Cache tags: what a kept answer shows, and what a change invalidates.

Every kept answer carries tags, names for what it shows, with the version
each tag had when the answer was rendered. A change gives new versions to
the tags it touches; an answer is served only while all its tags keep the
versions it was rendered with.

``all``
    Every answer. Invalidated when the site's structure changes: a page
    appears, disappears, moves or is renamed, a view restriction, a district
    or a setting changes. Titles and addresses are in the navigation,
    breadcrumbs, links, sitemap and search of every other page.
``content``
    Answers that list content of every kind (search, sitemap, OParl, API
    listings). Invalidated by every change.
``page:<path>``
    The answer of the page at that tree path: its own content and what it
    lists below it (a conference's dates, the index's cards, the feeds).
``tree:<path>``
    The answers of that page and of every page below it, which show it too
    (breadcrumbs, a conference's contacts on its meetings).
``type:<label>``
    Answers that list public pages of one type (the API's ``?type=``, the
    dates of the site in a block, the protocol archive).

A changed page (published again under its old title and address)
invalidates ``page:`` and ``type:`` of itself and of each ancestor,
``tree:`` of itself, and the same for its translations and for the pages
that use it (Wagtail's reference index). A changed contact, venue or file
invalidates what a change of each page that uses it would.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, ReferenceIndex

from ..models.base import base_content_type

ALL = "all"
CONTENT = "content"
# Tree paths grow by this many characters per level (treebeard's steplen).
STEP = Page.steplen


def lineage(path):
    """The tree paths of a page and of each of its ancestors, root first."""
    return [path[:end] for end in range(STEP, len(path) + 1, STEP)]


def answer_tags(shown):
    """The tags of an answer that showed ``shown`` (``publication.shown``).

    An answer that named no page and no type lists content of every kind.
    """
    shown = shown or {"pages": (), "models": ()}
    tags = {ALL} if shown["pages"] or shown["models"] else {ALL, CONTENT}
    for path in shown["pages"]:
        tags.add(f"page:{path}")
        tags.update(f"tree:{ancestor}" for ancestor in lineage(path))
    tags.update(f"type:{label}" for label in shown["models"])
    return tags


def change_tags(changes):
    """The tags a set of ``stadtteil_pages.changes.Changes`` invalidates."""
    if changes.structure:
        return {ALL}
    page_ids = set(changes.published)
    for label, object_ids in changes.objects.items():
        users, elsewhere = pages_using(label, object_ids)
        if elsewhere:
            return {ALL}
        page_ids |= users
    users, elsewhere = pages_using("wagtailcore.page", page_ids)
    return {ALL} if elsewhere else {CONTENT} | _page_tags(page_ids | users)


def _page_tags(page_ids):
    if not page_ids:
        return set()
    keys = Page.objects.filter(pk__in=page_ids).values("translation_key")
    paths = set(Page.objects.filter(translation_key__in=keys).values_list("path", flat=True))
    tags = {f"tree:{path}" for path in paths}
    ancestry = {ancestor for path in paths for ancestor in lineage(path)}
    tags.update(f"page:{path}" for path in ancestry)
    # Listings of a type show facts of the pages below each item (a conference's next date).
    content_types = Page.objects.filter(path__in=ancestry).values_list("content_type", flat=True)
    for content_type in set(content_types):
        model = ContentType.objects.get_for_id(content_type).model_class()
        if model is not None:
            tags.add(f"type:{model._meta.label_lower}")
    return tags


def pages_using(label, object_ids):
    """The ids of the pages that use objects, and whether anything else does.

    Wagtail's reference index records chooser fields, StreamField blocks and
    rich-text links. Something other than a page (a site setting that the
    footer reads, say) may show the object on every page.
    """
    if not object_ids:
        return set(), False
    app_label, model_name = label.split(".")
    model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    page_type = ContentType.objects.get_for_model(Page).pk
    rows = ReferenceIndex.objects.filter(
        to_content_type=base_content_type(model),
        to_object_id__in=[str(pk) for pk in object_ids],
    ).values_list("base_content_type", "object_id")
    on_pages = {object_id for base_type, object_id in rows if base_type == page_type}
    elsewhere = any(base_type != page_type for base_type, _object_id in rows)
    return {int(pk) for pk in on_pages if pk.isdigit()}, elsewhere
