"""The one body StreamBlock that every page type of the plugin uses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.whitelist import check_url

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "stadtteil_pages/blocks/heading.html"
        description = _("A section heading; use the levels in order.")
        preview_value = {"text": "Wer wird eingeladen?", "level": "h2"}


class ListBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"))
    ordered = blocks.BooleanBlock(label=_("Numbered"), required=False)

    class Meta:
        icon = "list-ul"
        template = "stadtteil_pages/blocks/list.html"
        description = _("A bulleted or numbered list of short items.")
        preview_value = {"items": ["Vereine", "Schulen", "Kitas"], "ordered": False}


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "stadtteil_pages/blocks/document.html"
        description = _("A link to a document with its format and size.")


class ContactCardBlock(blocks.StructBlock):
    contact = SnippetChooserBlock("stadtteil_pages.ContactPerson", label=_("Contact person"))
    note = blocks.CharBlock(label=_("Note"), required=False)

    class Meta:
        icon = "user"
        template = "stadtteil_pages/blocks/contact_card.html"
        description = _("A contact person with role, phone and e-mail.")


class VenueCardBlock(blocks.StructBlock):
    venue = SnippetChooserBlock("stadtteil_pages.Venue", label=_("Venue"))

    class Meta:
        icon = "site"
        template = "stadtteil_pages/blocks/venue_card.html"
        description = _("A venue with its address and accessibility notes.")


class UpcomingDatesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    district = SnippetChooserBlock(
        "stadtteil_pages.District",
        label=_("District"),
        required=False,
        help_text=_("Leave empty to show the dates of every district."),
    )
    count = blocks.IntegerBlock(label=_("Number of dates"), default=5, min_value=1, max_value=20)

    class Meta:
        icon = "date"
        template = "stadtteil_pages/blocks/upcoming_dates.html"
        description = _("The next published conference dates, kept up to date automatically.")
        preview_value = {"heading": "Nächste Termine", "count": 3}


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=120)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    class Meta:
        icon = "link"
        template = "stadtteil_pages/blocks/call_to_action.html"
        description = _("A prominent link to a page or an address.")
        preview_value = {"text": "Zum Protokollarchiv", "url": "https://example.org/"}

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context=context)
        # The form refuses javascript: addresses; so does the API, for imported
        # data. A hidden page is left out by the API's body field
        # (``stadtteil_pages.api.serializers.BodyField``).
        data["url"] = check_url(data.get("url") or "") or ""
        return data

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choose either a page or an external address."))
                }
            )
        return value


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    items = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        template = "stadtteil_pages/blocks/accordion.html"
        description = _("Questions and answers that visitors can open one by one.")
        preview_value = {
            "heading": "Häufige Fragen",
            "items": [{"question": "Wer darf kommen?", "answer": "<p>Alle.</p>"}],
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="stadtteil_pages/blocks/paragraph.html",
        description=_("Text with links and lists."),
        preview_value="<p>Die Stadtteilkonferenzen bringen alle Akteure zusammen.</p>",
    )
    list = ListBlock(label=_("List"))
    image = ImageBlock(
        label=_("Image"),
        template="stadtteil_pages/blocks/image.html",
        description=_("An image with its alternative text."),
    )
    document = DocumentLinkBlock(label=_("Document"))
    contact = ContactCardBlock(label=_("Contact card"))
    venue = VenueCardBlock(label=_("Venue card"))
    upcoming_dates = UpcomingDatesBlock(label=_("Upcoming dates"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    accordion = AccordionBlock(label=_("Questions and answers"))
    table = TableBlock(
        label=_("Table"),
        icon="table",
        description=_("A simple table with a header row."),
    )
