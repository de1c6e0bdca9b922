"""The publication rule: the one place that decides what the public sees.

HTML listings, the API, feeds, the sitemap, search and structured data all
ask this module, so that a draft, a private or an expired item can never leak
through one channel while the others hide it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    ReferenceIndex,
    Site,
)

ACTIVE_LOCALE = object()


def published(queryset, request=None, *, site=None, locale=ACTIVE_LOCALE):
    """Narrow a page queryset (or page model) to what visitors may see.

    Live, not expired, without a view restriction (on the page or an
    ancestor), inside the request's site and in the active language.
    Pass ``locale=None`` to keep every language, or a ``Locale``.
    """
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    now = timezone.now()
    private = _per_request(request, "private", queryset.private_q)
    queryset = (
        queryset.live().exclude(private).filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )
    if site is None and request is not None:
        site = Site.find_for_request(request)
    if site is not None:
        in_site = _per_request(request, ("site", site.pk), lambda: _in_site_q(site))
        queryset = queryset.filter(in_site)
    if locale is ACTIVE_LOCALE:
        locale = _per_request(request, ("locale", get_language()), Locale.get_active)
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


def _per_request(request, key, compute):
    """Compute a part of the rule once per request (a page asks many times).

    The view restrictions, the site's trees and the active locale cannot
    change while one request is answered; without a request nothing is kept.
    """
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_stadtteil_publication", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _in_site_q(site):
    """The site's page tree and the trees of its root page's translations."""
    roots = Page.objects.filter(translation_key=site.root_page.translation_key)
    condition = Q(pk__in=[])
    for path in roots.values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    return condition


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


def published_media(queryset, request=None, *, site=None):
    """Documents or images (queryset or model) that visitors may download.

    A file is public when a published page uses it (as Wagtail's reference
    index records it: chooser fields, inline documents, StreamField blocks and
    rich text links) and its collection has no view restriction. A file that
    only a draft, private or expired page uses stays hidden.
    """
    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    pages = published(Page, request, site=site, locale=None)
    used = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.annotate(key=Cast("pk", CharField())).values("key"),
        to_content_type=ContentType.objects.get_for_model(queryset.model),
    ).values_list("to_object_id", flat=True)
    restricted = Q(pk__in=[])
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        restricted |= Q(path__startswith=path)
    # Plain lists of ids, so that the search backends can filter by them.
    return queryset.filter(pk__in=[int(key) for key in used if key.isdigit()]).exclude(
        collection__in=list(Collection.objects.filter(restricted).values_list("pk", flat=True))
    )


def is_published(page, request=None):
    """Whether one page instance passes the rule (for detail views and feeds)."""
    return published(type(page), request, locale=None).filter(pk=page.pk).exists()


def public_page(page, request=None):
    """The page in the active language if visitors may see it, else ``None``.

    For the links templates render (footer, related pages, call to action):
    the translation in the active language when a public one exists, the
    page itself when it is public, nothing otherwise.
    """
    if page is None:
        return None
    candidates = published(
        Page.objects.filter(translation_key=page.translation_key), request, locale=None
    )
    by_locale = {candidate.locale_id: candidate for candidate in candidates}
    active = Locale.get_active()
    found = by_locale.get(active.pk) or by_locale.get(page.locale_id)
    return found.specific if found is not None else None


def public_ancestors(page, request=None):
    """The breadcrumb trail of a page: its public ancestors below the tree root."""
    if page is None or not getattr(page, "pk", None):
        return []
    ancestors = published(page.get_ancestors().filter(depth__gt=1), request, locale=None)
    return list(ancestors.order_by("depth"))
