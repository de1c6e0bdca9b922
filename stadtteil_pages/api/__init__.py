"""The headless API that other city websites read (contract: ``docs/api.md``).

``endpoints`` holds the API v2 endpoint classes, ``parameters`` the filters
and their errors, ``v3`` the public read-only mount of Wagtail's API v3, and
``routing`` the two ways a host mounts them: ``api_urlpatterns()`` or
``register_endpoints(router)``.
"""

from .endpoints import (
    ContactsEndpoint,
    DistrictsEndpoint,
    DocumentsEndpoint,
    ImagesEndpoint,
    PagesEndpoint,
    VenuesEndpoint,
)
from .parameters import ParameterError
from .routing import api_urlpatterns, register_endpoints
from .v3 import public_v3_urlpatterns

__all__ = [
    "ContactsEndpoint",
    "DistrictsEndpoint",
    "DocumentsEndpoint",
    "ImagesEndpoint",
    "PagesEndpoint",
    "ParameterError",
    "VenuesEndpoint",
    "api_urlpatterns",
    "public_v3_urlpatterns",
    "register_endpoints",
]
