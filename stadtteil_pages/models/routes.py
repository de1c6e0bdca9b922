"""Feed addresses on the pages themselves (``…/termine.ics``).

The feeds are built in ``stadtteil_pages.feeds``, a layer above the models;
the pages only route to them: the feeds register their views here by route
name when the app is ready (``route_view``). ``stadtteil_pages.urls`` lets
the dotted names through to Wagtail, whose own URL pattern admits no dots.
"""

from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path

# ``view(request, page)`` by route name.
ROUTE_VIEWS = {}


def route_view(name):
    """Register ``view(request, page)`` as what the pages' route ``name`` answers."""

    def register(view):
        ROUTE_VIEWS[name] = view
        return view

    return register


def feed_route(pattern, name):
    """A route of the page (GET and HEAD only) answered by the view registered as ``name``."""

    @re_path(pattern, name=name)
    @method_decorator(require_safe)
    def view(self, request):
        return ROUTE_VIEWS[name](request, self)

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


class NewsFeedMixin(RoutablePageMixin):
    """Serves new and changed dates and new protocols as an Atom feed."""

    atom_feed = feed_route(r"^feed\.atom/?$", "atom_feed")

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "feed.atom"]
