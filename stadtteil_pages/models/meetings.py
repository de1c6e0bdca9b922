"""One date of a district conference, with its venue, agenda and documents."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet

from ..blocks import BodyBlock
from ..formatting import format_range
from .base import (
    CalendarEntryMixin,
    StadtteilPage,
    api_fields_named,
    at_or_below,
    optional_link,
    routed_parent,
)
from .conferences import DistrictConferencePage
from .routes import CalendarFeedMixin


class Banner(NamedTuple):
    kind: str
    message: str


def announced_in_advance(prefix=""):
    """The condition of ``MeetingQuerySet.announced_in_advance``, on the meeting at ``prefix``.

    (``prefix="meeting__"`` asks it of a document's meeting in the same join.)
    """
    published = F(f"{prefix}first_published_at")
    return Q(**{f"{prefix}first_published_at__isnull": False}) & (
        Q(**{f"{prefix}start__isnull": True})
        | Q(**{f"{prefix}end__gt": published})
        | Q(**{f"{prefix}end__isnull": True, f"{prefix}start__gt": published})
    )


def in_district(district):
    """The condition of ``MeetingQuerySet.in_district`` for pages of any type: at or
    below the conferences covering a district (object or slug), their paths read now."""
    field = "districts__slug" if isinstance(district, str) else "districts"
    conferences = DistrictConferencePage.objects.filter(**{field: district})
    return at_or_below(conferences.values_list("path", flat=True))


# What only a meeting's own page shows; listings leave it unread.
DETAIL_ONLY = ("body", "agenda")


class MeetingQuerySet(PageQuerySet):
    """Database-side questions about meetings; no Python loops over pages."""

    def _not_over(self, now):
        return Q(end__gte=now) | Q(end__isnull=True, start__gte=now)

    def dated(self):
        return self.filter(start__isnull=False)

    def upcoming(self, now=None):
        """Meetings with a date that have not ended yet, soonest first."""
        now = now or timezone.now()
        return self.dated().filter(self._not_over(now)).order_by("start")

    def past(self, now=None):
        """Meetings that are over, most recent first."""
        now = now or timezone.now()
        # A meeting that is over began before now (its end follows its start):
        # the bound lets the start index begin at now instead of at the last date.
        return self.filter(start__lt=now).exclude(self._not_over(now)).order_by("-start")

    def announced_in_advance(self):
        """Meetings that became public before they were over (or have no date yet).

        A meeting first published after its date (an archive loaded later, a
        date entered afterwards) was never an announcement.
        """
        return self.filter(announced_in_advance())

    def to_be_announced(self):
        return self.filter(status=MeetingPage.Status.TO_BE_ANNOUNCED)

    def listed(self):
        """Meetings as listings show them: without the body and agenda only their own page shows.

        Wagtail builds a JSON field for every StreamField value it loads, and
        decodes the value with it.
        """
        return self.defer(*DETAIL_ONLY)

    def in_district(self, district):
        """Meetings of the conferences that cover a district (object or slug)."""
        return self.filter(in_district(district))

    def without_protocol(self):
        return self.exclude(documents__kind=MeetingDocument.Kind.PROTOCOL)


class MeetingPage(CalendarFeedMixin, CalendarEntryMixin, StadtteilPage):
    """One date of a district conference.

    A date can be scheduled, to be announced (no date yet), postponed or
    cancelled; a cancelled date stays visible so that nobody comes in vain.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        TO_BE_ANNOUNCED = "tba", _("To be announced")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    venue = optional_link("stadtteil_pages.Venue", _("venue"))
    agenda = StreamField(BodyBlock(), verbose_name=_("agenda"), blank=True)

    objects = PageManager.from_queryset(MeetingQuerySet)()

    # Listings across conferences name each date's conference
    # (``queries.overview.attach_conferences``); a conference's own page does
    # not. Templates ask every date, and a missing attribute costs them a
    # ``dir()`` of the whole page.
    conference = None

    @classmethod
    def next_change(cls, now):
        """The next start or end of a meeting: a date moves from upcoming to past."""
        found = cls.objects.aggregate(
            start=models.Min("start", filter=Q(start__gt=now)),
            end=models.Min("end", filter=Q(end__gt=now)),
        )
        return min(filter(None, found.values()), default=None)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue"),
            ],
            heading=_("Date and place"),
        ),
        FieldPanel("introduction"),
        FieldPanel("agenda"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        FieldPanel("body"),
    ]

    parent_page_types = ["stadtteil_pages.DistrictConferencePage"]
    subpage_types = []

    api_fields = StadtteilPage.api_fields + api_fields_named("""
        status start end venue district_conference districts documents agenda ical_url
    """)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        # Upcoming and past dates are read in date order, the soonest first.
        indexes = [models.Index(fields=["start"], name="stadtteil_meeting_start")]

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.SCHEDULED and not self.start:
            errors["start"] = _("A scheduled meeting needs a start date and time.")
        if self.status == self.Status.TO_BE_ANNOUNCED and self.start:
            errors["start"] = _(
                "A meeting whose date is still to be announced has no start; "
                "remove it or change the status."
            )
        if self.end and not self.start:
            errors["end"] = _("An end needs a start.")
        elif self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if errors:
            raise ValidationError(errors)

    def calendar_fingerprint_data(self):
        return [self.status, self.start, self.end, self.venue_id]

    def is_past(self, now=None):
        reference = self.end or self.start
        return bool(reference) and reference < (now or timezone.now())

    @property
    def date_label(self):
        """The date as visitors read it, or the status while there is none."""
        if not self.start:
            return self.get_status_display()
        return format_range(self.start, self.end)

    @property
    def banner(self):
        """The notice shown above a meeting that will not take place as dated.

        ``None`` for an ordinary upcoming date; otherwise a ``Banner`` whose
        ``kind`` (cancelled, postponed, tba, past) names its style.
        """
        if self.status == self.Status.CANCELLED:
            return Banner("cancelled", _("This date has been cancelled."))
        if self.status == self.Status.POSTPONED:
            return Banner(
                "postponed", _("This date has been postponed. The new date will follow here.")
            )
        if not self.start:
            return Banner("tba", _("The date will be announced here as soon as it is fixed."))
        if self.is_past():
            return Banner("past", _("This date is in the past."))
        return None

    @property
    def has_date(self):
        return self.start is not None

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def district_conference(self):
        # Served through routing, the conference was read on the way here.
        return (routed_parent(self) or self.get_parent()).specific


class MeetingDocumentQuerySet(models.QuerySet):
    def listed(self):
        """Documents with their file and their meeting, as listings show the meeting."""
        return self.select_related("document", "meeting").defer(
            *(f"meeting__{name}" for name in DETAIL_ONLY)
        )


class MeetingDocument(Orderable):
    """A document of a meeting: the invitation, the protocol or an attachment."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        PROTOCOL = "protocol", _("Protocol")
        ATTACHMENT = "attachment", _("Attachment")

    meeting = ParentalKey(MeetingPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Defaults to the document's title.")
    )

    objects = MeetingDocumentQuerySet.as_manager()

    panels = [FieldPanel("kind"), FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title

    @property
    def format_label(self):
        """The file format as visitors know it, e.g. “PDF”."""
        return self.document.file_extension.upper()

    @property
    def file_size(self):
        """The size in bytes, or None when the file is missing.

        Wagtail records the size on upload; for older documents it measures
        the file once and stores the result.
        """
        try:
            return self.document.get_file_size()
        except OSError:
            return None
