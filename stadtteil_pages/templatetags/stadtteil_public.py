"""What templates may link to: they ask the publication rule, never decide it.

``{% public_page some_page as link %}`` gives the page (in the visitor's
language where possible) or ``None``; ``{% public_ancestors page as trail %}``
gives the breadcrumb trail.
"""

from django import template

from .. import publication

register = template.Library()


@register.simple_tag(takes_context=True)
def public_page(context, page):
    return publication.public_page(page, context.get("request"))


@register.simple_tag(takes_context=True)
def public_ancestors(context, page):
    return publication.public_ancestors(page, context.get("request"))
