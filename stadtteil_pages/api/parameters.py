"""Query parameters of the API: parsing, filter backends, languages, pagination, errors.

A bad value is never a server error: the endpoints answer a ``ParameterError``
with ``400 {"message": …, "parameter": …}``.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.validators import SiteFilterValidator
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from rest_framework.filters import BaseFilterBackend

from ..memo import memo, memoized
from ..models import District, MeetingPage, ProjectPage
from ..models.locales import default_locale, locale_for_language
from ..models.meetings import in_district
from ..parameters import (
    FLAG_SPELLINGS,
    MAX_INTEGER,
    ParameterError,
    check_no_nul,
    integer_value,
    parse_flag,
    parse_moment,
    parse_whole,
)
from ..public import publication

MEETING_PARAMETERS = ("status", "upcoming", "start_after", "start_before")
OWN_PARAMETERS = frozenset(["district", "locale", "site", *MEETING_PARAMETERS])


@contextmanager
def about_parameter(parameter):
    """Wagtail's ``BadRequestError`` (or a ``ValueError`` of a filter) raised inside,
    as a ``ParameterError`` naming ``parameter``."""
    try:
        yield
    except ParameterError:
        raise
    except (BadRequestError, ValueError) as error:
        raise ParameterError(parameter, error) from error


# Parsing query parameters


def parse_integer(params, name, *, default=None, minimum=0, maximum=MAX_INTEGER):
    number = parse_whole(params, name)
    if number is None:
        return default
    if not minimum <= number <= maximum:
        raise ParameterError(
            name,
            _("%(name)s must be between %(minimum)d and %(maximum)d.")
            % {"name": name, "minimum": minimum, "maximum": maximum},
        )
    return number


def parse_district(params):
    slug = params["district"]
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise ParameterError(
            "district",
            _("There is no district “%(slug)s”; see /api/v2/districts/.") % {"slug": slug},
        )
    return district


def request_site(request):
    """The site named by ``?site=`` (host or host:port), else the request's."""
    if not (site := request.GET.get("site")):
        return publication.request_site(request)
    try:
        return SiteFilterValidator(site=site, request=request).site_obj
    except (Http404, ValueError) as error:
        raise ParameterError("site", _("There is no such site.")) from error


def check_parameter_values(params):
    """Reject what no database should see: NUL characters and numbers beyond 64 bits."""
    # Every value of a repeated parameter: the last one is not the only one read.
    for name, values in params.lists():
        for value in values:
            check_no_nul(name, value)
            number = integer_value(value)
            if number is not None and abs(number) > MAX_INTEGER:
                raise ParameterError(name, _("%(name)s is too large.") % {"name": name})


# Which pages a district parameter selects


def in_district_q(district):
    """Conferences covering the district, the pages below them, and their projects."""
    pages = Page.objects.filter(in_district(district)).values("pk")
    projects = ProjectPage.objects.filter(conference__districts=district).values("pk")
    return Q(pk__in=pages) | Q(pk__in=projects)


def order_by_start(queryset, descending=False):
    """Meetings by date; pages without a date (to be announced) come last."""
    field = "start" if issubclass(queryset.model, MeetingPage) else "meetingpage__start"
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return queryset.order_by(expression, "path")


# Filter backends


class PageFilter(BaseFilterBackend):
    """``district``, ``status``, ``upcoming``, ``start_after``, ``start_before``."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        if "district" in params:
            queryset = queryset.filter(in_district_q(parse_district(params)))
        given = [name for name in MEETING_PARAMETERS if name in params]
        if not given:
            return queryset
        if not issubclass(MeetingPage, queryset.model):
            raise ParameterError(
                given[0], _("%(name)s applies to meetings only.") % {"name": given[0]}
            )
        meetings = MeetingPage.objects.all()
        if "status" in params:
            if params["status"] not in MeetingPage.Status.values:
                raise ParameterError(
                    "status",
                    _("status must be one of: %(values)s.")
                    % {"values": ", ".join(MeetingPage.Status.values)},
                )
            meetings = meetings.filter(status=params["status"])
        if "start_after" in params:
            meetings = meetings.filter(start__gte=parse_moment(params, "start_after"))
        if "start_before" in params:
            meetings = meetings.filter(start__lt=parse_moment(params, "start_before"))
        if "upcoming" in params:
            upcoming = parse_flag(params, "upcoming")
            meetings = meetings.upcoming() if upcoming else meetings.past()
            return order_by_start(queryset.filter(pk__in=meetings.values("pk")), not upcoming)
        return queryset.filter(pk__in=meetings.values("pk"))


class FieldFilter(BaseFilterBackend):
    """Exact filters on the model's own fields (``?venue=3``), values checked first."""

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        names = set(view.get_available_fields(model, db_fields_only=True)) - OWN_PARAMETERS
        for name, value in request.GET.items():
            if name not in names:
                continue
            field = model._meta.get_field(name)
            if field.many_to_many or field.one_to_many:
                raise ParameterError(name, _("The API cannot filter by %(name)s.") % {"name": name})
            try:
                if isinstance(field, models.BooleanField):
                    python = FLAG_SPELLINGS[value]
                else:
                    python = getattr(field, "target_field", field).to_python(value)
            except (ValidationError, ValueError, TypeError, KeyError) as error:
                raise ParameterError(
                    name, _("“%(value)s” is not a valid %(name)s.") % {"value": value, "name": name}
                ) from error
            if isinstance(python, int) and abs(python) > MAX_INTEGER:
                raise ParameterError(name, _("%(name)s is too large.") % {"name": name})
            queryset = queryset.filter(**{name: python})
        return queryset


class OrderFilter(OrderingFilter):
    """Wagtail's ``order`` plus ``start``/``-start`` for meetings."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if order in ("start", "-start"):
            if not issubclass(MeetingPage, queryset.model):
                raise ParameterError("order", _("Only meetings can be ordered by start."))
            return order_by_start(queryset, descending=order == "-start")
        return super().filter_queryset(request, queryset, view)


class SnippetTranslationOfFilter(BaseFilterBackend):
    """``?translation_of=<id>`` on contacts and venues: the other languages of one item."""

    def filter_queryset(self, request, queryset, view):
        if "translation_of" not in request.GET:
            return queryset
        pk = parse_integer(request.GET, "translation_of", minimum=1)
        original = queryset.model.objects.filter(pk=pk).first()
        if original is None:
            raise ParameterError(
                "translation_of", _("There is no item with the id %(id)s.") % {"id": pk}
            )
        return queryset.filter(translation_key=original.translation_key).exclude(pk=pk)


class SnippetDistrictFilter(BaseFilterBackend):
    """``?district=<slug>`` on contacts and venues."""

    def filter_queryset(self, request, queryset, view):
        if "district" not in request.GET:
            return queryset
        return view.in_district(queryset, parse_district(request.GET))


# Which parameter a failing Wagtail filter was about.
FILTER_PARAMETERS = {
    ChildOfFilter: "child_of",
    AncestorOfFilter: "ancestor_of",
    DescendantOfFilter: "descendant_of",
    TranslationOfFilter: "translation_of",
    OrderFilter: "order",
    SearchFilter: "search",
}


def parse_pagination(params):
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_INTEGER
    limit = parse_integer(params, "limit", default=min(20, limit_max), minimum=1, maximum=limit_max)
    offset = parse_integer(params, "offset", default=0, maximum=MAX_INTEGER - limit)
    return limit, offset


class Pagination(WagtailPagination):
    """``limit`` (1 to ``WAGTAILAPI_LIMIT_MAX``) and ``offset`` (64 bits in all), clear errors."""

    def paginate_queryset(self, queryset, request, view=None):
        limit, offset = parse_pagination(request.GET)
        self.total_count = queryset.count()
        return list(queryset[offset : offset + limit])


# Languages: ``?locale=en`` gives English items only (an unknown language is
# a 400). Without it, an ``Accept-Language`` header picks the best of the
# site's languages, and each item comes in that language where a published
# translation exists, in German otherwise, so that nothing disappears only
# because it is not translated yet. Without either, every language is listed.
# The header is a preference, so a value that fits no language (or makes no
# sense) gets German, never an error.


def preferred_language(header):
    """The site language that fits an ``Accept-Language`` header best (or German)."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    for code, _quality in parse_accept_lang_header(header or ""):
        if code == "*":
            break
        try:
            language = get_supported_language_variant(code)
        except LookupError:
            continue
        language = language.split("-")[0]
        if language in codes:
            return language
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def requested_locale(request):
    """``(locale, exact)``: the language asked for and whether only it is wanted.

    ``exact`` is true for ``?locale=``; for ``Accept-Language`` untranslated
    items come in German. ``(None, False)`` means every language.
    """

    def read():
        if "locale" in request.GET:
            code = request.GET["locale"]
            locale = Locale.objects.filter(language_code=code).first()
            if locale is None:
                raise ParameterError(
                    "locale", _("There is no language “%(code)s”.") % {"code": code}
                )
            return (locale, True)
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header:
            try:
                return (locale_for_language(request, preferred_language(header)), False)
            except Locale.DoesNotExist:
                pass
        return (None, False)

    return memo(request, "requested-locale", read)


def add_language_headers(request, response):
    """``Vary: Accept-Language`` always; ``Content-Language`` when one language was chosen."""
    patch_vary_headers(response, ["Accept-Language"])
    if response.status_code >= 400:
        return response
    locale, _exact = memoized(request, "requested-locale", (None, False))
    if locale is not None:
        response.headers["Content-Language"] = locale.language_code
        return response
    data = getattr(response, "data", None)
    if isinstance(data, dict):
        code = (data.get("meta") or {}).get("locale") or data.get("locale")
        if isinstance(code, str):
            response.headers["Content-Language"] = code
    return response


class LocaleFilter(BaseFilterBackend):
    """``?locale=de`` or ``Accept-Language``; all languages without."""

    def filter_queryset(self, request, queryset, view):
        locale, exact = requested_locale(request)
        if locale is None or not hasattr(queryset.model, "locale"):
            return queryset
        # Unless exact, German items that have no translation in the locale.
        default = default_locale(request)
        if exact or locale.pk == default.pk:
            return queryset.filter(locale=locale)
        translated = queryset.filter(locale=locale).values("translation_key")
        return queryset.filter(
            Q(locale=locale) | (Q(locale=default) & ~Q(translation_key__in=translated))
        )
