"""Neighbourhood projects with a weekly schedule, such as the Mittagstisch."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from ..formatting import format_date, format_short_date, format_time_range
from . import schedule
from .base import CalendarEntryMixin, ContactLink, StadtteilPage, api_fields_named, optional_link
from .routes import CalendarFeedMixin


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# A weekly date in words: “montags” rather than “Montag”.
WEEKLY = {
    Weekday.MONDAY: _("on Mondays"),
    Weekday.TUESDAY: _("on Tuesdays"),
    Weekday.WEDNESDAY: _("on Wednesdays"),
    Weekday.THURSDAY: _("on Thursdays"),
    Weekday.FRIDAY: _("on Fridays"),
    Weekday.SATURDAY: _("on Saturdays"),
    Weekday.SUNDAY: _("on Sundays"),
}

# A weekly date's period of validity in words, by which of its ends it has.
PERIOD = {
    (True, True): _("from %(start)s until %(end)s"),
    (True, False): _("from %(start)s"),
    (False, True): _("until %(end)s"),
}

CLOSURE_OUTSIDE_VALIDITY = _("This closure lies outside the period in which the schedule is valid.")


class Skip(NamedTuple):
    """A date on which a weekly project does not meet, with the reason and the
    reason's language where it is not the visitor's (a German holiday name)."""

    date: datetime.date
    reason: str
    foreign_reason_language: str | None

    @property
    def label(self):
        return format_date(self.date)


class ProjectPageForm(WagtailAdminPageForm):
    """Checks the schedule rules and closures together, as entered."""

    def clean(self):
        cleaned_data = super().clean()
        rules = self._kept_forms("schedule_rules")
        closures = self._kept_forms("closures")
        if any(form.errors for form in rules + closures):
            return cleaned_data
        # Validation has put the entered values on the forms' instances.
        outside = schedule.closures_outside_validity(
            [form.instance.as_rule() for form in rules],
            [form.instance.as_closure() for form in closures],
        )
        for position in outside:
            closures[position].add_error("start_date", CLOSURE_OUTSIDE_VALIDITY)
        return cleaned_data

    def _kept_forms(self, name):
        formset = self.formsets[name]
        formset.is_valid()
        return [
            form
            for form in formset.forms
            if form.has_changed() or form.instance.pk
            if not formset._should_delete_form(form)
        ]


class ProjectPage(CalendarFeedMixin, CalendarEntryMixin, StadtteilPage):
    """A project that grew out of a conference and meets every week.

    The weekly rules, minus closures and the public holidays of the region,
    give the concrete dates shown on the page and in calendar feeds.
    """

    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, help_text=_("E.g. “Welper isst gemeinsam”.")
    )
    venue = optional_link("stadtteil_pages.Venue", _("venue"))
    price = models.DecimalField(
        _("price (EUR)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The price cannot be negative."))],
    )
    price_includes = models.CharField(
        _("included in the price"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “dessert and a drink”."),
    )
    audience = models.CharField(
        _("who it is for"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Everybody from Welper, young and old”."),
    )
    closed_on_public_holidays = models.BooleanField(
        _("closed on public holidays"),
        default=True,
        help_text=_("Skip the dates that fall on a public holiday of the region."),
    )
    conference = optional_link(
        "stadtteil_pages.DistrictConferencePage",
        _("conference of origin"),
        help_text=_("The district conference in which the project was born."),
    )

    base_form_class = ProjectPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("introduction"),
        FieldPanel("audience"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("price"), FieldPanel("price_includes")]),
            ],
            heading=_("Place and price"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("schedule_rules", label=_("Weekly date"), min_num=0),
                FieldPanel("closed_on_public_holidays"),
                InlinePanel("closures", label=_("Closure")),
            ],
            heading=_("Schedule"),
        ),
        InlinePanel("contact_links", heading=_("Contact people"), label=_("Contact")),
        FieldPanel("conference"),
    ]

    parent_page_types = [
        "stadtteil_pages.ConferenceIndexPage",
        "stadtteil_pages.DistrictConferencePage",
    ]
    subpage_types = []

    api_fields = StadtteilPage.api_fields + api_fields_named("""
        tagline audience venue price price_currency price_includes schedule_rules
        closed_on_public_holidays closures next_occurrences contacts conference ical_url
    """)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def clean(self):
        super().clean()
        weekly = self.weekly_schedule
        if schedule.closures_outside_validity(weekly.rules, weekly.closures):
            raise ValidationError(CLOSURE_OUTSIDE_VALIDITY)

    @classmethod
    def next_change(cls, now):
        """The next start or end of a live project's weekly date (its next date moves on)."""
        projects = cls.objects.live().prefetch_related("schedule_rules", "closures")
        occurrences = filter(None, (project.next_occurrence(now) for project in projects))
        return min(
            (moment for each in occurrences for moment in each if moment > now), default=None
        )

    @property
    def schedule_labels(self):
        """The weekly dates in words, e.g. “montags, 12:00–13:30 Uhr”."""
        return [rule.label for rule in self.schedule_rules.all()]

    @property
    def price_label(self):
        """The price with what it includes, e.g. “3,50 € inkl. Nachtisch und Getränk”."""
        if self.price is None:
            return ""
        price, includes = formats.number_format(self.price, 2), self.price_includes
        text = _("%(price)s € incl. %(includes)s") if includes else _("%(price)s €")
        return text % {"price": price, "includes": includes}

    def upcoming_closures(self):
        """Dates ahead on which the project does not meet, with the reason."""
        now = timezone.now()
        days = self.excluded_dates(now, now + datetime.timedelta(days=120))
        closures = [(closure.as_closure(), closure.reason) for closure in self.closures.all()]
        visitor = translation.get_language()
        names = schedule.public_holidays(
            {day.year for day in days}, language=visitor or settings.LANGUAGE_CODE
        )
        skipped = []
        for day in days:
            reason = next((text for closure, text in closures if closure.covers(day)), None)
            # Closures are kept in step with the German page, reasons included.
            language = settings.LANGUAGE_CODE
            if reason is None:
                reason, language = names.get(day) or "", names.language or language
            language = language.split("_")[0]
            foreign = reason and language != (visitor or "").split("-")[0]
            skipped.append(Skip(day, reason, language if foreign else None))
        return skipped

    @property
    def weekly_schedule(self):
        return schedule.WeeklySchedule(
            [rule.as_rule() for rule in self.schedule_rules.all()],
            [closure.as_closure() for closure in self.closures.all()],
            skip_public_holidays=self.closed_on_public_holidays,
        )

    def occurrences(self, start, end):
        """The concrete (start, end) datetimes between two dates or datetimes."""
        return self.weekly_schedule.occurrences(start, end)

    def excluded_dates(self, start, end):
        """Dates on which a weekly rule is skipped (closures and holidays)."""
        return self.weekly_schedule.excluded_dates(start, end)

    def next_occurrence(self, now=None):
        return self.weekly_schedule.next_occurrence(now or timezone.now())

    def upcoming_occurrences(self, count=5):
        now = timezone.now()
        return self.occurrences(now, now + schedule.HORIZON)[:count]

    def calendar_fingerprint_data(self):
        weekly = self.weekly_schedule
        return [self.venue_id, self.closed_on_public_holidays, weekly.rules, weekly.closures]


class ProjectScheduleRule(Orderable):
    """One weekly date of a project: weekday, time, and the period it holds."""

    page = ParentalKey(ProjectPage, related_name="schedule_rules", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("weekly date")
        verbose_name_plural = _("weekly dates")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity must not be before its beginning.")
        if errors:
            raise ValidationError(errors)

    @property
    def label(self):
        """E.g. “montags, 12:00–13:30 Uhr”, with the period when it is limited."""
        text = _("%(days)s, %(times)s") % {
            "days": WEEKLY[self.weekday],
            "times": format_time_range(self.start_time, self.end_time),
        }
        period = PERIOD.get((bool(self.valid_from), bool(self.valid_until)))
        if period is None:
            return text
        ends = {"start": self.valid_from, "end": self.valid_until}
        period %= {key: format_short_date(day) for key, day in ends.items() if day}
        return f"{text} ({period})"

    def as_rule(self):
        return schedule.Rule(
            self.weekday, self.start_time, self.end_time, self.valid_from, self.valid_until
        )


class ProjectClosure(Orderable):
    """A day or a period on which the project does not take place."""

    page = ParentalKey(ProjectPage, related_name="closures", on_delete=models.CASCADE)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty for a single day.")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("reason"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must not be before the first.")})

    def as_closure(self):
        return schedule.Closure(self.start_date, self.end_date)


class ProjectContact(ContactLink):
    page = ParentalKey(ProjectPage, related_name="contact_links", on_delete=models.CASCADE)

    class Meta(ContactLink.Meta):
        verbose_name = _("contact of a project")
