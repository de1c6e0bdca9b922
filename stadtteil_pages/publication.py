"""The publication rule: the one place that decides what the public sees.

HTML pages and listings, the links templates render, the API, feeds, the
sitemap, search, structured data and file downloads all ask this module, so
that a draft, a private or an expired item can never leak through one
channel while the others hide it.

A page is public only when it and all its ancestors are public: live, not
expired (at the moment of the request, not only once ``publish_scheduled``
has run), without a view restriction, inside the request's site and in the
requested language. The rule reads the pages that hide their subtree with
one query and remembers the answer on the request, so that a page with
breadcrumbs, footer links, listings and structured data pays for it once;
anonymous requests share it (and the other answers of ``remember``) for as
long as the content state stays the same.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)

ACTIVE_LOCALE = object()

# Where the rule keeps what it has read during one request.
_REQUEST_MEMO = "_stadtteil_publication"
# The content state of an anonymous request (``caching.read_state``), set
# by the response cache middleware before the view runs.
STATE_ATTRIBUTE = "stadtteil_content_state"
# What the rule read for the latest content state, shared by the requests
# of this process: ``(state, {key: value})``. Bounded, and replaced as a
# whole when the state moves on.
_shared = (None, {})
SHARED_LIMIT = 4096
# Markup rendered from the content alone (``remember_rendered``), shared in
# the same way and bounded by its size: ``(state, {key: text}, [characters])``.
_rendered = (None, {}, [0])
RENDERED_LIMIT = 16 * 1024 * 1024


def forget(**kwargs):
    """Drop what this process shares between requests (after a save or delete here).

    Other processes learn of a change through the content state; this one
    also forgets at once, so that its next request reads afresh even when a
    change leaves no trace in the state (a save outside Wagtail's actions).
    Connected to every model's ``post_save`` and ``post_delete``.
    """
    global _shared, _rendered
    _shared = (None, {})
    _rendered = (None, {}, [0])


def remember(request, key, compute):
    """``compute()`` once per request, and once per content state where known.

    Answers that follow from the published content alone (the rule's
    conditions, breadcrumb trails, the translations of a page, the frame's
    links) are the same for every request that sees the same content state:
    anonymous requests share them until something public changes (publish,
    unpublish, move, delete, an expiry), which changes the state. ``key``
    must name everything else the answer depends on (language, site, page).
    Requests without a state (editors, previews) compute once per request;
    without a request nothing is kept.
    """
    global _shared
    if request is None:
        return compute()
    store = request.__dict__.setdefault(_REQUEST_MEMO, {})
    if key in store:
        return store[key]
    state = getattr(request, STATE_ATTRIBUTE, None)
    if state is None:
        value = compute()
    else:
        shared_state, values = _shared
        if shared_state != state:
            values = {}
            _shared = (state, values)
        if key in values:
            value = values[key]
        else:
            value = compute()
            if len(values) >= SHARED_LIMIT:
                values.clear()
            values[key] = value
    store[key] = value
    return value


def _prefix_q(paths):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def _outermost(paths):
    """Drop the paths that lie below another one: their subtree is hidden already."""
    kept = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


@dataclass(frozen=True)
class PageRule:
    """The rule as read from the database for one site at one moment.

    ``roots`` are the tree paths of the site's root page and its translations
    (empty: every site); ``hidden`` the paths of the pages that hide
    themselves and everything below (not live, expired, view-restricted);
    ``unserved`` the same without the view restrictions, which Wagtail's own
    serving answers with its login or password form.
    """

    now: object
    roots: tuple
    hidden: tuple
    unserved: tuple

    def q(self):
        """The condition for a page queryset."""
        condition = _prefix_q(self.roots) if self.roots else Q()
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


def _read_rule(site):
    now = timezone.now()
    roots = ()
    pages = Page.objects.filter(depth__gt=1)
    if site is not None:
        roots = tuple(
            Page.objects.filter(translation_key=site.root_page.translation_key).values_list(
                "path", flat=True
            )
        )
        pages = pages.filter(_prefix_q(roots))
    restricted = Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
    rows = (
        pages.annotate(restricted=restricted)
        .filter(Q(live=False) | Q(expire_at__lte=now) | Q(restricted=True))
        .values_list("path", "live", "expire_at")
    )
    hidden, unserved = [], []
    for path, live, expire_at in rows:
        hidden.append(path)
        if not live or (expire_at is not None and expire_at <= now):
            unserved.append(path)
    return PageRule(now, roots, _outermost(hidden), _outermost(unserved))


def remember_for_now(request, key, compute):
    """``remember`` for answers that also follow the clock (the dates ahead).

    The content state includes the time bucket of ``STADTTEIL_CACHE_SECONDS``,
    the pace at which kept pages move on: such answers are shared within one
    bucket, as long as the response cache would keep the whole page. With
    no bucket (0 seconds) they are computed for every request.
    """
    from . import conf

    if not conf.cache_seconds():
        return compute()
    return remember(request, key, compute)


def remember_rendered(request, key, render, *, follows_clock=False):
    """Markup that ``render()`` makes from the content alone, once per content state.

    For a page's main content, a feed's entries or the sitemap's index: the
    same text for every anonymous request that sees the same content state
    (and, with ``follows_clock``, the same time bucket of
    ``STADTTEIL_CACHE_SECONDS``). ``key`` must name everything else the
    text depends on (page, language, site, query). Editors and previews, and
    clock-bound markup with 0 seconds, render every time. At most
    ``RENDERED_LIMIT`` characters are kept per process.
    """
    from . import conf

    global _rendered
    state = getattr(request, STATE_ATTRIBUTE, None) if request is not None else None
    if state is None or (follows_clock and not conf.cache_seconds()):
        return render()
    shared_state, texts, size = _rendered
    if shared_state != state:
        texts, size = {}, [0]
        _rendered = (state, texts, size)
    if key in texts:
        return texts[key]
    text = render()
    # A text, or a tuple of a text and what goes with it (headers).
    length = len(text if isinstance(text, (str, bytes)) else text[0])
    if size[0] + length > RENDERED_LIMIT:
        texts.clear()
        size[0] = 0
    texts[key] = text
    size[0] += length
    return text


def remember_response(request, key, respond):
    """The answer ``respond()`` gives, written once per content state (``remember_rendered``).

    For whole answers made from the content alone (a feed, the sitemap):
    ``key`` names what the answer depends on besides the site and the
    address, which are added here (the answers hold absolute addresses).
    """
    from django.http import HttpResponse

    key = (*key, *answer_scope(request))

    def written():
        response = respond()
        if hasattr(response, "render"):
            response.render()
        return response.content, dict(response.items())

    content, headers = remember_rendered(request, key, written)
    return HttpResponse(content, headers=headers)


# What ``kept`` gives for an answer nobody computed yet.
MISSING = object()


def kept(request, key, *, follows_clock=False):
    """What ``remember`` (``remember_for_now`` with ``follows_clock``) holds for ``key``.

    ``MISSING`` when nothing is kept; never computes anything.
    """
    from . import conf

    if request is None:
        return MISSING
    store = request.__dict__.get(_REQUEST_MEMO, {})
    if key in store:
        return store[key]
    if follows_clock and not conf.cache_seconds():
        return MISSING
    state = getattr(request, STATE_ATTRIBUTE, None)
    shared_state, values = _shared
    if state is None or shared_state != state:
        return MISSING
    return values.get(key, MISSING)


def answer_scope(request):
    """``(site, scheme, host)``: what markup from the content depends on besides it.

    Addresses in feeds, links and sitemaps are absolute.
    """
    if request is None:
        return (None, "", "")
    return (getattr(request_site(request), "pk", None), request.scheme, request.get_host())


def request_site(request):
    """The Wagtail site answering the request, looked up once per host and content state."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        meta = request.META
        key = ("site", meta.get("HTTP_HOST"), meta.get("SERVER_NAME"), meta.get("SERVER_PORT"))
        # Wagtail keeps the site of a request in this attribute (Site.find_for_request).
        request._wagtail_site = remember(request, key, lambda: Site.find_for_request(request))
    return request._wagtail_site


def page_rule(request=None, *, site=None):
    """The rule for the request's site (or the given one), read once per request."""
    if site is None and request is not None:
        site = request_site(request)
    return remember(request, ("pages", getattr(site, "pk", None)), lambda: _read_rule(site))


def active_locale(request=None):
    """The locale of the active language, looked up once per request and language."""
    from django.utils import translation

    return remember(request, ("locale", translation.get_language()), Locale.get_active)


def default_locale(request=None):
    """The locale of the site's source language (``LANGUAGE_CODE``)."""
    return remember(request, ("default-locale",), Locale.get_default)


def published(queryset, request=None, *, site=None, locale=ACTIVE_LOCALE):
    """Narrow a page queryset (or page model) to what visitors may see.

    The page and all its ancestors live, not expired and without a view
    restriction, inside the request's site and in the active language.
    Pass ``locale=None`` to keep every language, or a ``Locale``.
    """
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    queryset = queryset.filter(page_rule(request, site=site).q())
    if locale is ACTIVE_LOCALE:
        locale = active_locale(request)
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


def is_published(page, request=None):
    """Whether one loaded page passes the rule, in any language (no query per page)."""
    return page_rule(request).admits(page)


def may_serve(page, request):
    """Whether the site may answer a page's address at all.

    The rule without view restrictions: a private page is answered by
    Wagtail's login or password form, which checks the restrictions of the
    page and its ancestors itself.
    """
    return page_rule(request).admits(page, serving=True)


def public_page(page, request=None):
    """The page in the active language if visitors may see it, else ``None``.

    For the links templates render (footer, related pages, call to action):
    the translation in the active language when a public one exists, the
    page itself when it is public, nothing otherwise.
    """
    if page is None or not getattr(page, "pk", None):
        return None
    rule = page_rule(request)
    active = active_locale(request)
    if page.locale_id == active.pk and rule.admits(page):
        return page
    key = ("public-page", page.pk, active.pk, getattr(request_site(request), "pk", None))
    return remember(request, key, lambda: _translated(page, rule, active))


def _translated(page, rule, active):
    candidates = Page.objects.filter(
        rule.q(), translation_key=page.translation_key, locale_id__in=[active.pk, page.locale_id]
    )
    by_locale = {candidate.locale_id: candidate for candidate in candidates}
    found = by_locale.get(active.pk) or by_locale.get(page.locale_id)
    # Callers use the page type's own fields (a conference's contacts, say).
    return found.specific if found is not None else None


def public_ancestors(page, request=None):
    """The breadcrumb trail of a page: its public ancestors below the tree root."""
    if page is None or not getattr(page, "pk", None):
        return []
    rule = page_rule(request)

    def read():
        ancestors = page.get_ancestors().filter(depth__gt=1).order_by("depth")
        return [ancestor for ancestor in ancestors if rule.admits(ancestor)]

    return remember(
        request, ("ancestors", page.pk, getattr(request_site(request), "pk", None)), read
    )


def published_snippets(queryset, *, locale=ACTIVE_LOCALE):
    """The live, unexpired version of draftable snippets (e.g. contacts)."""
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    model = queryset.model
    field_names = {field.name for field in model._meta.get_fields()}
    if "live" in field_names:
        queryset = queryset.filter(live=True).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        )
    if "locale" in field_names:
        if locale is ACTIVE_LOCALE:
            locale = Locale.get_active()
        if locale is not None:
            queryset = queryset.filter(locale=locale)
    return queryset


def snippet_is_published(snippet):
    """The rule of ``published_snippets`` for one loaded instance, without a query."""
    if getattr(snippet, "live", True) is False:
        return False
    expire_at = getattr(snippet, "expire_at", None)
    return expire_at is None or expire_at > timezone.now()


def restricted_collection_ids(request=None):
    """Collections with a view restriction, and everything below them."""

    def read():
        paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        if not paths:
            return frozenset()
        return frozenset(Collection.objects.filter(_prefix_q(paths)).values_list("pk", flat=True))

    return remember(request, ("collections",), read)


def in_public_collection(item, request=None):
    """Whether a document or image may be listed: its collection is unrestricted."""
    return item.collection_id not in restricted_collection_ids(request)


def _used_media_ids(model, request, site):
    def read():
        pages = published(Page, request, site=site, locale=None)
        keys = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=pages.annotate(key=Cast("pk", CharField())).values("key"),
            to_content_type=ContentType.objects.get_for_model(model),
        ).values_list("to_object_id", flat=True)
        return frozenset(int(key) for key in keys if key.isdigit())

    if site is None and request is not None:
        site = request_site(request)
    return remember(request, ("media", model._meta.label, getattr(site, "pk", None)), read)


def published_media(queryset, request=None, *, site=None):
    """Documents or images (queryset or model) that visitors may download.

    A file is public when a published page uses it (as Wagtail's reference
    index records it: chooser fields, inline documents, StreamField blocks and
    rich text links) and its collection has no view restriction. A file that
    only a draft, private or expired page uses stays hidden.
    """
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    # Plain lists of ids, so that the search backends can filter by them.
    used = _used_media_ids(queryset.model, request, site)
    return queryset.filter(pk__in=sorted(used)).exclude(
        collection__in=sorted(restricted_collection_ids(request))
    )


def media_is_published(item, request=None):
    """``published_media`` for one loaded document or image (for downloads)."""
    return in_public_collection(item, request) and item.pk in _used_media_ids(
        type(item), request, None
    )
