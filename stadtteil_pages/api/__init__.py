"""The headless API that other city websites read (contract: ``docs/api.md``).

``endpoints`` holds the API v2 endpoint classes, ``parameters`` the filters
and their errors, ``v3`` the public read-only mount of Wagtail's API v3. The
host project registers them (``cms/api.py``).
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
from .v3 import public_v3_urlpatterns

__all__ = [
    "ContactsEndpoint",
    "DistrictsEndpoint",
    "DocumentsEndpoint",
    "ImagesEndpoint",
    "PagesEndpoint",
    "ParameterError",
    "VenuesEndpoint",
    "public_v3_urlpatterns",
]
