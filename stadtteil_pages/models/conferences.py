"""The conference index, the district conferences and the protocol archive."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Page

from .. import conf
from .base import ContactLink, StadtteilPage, api_fields_named, optional_link
from .routes import CalendarFeedMixin, feed_route
from .snippets import District


class ConferenceIndexPage(CalendarFeedMixin, StadtteilPage):
    """The city's overview of all district conferences ("Stadtteilkonferenzen").

    Explains who is invited and what the conferences are for, and names the
    lead organisers and the project lead. Its Atom feed brings new and changed
    dates and new protocols.
    """

    atom_feed = feed_route(r"^feed\.atom/?$", "atom_feed")

    lead_organisers = models.TextField(
        _("lead organisers"),
        blank=True,
        help_text=_("One organisational unit per line."),
    )
    project_lead = optional_link("stadtteil_pages.ContactPerson", _("project lead"))

    content_panels = [
        *StadtteilPage.content_panels,
        FieldPanel("lead_organisers"),
        FieldPanel("project_lead"),
    ]

    parent_page_types = conf.index_parent_page_types()
    subpage_types = [
        "stadtteil_pages.DistrictConferencePage",
        "stadtteil_pages.ProjectPage",
        "stadtteil_pages.ProtocolIndexPage",
    ]
    max_count_per_parent = 1

    api_fields = StadtteilPage.api_fields + api_fields_named(
        "lead_organisers project_lead ical_url"
    )

    class Meta:
        verbose_name = _("conference index")
        verbose_name_plural = _("conference indexes")

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "feed.atom"]

    @property
    def lead_organiser_list(self):
        return [line.strip() for line in self.lead_organisers.splitlines() if line.strip()]


class DistrictConferencePage(CalendarFeedMixin, StadtteilPage):
    """The conference of one district or a group of neighbouring districts.

    Visitors find its contact people, its next dates and its projects here.
    """

    districts = ParentalManyToManyField(
        District,
        verbose_name=_("districts"),
        related_name="conferences",
        help_text=_("The districts this conference covers (at least one)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel("contact_links", heading=_("Contact people"), label=_("Contact")),
    ]

    parent_page_types = ["stadtteil_pages.ConferenceIndexPage"]
    subpage_types = ["stadtteil_pages.MeetingPage", "stadtteil_pages.ProjectPage"]

    api_fields = StadtteilPage.api_fields + api_fields_named(
        "districts contacts next_meeting ical_url"
    )

    class Meta:
        verbose_name = _("district conference")
        verbose_name_plural = _("district conferences")

    @property
    def district_names(self):
        return ", ".join(district.name for district in self.districts.all())


class DistrictConferenceContact(ContactLink):
    page = ParentalKey(
        DistrictConferencePage, related_name="contact_links", on_delete=models.CASCADE
    )

    class Meta(ContactLink.Meta):
        verbose_name = _("contact of a district conference")


class ProtocolIndexPage(StadtteilPage):
    """The archive of all published protocols, filterable by conference and year."""

    parent_page_types = ["stadtteil_pages.ConferenceIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("protocol archive")
        verbose_name_plural = _("protocol archives")
