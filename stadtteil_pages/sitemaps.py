"""The sitemap: every published page of the site, in every language.

Wagtail's own sitemap lists one language and ignores expiry; this one takes
its pages from the publication rule and links the translations of a page to
each other (hreflang), as search engines expect. ``/sitemap.xml`` is a
sitemap index; each file it links lists at most ``STADTTEIL_SITEMAP_LIMIT``
addresses, so that no request has to walk the whole site.
"""

import functools
from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max
from django.template.defaultfilters import date as date_filter
from django.utils.html import escape
from django.utils.timezone import template_localtime

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import index as sitemap_index
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from . import conf
from .public.publication import published


class PublishedPagesSitemap(Sitemap):
    """The public pages of the request's site, each with its published translations."""

    def _published(self):
        return published(Page, self.request, site=self.get_wagtail_site(), locale=None)

    def get_latest_lastmod(self):
        """The newest publication, asked of the database (not by loading every page)."""
        return self._published().aggregate(latest=Max("last_published_at"))["latest"]

    @property
    def paginator(self):
        paginator = Paginator(self._items(), conf.sitemap_limit())
        # Paginator.count is a cached property: the number of pages is known.
        paginator.count = self._published().count()
        return paginator

    def items(self):
        # Plain pages with the few fields an address needs; only page types
        # that build their addresses themselves are loaded as such (_specific).
        return self._published().order_by("path").only(*ADDRESS_FIELDS)

    def _translations(self, keys):
        """The published translations of pages, grouped by translation key.

        Pages of a type that builds its own addresses are loaded as that type.
        """
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        pages = list(self.items().filter(translation_key__in=keys))
        own = [page.pk for page in pages if _has_own_addresses(page.specific_class)]
        if own:
            specific = Page.objects.filter(pk__in=own).specific().in_bulk()
            pages = [specific.get(page.pk, page) for page in pages]
        groups = defaultdict(list)
        for page in pages:
            groups[page.translation_key].append((languages[page.locale_id], page))
        return groups

    def _urls(self, page, protocol, domain):
        """One file's entries; its pages are read once, among their own translations."""
        items = self.paginator.page(page).object_list.values_list("pk", "translation_key")
        groups = self._translations({key for _pk, key in items})
        pages = {
            translation.pk: translation for group in groups.values() for _, translation in group
        }
        location = functools.cache(lambda translation: translation.get_full_url(self.request))
        # Locale.get_default()'s language, without asking the database.
        default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        urls = []
        for pk, key in items:
            group, item = groups[key], pages[pk]
            alternates = {}
            if len(group) > 1:
                links = [
                    {"lang_code": language, "location": location(translation)}
                    for language, translation in group
                ]
                # Where no language fits, search engines send visitors to the source.
                links += [
                    {"lang_code": "x-default", "location": link["location"]}
                    for link in links
                    if link["lang_code"] == default_language
                ]
                alternates = {"alternates": links}
            if _has_own_addresses(type(item)):
                item_urls = item.get_sitemap_urls(self.request)
            else:
                item_urls = [
                    {
                        "location": location(item),
                        "lastmod": item.last_published_at or item.latest_revision_created_at,
                    }
                ]
            urls += [{**url_info, **alternates} for url_info in item_urls]
        return urls


# What a page's address and its sitemap entry are made of (Page.get_sitemap_urls).
ADDRESS_FIELDS = (
    "content_type",
    "locale",
    "translation_key",
    "path",
    "url_path",
    "last_published_at",
    "latest_revision_created_at",
)
# A page type that overrides one of these gives its sitemap entries itself.
ADDRESS_METHODS = ("get_sitemap_urls", "get_url_parts", "get_full_url", "get_url", "relative_url")


@functools.cache
def _has_own_addresses(page_class):
    return any(
        getattr(page_class, name, None) is not getattr(Page, name) for name in ADDRESS_METHODS
    )


SITEMAPS = {"pages": PublishedPagesSitemap}


# ``sitemap.xml``, the index of the files: Wagtail's, routed beside ``sitemap``.
index = sitemap_index


class UrlsetWriter:
    """Writes exactly what Django's ``sitemap.xml`` template writes, as plain strings.

    A file of a thousand addresses with their translations took longer to
    render through the template engine than to read from the database.
    ``tests/stadtteil_pages/test_sitemap.py`` compares both outputs.
    """

    HEAD = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    )
    END = "\n</urlset>\n"

    def render(self, context=None, request=None):
        parts = [self.HEAD]
        for url in (context or {}).get("urlset", ()):
            parts.append(f"<url><loc>{escape(url['location'])}</loc>")
            if url.get("lastmod"):
                day = date_filter(template_localtime(url["lastmod"]), "Y-m-d")
                parts.append(f"<lastmod>{day}</lastmod>")
            for tag in ("changefreq", "priority"):
                if url.get(tag):
                    parts.append(f"<{tag}>{escape(url[tag])}</{tag}>")
            for alternate in url.get("alternates") or ():
                parts.append(
                    f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                    f'href="{escape(alternate["location"])}"/>'
                )
            parts.append("</url>")
        parts.append(self.END)
        return "".join(parts)


URLSET_WRITER = UrlsetWriter()
# One sitemap file (``?p=``), written by ``UrlsetWriter`` unless the route names a template.
sitemap = functools.partial(wagtail_sitemap, template_name=URLSET_WRITER)
