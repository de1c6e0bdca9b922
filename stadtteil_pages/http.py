"""Cache headers for what other sites fetch again and again: the API and the feeds.

A response that anyone may see gets ``Cache-Control: public, max-age=…``,
so that browsers and proxies may reuse it for ``STADTTEIL_API_MAX_AGE``
seconds. Its ``ETag``, and the ``304 Not Modified`` for a client that sends
it back, come from the response cache (``stadtteil_pages.cache``).
"""

from functools import wraps

from django.utils.cache import patch_cache_control

from . import conf


def public_response(request, response, max_age=None):
    """Mark a finished response public, or private when credentials came with it.

    Only successful, complete answers to anonymous GET or HEAD requests are
    marked public; anything sent with credentials is marked private, so that
    a shared cache never hands one client's answer to another.
    """
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.streaming
        or response.has_header("Set-Cookie")
    ):
        return response
    if "HTTP_AUTHORIZATION" in request.META:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(
            response, public=True, max_age=conf.api_max_age() if max_age is None else max_age
        )
    return response


def public_cache(view):
    """Decorate a view with ``public_response``, rendering a template response first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not getattr(response, "is_rendered", True):
            response.render()
        return public_response(request, response)

    return wrapped
