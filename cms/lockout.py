"""Brute-force protection beyond Django's login: the password of restricted
pages and documents, and the client address behind the reverse proxy.

django-axes counts failed logins through Django's ``authenticate()``; the
password form of a view-restricted page or collection does not call it, so
this middleware reports its failures to axes under a user name of its own
(``page-password:<restriction id>``). Lockouts, cool-off and ``axes_reset``
then work for both in the same way.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response

PASSWORD_VIEWS = {
    "wagtailcore_authenticate_with_password": "page-password",
    "wagtaildocs_authenticate_with_password": "document-password",
}


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login through a web request.

    Logins without a request come from the server's own code (management
    commands, tests' ``client.login``), never from a visitor; they are left
    to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out visitor sees (429), with how long the lock lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "security/lockout.html", context, status=429)


def client_ip_address(request):
    """The visitor's address: behind ``TRUSTED_PROXY_COUNT`` proxies the one
    the outermost proxy saw (from ``X-Forwarded-For``), else the peer."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class PasswordFormLockoutMiddleware:
    """Lock the password form of a restricted page after too many wrong passwords."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        kind = PASSWORD_VIEWS.get(match.url_name if match else None)
        if kind is None or request.method != "POST" or not settings.AXES_ENABLED:
            return None
        restriction = view_kwargs.get("page_view_restriction_id") or view_kwargs.get(
            "restriction_id"
        )
        credentials = {settings.AXES_USERNAME_FORM_FIELD: f"{kind}:{restriction}"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, None, credentials)
        response = view_func(request, *view_args, **view_kwargs)
        # A right password redirects; a wrong one shows the form again.
        if response.status_code == 200:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                return get_lockout_response(request, response, credentials)
        return response
