"""The sitemap: every published page of the site, in every language.

Wagtail's own sitemap lists one language and ignores expiry; this one takes
its pages from the publication rule and links the translations of a page to
each other (hreflang), as search engines expect. ``/sitemap.xml`` is a
sitemap index; each file it links lists at most ``STADTTEIL_SITEMAP_LIMIT``
addresses, so that no request has to walk the whole site.
"""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Max
from django.utils.functional import cached_property

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import index as sitemap_index
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Page

from . import conf
from .publication import published, remember, remember_response, request_site


class PublishedPagesSitemap(Sitemap):
    """Counts, the newest publication and each file are read once per content state."""

    @property
    def limit(self):
        return conf.sitemap_limit()

    def get_wagtail_site(self):
        return request_site(self.request) or super().get_wagtail_site()

    def _key(self, *parts):
        return ("sitemap", getattr(self.get_wagtail_site(), "pk", None), *parts)

    def _published(self):
        return published(Page, self.request, site=self.get_wagtail_site(), locale=None)

    def get_latest_lastmod(self):
        """The newest publication, asked of the database (not by loading every page)."""
        return remember(
            self.request,
            self._key("latest"),
            lambda: self._published().aggregate(latest=Max("last_published_at"))["latest"],
        )

    @property
    def paginator(self):
        paginator = Paginator(self._items(), self.limit)
        # Paginator.count is a cached property: the number of pages is known.
        paginator.count = remember(self.request, self._key("count"), self._published().count)
        return paginator

    def items(self):
        return self._published().order_by("path").defer_streamfields().specific()

    def _translations(self, items):
        """The published translations of one file's pages, grouped by translation key."""
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        keys = {item.translation_key for item in items}
        groups = defaultdict(list)
        translations = self._published().filter(translation_key__in=keys).order_by("path")
        for page in translations:
            groups[page.translation_key].append((languages[page.locale_id], page))
        return groups

    @cached_property
    def _default_language(self):
        return Locale.get_default().language_code

    def _urls(self, page, protocol, domain):
        """One file's entries, computed once per content state (``publication.remember``)."""
        key = self._key(str(page), self.limit, protocol, domain)
        return remember(self.request, key, lambda: self._read_urls(page))

    def _read_urls(self, page):
        items = list(self.paginator.page(page).object_list)
        groups = self._translations(items)
        urls = []
        for item in items:
            group = groups[item.translation_key]
            alternates = [
                {"lang_code": language, "location": translation.get_full_url(self.request)}
                for language, translation in group
            ]
            source = next(
                (alt for alt in alternates if alt["lang_code"] == self._default_language), None
            )
            if source is not None:
                # Where no language fits, search engines send visitors to the source.
                alternates.append({"lang_code": "x-default", "location": source["location"]})
            for url_info in item.get_sitemap_urls(self.request):
                if len(group) > 1:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
        return urls


SITEMAPS = {"pages": PublishedPagesSitemap}


def index(request, sitemaps, **kwargs):
    """Wagtail's sitemap index, written once per content state.

    Route ``sitemap.xml`` here instead of to ``wagtail.contrib.sitemaps.views.index``.
    """
    return remember_response(
        request, ("sitemap-index",), lambda: sitemap_index(request, sitemaps, **kwargs)
    )


def sitemap(request, sitemaps, section=None, **kwargs):
    """One sitemap file (``?p=``), written once per content state.

    Route the files here instead of to ``wagtail.contrib.sitemaps.views.sitemap``.
    """
    key = ("sitemap-file", section, request.GET.get("p", ""))
    return remember_response(
        request, key, lambda: wagtail_sitemap(request, sitemaps, section=section, **kwargs)
    )
