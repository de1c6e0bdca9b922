"""Languages of the current page for the site frame: hreflang, switcher, notice.

``{% hreflang_links page as links %}``, ``{% language_switcher page as languages %}``
and ``{% translation_notice page as notice %}`` give the data; the templates
only lay it out. Which translations are public is decided by
``stadtteil_pages.publication``.
"""

from django import template

from .. import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def hreflang_links(context, page=None):
    return languages.hreflang_links(page or context.get("page"), context.get("request"))


@register.simple_tag(takes_context=True)
def language_switcher(context, page=None):
    return languages.language_switcher(page or context.get("page"), context.get("request"))


@register.simple_tag(takes_context=True)
def translation_notice(context, page=None):
    return languages.fallback_notice(page or context.get("page"), context.get("request"))
