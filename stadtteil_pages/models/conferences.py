"""The conference index, the district conferences and the protocol archive."""

from django import forms
from django.db import models
from django.db.models.functions import ExtractYear, Length, Substr
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page

from wagtail_localize.fields import SynchronizedField, TranslatableField

from .. import conf, serializers
from .base import ContactLinksMixin, StadtteilPage
from .meetings import MeetingDocument
from .routes import CalendarFeedMixin, NewsFeedMixin
from .snippets import District


class ConferenceIndexPage(NewsFeedMixin, CalendarFeedMixin, StadtteilPage):
    """The city's overview of all district conferences ("Stadtteilkonferenzen").

    Explains who is invited and what the conferences are for, names the lead
    organisers and the project lead; its children are the district
    conferences, the projects and the protocol archive.
    """

    lead_organisers = models.TextField(
        _("lead organisers"),
        blank=True,
        help_text=_("One organisational unit per line."),
    )
    project_lead = models.ForeignKey(
        "stadtteil_pages.ContactPerson",
        verbose_name=_("project lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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

    api_fields = [
        *StadtteilPage.api_fields,
        APIField("lead_organisers", serializer=serializers.LinesField()),
        APIField("project_lead", serializer=serializers.PublishedContactField()),
        APIField("ical_url", serializer=serializers.CalendarUrlField()),
    ]

    override_translatable_fields = [
        *StadtteilPage.override_translatable_fields,
        TranslatableField("lead_organisers"),
        # The link follows the source; the contact's translation is used where one exists.
        TranslatableField("project_lead"),
    ]

    class Meta:
        verbose_name = _("conference index")
        verbose_name_plural = _("conference indexes")

    @property
    def published_project_lead(self):
        from ..publication import snippet_is_published

        lead = self.project_lead
        return lead if lead and snippet_is_published(lead) else None

    @property
    def lead_organiser_list(self):
        return [line.strip() for line in self.lead_organisers.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from ..overview import overview

        context = super().get_context(request, *args, **kwargs)
        context["overview"] = overview(self, request)
        context["district_conferences"] = [card.conference for card in context["overview"].cards]
        return context

    def district_conferences(self, request=None):
        from ..publication import published

        return (
            published(DistrictConferencePage, request)
            .child_of(self)
            .prefetch_related("districts")
            .order_by("title")
        )


class DistrictConferencePage(ContactLinksMixin, CalendarFeedMixin, StadtteilPage):
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

    api_fields = [
        *StadtteilPage.api_fields,
        APIField("districts", serializer=serializers.DistrictListField()),
        APIField("contacts", serializer=serializers.ContactListField(source="contact_links")),
        APIField("next_meeting", serializer=serializers.NextMeetingField()),
        APIField("ical_url", serializer=serializers.CalendarUrlField()),
    ]

    # District names are proper nouns: the districts stay the source's.
    override_translatable_fields = [
        *StadtteilPage.override_translatable_fields,
        SynchronizedField("contact_links"),
    ]

    class Meta:
        verbose_name = _("district conference")
        verbose_name_plural = _("district conferences")

    # Older meetings remain in the protocol archive.
    PAST_MEETINGS_SHOWN = 10

    @property
    def district_names(self):
        return ", ".join(district.name for district in self.districts.all())

    def get_context(self, request, *args, **kwargs):
        from ..overview import project_dates

        context = super().get_context(request, *args, **kwargs)
        context.update(self.dates(request))
        context["projects"] = project_dates(self, request)
        context["district_names"] = self.district_names
        return context

    def meetings(self, request=None):
        from ..publication import published
        from .meetings import MeetingPage

        return published(MeetingPage, request).child_of(self).select_related("venue")

    def dates(self, request=None):
        """The next meeting, the further ones, those to be announced, the past ones.

        The soonest ``STADTTEIL_OVERVIEW_DATES`` further dates (the calendar
        has them all); the past ones with their protocols.
        """
        meetings = self.meetings(request)
        shown = conf.overview_dates()
        upcoming = list(meetings.upcoming()[: shown + 2])
        past = meetings.past().prefetch_related("documents__document")[: self.PAST_MEETINGS_SHOWN]
        return {
            "next_meeting": upcoming[0] if upcoming else None,
            "upcoming_meetings": upcoming[1 : shown + 1],
            "more_meetings": len(upcoming) > shown + 1,
            "announced_meetings": list(meetings.filter(start__isnull=True)),
            "past_meetings": [
                (meeting, meeting.documents_of_kind(MeetingDocument.Kind.PROTOCOL, request))
                for meeting in past
            ],
        }

    def projects(self, request=None):
        from ..publication import published
        from .projects import ProjectPage

        return published(ProjectPage, request).descendant_of(self)


class DistrictConferenceContact(Orderable):
    page = ParentalKey(
        DistrictConferencePage, related_name="contact_links", on_delete=models.CASCADE
    )
    contact = models.ForeignKey(
        "stadtteil_pages.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("contact")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact of a district conference")


class ProtocolIndexPage(StadtteilPage):
    """The archive of all published protocols, filterable by conference and year."""

    parent_page_types = ["stadtteil_pages.ConferenceIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("protocol archive")
        verbose_name_plural = _("protocol archives")

    def protocols(self, request=None, district=None, year=None, conference=None):
        """Published protocol documents below the conference index, newest first."""
        from ..publication import published, restricted_collection_ids, show
        from .meetings import MeetingDocument, MeetingPage

        # The protocols of every conference beside the archive: a change of any
        # meeting shows here.
        show(request, models=[MeetingPage])
        meetings = published(MeetingPage, request).descendant_of(self.get_parent())
        if district is not None:
            meetings = meetings.in_district(district)
        if conference is not None:
            meetings = meetings.child_of(conference)
        documents = MeetingDocument.objects.filter(
            kind=MeetingDocument.Kind.PROTOCOL, meeting__in=meetings
        ).exclude(document__collection__in=sorted(restricted_collection_ids(request)))
        if year is not None:
            documents = documents.filter(meeting__start__year=year)
        return documents.select_related("document", "meeting").order_by("-meeting__start", "pk")

    def archive_contents(self, request=None):
        """What the archive holds: ``{conference: [years, newest first]}``.

        The filter offers exactly these, and an empty result names them so
        that a visitor knows what to look for instead.
        """
        from ..overview import conferences_below
        from .meetings import MeetingPage

        conferences = {
            conference.path: conference
            for conference in conferences_below(self.get_parent(), request)
        }
        # One row per conference and year (a meeting's parent is its conference),
        # however many protocols there are.
        rows = (
            self.protocols(request)
            .select_related(None)
            .order_by()
            .filter(meeting__start__isnull=False)
            .annotate(
                conference_path=Substr(
                    "meeting__path", 1, Length("meeting__path") - MeetingPage.steplen
                ),
                year=ExtractYear("meeting__start"),
            )
            .values_list("conference_path", "year")
            .distinct()
        )
        contents = {}
        for path, year in rows:
            if path in conferences:
                contents.setdefault(conferences[path], []).append(year)
        return {
            conference: sorted(years, reverse=True)
            for conference, years in sorted(contents.items(), key=lambda pair: pair[0].title)
        }

    def get_context(self, request, *args, **kwargs):
        from ..forms import ProtocolFilterForm
        from ..pagination import paginate

        context = super().get_context(request, *args, **kwargs)
        contents = self.archive_contents(request)
        form = ProtocolFilterForm(request.GET or None, contents=contents)
        filters = form.cleaned_data if form.is_valid() else {}
        conference, year = filters.get("conference"), filters.get("year")
        protocols = self.protocols(request, conference=conference, year=year)
        count = protocols.count()
        context["filter_form"] = form
        context["archive_contents"] = contents
        context["is_filtered"] = bool(conference or year)
        context["protocols"] = paginate(request, protocols, conf.archive_page_size(), count)
        return context
