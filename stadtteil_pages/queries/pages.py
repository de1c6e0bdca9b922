"""What each page type shows beyond its own fields, read through the publication rule.

The contacts a visitor can call, a conference's dates and projects, a
meeting's documents, the protocols in the archive. The page templates get
these from ``stadtteil_pages.pages.context``; the API, the feeds and the
structured data ask here too, so that every channel shows the same.
"""

from django.db.models import Count
from django.db.models.functions import ExtractYear, Length, Substr

from .. import conf
from ..memo import memo
from ..models import ContactPerson, MeetingDocument, MeetingPage
from ..public.publication import (
    active_locale,
    in_public_collection,
    public_page,
    public_pages,
    published,
    published_attachments,
    show,
    snippet_is_published,
)
from .overview import conferences_below

# Older meetings of a conference remain in the protocol archive.
PAST_MEETINGS_SHOWN = 10


def contacts(page, request=None):
    """A page's linked contacts that are published, in the editors' order.

    Each in the active language where its translation is published. Kept
    for the request: the page's template and its structured data both show
    them.
    """
    return memo(request, ("contacts", page.pk), lambda: _contacts(page, request))


def _contacts(page, request):
    linked = [link.contact for link in page.contact_links.select_related("contact")]
    # The translations in the active language of those in another, from one
    # query (none when every contact is in it: Django sends no empty ``IN``).
    active = active_locale(request)
    foreign = [contact.translation_key for contact in linked if contact.locale_id != active.pk]
    translations = {
        contact.translation_key: contact
        for contact in ContactPerson.objects.filter(translation_key__in=foreign, locale=active)
    }
    shown = []
    for contact in linked:
        translated = translations.get(contact.translation_key)
        if translated is not None and snippet_is_published(translated):
            contact = translated
        if snippet_is_published(contact):
            shown.append(contact)
    return shown


def project_lead(index):
    """The conference index's project lead, if the contact is published."""
    lead = index.project_lead
    return lead if lead and snippet_is_published(lead) else None


def conference_dates(conference, request=None):
    """The next meeting, the further ones, those to be announced, the past ones.

    The soonest ``STADTTEIL_OVERVIEW_DATES`` further dates (the calendar
    has them all); the past ones with their protocols.
    """
    dates = published(MeetingPage, request).child_of(conference).listed().select_related("venue")
    shown = conf.overview_dates()
    upcoming = list(dates.upcoming()[: shown + 2])
    past = dates.past().prefetch_related("documents__document")[:PAST_MEETINGS_SHOWN]
    protocol = MeetingDocument.Kind.PROTOCOL
    return {
        "next_meeting": upcoming[0] if upcoming else None,
        "upcoming_meetings": upcoming[1 : shown + 1],
        "more_meetings": len(upcoming) > shown + 1,
        "announced_meetings": list(dates.filter(start__isnull=True)),
        "past_meetings": [
            (
                meeting,
                [
                    item
                    for item in meeting.documents.all()
                    if in_public_collection(item.document, request) and item.kind == protocol
                ],
            )
            for meeting in past
        ],
    }


def public_documents(meeting, request=None):
    """A meeting's documents that visitors may see: none from a restricted collection."""
    items = meeting.documents.select_related("document")
    return [item for item in items if in_public_collection(item.document, request)]


def whom_to_call(project, request=None):
    """The public conference of origin and the people to ask about a project.

    The project's own contacts, or else the contacts of the conference it
    came from, so that a visitor always has somebody to call.
    """
    origin = public_page(project.conference, request) if project.conference_id else None
    people = contacts(project, request)
    if not people and origin is not None:
        people = contacts(origin, request)
    return origin, people


def protocols(archive, request=None, year=None, conference=None):
    """Published protocol documents below the conference index, newest first."""
    # The protocols of every conference beside the archive: a change of any
    # meeting shows here.
    show(request, models=[MeetingPage])
    dates = public_pages(request) & MeetingPage.objects.descendant_of_q(archive.get_parent())
    if conference is not None:
        dates &= MeetingPage.objects.child_of_q(conference)
    documents = published_attachments(
        MeetingDocument.objects.filter(kind=MeetingDocument.Kind.PROTOCOL), dates, request
    )
    if year is not None:
        documents = documents.filter(meeting__start__year=year)
    return documents.listed().order_by("-meeting__start", "pk")


def archive_contents(archive, request=None):
    """What the archive holds: ``({conference: [years, newest first]}, counts)``.

    The filter offers exactly these conferences and years, and an empty
    result names them so that a visitor knows what to look for instead.
    ``counts`` holds the number of protocols per conference path and year
    (None for a meeting without a date), from the same grouped query: the
    archive's pages know how many protocols they list without counting them
    again (``protocol_count``).
    """
    conferences = {
        conference.path: conference
        for conference in conferences_below(archive.get_parent(), request)
    }
    # One row per conference and year (a meeting's parent is its conference),
    # however many protocols there are.
    rows = (
        protocols(archive, request)
        .select_related(None)
        .order_by()
        .annotate(
            conference_path=Substr(
                "meeting__path", 1, Length("meeting__path") - MeetingPage.steplen
            ),
            year=ExtractYear("meeting__start"),
        )
        .values("conference_path", "year")
        .annotate(number=Count("pk"))
        .values_list("conference_path", "year", "number")
    )
    contents, counts = {}, {}
    for path, year, number in rows:
        counts[path, year] = number
        if path in conferences and year is not None:
            contents.setdefault(conferences[path], []).append(year)
    contents = {
        conference: sorted(years, reverse=True)
        for conference, years in sorted(contents.items(), key=lambda pair: pair[0].title)
    }
    return contents, counts


def protocol_count(counts, conference=None, year=None):
    """How many protocols ``protocols`` lists for a filter, from ``archive_contents``' counts."""
    return sum(
        number
        for (path, dated), number in counts.items()
        if (conference is None or path == conference.path) and (year is None or dated == year)
    )
