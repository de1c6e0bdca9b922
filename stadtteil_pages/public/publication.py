"""The publication rule: the one place that decides what the public sees.

HTML pages and listings, the links templates render, the API, feeds, the
sitemap, search, structured data and file downloads all ask this module, so
that a draft, a private or an expired item can never leak through one
channel while the others hide it.

A page is public only when it and all its ancestors are public: live, not
expired (at the moment of the request, not only once ``publish_scheduled``
has run), without a view restriction, inside the request's site and in the
requested language. The rule reads the pages that hide their subtree with
one query per request (``memo``), so that a page with breadcrumbs, footer
links, listings and structured data pays for it once. It also notes what an
answer shows (``show``), which the response cache tags the answer with.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, IntegerField, Q
from django.db.models.functions import Cast
from django.utils import timezone, translation

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    ReferenceIndex,
    Site,
)

from ..memo import memo, memoized
from ..models.base import (
    at_or_below,
    base_content_type,
    going_live,
    is_going_live,
    related,
    routed_ancestors,
)
from ..models.locales import default_locale, locale_for_language

ACTIVE_LOCALE = object()


def show(request, *, pages=(), models=()):
    """Note what the answer to ``request`` shows: pages by tree path, listings by model.

    The response cache tags a kept answer with it, so that a change of one
    of them invalidates the answer (``stadtteil_pages.cache.tags``).
    """
    if request is None:
        return
    shown = memo(request, "shown", lambda: {"pages": set(), "models": set()})
    shown["pages"].update(pages)
    shown["models"].update(model._meta.label_lower for model in models)


def shown(request):
    """``{"pages": paths, "models": labels}`` noted by ``show``, or None when nothing was."""
    return memoized(request, "shown")


def _outermost(paths):
    """Drop the paths that lie below another one: their subtree is hidden already."""
    kept = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


@dataclass(frozen=True)
class PageRule:
    """The rule as read from the database for one site at one moment (once per request).

    ``roots`` are the tree paths of the site's root page and its translations
    (empty: every site); ``hidden`` the paths of the pages that hide
    themselves and everything below (not live, expired, view-restricted);
    ``unserved`` the same without the view restrictions, which Wagtail's own
    serving answers with its login or password form.
    """

    roots: tuple
    hidden: tuple
    unserved: tuple

    def q(self):
        """The condition for a page queryset."""
        condition = at_or_below(self.roots) if self.roots else Q()
        for path in self.hidden:
            condition &= ~Q(path__startswith=path)
        return condition

    def admits(self, page, *, serving=False):
        """Whether a loaded page passes, without a query."""
        path = getattr(page, "path", None)
        if not path or not getattr(page, "pk", None):
            return False
        if self.roots and not path.startswith(self.roots):
            return False
        return not path.startswith(self.unserved if serving else self.hidden)


# The pages that hide their subtree and the site's root pages, in one
# statement of small parts, each read through an index (migration 0007): a
# condition over every page would scan them all. Written out because it runs
# on every request: built by the ORM, its four parts cost ten times more to
# compile than to run. ``due`` is ``models.base.going_live`` (a scheduled
# publication whose moment has come) for pages.
RULE_SQL = """
SELECT p.id, p.path, p.translation_key, p.live, p.expire_at,
    EXISTS (
        SELECT 1 FROM wagtailcore_revision r
        WHERE r.base_content_type_id = %(page_type)s
        AND r.object_id = CAST(p.id AS VARCHAR(255))
        AND r.approved_go_live_at IS NOT NULL AND r.approved_go_live_at <= %(now)s
    ) AS due,
    FALSE AS restricted
FROM wagtailcore_page p WHERE NOT p.live AND p.depth > 1
UNION
SELECT p.id, p.path, p.translation_key, p.live, p.expire_at, FALSE, FALSE
FROM wagtailcore_page p WHERE p.expire_at <= %(now)s AND p.depth > 1
UNION
SELECT p.id, p.path, p.translation_key, p.live, p.expire_at, FALSE, TRUE
FROM wagtailcore_page p
WHERE p.id IN (SELECT page_id FROM wagtailcore_pageviewrestriction) AND p.depth > 1
UNION
SELECT p.id, p.path, p.translation_key, p.live, p.expire_at, FALSE, FALSE
FROM wagtailcore_page p WHERE p.translation_key = %(root_key)s AND p.depth > 1
"""


def _read_rule(site):
    """Read the rule with one query: the site's root pages and the pages that hide.

    The root pages (the site's root and its translations) come with the
    pages that hide their subtree anywhere in the tree (a scheduled
    publication that is due counts as live, before ``publish_scheduled``
    runs); the hiding ones outside the site's trees are dropped here.
    """
    now = timezone.now()
    root_key = site.root_page.translation_key if site is not None else None
    params = {
        "page_type": base_content_type(Page).pk,
        "now": connection.ops.adapt_datetimefield_value(now),
        "root_key": Page._meta.get_field("translation_key").get_db_prep_value(root_key, connection),
    }
    rows = list(Page.objects.raw(RULE_SQL, params))
    # A page comes once for each reason it is in the statement.
    due = {row.path for row in rows if row.due}
    restricted = {row.path for row in rows if row.restricted}
    roots = tuple(
        sorted({row.path for row in rows if root_key and row.translation_key == root_key})
    )
    hidden, unserved = [], []
    for row in rows:
        if site is not None and not row.path.startswith(roots):
            continue
        # A scheduled publication counts from its moment, before publish_scheduled runs.
        expired = row.expire_at is not None and row.expire_at <= now
        if expired or not (row.live or row.path in due):
            unserved.append(row.path)
        elif row.path in restricted:
            hidden.append(row.path)
    hidden += unserved
    return PageRule(roots, _outermost(hidden), _outermost(unserved))


def request_site(request):
    """The Wagtail site answering the request (Wagtail looks it up once per request)."""
    if request is None:
        return None
    return Site.find_for_request(getattr(request, "_request", request))


def page_rule(request=None, *, site=None):
    """The rule for the request's site (or the given one), read once per request."""
    if site is None and request is not None:
        site = request_site(request)
    return memo(request, ("pages", getattr(site, "pk", None)), lambda: _read_rule(site))


def active_locale(request=None):
    """The locale of the active language (as ``Locale.get_active``), once per request."""
    if request is None:
        return Locale.get_active()
    try:
        return locale_for_language(request, translation.get_language())
    except (Locale.DoesNotExist, LookupError):
        return default_locale(request)


def public_pages(request=None, *, site=None, locale=ACTIVE_LOCALE):
    """The rule as a condition on pages: what ``published`` filters by."""
    condition = page_rule(request, site=site).q()
    if locale is ACTIVE_LOCALE:
        locale = active_locale(request)
    return condition if locale is None else condition & Q(locale=locale)


def published(queryset, request=None, *, site=None, locale=ACTIVE_LOCALE):
    """Narrow a page queryset (or page model) to what visitors may see.

    The page and all its ancestors live, not expired and without a view
    restriction, inside the request's site and in the active language.
    Pass ``locale=None`` to keep every language, or a ``Locale``.
    """
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    return queryset.filter(public_pages(request, site=site, locale=locale))


def is_published(page, request=None):
    """Whether one loaded page passes the rule, in any language (no query per page)."""
    return page_rule(request).admits(page)


def public_page(page, request=None):
    """The page in the active language if visitors may see it, else ``None``.

    For the links templates render (footer, related pages, call to action):
    the translation in the active language when a public one exists, the
    page itself when it is public, nothing otherwise.
    """
    if not getattr(page, "pk", None):
        return None
    active = active_locale(request)
    if page.locale_id == active.pk and page_rule(request).admits(page):
        return page

    def read():
        found = public_links([page], request)
        # Callers use the page type's own fields (a conference's contacts, say).
        return found[0].specific if found else None

    key = ("public-page", page.pk, active.pk, getattr(request_site(request), "pk", None))
    return memo(request, key, read)


def public_links(pages, request=None):
    """``public_page`` for pages that are only linked to (title and address), in one query.

    The footer's legal pages, say: those not public in the active language
    as they are are looked up together, as plain pages: each one's public
    translation in the active language, else the public page itself.
    """
    rule = page_rule(request)
    active = active_locale(request)
    pages = [page for page in pages if getattr(page, "pk", None)]
    missing = [page for page in pages if page.locale_id != active.pk or not rule.admits(page)]
    if not missing:
        # Not even built: compiling a query that finds nothing costs as much as one that runs.
        return pages
    candidates = Page.objects.filter(
        rule.q(),
        translation_key__in=[page.translation_key for page in missing],
        locale_id__in={active.pk, *(page.locale_id for page in missing)},
    )
    found = {(page.translation_key, page.locale_id): page for page in candidates}
    links = [
        page
        if page not in missing
        else found.get((page.translation_key, active.pk))
        or found.get((page.translation_key, page.locale_id))
        for page in pages
    ]
    return [link for link in links if link is not None]


def public_ancestors(page, request=None):
    """The breadcrumb trail of a page: its public ancestors below the tree root."""
    if not getattr(page, "pk", None):
        return []
    rule = page_rule(request)

    def read():
        # The pages routing passed through to this one, else read from the tree.
        ancestors = routed_ancestors(page)
        if ancestors is None:
            ancestors = page.get_ancestors().filter(depth__gt=1).order_by("depth")
        return [ancestor for ancestor in ancestors if rule.admits(ancestor)]

    return memo(request, ("ancestors", page.pk, getattr(request_site(request), "pk", None)), read)


def published_snippets(model, *, locale=ACTIVE_LOCALE):
    """The live, unexpired version of draftable, translatable snippets (contacts).

    In the active language, or in ``locale`` (``None``: every language).
    """
    now = timezone.now()
    queryset = model.objects.filter(Q(live=True) | Q(going_live(model, now))).filter(
        Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    )
    if locale is ACTIVE_LOCALE:
        locale = Locale.get_active()
    return queryset if locale is None else queryset.filter(locale=locale)


def snippet_is_published(snippet):
    """The rule of ``published_snippets`` for one loaded instance, without a query."""
    if getattr(snippet, "live", True) is False and not is_going_live(snippet):
        return False
    expire_at = getattr(snippet, "expire_at", None)
    return expire_at is None or expire_at > timezone.now()


def restricted_collection_ids(request=None):
    """Collections with a view restriction, and everything below them."""

    def read():
        paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        # No restriction, no query: ``at_or_below`` of nothing is nothing.
        return frozenset(Collection.objects.filter(at_or_below(paths)).values_list("pk", flat=True))

    return memo(request, ("collections",), read)


def in_public_collection(item, request=None):
    """Whether a document or image may be listed: its collection is unrestricted."""
    return item.collection_id not in restricted_collection_ids(request)


def _uses(model, request, site):
    """The reference index's rows of public pages using files of ``model`` (a queryset)."""
    pages = published(Page, request, site=site, locale=None)
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.annotate(key=Cast("pk", CharField())).values("key"),
        to_content_type=ContentType.objects.get_for_model(model),
    )


def published_media(model, request=None, *, site=None):
    """Documents or images (a model) that visitors may download.

    A file is public when a published page uses it (as Wagtail's reference
    index records it: chooser fields, inline documents, StreamField blocks and
    rich text links) and its collection has no view restriction. A file that
    only a draft, private or expired page uses stays hidden.
    """
    # A subquery: the database compares, nothing is loaded however many files there are.
    used = _uses(model, request, site).annotate(file=Cast("to_object_id", IntegerField()))
    return model.objects.filter(pk__in=used.values("file")).exclude(
        collection__in=sorted(restricted_collection_ids(request))
    )


def published_attachments(documents, meetings, request=None):
    """The meeting documents (a queryset) of the meetings a condition selects.

    ``meetings`` is a condition on meeting pages that includes the rule
    (``public_pages``), and a document attached to a published meeting is
    used by it: only its collection can still hide it. The same answer as
    ``published_media``, without asking the reference index for every
    public page.
    """
    return documents.filter(related(meetings, "meeting")).exclude(
        document__collection__in=sorted(restricted_collection_ids(request))
    )


def media_is_published(item, request=None):
    """``published_media`` for one loaded document or image (for downloads)."""
    if not in_public_collection(item, request):
        return False
    return _uses(type(item), request, None).filter(to_object_id=str(item.pk)).exists()
