"""The site's locales, read once per request (a handful of rows).

Routing, the publication rule and the language switcher all ask which
locale a language or a page's ``locale_id`` is.
"""

from django.conf import settings

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from ..memo import memo


def locales(request):
    """Every locale by language code, read once per request (a handful of rows)."""
    return memo(
        request,
        ("locales",),
        lambda: {locale.language_code: locale for locale in Locale.objects.all()},
    )


def locale_for_language(request, language_code):
    """The locale of a language (as ``Locale.objects.get_for_language``), once per request."""
    try:
        return locales(request)[get_supported_content_language_variant(language_code)]
    except KeyError as error:
        raise Locale.DoesNotExist(language_code) from error


def locale_by_id(request, pk):
    """A locale by its primary key (a page's ``locale_id``), once per request."""
    for locale in locales(request).values():
        if locale.pk == pk:
            return locale
    raise Locale.DoesNotExist(pk)


def default_locale(request=None):
    """The locale of the site's source language (``LANGUAGE_CODE``), once per request."""
    return locale_for_language(request, settings.LANGUAGE_CODE)
