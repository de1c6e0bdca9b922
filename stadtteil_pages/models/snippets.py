"""Snippets shared by the pages: districts, contact people and venues."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from phonenumber_field.modelfields import PhoneNumberField
from wagtail_localize.fields import SynchronizedField

from .. import conf
from .base import api_fields_named

OPENSTREETMAP = "https://www.openstreetmap.org"

# The fields of a postal address, the same in every language.
ADDRESS = "street postal_code city"


def synchronized(names, **options):
    """A ``SynchronizedField`` for each name in ``names`` (separated by white space)."""
    return [SynchronizedField(name, **options) for name in names.split()]


class District(models.Model):
    """A part of the city ("Welper"); one conference may cover several."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in addresses and API filters, e.g. “welper”."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    api_fields = api_fields_named("name slug")

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


def display_phone(number):
    """A stored phone number in the way German readers write it."""
    return number.as_national if number else ""


class ContactPerson(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """Somebody visitors can call or write to about a conference or project.

    Editors maintain contacts once and use them on any number of pages; a
    change goes through the same review as pages do.
    """

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("For example “Projektleitung”.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = PhoneNumberField(
        _("phone"),
        blank=True,
        help_text=_("Any usual notation, e.g. “(0 23 24) 204 3010”; stored as +49 …"),
    )
    mobile = PhoneNumberField(_("mobile phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office = models.CharField(
        _("office"), max_length=200, blank=True, help_text=_("Building or room, e.g. “Rathaus”.")
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    office_hours = models.TextField(_("office hours"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("organisation")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("mobile")]), FieldPanel("email")],
            heading=_("How to reach"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("office"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("office_hours"),
            ],
            heading=_("Office"),
        ),
        PublishingPanel(),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
        # The API searches the published versions, which it selects by id.
        index.FilterField("id"),
    ]

    api_fields = api_fields_named("""
        name role organisation phone phone_display mobile mobile_display email
        office street postal_code city office_hours locale
    """)

    # A person's name and how to reach them are the same in every language
    # (wagtail-localize translates texts and keeps e-mail addresses the
    # source's). Phone numbers are not offered for overriding: wagtail-localize
    # cannot store a phone number as an override.
    override_translatable_fields = [
        *synchronized("name"),
        *synchronized("phone mobile", overridable=False),
        *synchronized(ADDRESS),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def clean(self):
        super().clean()
        if not (self.phone or self.mobile or self.email):
            raise ValidationError(_("Give at least one way to reach this person: phone or e-mail."))

    @property
    def display_phone(self):
        return display_phone(self.phone)

    @property
    def display_mobile(self):
        return display_phone(self.mobile)

    def get_preview_template(self, request, mode_name):
        return "stadtteil_pages/previews/contact_person.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        # The preview sits in the host's frame, like the pages (STADTTEIL_BASE_TEMPLATE).
        context["base_template"] = conf.base_template()
        return context


def coordinate(verbose_name, limit):
    """An optional latitude or longitude in degrees, between -limit and limit."""
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit), MaxValueValidator(limit)],
    )


class Venue(TranslatableMixin, index.Indexed, models.Model):
    """A place where conferences meet or projects take place."""

    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
    )
    latitude = coordinate(_("latitude"), 90)
    longitude = coordinate(_("longitude"), 180)
    accessibility = RichTextField(
        _("accessibility"),
        blank=True,
        features=["bold", "italic", "ul", "link"],
        help_text=_("Step-free access, accessible toilet, hearing loop, parking …"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
        FieldPanel("district"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Coordinates")),
        FieldPanel("accessibility"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("street"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    api_fields = api_fields_named(
        "name street postal_code city address district coordinates accessibility locale"
    )

    # The address is the same in every language; the name and the accessibility
    # notes are translated, the district and coordinates kept (wagtail-localize's
    # defaults).
    override_translatable_fields = synchronized(ADDRESS)

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def address_lines(self):
        """The postal address as lines, without the empty parts."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return [line for line in (self.street, locality) if line]

    @property
    def full_address(self):
        return ", ".join([self.name, *self.address_lines])

    @property
    def openstreetmap_url(self):
        """A plain link to the place on OpenStreetMap (nothing is embedded)."""
        if self.has_coordinates:
            query = urlencode({"mlat": self.latitude, "mlon": self.longitude})
            return f"{OPENSTREETMAP}/?{query}#map=18/{self.latitude}/{self.longitude}"
        return f"{OPENSTREETMAP}/search?{urlencode({'query': ', '.join(self.address_lines)})}"
