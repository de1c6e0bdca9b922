"""Template tags of the site frame (``base.html``, header, footer, 404).

``{% document_title %}``, ``{% meta_description %}``, ``{% site_name %}``,
``{% site_title %}``, ``{% search_url %}``, ``{% main_navigation as nav %}``,
``{% city_contact as contact %}`` and ``{% legal_links as links %}``
take the current ``page`` from the context; ``home.frame`` computes them.
"""

from django import template

from wagtail.models import Page

from .. import frame

register = template.Library()


def _page(context):
    """The Wagtail page being shown, if any (a search view's ``page`` is not one)."""
    page = context.get("page")
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def document_title(context, heading=None):
    return frame.document_title(context.get("request"), _page(context), heading)


@register.simple_tag(takes_context=True)
def meta_description(context):
    return frame.meta_description(context.get("request"), _page(context))


@register.simple_tag(takes_context=True)
def site_name(context):
    return frame.site_name(context.get("request"))


@register.simple_tag
def site_title():
    return frame.site_title()


@register.simple_tag
def search_url():
    return frame.search_url()


@register.simple_tag(takes_context=True)
def city_contact(context):
    return frame.city_contact(context.get("request"))


@register.simple_tag(takes_context=True)
def legal_links(context):
    return frame.legal_links(context.get("request"))


@register.simple_tag(takes_context=True)
def main_navigation(context):
    return frame.main_navigation(context.get("request"), _page(context))
