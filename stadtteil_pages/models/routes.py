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


class CalendarFeedMixin(RoutablePageMixin):
    """Serves the dates at and below the page as an iCalendar subscription.

    ``…/kalender/`` explains to residents how to subscribe to them.
    """

    # Wagtail routes "…/termine.ics" as "termine.ics/"; reversing gives the
    # address without the slash.
    @re_path(r"^termine\.ics/?$", name="calendar")
    @method_decorator(require_safe)
    def calendar_feed(self, request):
        return ROUTE_VIEWS["calendar"](request, self)

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "termine.ics", "kalender/"]

    @re_path(r"^kalender/$", name="calendar_help")
    @method_decorator(require_safe)
    def calendar_help(self, request):
        return ROUTE_VIEWS["calendar_help"](request, self)


class NewsFeedMixin(RoutablePageMixin):
    """Serves new and changed dates and new protocols as an Atom feed."""

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "feed.atom"]

    @re_path(r"^feed\.atom/?$", name="atom_feed")
    @method_decorator(require_safe)
    def atom_feed(self, request):
        return ROUTE_VIEWS["atom_feed"](request, self)
