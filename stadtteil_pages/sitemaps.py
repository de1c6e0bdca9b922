"""The sitemap: every published page of the site, in every language.

Wagtail's own sitemap lists one language and ignores expiry; this one takes
its pages from the publication rule and links the translations of a page to
each other (hreflang), as search engines expect.
"""

from collections import defaultdict

from django.utils.functional import cached_property

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from .publication import published


class PublishedPagesSitemap(Sitemap):
    def items(self):
        return (
            published(Page, self.request, site=self.get_wagtail_site(), locale=None)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    @cached_property
    def _translations(self):
        """Published pages grouped by translation key, with their languages."""
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups = defaultdict(list)
        for page in self.items():
            groups[page.translation_key].append((languages[page.locale_id], page))
        return groups

    @cached_property
    def _default_language(self):
        return Locale.get_default().language_code

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            group = self._translations[item.translation_key]
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
