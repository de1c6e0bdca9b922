"""OParl 1.1 over HTTP for every answer below the system's address.

OParl 1.1 ("Cross-Origin Resource Sharing (CORS)"): every answer with JSON
carries ``Access-Control-Allow-Origin: *``, whatever origins the site allows
elsewhere. Preflights are answered here, and errors that other middleware
produced without a body (a 405 for a POST) become OParl error objects.
"""

import re

from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse

from . import views

HEADER_NAMES = re.compile(r"^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$")


def preflight(request):
    response = HttpResponse(status=200)
    response["Allow"] = views.ALLOWED_METHODS
    response["Content-Length"] = "0"
    if "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
        response["Access-Control-Allow-Methods"] = views.ALLOWED_METHODS
        requested = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "").strip()
        if requested and HEADER_NAMES.match(requested):
            response["Access-Control-Allow-Headers"] = requested
        response["Access-Control-Max-Age"] = "86400"
    return response


def as_oparl_error(request, response):
    """A 404 or 405 without JSON, e.g. of the site's method check, as OParl's."""
    errors = {404: views.not_found, 405: views.method_not_allowed}
    is_json = response.get("Content-Type", "").startswith("application/json")
    if response.status_code in errors and not response.streaming and not is_json:
        return errors[response.status_code](request)
    return response


class OParlCorsMiddleware:
    """Put it before django-cors-headers, whose allowlist then covers the rest of the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            prefix = reverse("stadtteil_oparl:system")
        except NoReverseMatch:  # the host does not serve OParl
            return self.get_response(request)
        if not request.path.startswith(prefix):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = preflight(request)
        else:
            response = as_oparl_error(request, self.get_response(request))
        response["Access-Control-Allow-Origin"] = "*"
        return response
