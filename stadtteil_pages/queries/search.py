"""Site search for visitors: pages, the people to contact, venues and files.

Everything searched passes the publication rule first: pages through
``published``, contacts through ``published_snippets``, files through
``published_media``. A contact or a venue is a result only while a public
page shows it, and the result leads to those pages. The search runs on
Wagtail's search backend, which stems German words on PostgreSQL
(``SEARCH_CONFIG = "german"``): "Konferenz" also finds "Konferenzen".
"""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from wagtail.documents import get_document_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from .. import conf
from ..models import (
    ConferenceIndexPage,
    ContactPerson,
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingPage,
    ProjectContact,
    ProjectPage,
    Venue,
)
from ..public.publication import (
    published,
    published_media,
    published_snippets,
    request_site,
)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Enough for any honest question to a city site; a query that matches more
# is too broad to page through and says so.
MAX_RESULTS = 500


class SearchForm(forms.Form):
    """The visitor's question: the header's search field sends ``q``."""

    # Django's CharField also refuses NUL characters with a clear message.
    q = forms.CharField(
        label=_("Search term"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={"max_length": _("Please enter at most %(limit_value)d characters.")},
    )


@dataclass
class Result:
    """One hit as the results list shows it."""

    kind: str
    title: str
    url: str
    summary: str = ""
    date: str = ""
    conference: object = None
    conference_url: str = ""
    # For contacts and venues: the public pages that show them.
    pages: list = field(default_factory=list)
    details: list = field(default_factory=list)
    # For pages: the page itself (its texts may be in another language).
    page: object = None


# Where public pages show a contact or a venue: (model, its column naming
# the contact or venue, its column naming the page).
CONTACT_LINKS = (
    (DistrictConferenceContact, "contact_id", "page_id"),
    (ProjectContact, "contact_id", "page_id"),
    (ConferenceIndexPage, "project_lead_id", "pk"),
)
VENUE_LINKS = ((MeetingPage, "venue_id", "pk"), (ProjectPage, "venue_id", "pk"))


def search(query, request):
    """Every public hit for ``query`` as (model, pk) keys, best pages first.

    Only keys: the details of one results page are loaded by ``load_results``,
    so that the number of queries does not grow with the number of hits.
    """
    # Filtered through the primary key, which every search backend can use; a
    # subquery of ids: the database compares, nothing is loaded.
    page_ids = published(Page, request).values("pk")
    keys = [(Page, page.pk) for page in _hits(query, Page.objects.filter(pk__in=page_ids))]
    contacts = ContactPerson.objects.filter(pk__in=published_snippets(ContactPerson).values("pk"))
    keys += [(ContactPerson, pk) for pk in _shown(query, contacts, CONTACT_LINKS, page_ids)]
    # Venues have no publication state of their own: a public page shows them or not.
    venues = Venue.objects.filter(locale=Locale.get_active())
    keys += [(Venue, pk) for pk in _shown(query, venues, VENUE_LINKS, page_ids)]
    documents = get_document_model()
    public_documents = documents.objects.filter(
        pk__in=published_media(documents, request).values("pk")
    )
    keys += [(documents, document.pk) for document in _hits(query, public_documents)]
    return keys[:MAX_RESULTS]


def _hits(query, queryset, limit=MAX_RESULTS):
    # Every word must match: a resident narrows a search by adding words.
    return get_search_backend().search(query, queryset, operator="and")[:limit]


def _pages_showing(links, object_ids, page_ids):
    """Public pages showing each of the contacts or venues: {id: [page id, …]}."""
    shown = {}
    for model, column, page_column in links:
        rows = model.objects.filter(**{f"{column}__in": object_ids, f"{page_column}__in": page_ids})
        for object_id, page_id in rows.values_list(column, page_column):
            shown.setdefault(object_id, []).append(page_id)
    return shown


def _shown(query, queryset, links, page_ids):
    """The hits among contacts or venues that a public page shows."""
    hits = [item.pk for item in _hits(query, queryset, limit=None)]
    shown = _pages_showing(links, hits, page_ids)
    return [pk for pk in hits if pk in shown]


def load_results(keys, request):
    """The ``Result`` objects for one results page, in the order of ``keys``."""
    by_model = {}
    for model, pk in keys:
        by_model.setdefault(model, []).append(pk)
    loaded = {}
    if Page in by_model:
        loaded.update(_page_results(by_model[Page], request))
    contact_ids, venue_ids = by_model.get(ContactPerson, []), by_model.get(Venue, [])
    if contact_ids or venue_ids:
        page_ids = published(Page, request).values("pk")
        contact_pages = _pages_showing(CONTACT_LINKS, contact_ids, page_ids)
        venue_pages = _pages_showing(VENUE_LINKS, venue_ids, page_ids)
        shown = [*contact_pages.values(), *venue_pages.values()]
        linked = Page.objects.in_bulk({pk for ids in shown for pk in ids})

        def result(item, page_ids, **fields):
            pages = sorted({linked[pk] for pk in page_ids}, key=lambda page: page.path)
            return Result(
                kind=item._meta.verbose_name,
                url=linked[page_ids[0]].get_url(request),
                pages=[(page.title, page.get_url(request)) for page in pages],
                **fields,
            )

        for contact in ContactPerson.objects.filter(pk__in=contact_ids):
            loaded[(ContactPerson, contact.pk)] = result(
                contact,
                contact_pages[contact.pk],
                title=contact.name,
                summary=", ".join(part for part in (contact.role, contact.organisation) if part),
                details=[
                    ("tel", contact.phone, contact.display_phone),
                    ("mailto", contact.email, contact.email),
                ],
            )
        for venue in Venue.objects.filter(pk__in=venue_ids):
            loaded[(Venue, venue.pk)] = result(
                venue,
                venue_pages[venue.pk],
                title=venue.name,
                summary=", ".join(venue.address_lines),
            )
    documents = get_document_model()
    for document in documents.objects.filter(pk__in=by_model.get(documents, [])):
        loaded[(documents, document.pk)] = Result(
            kind=documents._meta.verbose_name,
            title=document.title,
            url=document.url,
            summary=document.file_extension.upper(),
        )
    return [loaded[key] for key in keys if key in loaded]


def _page_results(page_ids, request):
    """``{(Page, pk): Result}`` for the pages among the results."""
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    # The conference of a meeting is its parent; a project names its own.
    parents = {
        pk: page.path[: -Page.steplen]
        for pk, page in pages.items()
        if isinstance(page, MeetingPage)
    }
    origins = {
        pk: page.conference_id for pk, page in pages.items() if isinstance(page, ProjectPage)
    }
    conferences = published(DistrictConferencePage, request).filter(
        Q(path__in=set(parents.values())) | Q(pk__in={pk for pk in origins.values() if pk})
    )
    found = {
        key: conference for conference in conferences for key in (conference.path, conference.pk)
    }
    results = {}
    for pk, page in pages.items():
        conference = found.get(parents.get(pk) or origins.get(pk))
        results[(Page, pk)] = Result(
            kind=page._meta.verbose_name,
            title=page.title,
            url=page.get_url(request),
            summary=getattr(page, "introduction", "") or page.search_description,
            date=page.date_label if pk in parents else "",
            conference=conference,
            conference_url=conference.get_url(request) if conference else "",
            page=page,
        )
    return results


def _page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@require_safe
def search_view(request):
    """``/suche/``: the search form and one page of results."""
    form = SearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data["q"].strip() if valid else ""
    results = None
    if query:
        paginator = Paginator(search(query, request), RESULTS_PER_PAGE)
        # A page number that is no number, or beyond the end, shows the
        # first or the last page rather than an error.
        results = paginator.get_page(request.GET.get("page"))
        results.object_list = load_results(list(results.object_list), request)
    suggestions = []
    if results is not None and not results.object_list and (site := request_site(request)):
        suggestions = [
            {"title": page.title, "url": page.get_url(request)}
            for page in published(site.root_page.get_children(), request).in_menu()
        ]
    # What the visitor typed goes back into the field, without control
    # characters (a NUL byte is not even valid HTML) and within the limit.
    typed = "".join(char for char in request.GET.get("q", "") if char.isprintable())
    context = {
        "typed": typed[:MAX_QUERY_LENGTH],
        "suggestions": suggestions,
        "base_template": conf.base_template(),
        "form": form,
        "query": query,
        "results": results,
        "too_many": results is not None and results.paginator.count >= MAX_RESULTS,
        "previous_url": results
        and results.has_previous()
        and _page_url(request, results.number - 1),
        "next_url": results and results.has_next() and _page_url(request, results.number + 1),
    }
    return TemplateResponse(
        request, "stadtteil_pages/search.html", context, status=200 if valid else 400
    )
