"""Answers of the publication rule, computed once per request.

A page asks the rule several times while it renders: the breadcrumb trail
for the header and again for the structured data, the published pages for
its listings of meetings and projects. Each call costs queries (site roots,
view restrictions, the active language), so the answers are kept on the
request for as long as it lasts. Without a request nothing is kept.
"""

from wagtail.models import Page

from . import publication

ATTRIBUTE = "_stadtteil_per_request"


def memoised(request, key, compute):
    """``compute()`` once per request and key."""
    if request is None:
        return compute()
    store = request.__dict__.setdefault(ATTRIBUTE, {})
    if key not in store:
        store[key] = compute()
    return store[key]


def public_ancestors(page, request):
    """The page's public ancestors (the breadcrumb trail), asked once per request."""
    key = ("ancestors", getattr(page, "pk", None))
    return memoised(request, key, lambda: publication.public_ancestors(page, request))


def published_pages(request):
    """``published(Page, request)`` with its conditions built once per request."""
    from django.utils.translation import get_language

    return memoised(
        request,
        ("pages", get_language()),
        lambda: publication.published(Page, request),
    )


def published_of(model, request):
    """The published pages of one type, narrowed from ``published_pages``."""
    if request is None:
        return publication.published(model, request)
    return model.objects.filter(page_ptr__in=published_pages(request))
