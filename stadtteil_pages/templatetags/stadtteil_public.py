"""What templates may link to: they ask the publication rule, never decide it.

``{% public_page some_page as link %}`` gives the page (in the visitor's
language where possible) or ``None``; ``{% public_ancestors page as trail %}``
gives the breadcrumb trail. The body's blocks ask here too: a contact card
shows a published contact only, a call to action links a public page only,
and the dates block lists published dates.
"""

from django import template

from wagtail.whitelist import check_url

from ..public import publication
from ..queries.overview import dates_ahead

register = template.Library()


@register.simple_tag(takes_context=True)
def public_page(context, page):
    return publication.public_page(page, context.get("request"))


@register.simple_tag(takes_context=True)
def public_ancestors(context, page):
    return publication.public_ancestors(page, context.get("request"))


@register.simple_tag
def public_snippet(snippet):
    """The snippet (a contact) if visitors may see it, else ``None``."""
    return snippet if snippet is not None and publication.snippet_is_published(snippet) else None


@register.simple_tag(takes_context=True)
def call_to_action_href(context, value):
    """Where a call to action leads: a public page, or a safe external address."""
    if value.get("page"):
        request = context.get("request")
        target = publication.public_page(value["page"], request)
        return target.get_url(request) if target is not None else None
    # The form refuses javascript: addresses; so does the page, for imported data.
    return check_url(value.get("url") or "") or None


@register.simple_tag(takes_context=True)
def upcoming_dates(context, value):
    """The next published dates for a dates block: of one district or of all."""
    return dates_ahead(context.get("request"), value.get("district"), value["count"])
