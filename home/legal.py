"""The legal pages: imprint, privacy policy and accessibility statement.

Each page holds the city's facts in fields of their own. The page shows only
what the city has filled in, and the edit form lists the facts the law asks
for that are still missing (§ 5 DDG and § 18 MStV for the imprint, Art. 13
GDPR for the privacy policy, the EU model accessibility statement of
Implementing Decision (EU) 2018/1523 for the accessibility statement).
The contact block (address, phone, e-mail) comes from the site setting
``CityContactSettings``, so that it is kept in one place.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from .frame import city_contact
from .pages import CityContactSettings, StandardPage

LEGAL_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class MissingFactsPanel(Panel):
    """Lists, at the top of the edit form, the mandatory facts still missing."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/panels/missing_facts.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = self.instance.missing_facts()
            return context


class LegalPage(StandardPage):
    """Shared behaviour: a singleton below the home page with a fact check."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def city_contact(self):
        """The city's contact block of the site this page belongs to."""
        site = self.get_site() if self.pk else None
        site = site or Site.objects.filter(is_default_site=True).first()
        return CityContactSettings.for_site(site) if site else None

    def missing_contact_facts(self, contact):
        labels = {
            "organisation": _("name of the city (site setting “City contact”)"),
            "address_line": _("postal address (site setting “City contact”)"),
            "city": _("town (site setting “City contact”)"),
            "phone": _("phone number (site setting “City contact”)"),
            "email": _("e-mail address (site setting “City contact”)"),
        }
        if contact is None:
            return list(labels.values())
        return [label for name, label in labels.items() if not getattr(contact, name)]

    def missing_facts(self):
        """Labels of the mandatory facts that nobody has filled in yet."""
        contact = self.city_contact()
        missing = self.missing_contact_facts(contact)
        for name in self.mandatory_fields:
            if not getattr(self, name):
                missing.append(self._meta.get_field(name).verbose_name)
        return missing

    mandatory_fields = ()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["city_contact"] = city_contact(request)
        return context


class ImprintPage(LegalPage):
    """The imprint (Impressum): who publishes the site and who answers for it."""

    legal_form = models.CharField(
        _("legal form"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Körperschaft des öffentlichen Rechts”."),
    )
    represented_by = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("Who represents the city by law, e.g. the mayor, with name."),
    )
    content_responsible = models.TextField(
        _("responsible for the content"),
        blank=True,
        help_text=_("Name and address of the person responsible (§ 18 Abs. 2 MStV)."),
    )
    supervisory_authority = models.CharField(_("supervisory authority"), max_length=200, blank=True)
    vat_id = models.CharField(
        _("VAT identification number"),
        max_length=20,
        blank=True,
        help_text=_("Only if the city has one (§ 27a UStG)."),
    )

    mandatory_fields = ("legal_form", "represented_by", "content_responsible")

    content_panels = [
        *Page.content_panels,
        MissingFactsPanel(),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("legal_form"),
                FieldPanel("represented_by"),
                FieldPanel("content_responsible"),
                FieldPanel("supervisory_authority"),
                FieldPanel("vat_id"),
            ],
            heading=_("Facts of the imprint"),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("imprint")
        verbose_name_plural = _("imprints")


class PrivacyPage(LegalPage):
    """The privacy policy: what the site does with visitors' data.

    What the software itself does (no cookies for visitors, nothing loaded
    from other servers) is stated by the template; the city fills in its
    data protection officer, the supervisory authority and how long the
    web server keeps its logs.
    """

    data_protection_officer = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_("Name or office and how to reach them (Art. 13 (1) b GDPR)."),
    )
    supervisory_authority = models.TextField(
        _("supervisory authority for complaints"),
        blank=True,
        help_text=_(
            "Name and address of the data protection authority (Art. 13 (2) d GDPR); "
            "in North Rhine-Westphalia the state commissioner for data protection."
        ),
    )
    log_retention = models.CharField(
        _("how long server logs are kept"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “7 Tage”; ask the data centre that runs the site."),
    )
    legal_basis = models.TextField(
        _("legal basis of the server logs"),
        blank=True,
        help_text=_("The provisions the city relies on (Art. 13 (1) c GDPR)."),
    )
    hosting = models.TextField(
        _("who runs the server"),
        blank=True,
        help_text=_("The data centre that processes the data on the city's behalf."),
    )

    mandatory_fields = (
        "data_protection_officer",
        "supervisory_authority",
        "legal_basis",
        "log_retention",
    )

    content_panels = [
        *Page.content_panels,
        MissingFactsPanel(),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("data_protection_officer"),
                FieldPanel("supervisory_authority"),
                FieldPanel("legal_basis"),
                FieldPanel("log_retention"),
                FieldPanel("hosting"),
            ],
            heading=_("Facts of the privacy policy"),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("privacy policy")
        verbose_name_plural = _("privacy policies")


class AccessibilityPage(LegalPage):
    """The accessibility statement, in the structure of the EU model statement."""

    class Conformance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    conformance = models.CharField(
        _("conformance status"), max_length=10, choices=Conformance.choices, blank=True
    )
    standard = models.CharField(
        _("standard"),
        max_length=200,
        blank=True,
        default="BITV 2.0 / WCAG 2.1, Stufe AA",
        help_text=_("The requirements the site is measured against."),
    )
    known_limitations = RichTextField(
        _("content that is not accessible"),
        blank=True,
        features=LEGAL_TEXT_FEATURES,
        help_text=_("What is not accessible, why, and which accessible alternative exists."),
    )
    prepared_on = models.DateField(_("statement prepared on"), null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    assessment_method = models.CharField(
        _("how it was assessed"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Selbstbewertung” or the name of the testing body."),
    )
    enforcement_body = models.CharField(
        _("enforcement procedure: body"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where people turn when feedback gets no satisfying answer; in North "
            "Rhine-Westphalia the Ombudsstelle für Barrierefreie Informationstechnik."
        ),
    )
    enforcement_contact = models.TextField(
        _("enforcement procedure: contact"),
        blank=True,
        help_text=_("Address, phone, e-mail or web address of that body."),
    )
    enforcement_url = models.URLField(_("enforcement procedure: web address"), blank=True)

    mandatory_fields = ("conformance", "prepared_on", "enforcement_body", "enforcement_contact")

    content_panels = [
        *Page.content_panels,
        MissingFactsPanel(),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("conformance"),
                FieldPanel("standard"),
                FieldPanel("known_limitations"),
                FieldPanel("prepared_on"),
                FieldPanel("reviewed_on"),
                FieldPanel("assessment_method"),
            ],
            heading=_("Conformance"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("enforcement_body"),
                FieldPanel("enforcement_contact"),
                FieldPanel("enforcement_url"),
            ],
            heading=_("Enforcement procedure"),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def missing_contact_facts(self, contact):
        # Feedback needs a way to write or call; the postal address is optional here.
        missing = []
        if contact is None or not (contact.email or contact.phone):
            missing.append(_("phone number or e-mail address for feedback (site setting)"))
        return missing
