"""What each page type's template gets beyond the page's own fields.

Registered with the page models when the app is ready
(``models.base.provides``): the models stay below the publication
rule and the queries, which these functions read.
"""

from django.db.models import prefetch_related_objects

from .. import conf
from ..models import (
    ConferenceIndexPage,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProtocolIndexPage,
)
from ..models.base import provides
from ..queries import pages
from ..queries.overview import overview, project_dates
from .forms import ProtocolFilterForm
from .pagination import paginate


@provides(ConferenceIndexPage)
def conference_index(page, request):
    shown = overview(page, request)
    return {
        "overview": shown,
        "district_conferences": [card.conference for card in shown.cards],
        "project_lead": pages.project_lead(page),
    }


@provides(DistrictConferencePage)
def district_conference(page, request):
    return {
        **pages.conference_dates(page, request),
        "projects": project_dates(page, request),
        "district_names": page.district_names,
        "contacts": pages.contacts(page, request),
    }


@provides(MeetingPage)
def meeting(page, request):
    return {"public_documents": pages.public_documents(page, request)}


@provides(ProjectPage)
def project(page, request):
    # The dates, closures, labels and structured data all read the rules
    # and closures: load them once.
    prefetch_related_objects([page], "schedule_rules", "closures")
    upcoming = page.upcoming_occurrences()
    origin, contacts = pages.whom_to_call(page, request)
    return {
        "next_occurrence": upcoming[0] if upcoming else None,
        "upcoming_occurrences": upcoming,
        "upcoming_closures": page.upcoming_closures(),
        "origin": origin,
        "contacts": contacts,
    }


@provides(ProtocolIndexPage)
def protocol_archive(page, request):
    contents, counts = pages.archive_contents(page, request)
    form = ProtocolFilterForm(request.GET or None, contents=contents)
    filters = form.cleaned_data if form.is_valid() else {}
    conference, year = filters.get("conference"), filters.get("year")
    protocols = pages.protocols(page, request, conference=conference, year=year)
    count = pages.protocol_count(counts, conference, year)
    return {
        "filter_form": form,
        "archive_contents": contents,
        "is_filtered": bool(conference or year),
        "protocols": paginate(request, protocols, conf.archive_page_size(), count),
    }
