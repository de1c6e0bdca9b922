"""Which language an API client asks for: ``?locale=`` or ``Accept-Language``.

``?locale=en`` gives English items only (an unknown language is a 400).
Without it, an ``Accept-Language`` header picks the best of the site's
languages, and each item comes in that language where a published
translation exists, in German otherwise, so that nothing disappears only
because it is not translated yet. Without either, every language is listed.
The header is a preference, so a value that fits no language (or makes no
sense) gets German, never an error.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from rest_framework.filters import BaseFilterBackend

from ..memo import memo, memoized
from ..models.locales import default_locale, locale_for_language
from .parameters import parse_locale


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
            return (parse_locale(request.GET), True)
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
