"""Addresses a host site includes before Wagtail's own page URLs:
``path("", include("stadtteil_pages.urls"))`` (see docs/install.md).

Wagtail's page pattern admits only letters, digits, "-" and "_" in a path
segment, so ``…/termine.ics`` and ``…/feed.atom`` would never reach the pages'
routes; this pattern hands them to the same page view.
"""

from django.urls import re_path

from wagtail import views

urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)*(?:termine\.ics|feed\.atom))$",
        views.serve,
        name="stadtteil_pages_feed",
    ),
]
