"""What the overview pages show: next dates, conference cards, project dates.

The home page, the conference index and the district conferences all answer
the same questions ("what happens next, and where?"). The answers are built
here from a fixed number of queries, however many meetings and projects
exist, and every item names its conference so that a visitor never has to
guess which district a date belongs to.
"""

import datetime
from typing import NamedTuple

from django.db.models import F, Q, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone

from .. import conf
from ..memo import memo
from ..models import ConferenceIndexPage, DistrictConferencePage, MeetingPage, ProjectPage
from ..public.publication import (
    ACTIVE_LOCALE,
    active_locale,
    published,
    show,
    snippet_is_published,
)

# How far ahead project dates are looked up for listings, and how many are shown.
PROJECT_HORIZON = datetime.timedelta(days=120)
PROJECT_DATES_SHOWN = 3


class ConferenceCard(NamedTuple):
    """A district conference with its next date and the people to contact."""

    conference: DistrictConferencePage
    next_meeting: MeetingPage | None
    announced: MeetingPage | None

    @property
    def contacts(self):
        """The published contacts, from the prefetched ``contact_links``."""
        links = self.conference.contact_links.all()
        return [link.contact for link in links if snippet_is_published(link.contact)]


class ProjectDates(NamedTuple):
    """A project with its next occurrences."""

    project: ProjectPage
    occurrences: list

    @property
    def next_occurrence(self):
        return self.occurrences[0] if self.occurrences else None


def conferences_below(root, request=None):
    """The public district conferences below ``root``, alphabetically."""
    return (
        published(DistrictConferencePage, request)
        .descendant_of(root)
        .prefetch_related("districts", "contact_links__contact")
        .order_by("title")
    )


def attach_conferences(meetings, conferences):
    """Give each meeting its conference as ``meeting.conference`` (no queries).

    A meeting's conference is its parent page; looking it up among the
    already loaded conferences by tree path saves one query per meeting.
    """
    by_path = {conference.path: conference for conference in conferences}
    found = []
    for item in meetings:
        conference = by_path.get(item.path[: -MeetingPage.steplen])
        if conference is not None:
            item.conference = conference
            found.append(item)
    return found


def next_meetings(conferences, request=None, locale=ACTIVE_LOCALE):
    """Each conference's next dated meeting (with ``.conference``), from one query.

    The meetings ahead below the conferences are numbered per parent (a
    meeting's parent is its conference) in the database, which keeps the
    first of each: the cost does not grow with the number of dates.
    """
    if not conferences:
        return []
    parent = Substr("path", 1, Length("path") - MeetingPage.steplen)
    # The children of the conferences: the parent's path in a set (one
    # lookup per row), not one prefix comparison per conference.
    below = Q(parent_path__in=[conference.path for conference in conferences])
    # Numbered as narrow rows (key, parent, start): the whole rows of the
    # first ones only are read, instead of sorting every upcoming meeting whole.
    firsts = (
        published(MeetingPage, request, locale=locale)
        .alias(parent_path=parent)
        .filter(below)
        .upcoming()
        .annotate(
            number=Window(RowNumber(), partition_by=[parent], order_by=[F("start"), F("path")])
        )
        .filter(number=1)
        .values("pk")
    )
    meetings = (
        MeetingPage.objects.filter(pk__in=firsts)
        .listed()
        .select_related("venue")
        .order_by("start", "path")
    )
    return attach_conferences(meetings, conferences)


def project_dates(root, request=None, limit=None):
    """Public projects below ``root`` with their next dates (the first ``limit`` projects).

    The projects and their schedules are read once per request.
    """
    now = timezone.now()

    def read():
        projects = (
            published(ProjectPage, request)
            .descendant_of(root)
            .select_related("venue")
            .prefetch_related("schedule_rules", "closures")
            .order_by("title")
        )
        return list(projects if limit is None else projects[:limit])

    projects = memo(request, ("projects", root.pk, limit, active_locale(request).pk), read)
    return [
        ProjectDates(project, project.occurrences(now, now + PROJECT_HORIZON)[:PROJECT_DATES_SHOWN])
        for project in projects
    ]


class TimelineEntry(NamedTuple):
    start: datetime.datetime
    meeting: MeetingPage | None
    project: ProjectPage | None
    occurrence: object


class Overview(NamedTuple):
    """Everything an overview of the conferences shows."""

    index: ConferenceIndexPage | None
    cards: list
    upcoming: list
    announced: list
    projects: list
    # Whether public projects lie beyond ``projects`` (STADTTEIL_OVERVIEW_PROJECTS).
    more_projects: bool = False

    NEXT_DATES_SHOWN = 6

    @property
    def next_project_dates(self):
        """(project, occurrence) pairs for the projects that meet again soon."""
        return [(item.project, item.next_occurrence) for item in self.projects if item.occurrences]

    def _timeline(self):
        pairs = [(item.project, date) for item in self.projects for date in item.occurrences]
        return _chronological(self.upcoming, pairs)

    @property
    def timeline(self):
        """Meetings and project dates ahead in one chronological list, the soonest ones.

        Each entry has ``start`` and either ``meeting`` (with its conference)
        or ``project`` and ``occurrence``.
        """
        return self._timeline()[: conf.overview_dates()]

    @property
    def district_links(self):
        """Every district with the conference that covers it, alphabetically.

        For a "my district" chooser: a visitor knows the name of the place
        they live in, not which conference covers it.
        """
        links = [
            (district.name, card.conference)
            for card in self.cards
            for district in card.conference.districts.all()
        ]
        return sorted(links, key=lambda pair: pair[0])

    @property
    def has_more_dates(self):
        """Whether dates lie ahead beyond the listed ones (``upcoming`` holds one more)."""
        return len(self._timeline()) > conf.overview_dates()

    @property
    def is_empty(self):
        return not (self.upcoming or self.announced or self.next_project_dates)

    @property
    def next_dates(self):
        """For the home page: the next meetings and each project's next date."""
        return _chronological(self.upcoming[: self.NEXT_DATES_SHOWN], self.next_project_dates)


def _chronological(meetings, occurrences):
    """Meetings and (project, occurrence) pairs as ``TimelineEntry`` items, soonest first."""
    entries = [TimelineEntry(item.start, item, None, None) for item in meetings]
    entries += [TimelineEntry(date.start, None, project, date) for project, date in occurrences]
    return sorted(entries, key=lambda entry: entry.start)


def overview(index, request=None):
    """The overview below a conference index (or nothing without an index), once per request."""
    if index is None:
        return Overview(None, [], [], [], [])
    key = ("overview", index.pk, active_locale(request).pk)
    return memo(request, key, lambda: _overview(index, request))


def _overview(index, request):
    conferences = list(conferences_below(index, request))
    # Thousands of dates may lie ahead in a big city: they belong in the
    # calendars. One more than shown, so that the page knows whether further ones exist.
    below = published(MeetingPage, request).descendant_of(index).listed().select_related("venue")
    upcoming = attach_conferences(below.upcoming()[: conf.overview_dates() + 1], conferences)
    to_be_announced = below.to_be_announced().filter(start__isnull=True).order_by("path")
    announced = attach_conferences(to_be_announced, conferences)
    shown = conf.overview_projects()
    projects = project_dates(index, request, limit=shown + 1)
    next_by_conference = {item.conference.pk: item for item in next_meetings(conferences, request)}
    # Reversed, so that the first meeting of each conference is the one kept.
    announced_by_conference = {item.conference.pk: item for item in reversed(announced)}
    cards = [
        ConferenceCard(
            conference,
            next_by_conference.get(conference.pk),
            announced_by_conference.get(conference.pk),
        )
        for conference in conferences
    ]
    return Overview(
        index, cards, upcoming, announced, projects[:shown], more_projects=len(projects) > shown
    )


def public_index(request, root):
    """The public conference index of the request's site below ``root``."""
    return published(ConferenceIndexPage, request).descendant_of(root).order_by("path").first()


def dates_ahead(request, district=None, count=5):
    """The next published dates of one district, or of every district."""
    # Dates from anywhere on the site: a change of any meeting shows here.
    show(request, models=[MeetingPage, DistrictConferencePage])
    meetings = published(MeetingPage, request).upcoming()
    if district:
        meetings = meetings.in_district(district)
    # Each date names its conference; one query for all of them.
    return attach_conferences(
        meetings.listed().select_related("venue")[:count],
        published(DistrictConferencePage, request),
    )
