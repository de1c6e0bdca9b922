"""Script-injection payloads in every text field an editor fills in.

Plain fields get the payloads as typed; rich text goes through the admin's
editor conversion (Draftail's contentstate), which is how editors' text is
stored.
"""

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from stadtteil_pages.blocks import RICH_TEXT_FEATURES
from stadtteil_pages.models import MeetingDocument
from tests.api.builders import add_contacts, republish
from tests.factories import DocumentFactory

SCRIPT = "<script>alert('script')</script>"
IMAGE = '<img src="x" onerror="alert(\'onerror\')">'
CLOSE = "</script><script>alert('close')</script>"
BREAK = "\r\nX-Injected: yes"
# A title with all of them: what a careless paste into the admin gives.
TITLE = f"Termin {SCRIPT}{IMAGE}{CLOSE}{BREAK}"
RICH = (
    "<p><a href=\"javascript:alert('link')\">Klick</a> "
    f"<b onclick=\"alert('click')\">fett</b>{SCRIPT}</p>"
)
# What must never appear in HTML unescaped.
RAW_MARKUP = [
    "<script>alert",
    '<img src="x" onerror',
    'onerror="alert',
    'onclick="alert',
    "javascript:alert",
]


def as_editor_stores(html):
    converter = ContentstateConverter(RICH_TEXT_FEATURES)
    return converter.to_database_format(converter.from_database_format(html))


def fill(site):
    """Payloads in titles, introductions, blocks, contacts, venues and documents."""
    contact = site.contact
    contact.name = f"Svenja {SCRIPT}"
    contact.role = f"Rolle {IMAGE}{BREAK}"
    contact.organisation = CLOSE
    contact.save()
    venue = site.venue
    venue.name = f"Treff {SCRIPT}{BREAK}"
    venue.street = IMAGE
    venue.accessibility = as_editor_stores(RICH)
    venue.save()
    document = DocumentFactory(title=f"Protokoll {SCRIPT}{CLOSE}")
    body = [
        ("heading", {"text": f"Abschnitt {SCRIPT}", "level": "h2"}),
        ("paragraph", as_editor_stores(RICH)),
        ("list", {"items": [SCRIPT, IMAGE], "ordered": False}),
        ("call_to_action", {"text": f"Los {SCRIPT}", "url": "javascript:alert('cta')"}),
        ("contact", {"contact": contact, "note": IMAGE}),
        ("venue", {"venue": venue}),
        ("document", {"document": document, "title": f"Datei {IMAGE}"}),
        (
            "accordion",
            {
                "heading": SCRIPT,
                "items": [{"question": IMAGE, "answer": as_editor_stores(RICH)}],
            },
        ),
    ]
    pages = [site.index, site.welper, site.next_date, site.lunch]
    for page in pages:
        page.refresh_from_db()
        page.title = f"{page.title} {TITLE}"
        page.introduction = f"Einleitung {SCRIPT}{IMAGE}{BREAK}"
        page.body = body
        republish(page)
    add_contacts(site.welper, [contact])
    next_date = type(site.next_date).objects.get(pk=site.next_date.pk)
    next_date.documents = [
        MeetingDocument(
            document=document, kind=MeetingDocument.Kind.INVITATION, title=f"Einladung {CLOSE}"
        )
    ]
    republish(next_date)
    for name in ("index", "welper", "next_date", "lunch"):
        page = getattr(site, name)
        setattr(site, name, type(page).objects.get(pk=page.pk))
    return site
