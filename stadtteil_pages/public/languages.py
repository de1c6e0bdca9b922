"""Which languages a page exists in, for the switcher, hreflang and the fallback notice.

Everything here asks the publication rule: a translation that is a draft, is
expired or sits below an unpublished page is not offered to visitors.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from ..memo import memo
from ..models.locales import locale_by_id
from .publication import (
    active_locale,
    default_locale,
    published,
    request_site,
)

TRANSLATION_MISSING = _("This page is not available in %(language)s yet. Here it is in %(source)s.")


@dataclass(frozen=True)
class Alternate:
    """One language version of a page: what the switcher and hreflang link to."""

    language_code: str
    name: str  # the language named in itself: "Türkçe", "العربية"
    url: str
    is_current: bool
    bidi: bool


def is_bidi(language_code):
    return get_language_info(language_code)["bidi"]


def content_language(page, request=None):
    """The language a page's texts are written in.

    A page in another language's tree that is still an alias of the German
    page (the locale synchronisation) shows the German texts. The locales
    are read once per request, an alias's source once per page.
    """
    locale_id = page.locale_id
    if getattr(page, "alias_of_id", None) is not None:
        source = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True)
        locale_id = memo(request, ("alias-locale", page.alias_of_id), source.first) or locale_id
    return locale_by_id(request, locale_id).language_code


def foreign_language(page, request=None):
    """The language of a page's texts where it differs from the active one, else ``None``."""
    if not isinstance(page, Page) or not page.pk:
        return None
    if page.alias_of_id is None and page.locale_id == active_locale(request).pk:
        return None
    language = content_language(page, request)
    return None if language == translation.get_language() else language


def alternates(page, request=None):
    """The public translations of a page in the site's language order."""
    if not isinstance(page, Page) or not page.pk:
        return []

    def read():
        candidates = published(
            Page.objects.filter(translation_key=page.translation_key), request, locale=None
        )
        by_language = {
            locale_by_id(request, candidate.locale_id).language_code: candidate
            for candidate in candidates
        }
        result = []
        for code in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
            candidate = by_language.get(code)
            url = candidate.get_url(request) if candidate is not None else None
            if url is not None:
                # The language named in itself: “Deutsch”, “Українська”.
                name = capfirst(get_language_info(code)["name_local"])
                result.append(Alternate(code, name, url, candidate.pk == page.pk, is_bidi(code)))
        return result

    site = request_site(request)
    return memo(request, ("alternates", page.pk, getattr(site, "pk", None)), read)


def hreflang_links(page, request=None):
    """``(hreflang, absolute URL)`` pairs for the document head, with ``x-default``.

    ``x-default`` points to the source language (German), which every
    visitor can be sent to when none of the languages fits.
    """
    found = alternates(page, request)
    if len(found) < 2:
        return []
    links = [(item.language_code, item.url) for item in found]
    if request is not None:
        links = [
            (code, url if "://" in url else request.build_absolute_uri(url)) for code, url in links
        ]
    default = default_locale(request).language_code
    source = next((url for code, url in links if code == default), links[0][1])
    return [*links, ("x-default", source)]


def language_switcher(page, request=None):
    """The languages a visitor can switch to: only live translations of this page."""
    found = alternates(page, request)
    return found if len(found) > 1 else []


@dataclass(frozen=True)
class FallbackNotice:
    """Shown when a page is served in German under another language's address."""

    language_code: str
    bidi: bool
    text: str


def fallback_notice(page, request=None):
    """The visible notice for a page shown in another language than asked for."""
    if not isinstance(page, Page) or request is None:
        return None
    # The language of the address the visitor asked for (its prefix).
    asked = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    served = content_language(page, request)
    if asked == served or asked not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        return None
    # The notice speaks the visitor's language, the page its own.
    with translation.override(asked):
        text = str(TRANSLATION_MISSING) % {
            "language": translation.gettext(get_language_info(asked)["name"]),
            "source": translation.gettext(get_language_info(served)["name"]),
        }
    return FallbackNotice(language_code=asked, bidi=is_bidi(asked), text=text)
