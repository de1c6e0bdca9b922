"""Addresses a host site includes before Wagtail's own page URLs:
``path("", include("stadtteil_pages.urls"))`` (see docs/install.md).

``suche/`` is the site search (``search/`` leads there with the question).

Wagtail's page pattern admits only letters, digits, "-" and "_" in a path
segment, so ``…/termine.ics`` and ``…/feed.atom`` would never reach the pages'
routes; this pattern hands them to the same page view.
"""

from django.urls import path, re_path
from django.views.generic import RedirectView

from wagtail import views

from .queries.search import search_view

urlpatterns = [
    path("suche/", search_view, name="search"),
    # The English address that visitors and browsers try first.
    path("search/", RedirectView.as_view(pattern_name="search", query_string=True)),
    re_path(
        r"^((?:[\w\-]+/)*(?:termine\.ics|feed\.atom))$",
        views.serve,
        name="stadtteil_pages_feed",
    ),
]
