"""The sitemap: every published page of the site, in every language.

Wagtail's own sitemap lists one language and ignores expiry; this one takes
its pages from the publication rule and links the translations of a page to
each other (hreflang), as search engines expect. ``/sitemap.xml`` is a
sitemap index; each file it links lists at most ``STADTTEIL_SITEMAP_LIMIT``
addresses, so that no request has to walk the whole site.
"""

from collections import defaultdict

from django.db.models import Max
from django.utils.functional import cached_property

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from . import conf
from .publication import published, remember


class PublishedPagesSitemap(Sitemap):
    @property
    def limit(self):
        return conf.sitemap_limit()

    def _published(self):
        return published(Page, self.request, site=self.get_wagtail_site(), locale=None)

    def get_latest_lastmod(self):
        """The newest publication, asked of the database (not by loading every page)."""
        return self._published().aggregate(latest=Max("last_published_at"))["latest"]

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
        site = self.get_wagtail_site()
        key = ("sitemap", getattr(site, "pk", None), str(page), self.limit, protocol, domain)
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
