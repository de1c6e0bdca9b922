"""Until when an answer is right: the clock is part of the content.

Pages show facts that change by themselves: the next date, whether a
meeting is upcoming or past, the closures ahead, a page's expiry or go-live.
An answer rendered now is kept only until the earliest moment at which any
of these changes on the site, computed when it is rendered, and at most until
the next local midnight (dates such as "today" and the closures of a day).

A model takes part by defining ``next_change(now)``, a class method giving
the next such moment of its public objects or None; expiry and go-live of
pages and of draftable snippets are read here for every model.
"""

import datetime

from django.apps import apps
from django.db.models import Min, Q
from django.utils import timezone

from wagtail.models import DraftStateMixin, Page

from .. import conf


def next_midnight(now):
    local = timezone.localtime(now, conf.event_timezone())
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=local.tzinfo)


def scheduled(queryset, now):
    """The next expiry and go-live of a page or snippet queryset (None: none)."""
    found = queryset.aggregate(
        expiry=Min("expire_at", filter=Q(live=True, expire_at__gt=now)),
        go_live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
    )
    return list(found.values())


def next_change(now=None):
    """The earliest moment after ``now`` at which a time-dependent fact changes."""
    now = now or timezone.now()
    moments = [next_midnight(now), *scheduled(Page.objects.all(), now)]
    for model in apps.get_models():
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page):
            moments += scheduled(model.objects.all(), now)
        if hasattr(model, "next_change"):
            moments.append(model.next_change(now))
    return min(moment for moment in moments if moment is not None)
