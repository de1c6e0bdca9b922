"""The host's API router: API v2 at /api/v2/, API v3 (read-only) at /api/v3/."""

from django.urls import include, path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.utils.urlpatterns import decorate_urlpatterns

from stadtteil_pages import api
from stadtteil_pages.http import public_cache

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", api.PagesEndpoint)
api_router.register_endpoint("images", api.ImagesEndpoint)
api_router.register_endpoint("documents", api.DocumentsEndpoint)
api_router.register_endpoint("contacts", api.ContactsEndpoint)
api_router.register_endpoint("venues", api.VenuesEndpoint)
api_router.register_endpoint("districts", api.DistrictsEndpoint)

urlpatterns = [
    path("v2/", include(decorate_urlpatterns([path("", api_router.urls)], public_cache))),
    path("v3/", api.public_v3_urlpatterns()),
]
