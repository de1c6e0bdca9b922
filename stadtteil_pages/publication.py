"""The publication rule: the one place that decides what the public sees.

HTML listings, the API, feeds, the sitemap, search and structured data all
ask this module, so that a draft, a private or an expired item can never leak
through one channel while the others hide it.
"""

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Locale, Site

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
    queryset = queryset.live().public().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    if site is None and request is not None:
        site = Site.find_for_request(request)
    if site is not None:
        queryset = queryset.in_site(site)
    if locale is ACTIVE_LOCALE:
        locale = Locale.get_active()
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset


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


def is_published(page, request=None):
    """Whether one page instance passes the rule (for detail views and feeds)."""
    return published(type(page), request, locale=None).filter(pk=page.pk).exists()
