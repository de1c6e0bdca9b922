"""Feed addresses on the pages themselves (``…/termine.ics``).

The feeds are built in ``stadtteil_pages.feeds``, a layer above the models;
the pages only route to them: the feeds register their views by route name
when the app is ready (``models.base.provides``). ``stadtteil_pages.urls`` lets
the dotted names through to Wagtail, whose own URL pattern admits no dots.
"""

from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path

from .base import PROVIDERS


def feed_route(pattern, name):
    """A route of the page (GET and HEAD only) answered by the view registered as ``name``."""

    @re_path(pattern, name=name)
    @method_decorator(require_safe)
    def view(self, request):
        return PROVIDERS[name](request, self)

    return view


class CalendarFeedMixin(RoutablePageMixin):
    """Serves the dates at and below the page as an iCalendar subscription.

    ``…/kalender/`` explains to residents how to subscribe to them.
    """

    # Wagtail routes "…/termine.ics" as "termine.ics/"; reversing gives the
    # address without the slash.
    calendar_feed = feed_route(r"^termine\.ics/?$", "calendar")
    calendar_help = feed_route(r"^kalender/$", "calendar_help")

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "termine.ics", "kalender/"]
