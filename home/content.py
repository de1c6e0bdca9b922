"""The City of Hattingen's legal pages and its page in Leichte Sprache.

``load_hattingen`` calls ``create_city_pages``. Only facts from the city's
published page are filled in; what the city has not published (its data
protection officer, the conformance status, …) stays empty, and the edit
form of each page lists it as missing. A page that exists already (matched
by its slug) is left as editors made it.
"""

import json

from wagtail.models import Locale, Page

from stadtteil_pages.models import ConferenceIndexPage, ContactPerson

from .easy_language import EasyLanguagePage
from .legal import AccessibilityPage, ImprintPage, PrivacyPage

PROJECT_LEAD = "Erika Beverungen-Gojdka"

LEGAL_PAGES = [
    (
        ImprintPage,
        {
            "title": "Impressum",
            "slug": "impressum",
            "introduction": "Diese Seiten werden von der Stadt Hattingen herausgegeben.",
        },
    ),
    (
        PrivacyPage,
        {
            "title": "Datenschutz",
            "slug": "datenschutz",
            "introduction": (
                "Diese Seiten setzen für Besucherinnen und Besucher keine Cookies "
                "und laden nichts von anderen Servern."
            ),
        },
    ),
    (
        AccessibilityPage,
        {
            "title": "Barrierefreiheit",
            "slug": "barrierefreiheit",
            "standard": "BITV 2.0 / WCAG 2.1, Stufe AA",
        },
    ),
]


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _lines(*sentences):
    """One statement per line, as Leichte Sprache asks."""
    return {"type": "paragraph", "value": "".join(f"<p>{line}</p>" for line in sentences)}


def _list(*items):
    return {"type": "list", "value": {"ordered": False, "items": list(items)}}


def easy_language_body(index, project_lead):
    """The conferences explained in Leichte Sprache, from the facts of the city's page."""
    body = [
        _heading("Was ist eine Stadtteil-Konferenz?"),
        _lines(
            "Hattingen hat viele Stadtteile.",
            "Zum Beispiel Welper oder Winz-Baak.",
            "In den Stadtteilen gibt es Stadtteil-Konferenzen.",
            "Bei einer Stadtteil-Konferenz treffen sich Menschen aus dem Stadtteil.",
            "Sie reden über ihren Stadtteil.",
            "Sie planen zusammen Dinge für den Stadtteil.",
            "Die Stadt Hattingen macht die Stadtteil-Konferenzen seit dem Jahr 2010.",
        ),
        _heading("Wer kommt zur Stadtteil-Konferenz?"),
        _lines("Die Stadt lädt viele Menschen ein.", "Zum Beispiel:"),
        _list(
            "den Orts-Bürgermeister oder die Orts-Bürgermeisterin",
            "Vereine und Verbände",
            "Schulen und Kitas",
            "Sport-Vereine",
            "Glaubens-Gemeinschaften",
            "Menschen, die im Stadtteil anderen Menschen helfen",
        ),
        _heading("Wozu gibt es die Stadtteil-Konferenz?"),
        _lines(
            "Die Menschen im Stadtteil sollen sich kennen-lernen.",
            "Sie sollen erzählen, was sie gerade machen.",
            "Sie sollen gut zusammen-arbeiten.",
            "Sie sollen zusammen Projekte machen.",
            "Die Stadtteil-Konferenz will auch:",
        ),
        _list(
            "Mehr Menschen machen im Stadtteil mit.",
            "Alte Menschen können gut im Stadtteil leben.",
            "Menschen können ihr ganzes Leben lang lernen.",
            "Familien bekommen Hilfe bei der Erziehung von ihren Kindern.",
            "Menschen aus anderen Ländern finden gut ihren Platz in Hattingen.",
        ),
        _heading("Ein Beispiel: Der Mittags-Tisch in Welper"),
        _lines(
            "Die Stadtteil-Konferenz in Welper hatte eine Idee:",
            "Menschen aus Welper essen zusammen zu Mittag.",
            "Das Essen ist jeden Montag.",
            "Es beginnt um 12 Uhr.",
            "Es endet um halb 2.",
            "Das Essen ist im Bürgertreff Welper.",
            "Die Adresse ist: Im Welperfeld 23.",
            "Das Essen kostet 3 Euro 50.",
            "Ein Nachtisch und ein Getränk sind dabei.",
            "Alle Menschen aus dem Stadtteil können kommen.",
            "Man muss nicht arm sein.",
        ),
        _heading("Wer hilft Ihnen?"),
        _lines(
            "Eine Frau von der Stadt leitet das Projekt.",
            "Sie heißt Erika Beverungen-Gojdka.",
            "Sie arbeitet im Rathaus.",
            "Sie können Frau Beverungen-Gojdka anrufen.",
        ),
    ]
    if project_lead is not None:
        body.append({"type": "contact", "value": {"contact": project_lead.pk, "note": ""}})
    if index is not None:
        body.append(
            {
                "type": "call_to_action",
                "value": {
                    "text": "Alle Stadtteil-Konferenzen mit Terminen",
                    "page": index.pk,
                    "url": "",
                },
            }
        )
    return body


def create_city_pages(home, created):
    """Create the legal pages and the page in Leichte Sprache below ``home``.

    ``created`` collects a label for each new page, as the loader reports them.
    """
    for model, fields in LEGAL_PAGES:
        _create(home, model, fields, created)
    locale = Locale.get_default()
    index = ConferenceIndexPage.objects.child_of(home).first()
    lead = ContactPerson.objects.filter(name=PROJECT_LEAD, locale=locale).first()
    _create(
        home,
        EasyLanguagePage,
        {
            "title": "Leichte Sprache",
            "slug": "leichte-sprache",
            "introduction": "Hier erklären wir die Stadtteil-Konferenzen in Leichter Sprache.",
            "body": json.dumps(easy_language_body(index, lead)),
        },
        created,
    )


def _create(home, model, fields, created):
    if Page.objects.child_of(home).filter(slug=fields["slug"]).exists():
        return
    page = model(live=False, **fields)
    home.add_child(instance=page)
    page.save_revision(log_action=True).publish()
    created.append(f"page {page.url_path}")
