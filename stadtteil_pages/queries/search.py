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
from ..memo import memo
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
        error_messages={
            "max_length": _("Please enter at most %(limit_value)d characters."),
        },
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


def search(query, request):
    """Every public hit for ``query`` as (model, pk) keys, best pages first.

    Only keys: the details of one results page are loaded by ``load_results``,
    so that the number of queries does not grow with the number of hits.
    """
    return memo(request, ("search", query), lambda: _search(query, request))


def _public_pages(request):
    """The public pages as a subquery of ids: the database compares, nothing is loaded."""
    return published(Page, request).values("pk")


def _search(query, request):
    # Filtered through the primary key, which every search backend can use.
    page_ids = _public_pages(request)
    keys = [
        (Page, page.pk)
        for page in _backend_search(query, Page.objects.filter(pk__in=page_ids))[:MAX_RESULTS]
    ]
    contacts = ContactPerson.objects.filter(pk__in=published_snippets(ContactPerson).values("pk"))
    keys += [(ContactPerson, pk) for pk in _shown(query, contacts, _contact_pages, page_ids)]
    # Venues have no publication state of their own: a public page shows them or not.
    venues = Venue.objects.filter(locale=Locale.get_active())
    keys += [(Venue, pk) for pk in _shown(query, venues, _venue_pages, page_ids)]
    documents = get_document_model()
    public_documents = published_media(documents, request).values("pk")
    keys += [
        (documents, document.pk)
        for document in _backend_search(query, documents.objects.filter(pk__in=public_documents))[
            :MAX_RESULTS
        ]
    ]
    return keys[:MAX_RESULTS]


def _backend_search(query, queryset):
    # Every word must match: a resident narrows a search by adding words.
    return get_search_backend().search(query, queryset, operator="and")


def _contact_pages(contact_ids, page_ids):
    """Public pages showing each of the contacts: {contact id: [page id, …]}."""
    shown = {}
    for model in (DistrictConferenceContact, ProjectContact):
        links = model.objects.filter(contact_id__in=contact_ids, page_id__in=page_ids)
        for contact_id, page_id in links.values_list("contact_id", "page_id"):
            shown.setdefault(contact_id, []).append(page_id)
    leads = ConferenceIndexPage.objects.filter(
        project_lead_id__in=contact_ids, pk__in=page_ids
    ).values_list("project_lead_id", "pk")
    for contact_id, page_id in leads:
        shown.setdefault(contact_id, []).append(page_id)
    return shown


def _venue_pages(venue_ids, page_ids):
    shown = {}
    for model in (MeetingPage, ProjectPage):
        rows = model.objects.filter(venue_id__in=venue_ids, pk__in=page_ids)
        for venue_id, page_id in rows.values_list("venue_id", "pk"):
            shown.setdefault(venue_id, []).append(page_id)
    return shown


def _shown(query, queryset, pages_of, page_ids):
    """The hits among contacts or venues that a public page shows (``pages_of``)."""
    hits = [item.pk for item in _backend_search(query, queryset)]
    shown = pages_of(hits, page_ids)
    return [pk for pk in hits if pk in shown]


def load_results(keys, request):
    """The ``Result`` objects for one results page, in the order of ``keys``."""
    by_model = {}
    for model, pk in keys:
        by_model.setdefault(model, []).append(pk)
    loaded = {}
    page_ids = by_model.get(Page, [])
    if page_ids:
        for result_key, result in _page_results(page_ids, request).items():
            loaded[(Page, result_key)] = result
    contact_ids = by_model.get(ContactPerson, [])
    venue_ids = by_model.get(Venue, [])
    if contact_ids or venue_ids:
        public_ids = _public_pages(request)
        contact_pages = _contact_pages(contact_ids, public_ids)
        venue_pages = _venue_pages(venue_ids, public_ids)
        linked = {
            page.pk: page
            for page in Page.objects.filter(
                pk__in={
                    pk for ids in [*contact_pages.values(), *venue_pages.values()] for pk in ids
                }
            ).order_by("path")
        }
        for contact in ContactPerson.objects.filter(pk__in=contact_ids):
            loaded[(ContactPerson, contact.pk)] = Result(
                kind=ContactPerson._meta.verbose_name,
                title=contact.name,
                url=linked[contact_pages[contact.pk][0]].get_url(request),
                summary=", ".join(part for part in (contact.role, contact.organisation) if part),
                details=[
                    ("tel", contact.phone, contact.display_phone),
                    ("mailto", contact.email, contact.email),
                ],
                pages=_linked_pages(linked, contact_pages[contact.pk], request),
            )
        for venue in Venue.objects.filter(pk__in=venue_ids):
            loaded[(Venue, venue.pk)] = Result(
                kind=Venue._meta.verbose_name,
                title=venue.name,
                url=linked[venue_pages[venue.pk][0]].get_url(request),
                summary=", ".join(venue.address_lines),
                pages=_linked_pages(linked, venue_pages[venue.pk], request),
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


def _linked_pages(linked, page_ids, request):
    pages = sorted({linked[pk] for pk in page_ids}, key=lambda page: page.path)
    return [(page.title, page.get_url(request)) for page in pages]


def _page_results(page_ids, request):
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    # The conference of a meeting is its parent; a project names its own.
    parent_paths = {
        page.path[: -Page.steplen]: page for page in pages.values() if isinstance(page, MeetingPage)
    }
    conference_ids = {
        page.conference_id for page in pages.values() if isinstance(page, ProjectPage)
    }
    conferences = list(
        published(DistrictConferencePage, request).filter(
            Q(path__in=list(parent_paths)) | Q(pk__in=[pk for pk in conference_ids if pk])
        )
    )
    by_path = {conference.path: conference for conference in conferences}
    by_pk = {conference.pk: conference for conference in conferences}
    results = {}
    for pk, page in pages.items():
        conference = None
        date = ""
        if isinstance(page, MeetingPage):
            conference = by_path.get(page.path[: -Page.steplen])
            date = page.date_label
        elif isinstance(page, ProjectPage):
            conference = by_pk.get(page.conference_id)
        results[pk] = Result(
            kind=page._meta.verbose_name,
            title=page.title,
            url=page.get_url(request),
            summary=getattr(page, "introduction", "") or page.search_description,
            date=date,
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
    if results is not None and not results.object_list:
        site = request_site(request)
        if site is not None:
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
        and _page_url(request, results.previous_page_number()),
        "next_url": results
        and results.has_next()
        and _page_url(request, results.next_page_number()),
    }
    return TemplateResponse(
        request, "stadtteil_pages/search.html", context, status=200 if valid else 400
    )
