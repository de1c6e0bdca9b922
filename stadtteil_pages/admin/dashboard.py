"""Panels on the admin home: what the user's own districts still have to do."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from ..models import MeetingPage

PANEL_LENGTH = 10


def editable_pages(user):
    """The pages the user may add to or edit: the own districts, or all."""
    return page_permission_policy.instances_user_has_any_permission_for(user, ["add", "change"])


def meetings_for(user):
    """Meetings in the user's own districts, each with its conference's title."""
    conference_title = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("title")[:1]
    return MeetingPage.objects.filter(pk__in=editable_pages(user).values("pk")).annotate(
        conference_title=Subquery(conference_title)
    )


class MeetingsPanel(Component):
    """A short list of the user's meetings that need work, linked to the editor.

    Each panel names its ``panel_id``, ``heading``, ``description`` and ``meetings()``.
    """

    template_name = "stadtteil_pages/admin/meetings_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        meetings = self.meetings()
        return {
            "panel_id": self.panel_id,
            "heading": self.heading,
            "description": self.description,
            "meetings": meetings[:PANEL_LENGTH],
            "total": meetings.count(),
        }


class MeetingsWithoutProtocolPanel(MeetingsPanel):
    order = 110
    panel_id = "meetings-without-protocol"
    heading = _("Meetings without a protocol")
    description = _("These meetings are over, but nobody has added their protocol yet.")

    def meetings(self):
        return meetings_for(self.user).past().without_protocol()


class DatesToBeAnnouncedPanel(MeetingsPanel):
    order = 120
    panel_id = "dates-to-be-announced"
    heading = _("Dates to be announced")
    description = _("These meetings still wait for a date.")

    def meetings(self):
        return meetings_for(self.user).to_be_announced().order_by("path")


def homepage_panels(user):
    """The panels for one user; none for users who edit no meetings."""
    if not editable_pages(user).type(MeetingPage).exists():
        return []
    return [MeetingsWithoutProtocolPanel(user), DatesToBeAnnouncedPanel(user)]
