"""Calendar links, feed addresses and structured data for page templates."""

from django import template

from wagtail.models import Page

from .. import jsonld
from ..feeds import ical

register = template.Library()


@register.inclusion_tag("stadtteil_pages/includes/calendar_links.html", takes_context=True)
def calendar_links(context, page=None):
    """“Add to calendar” and “Subscribe” for a page with dates."""
    page = page or context.get("page")
    return {"links": ical.calendar_links(page, context.get("request")) if page else None}


@register.simple_tag(takes_context=True)
def feed_url(context, page, route_name):
    """The absolute address of a page's feed route, e.g. ``"atom_feed"``."""
    return ical.feed_url(page, context.get("request"), route_name) or ""


@register.simple_tag(takes_context=True)
def structured_data(context, page=None):
    """The page's schema.org JSON-LD as a script element (nothing off a page)."""
    page = page or context.get("page")
    if not isinstance(page, Page):
        return ""
    return jsonld.script_tag(jsonld.structured_data(page, context.get("request")))
