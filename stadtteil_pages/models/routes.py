"""Feed addresses on the pages themselves (``…/termine.ics``).

The feeds are built in ``stadtteil_pages.feeds``; the pages only route to
them. ``stadtteil_pages.urls`` lets the dotted names through to Wagtail,
whose own URL pattern admits no dots.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path

from .. import conf


class CalendarFeedMixin(RoutablePageMixin):
    """Serves the dates at and below the page as an iCalendar subscription.

    ``…/kalender/`` explains to residents how to subscribe to them.
    """

    # Wagtail routes "…/termine.ics" as "termine.ics/"; reversing gives the
    # address without the slash.
    @re_path(r"^termine\.ics/?$", name="calendar")
    @method_decorator(require_safe)
    def calendar_feed(self, request):
        from ..feeds.ical import calendar_response

        return calendar_response(request, self)

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "termine.ics", "kalender/"]

    @re_path(r"^kalender/$", name="calendar_help")
    @method_decorator(require_safe)
    def calendar_help(self, request):
        """How to subscribe to this page's dates, for each calendar program."""
        from ..feeds.ical import calendar_links

        links = calendar_links(self, request)
        if links is None:
            raise Http404
        context = {
            "page": self,
            "self": self,
            "links": links,
            "base_template": conf.base_template(),
        }
        return TemplateResponse(request, "stadtteil_pages/calendar_help.html", context)


class NewsFeedMixin(RoutablePageMixin):
    """Serves new and changed dates and new protocols as an Atom feed."""

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "feed.atom"]

    @re_path(r"^feed\.atom/?$", name="atom_feed")
    @method_decorator(require_safe)
    def atom_feed(self, request):
        from ..feeds.atom import ConferenceAtomFeed

        return ConferenceAtomFeed()(request, index=self)
