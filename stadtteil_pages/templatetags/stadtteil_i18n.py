"""Languages of the current page for the site frame: hreflang, switcher, notice.

``{% hreflang_links page as links %}``, ``{% language_switcher page as languages %}``
and ``{% translation_notice page as notice %}`` give the data; the templates
only lay it out. Which translations are public is decided by
``stadtteil_pages.public.publication``.
"""

from django import template
from django.utils.html import format_html

from .. import formatting
from ..public import languages

register = template.Library()


def page_tag(name, function):
    """``{% name [page] %}``: ``function(page, request)`` for the given page or the context's."""

    def tag(context, page=None):
        return function(page or context.get("page"), context.get("request"))

    register.simple_tag(tag, takes_context=True, name=name)


page_tag("hreflang_links", languages.hreflang_links)
page_tag("language_switcher", languages.language_switcher)
page_tag("translation_notice", languages.fallback_notice)


@register.simple_tag(takes_context=True)
def content_lang(context, page):
    """``lang`` and ``dir`` for an element showing a page's texts in another language.

    ``<h1{% content_lang page %}>`` renders ``lang="de" dir="ltr"`` on an
    English page that is still the German text, and nothing otherwise, so
    that screen readers switch voice and punctuation stays in place in
    right-to-left languages.
    """
    language = languages.foreign_language(page, context.get("request"))
    if language is None:
        return ""
    direction = "rtl" if languages.is_bidi(language) else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)


@register.simple_tag(takes_context=True)
def isolated_title(context, page):
    """A page's title for use inside a sentence: isolated in direction, in its language.

    ``{% isolated_title page as title %}`` gives ``<bdi lang="de" dir="ltr">…</bdi>``
    for a German title in another language's sentence, ``<bdi>…</bdi>`` otherwise.
    """
    return format_html("<bdi{}>{}</bdi>", content_lang(context, page), page.title)


@register.filter
def short_date(value):
    """A date as the site writes it in the active language (``stadtteil_pages.formatting``)."""
    return formatting.format_short_date(value) if value else ""
