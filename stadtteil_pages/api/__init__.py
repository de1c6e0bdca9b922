"""The headless API that other city websites read (contract: ``docs/api.md``).

``endpoints`` holds the API v2 endpoint classes, ``parameters`` the filters
and their errors, ``v3`` the public read-only mount of Wagtail's API v3.
A host mounts them with two lines in its URLconf::

    from stadtteil_pages.api import api_urlpatterns

    urlpatterns = [path("api/", include(api_urlpatterns())), ...]

A site with its own ``WagtailAPIRouter`` calls ``register_endpoints(router)``
instead and mounts the router itself.
"""

from django.urls import include, path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.utils.urlpatterns import decorate_urlpatterns

from ..http import public_cache
from .endpoints import (
    ContactsEndpoint,
    DistrictsEndpoint,
    DocumentsEndpoint,
    ImagesEndpoint,
    PagesEndpoint,
    VenuesEndpoint,
)
from .v3 import public_v3_urlpatterns

# The names are part of the API contract (docs/api.md). Not the classes'
# ``name``: DRF's ``as_view()`` sets it to None.
ENDPOINTS = {
    "pages": PagesEndpoint,
    "images": ImagesEndpoint,
    "documents": DocumentsEndpoint,
    "contacts": ContactsEndpoint,
    "venues": VenuesEndpoint,
    "districts": DistrictsEndpoint,
}


def register_endpoints(router):
    """Register the plugin's API v2 endpoints on a ``WagtailAPIRouter``."""
    for name, endpoint in ENDPOINTS.items():
        router.register_endpoint(name, endpoint)
    return router


def api_urlpatterns(*, v3=True, namespace="wagtailapi"):
    """URL patterns for ``path("api/", include(api_urlpatterns()))``.

    API v2 at ``v2/`` (ETag and ``Cache-Control`` from ``STADTTEIL_API_MAX_AGE``)
    and, unless ``v3=False``, Wagtail's API v3 at ``v3/``, read-only for the
    public unless ``STADTTEIL_API_V3_WRITES`` is on.
    """
    router = register_endpoints(WagtailAPIRouter(namespace))
    patterns = [path("v2/", include(decorate_urlpatterns([path("", router.urls)], public_cache)))]
    if v3:
        patterns.append(path("v3/", public_v3_urlpatterns()))
    return patterns
