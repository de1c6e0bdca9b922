"""HTTP caching for what other sites fetch again and again: the API and the feeds.

A response that anyone may see gets an ``ETag`` (a hash of its body) and
``Cache-Control: public, max-age=…``; a client that sends the ETag back in
``If-None-Match`` gets ``304 Not Modified`` without the body. This is
Django's ``ConditionalGetMiddleware`` behaviour, scoped to the views that ask
for it and with the public cache lifetime added.
"""

import hashlib
from functools import wraps

from django.utils.cache import get_conditional_response, patch_cache_control

from . import conf


def conditional_public_response(request, response, max_age=None):
    """Make a finished response cacheable and answer a matching conditional GET.

    Only successful, complete answers to anonymous GET or HEAD requests are
    marked public; anything sent with credentials is marked private, so that
    a shared cache never hands one client's answer to another.
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.streaming or response.has_header("Set-Cookie"):
        return response
    if "HTTP_AUTHORIZATION" in request.META:
        patch_cache_control(response, private=True, no_cache=True)
        return response
    if not response.has_header("ETag"):
        response.headers["ETag"] = '"%s"' % hashlib.sha256(response.content).hexdigest()[:32]  # noqa: UP031
    patch_cache_control(
        response, public=True, max_age=conf.api_max_age() if max_age is None else max_age
    )
    return get_conditional_response(request, etag=response.headers["ETag"], response=response)


def public_cache(view):
    """Decorate a view with ``conditional_public_response``.

    For methods (e.g. a ``RoutablePageMixin`` route) use
    ``method_decorator(public_cache)``.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        return conditional_public_response(request, response)

    return wrapped
