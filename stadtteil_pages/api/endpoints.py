"""API v2 endpoints: pages, contacts, venues, districts, documents, images.

Every queryset starts from ``stadtteil_pages.public.publication``, so the API shows
exactly what the HTML site shows. Each endpoint loads the related objects of
its ``api_fields`` for a whole page of results at once, so that a listing of
20 items costs as many queries as one of 5.
"""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ..models import (
    ConferenceIndexPage,
    ContactPerson,
    District,
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingDocument,
    MeetingPage,
    ProjectContact,
    ProjectPage,
    Venue,
)
from ..public.publication import published, published_media, published_snippets, show
from . import serializers
from .parameters import (
    FILTER_PARAMETERS,
    MAX_INTEGER,
    MEETING_PARAMETERS,
    FieldFilter,
    LocaleFilter,
    OrderFilter,
    PageFilter,
    Pagination,
    ParameterError,
    SnippetDistrictFilter,
    SnippetTranslationOfFilter,
    about_parameter,
    add_language_headers,
    check_parameter_values,
    in_district_q,
    parse_integer,
    preferred_language,
    request_site,
)

# Serializer classes by endpoint, action, model and ``fields`` (bounded: any
# ``fields`` value may come in).
SERIALIZER_CLASSES = {}
SERIALIZER_CLASSES_LIMIT = 256


class PublicEndpointMixin:
    """What all endpoints share: JSON only, no sessions, our errors and pagination."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    pagination_class = Pagination
    known_query_parameters = frozenset(
        ["limit", "offset", "fields", "order", "search", "search_operator", "locale"]
    )

    def initial(self, request, *args, **kwargs):
        # The site's URLs put the language in the path; the API's do not, so
        # messages follow the client's Accept-Language (German without it).
        if header := request.META.get("HTTP_ACCEPT_LANGUAGE"):
            translation.activate(preferred_language(header))
        return super().initial(request, *args, **kwargs)

    def get_renderer_context(self):
        # Compact JSON (Wagtail indents by 4): a third smaller, and written by
        # the json module's C encoder instead of its Python one.
        context = super().get_renderer_context()
        context["indent"] = None
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return add_language_headers(request, response)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):  # a ParameterError names its parameter
            parameter = getattr(exc, "parameter", None)
            return Response({"message": str(exc), "parameter": parameter}, status=400)
        return super().handle_exception(exc)

    def check_query_parameters(self, queryset):
        params = self.request.GET
        allowed = set(self.get_available_fields(queryset.model, db_fields_only=True))
        allowed |= self.known_query_parameters
        for name in params:
            if name not in allowed:
                raise ParameterError(
                    name,
                    _("Unknown query parameter “%(name)s”; see docs/api.md.") % {"name": name},
                )
        check_parameter_values(params)
        if params.get("search_operator", "and") not in ("and", "or"):
            raise ParameterError("search_operator", _("search_operator must be and or or."))

    def filter_queryset(self, queryset):
        for backend in self.filter_backends:
            with about_parameter(FILTER_PARAMETERS.get(backend)):
                queryset = backend().filter_queryset(self.request, queryset, self)
        return queryset

    def get_serializer_class(self):
        """Wagtail's serializer class, built once per endpoint, action, type and ``fields``.

        Wagtail builds the class (and a class per nested object) on every
        call; it depends only on the code and on these.
        """
        model = (
            self.get_queryset().model if self.action == "listing_view" else type(self.get_object())
        )
        key = (type(self), self.action, model, self.request.GET.get("fields"))
        serializer_class = SERIALIZER_CLASSES.get(key)
        if serializer_class is None:
            with about_parameter("fields"):
                serializer_class = super().get_serializer_class()
            if len(SERIALIZER_CLASSES) >= SERIALIZER_CLASSES_LIMIT:
                SERIALIZER_CLASSES.clear()
            SERIALIZER_CLASSES[key] = serializer_class
        return serializer_class

    def get_serializer_context(self):
        with about_parameter("rich_text_format"):
            return super().get_serializer_context()

    def object_pk(self):
        pk = self.kwargs["pk"]
        if pk > MAX_INTEGER:
            raise Http404(_("Not found."))
        return pk

    def get_object(self):
        found = self.get_queryset().filter(pk=self.object_pk()).first()
        if found is None:
            raise Http404(_("Not found."))
        return found

    def find_object(self, queryset, request):
        # The find view skips the listing's checks; html_path reaches the database.
        check_parameter_values(request.GET)
        parse_integer(request.GET, "id")
        return super().find_object(queryset, request)


class PublicPageSerializer(PageSerializer):
    """Wagtail's page serializer, with page addresses derived per parent."""

    html_url = serializers.PageAddressField()


class PagesEndpoint(PublicEndpointMixin, PagesAPIViewSet):
    """Published pages of every type, with the plugin's filters."""

    base_serializer_class = PublicPageSerializer
    filter_backends = [
        PageFilter,
        FieldFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderFilter,
        TranslationOfFilter,
        LocaleFilter,
        SearchFilter,  # must stay last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["district", *MEETING_PARAMETERS]
    ) - {"format"}
    # Large and costly per item (blocks load their chooser objects): detail only.
    detail_only_fields = ["parent", "body", "agenda"]
    # Per page type, so that nested objects cost a constant number of queries.
    related_by_model = {
        MeetingPage: (
            ["venue__district"],
            [Prefetch("documents", MeetingDocument.objects.select_related("document"))],
        ),
        DistrictConferencePage: (
            [],
            [
                "districts",
                Prefetch(
                    "contact_links",
                    DistrictConferenceContact.objects.select_related("contact"),
                ),
            ],
        ),
        ProjectPage: (
            ["venue__district"],
            [
                "schedule_rules",
                "closures",
                Prefetch("contact_links", ProjectContact.objects.select_related("contact")),
            ],
        ),
        ConferenceIndexPage: (["project_lead"], []),
    }

    def get_base_queryset(self):
        # Built once per request: the rule reads the view restrictions.
        if not hasattr(self, "_base_queryset"):
            site = request_site(self.request)
            self._base_queryset = published(Page, self.request, site=site, locale=None)
        return self._base_queryset

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            with about_parameter("type"):
                queryset = super().get_queryset()
            model = queryset.model
            if model is not Page:
                show(self.request, models=[model])
            if model is not Page and "search" not in self.request.GET:
                # One type: the rule on the type's own rows, one join and no
                # subquery (counting 20,000 dates through two took twice as long).
                site = request_site(self.request)
                queryset = published(model, self.request, site=site, locale=None)
            else:
                # Through the primary key, which search can use, not the rule's
                # own columns, which the search index does not know.
                queryset = model.objects.filter(pk__in=queryset.values("pk"))
            queryset = queryset.order_by("path")
            # Listings never show the detail-only fields: not read, not decoded.
            columns = {field.name for field in model._meta.concrete_fields}
            deferred = [name for name in self.detail_only_fields if name in columns]
            self._queryset = self.with_page_related(queryset.defer(*deferred))
        return self._queryset

    def with_page_related(self, queryset):
        select, prefetch = self.related_by_model.get(queryset.model, ([], []))
        return queryset.select_related("locale", "alias_of", *select).prefetch_related(*prefetch)

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            page = self.get_base_queryset().filter(pk=self.object_pk()).first()
            if page is None:
                raise Http404(_("No published page with this id."))
            model = page.specific_class
            self._cached_object = self.with_page_related(model.objects.filter(pk=page.pk)).get()
            show(self.request, pages=[page.path])
        return self._cached_object


class ContactsEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    """Contact people in their published version."""

    model = ContactPerson
    name = "contacts"
    filter_backends = [
        SnippetDistrictFilter,
        FieldFilter,
        SnippetTranslationOfFilter,
        LocaleFilter,
        OrderFilter,
        SearchFilter,
    ]
    known_query_parameters = PublicEndpointMixin.known_query_parameters | {
        "district",
        "translation_of",
    }
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "role",
        "organisation",
        "phone",
        "phone_display",
        "email",
    ]

    def get_queryset(self):
        # Through the primary key, which search can filter by (not ``live``).
        published_ids = published_snippets(ContactPerson, locale=None).values("pk")
        queryset = ContactPerson.objects.filter(pk__in=published_ids)
        return queryset.select_related("locale").order_by("name", "pk")

    def in_district(self, queryset, district):
        """People linked from the published conferences and projects of the district."""
        conferences = published(DistrictConferencePage, self.request, locale=None).filter(
            districts=district
        )
        projects = published(ProjectPage, self.request, locale=None).filter(in_district_q(district))
        conference_links = DistrictConferenceContact.objects.filter(page__in=conferences)
        project_links = ProjectContact.objects.filter(page__in=projects)
        return queryset.filter(
            Q(pk__in=conference_links.values("contact")) | Q(pk__in=project_links.values("contact"))
        )


class VenuesEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    """Places where conferences meet and projects take place."""

    model = Venue
    name = "venues"
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "street",
        "postal_code",
        "city",
        "district",
        "coordinates",
    ]
    filter_backends = ContactsEndpoint.filter_backends
    known_query_parameters = ContactsEndpoint.known_query_parameters

    def get_queryset(self):
        return Venue.objects.select_related("locale", "district").order_by("name", "pk")

    def in_district(self, queryset, district):
        return queryset.filter(district=district)


class DistrictsEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    """The districts of the city, for the ``district`` filters."""

    model = District
    name = "districts"
    # District names are proper nouns: the same in every language.
    filter_backends = [FieldFilter, LocaleFilter, OrderFilter]
    known_query_parameters = PublicEndpointMixin.known_query_parameters - {
        "search",
        "search_operator",
    }
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug"]

    def get_queryset(self):
        return District.objects.order_by("name", "pk")


class PublicMediaMixin(PublicEndpointMixin):
    """Files that a published page uses, outside restricted collections."""

    # Files have no language; ``?locale=`` is checked and accepted as on every endpoint.
    filter_backends = [FieldFilter, LocaleFilter, OrderFilter, SearchFilter]
    # Tags are for editors; each would cost a query per item.
    meta_fields = [*BaseAPIViewSet.meta_fields, "download_url"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "download_url"]

    def get_queryset(self):
        return published_media(self.model, self.request).order_by("pk")


class DocumentsEndpoint(PublicMediaMixin, DocumentsAPIViewSet):
    """Documents that published pages use."""


class ImagesEndpoint(PublicMediaMixin, ImagesAPIViewSet):
    """Images that published pages use."""
