"""The city's home page, its standard pages and the site-wide contact block.

The legal pages (``legal``) and the page in easy language (``easy_language``)
build on these; ``home.models`` gathers them all for Django.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from phonenumber_field.modelfields import PhoneNumberField

from stadtteil_pages.models import StadtteilPage, display_phone
from stadtteil_pages.queries.overview import overview, public_index


class HomePage(StadtteilPage):
    """The start page of the site."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "stadtteil_pages.ConferenceIndexPage",
        "home.StandardPage",
        "home.ImprintPage",
        "home.PrivacyPage",
        "home.AccessibilityPage",
        "home.EasyLanguagePage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What happens next, the district chooser and the projects all come
        # from the conference index below this home page.
        context["overview"] = overview(public_index(request, root=self), request)
        return context


class StandardPage(StadtteilPage):
    """A plain page: imprint, privacy policy, accessibility statement."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


def _legal_page(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="mail")
class CityContactSettings(BaseSiteSetting):
    """The city's contact block and legal pages, shown in every page footer."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    address_line = models.CharField(
        _("street or P.O. box"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Postfach 80 04 56”."),
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    imprint_page = _legal_page(_("imprint"))
    privacy_page = _legal_page(_("privacy policy"))
    accessibility_page = _legal_page(_("accessibility statement"))

    # Every page's footer links to them: loaded with the settings, not one query each.
    select_related = ["imprint_page", "privacy_page", "accessibility_page"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address_line"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Legal pages"),
        ),
    ]

    class Meta:
        verbose_name = _("city contact")

    @property
    def display_phone(self):
        return display_phone(self.phone)

    @property
    def locality(self):
        return " ".join(part for part in (self.postal_code, self.city) if part)
