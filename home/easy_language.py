"""The explanation of the district conferences in Leichte Sprache (easy German).

German public sites link such a page from their header; the header asks
``easy_language_page(request)`` for it.
"""

from django.utils.translation import gettext_lazy as _

from stadtteil_pages.models import StadtteilPage
from stadtteil_pages.public.publication import public_page, published


class EasyLanguagePage(StadtteilPage):
    """The site's content in Leichte Sprache: short sentences, one statement per line."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page in easy language")
        verbose_name_plural = _("pages in easy language")


def easy_language_page(request):
    """The public page in Leichte Sprache for the header link, or ``None``.

    Leichte Sprache is German; where a translation in the visitor's language
    exists that one is chosen, otherwise the German page.
    """
    page = published(EasyLanguagePage, request, locale=None).order_by("pk").first()
    return public_page(page, request)
