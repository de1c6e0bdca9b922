"""HTTP hardening of the host: request ids, allowed methods, browser policies."""

import re
import uuid

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware, PolicyParts

from cms.logging import request_id_var
from stadtteil_pages import conf

# An incoming X-Request-ID (from the reverse proxy) is kept when it is short
# and harmless in a log line; anything else is replaced by a fresh id.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIdMiddleware:
    """Give every request an id that appears in each log line and in the
    ``X-Request-ID`` response header, so that an editor's error report can
    be matched with the server's log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # From META, not request.headers: that would be cached before API v3's
        # guard removes the Authorization header.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class HeadAndHeadersMiddleware:
    """Answer HEAD with the headers of GET and no body, and drop the literal
    ``Content-Encoding: None`` of Wagtail's document download.

    Django's WSGI handler sends a view's body for HEAD as well (only its
    development server drops it); gunicorn then warns about every such
    answer. Wagtail's ``sendfile`` copies the encoding that ``mimetypes``
    guessed into the header even when there is none.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Encoding") == "None":
            del response["Content-Encoding"]
        if request.method == "HEAD":
            if response.streaming:
                # The file of a download is still closed with the response.
                response.streaming_content = ()
            else:
                if not response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
                response.content = b""
        return response


READ_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
WRITE_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")

# Addresses that only deliver content: files (but the password form of a
# restricted collection), feeds, machine-readable lists.
READ_ONLY_PATHS = re.compile(
    r"^/(documents/(?!authenticate_with_password/)|media/|static/|sitemap\.xml$|robots\.txt$"
    r"|api/v2/|oparl/)|\.(ics|atom)$"
)


def allowed_methods(path):
    """The HTTP methods an address is meant for.

    Pages take POST (forms, the password of restricted pages); the admin
    also edits with PUT and DELETE (the translation editor saves each text
    that way); API v3 decides about its writing methods itself
    (``STADTTEIL_API_V3_WRITES``); everything else only reads.
    """
    if path.startswith(("/api/v3/", "/admin/")):
        return WRITE_METHODS
    if READ_ONLY_PATHS.search(path):
        return READ_METHODS
    return FORM_METHODS


class AllowedMethodsMiddleware:
    """Answer methods an address is not meant for with 405 (TRACE, CONNECT,
    unknown verbs everywhere; POST on files and feeds), and a plain
    ``OPTIONS`` with the ``Allow`` header. CORS preflights are answered
    before, by django-cors-headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = allowed_methods(request.path_info)
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        if request.method == "OPTIONS":
            if request.path_info.startswith("/api/v3/") and not conf.api_v3_writes():
                allowed = READ_METHODS
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(allowed)
            response["Content-Length"] = "0"
            return response
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses (camera, microphone,
    geolocation …), so that injected or third-party code cannot ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
            )
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy; under /admin/ the directives of ``CSP_ADMIN_REPLACE``
    take the place of the site's (what Wagtail's admin needs), nowhere else."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin_replace = getattr(settings, "CSP_ADMIN_REPLACE", None)
        if admin_replace and request.path_info.startswith("/admin/"):
            replace = {**admin_replace, **(parts.replace or {})}
            parts = PolicyParts(parts.config, parts.update, replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        # Wagtail's preview renders the page through this middleware with a
        # request of the page's own address; the preview's answer (under
        # /admin/) takes the admin's policy instead of the one built for that.
        built_for = getattr(response, "_csp_built_for", None)
        if built_for is not None and built_for != request.path_info:
            for header in (HEADER, HEADER_REPORT_ONLY):
                if header in response:
                    del response[header]
        response = super().process_response(request, response)
        response._csp_built_for = request.path_info
        return response
