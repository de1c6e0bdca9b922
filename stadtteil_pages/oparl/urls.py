"""Addresses of the OParl 1.1 interface; the host includes them, e.g.

    path("oparl/v1.1/", include("stadtteil_pages.oparl.urls"))

outside ``i18n_patterns``, so that the addresses (which are the objects'
ids) do not change with the language.
"""

from django.urls import path, re_path

from . import views
from .objects import KINDS
from .serializers import BODY_LISTS

app_name = "stadtteil_oparl"

OBJECTS = "|".join(KINDS)
LISTS = "|".join(BODY_LISTS.values())
# At most 18 digits: every such id fits the database's 64-bit integers.
ID = r"[0-9]{1,18}"

urlpatterns = [
    path("", views.system, name="system"),
    path("body", views.body_index, name="body_index"),
    re_path(rf"^body/(?P<body_id>{ID})$", views.body, name="body"),
    re_path(rf"^body/(?P<body_id>{ID})/(?P<kind>{LISTS})$", views.body_list, name="body_list"),
    re_path(
        rf"^organization/(?P<pk>{ID})/meeting$",
        views.organization_meetings,
        name="organization_meetings",
    ),
    re_path(rf"^(?P<kind>{OBJECTS})/(?P<pk>{ID})$", views.detail, name="object"),
    # Everything else below the system is an OParl error object, not the site's page.
    re_path(r"^.+$", views.not_found),
]
