"""The host's API: API v2 at /api/v2/, API v3 (read-only) at /api/v3/ (see stadtteil_pages.api)."""

from stadtteil_pages.api import api_urlpatterns

urlpatterns = api_urlpatterns()
