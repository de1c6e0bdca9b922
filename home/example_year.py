"""A clearly marked example year around the Hattingen content, for development.

``manage.py load_example_year`` (run by ``make run``, never by an import or a
deployment) adds to every district conference two past meetings with a
generated protocol PDF, an upcoming date, and in two conferences a cancelled
and a postponed date; Winz-Baak gets a second project. Dates are computed
from today, anchored to a weekday of a month, so the year stays alive: when
the month has moved on, running the command again moves the example dates
with it. Everything it creates is marked: page slugs start with
``beispiel-``, titles say "Beispiel", every page's introduction starts with
"Beispielinhalt", the PDFs live in the collection "Beispieldokumente" and say
"Beispiel" in their title and text. ``remove`` takes all of it away again.

The seed's facts are not touched: no existing page, contact or venue is
changed; the example pages are added below the conferences.
"""

import calendar
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import dateformat, timezone, translation

from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page

from stadtteil_pages.admin.translating import synchronise_locale_trees
from stadtteil_pages.models import (
    ConferenceIndexPage,
    DistrictConferencePage,
    MeetingDocument,
    MeetingPage,
    ProjectClosure,
    ProjectPage,
    ProjectScheduleRule,
    Venue,
)

SLUG_PREFIX = "beispiel-"
NOTE = "Beispielinhalt"
COLLECTION = "Beispieldokumente"
# The example dates away from the conferences' own Bürgertreffs.
EXAMPLE_VENUE = {
    "name": "Rathaus Hattingen, Ratssaal (Beispielort)",
    "street": "Rathausplatz 1",
    "postal_code": "45525",
    "city": "Hattingen",
}
# Each conference meets on its own weekday: (weekday, which one in the month).
RHYTHM = {
    "mitte": (calendar.TUESDAY, 2),
    "bredenscheid-stueter-oberstueter-elfringhausen": (calendar.WEDNESDAY, 2),
    "holthausen": (calendar.THURSDAY, 2),
    "niederwenigern-niederbonsfeld": (calendar.TUESDAY, 3),
    "welper": (calendar.WEDNESDAY, 3),
    "winz-baak": (calendar.THURSDAY, 3),
}
VENUES = {"welper": "Bürgertreff Welper", "winz-baak": "Bürgertreff Oberwinzerfeld"}
CANCELLED_IN = "mitte"
POSTPONED_IN = "holthausen"
PROJECT_IN = "winz-baak"


@dataclass(frozen=True)
class Meeting:
    """One example date: where, which slot, and its status."""

    conference: str
    slug: str
    months_from_now: int
    status: str = MeetingPage.Status.SCHEDULED

    @property
    def with_protocol(self):
        return self.months_from_now < 0


def meeting_plan():
    """The example dates of every conference: two past, one ahead, and the exceptions."""
    plan = []
    for conference in RHYTHM:
        plan += [
            Meeting(conference, f"{SLUG_PREFIX}sitzung-1", -9),
            Meeting(conference, f"{SLUG_PREFIX}sitzung-2", -4),
            Meeting(conference, f"{SLUG_PREFIX}naechste-sitzung", 2),
        ]
    plan += [
        Meeting(CANCELLED_IN, f"{SLUG_PREFIX}abgesagt", 1, MeetingPage.Status.CANCELLED),
        Meeting(POSTPONED_IN, f"{SLUG_PREFIX}verschoben", 1, MeetingPage.Status.POSTPONED),
    ]
    return plan


def nth_weekday(year, month, weekday, nth):
    """The ``nth`` ``weekday`` (0 = Monday) of a month, e.g. its second Tuesday."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (nth - 1))


def month_after(today, months):
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


def meeting_times(meeting, today):
    """Start and end (18:00–20:00, Europe/Berlin) of an example date.

    Anchored to a month, so a date is past or ahead for the whole month and
    the example year moves only when the month changes.
    """
    weekday, nth = RHYTHM[meeting.conference]
    day = nth_weekday(*month_after(today, meeting.months_from_now), weekday, nth)
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time(18), tzinfo=zone)
    return start, start + datetime.timedelta(hours=2)


def german_date(day):
    with translation.override("de"):
        return dateformat.format(day, "j. F Y")


def _pdf_text(text):
    """A PDF string literal in the standard fonts' Windows encoding."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def example_pdf(title, lines):
    """A one-page PDF with ``title`` as heading and document title, then ``lines``.

    Written by hand (no PDF library is needed for a page of text): catalog,
    page tree, one page, Helvetica, the text, the document information and a
    cross-reference table with the byte offset of every object.
    """
    text = [b"BT", b"/F1 16 Tf", b"72 770 Td", b"22 TL", _pdf_text(title) + b" Tj", b"/F1 11 Tf"]
    text += [b"T* " + _pdf_text(line) + b" Tj" for line in lines]
    text.append(b"ET")
    stream = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title " + _pdf_text(title) + b" /Producer (Stadtteil-CMS) >>",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


class ExampleYear:
    """Creates, moves on and removes the example year; ``report`` lists what it did."""

    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self.locale = Locale.get_default()
        self.report = []

    # Loading

    def load(self):
        index = ConferenceIndexPage.objects.filter(locale=self.locale).first()
        if index is None:
            raise LookupError("There is no conference index; run load_hattingen first.")
        conferences = {
            page.slug: page
            for page in DistrictConferencePage.objects.child_of(index).filter(slug__in=RHYTHM)
        }
        for meeting in meeting_plan():
            if meeting.conference in conferences:
                self.meeting(conferences[meeting.conference], meeting)
        if PROJECT_IN in conferences:
            self.project(conferences[PROJECT_IN])
        # The example pages appear in every language's tree, as the seed's pages do.
        aliases = synchronise_locale_trees()
        if aliases:
            languages = sorted({alias.locale.language_code for alias in aliases})
            self.report.append(f"{len(aliases)} aliases in {', '.join(languages)}")
        return self.report

    def meeting(self, conference, meeting):
        start, end = meeting_times(meeting, self.today)
        title = f"{conference.title} am {german_date(start)} (Beispiel)"
        page = MeetingPage.objects.child_of(conference).filter(slug=meeting.slug).first()
        if page is None:
            page = MeetingPage(slug=meeting.slug, title=title, live=False)
            self.fill_meeting(page, conference, meeting, start, end)
            conference.add_child(instance=page)
            self.report.append(f"page {page.url_path}")
        elif (page.title, page.status, page.start, page.end) == (title, meeting.status, start, end):
            return
        else:
            page.title = title
            self.fill_meeting(page, conference, meeting, start, end)
            self.report.append(f"moved {page.url_path} to {german_date(start)}")
        if meeting.with_protocol:
            self.attach_protocol(page, conference, start)
        page.save_revision(log_action=True).publish()

    def fill_meeting(self, page, conference, meeting, start, end):
        page.status, page.start, page.end = meeting.status, start, end
        page.venue = self.venue(conference.slug)
        if meeting.status == MeetingPage.Status.CANCELLED:
            what = "Er zeigt, wie eine abgesagte Sitzung aussieht."
        elif meeting.status == MeetingPage.Status.POSTPONED:
            what = "Er zeigt, wie eine verschobene Sitzung aussieht."
        elif meeting.with_protocol:
            what = "Er zeigt, wie eine vergangene Sitzung mit ihrem Protokoll aussieht."
        else:
            what = "Er zeigt, wie ein kommender Termin mit Tagesordnung aussieht."
        page.introduction = f"{NOTE}: Diesen Termin gibt es nicht wirklich. {what}"
        page.agenda = json.dumps(
            [
                {
                    "type": "list",
                    "value": {
                        "ordered": True,
                        "items": [
                            "Begrüßung und Protokoll der letzten Sitzung",
                            "Berichte aus Vereinen, Schulen und Kitas im Stadtteil",
                            "Projekte im Stadtteil: Stand und Ideen",
                            "Verschiedenes",
                        ],
                    },
                }
            ]
        )

    def venue(self, conference_slug):
        name = VENUES.get(conference_slug)
        if name is not None:
            return Venue.objects.filter(name=name, locale=self.locale).first()
        venue = Venue.objects.filter(name=EXAMPLE_VENUE["name"], locale=self.locale).first()
        if venue is None:
            venue = Venue.objects.create(locale=self.locale, **EXAMPLE_VENUE)
            self.report.append(f"venue {venue.name}")
        return venue

    def attach_protocol(self, page, conference, start):
        """The meeting's protocol PDF, created or rewritten for its (new) date."""
        title = f"Protokoll der {conference.title} vom {german_date(start)} (Beispiel)"
        content = example_pdf(
            title,
            [
                "Beispiel: Dieses Protokoll ist erfunden.",
                "Es zeigt, wie ein Protokoll im Archiv der Stadtteilkonferenzen erscheint.",
                "",
                f"Sitzung vom {german_date(start)}, 18:00 bis 20:00 Uhr",
                "1. Begrüßung und Protokoll der letzten Sitzung",
                "2. Berichte aus Vereinen, Schulen und Kitas im Stadtteil",
                "3. Projekte im Stadtteil: Stand und Ideen",
                "4. Verschiedenes",
            ],
        )
        name = f"{SLUG_PREFIX}protokoll-{conference.slug}-{start:%Y-%m-%d}.pdf"
        existing = [
            item for item in page.documents.all() if item.kind == MeetingDocument.Kind.PROTOCOL
        ]
        if existing:
            document = existing[0].document
            document.file.delete(save=False)
        else:
            document = get_document_model()(collection=self.collection())
        document.title = title
        document.file = ContentFile(content, name=name)
        # Wagtail measures and hashes the new file when it is first asked.
        document.file_size, document.file_hash = len(content), ""
        document.save()
        if not existing:
            page.documents.add(
                MeetingDocument(document=document, kind=MeetingDocument.Kind.PROTOCOL)
            )
            self.report.append(f"document {document.title}")

    def collection(self):
        root = Collection.get_first_root_node()
        found = root.get_children().filter(name=COLLECTION).first()
        if found is None:
            found = root.add_child(name=COLLECTION)
            self.report.append(f"collection {COLLECTION}")
        return found

    def project(self, conference):
        """A second weekly project, with a closure next month."""
        slug = f"{SLUG_PREFIX}nachbarschaftscafe"
        year, month = month_after(self.today, 1)
        closure = nth_weekday(year, month, calendar.WEDNESDAY, 2)
        page = ProjectPage.objects.child_of(conference).filter(slug=slug).first()
        if page is not None:
            if [item.start_date for item in page.closures.all()] == [closure]:
                return
            self.report.append(f"moved the closure of {page.url_path} to {german_date(closure)}")
        else:
            page = ProjectPage(
                slug=slug,
                title="Nachbarschaftscafé Winz-Baak (Beispiel)",
                live=False,
                tagline="Kaffee, Kuchen und Nachbarn",
                introduction=(
                    f"{NOTE}: Dieses Projekt gibt es nicht wirklich. Es zeigt ein zweites "
                    "Projekt neben dem Mittagstisch Welper."
                ),
                audience="Alle Nachbarinnen und Nachbarn aus Winz-Baak",
                price=Decimal("1.50"),
                price_includes="Kaffee und ein Stück Kuchen",
                venue=self.venue(conference.slug),
                conference=conference,
                body=json.dumps(
                    [
                        {
                            "type": "paragraph",
                            "value": (
                                "<p>Die Idee zum Nachbarschaftscafé ist in der Stadtteil"
                                "konferenz Winz-Baak entstanden: Wer neu im Stadtteil ist, "
                                "lernt hier bei Kaffee und Kuchen die Nachbarschaft kennen.</p>"
                            ),
                        }
                    ]
                ),
            )
            page.schedule_rules = [
                ProjectScheduleRule(
                    weekday=calendar.WEDNESDAY,
                    start_time=datetime.time(15),
                    end_time=datetime.time(17),
                )
            ]
            conference.add_child(instance=page)
            self.report.append(f"page {page.url_path}")
        page.closures = [ProjectClosure(start_date=closure, reason="Ausflug des Cafés (Beispiel)")]
        page.save_revision(log_action=True).publish()

    # Removing

    @staticmethod
    def pages():
        """The example pages in every language (translations and aliases included)."""
        german = Page.objects.filter(
            locale=Locale.get_default(),
            slug__startswith=SLUG_PREFIX,
            content_type__in=_content_types(MeetingPage, ProjectPage),
        )
        keys = german.values("translation_key")
        return Page.objects.filter(translation_key__in=keys)

    def remove(self):
        # Aliases first: Wagtail turns an alias of a deleted page into a copy.
        pages = self.pages()
        for page in [*pages.filter(alias_of__isnull=False), *pages.filter(alias_of__isnull=True)]:
            self.report.append(f"removed page {page.locale.language_code} {page.url_path}")
            page.delete()
        collection = Collection.objects.filter(name=COLLECTION).first()
        if collection is not None:
            for document in get_document_model().objects.filter(collection=collection):
                self.report.append(f"removed document {document.title}")
                document.delete()  # Wagtail deletes the file once the transaction commits.
            collection.delete()
            self.report.append(f"removed collection {COLLECTION}")
        venue = Venue.objects.filter(name=EXAMPLE_VENUE["name"]).first()
        if venue is not None:
            Venue.objects.filter(translation_key=venue.translation_key).delete()
            self.report.append(f"removed venue {venue.name}")
        return self.report


def _content_types(*models):
    return [ContentType.objects.get_for_model(model) for model in models]
