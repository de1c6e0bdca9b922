"""API v3 (Wagtail's preview) for the public: read-only, anonymous, same rule.

Wagtail's v3 routers are mounted as they are, behind ``guard_v3``: writes
answer 405 and tokens are ignored unless ``STADTTEIL_API_V3_WRITES`` is on,
parameters that would reach the database as server errors are answered 400
first, and pages, documents and images follow the publication rule.
"""

import json
import logging
from functools import partial, wraps
from http import HTTPStatus
from importlib import import_module

from django.apps import apps
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .. import conf
from ..http import public_response
from ..public.publication import published, published_media
from .parameters import (
    MAX_INTEGER,
    ParameterError,
    check_parameter_values,
    integer_value,
    parse_pagination,
    request_site,
)

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def problem(status, message, parameter=None, errors=None):
    """An RFC 7807 problem with the ``message`` and ``parameter`` of API v2."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(message),
        "message": str(message),
        "parameter": parameter,
    }
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type="application/problem+json")


def json_answer(body):
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def read_only_schema(request, response):
    """The OpenAPI document without the operations that answer 405."""
    if conf.api_v3_writes():
        return response
    schema = json.loads(response.content)
    for operations in schema.get("paths", {}).values():
        for method in ("post", "put", "patch", "delete"):
            operations.pop(method, None)
    schema["paths"] = {
        path: operations for path, operations in schema["paths"].items() if operations
    }
    schema.setdefault("info", {})["description"] = str(
        _("Read-only public API of the district conferences (Wagtail API v3 preview).")
    )
    return json_answer(schema)


def public_redirects(request, response):
    """Redirects as visitors meet them: one to a hidden page leads nowhere.

    The redirect middleware answers 404 for such a redirect; the API names
    neither the hidden page's id nor its address.
    """
    body = json.loads(response.content)
    items = body["items"] if isinstance(body, dict) and "items" in body else [body]
    targets = {item.get("redirect_page_id") for item in items} - {None}
    visible = set(
        published(Page, request, locale=None).filter(pk__in=targets).values_list("pk", flat=True)
    )
    for item in items:
        if item.get("redirect_page_id") is not None and item["redirect_page_id"] not in visible:
            item["redirect_page_id"] = None
            item["redirect_page_route_path"] = ""
    return json_answer(body)


def public_parent(request, response):
    """A page's parent as visitors meet it: none above the site's home page.

    Wagtail names any parent, the tree's root included; the other ancestors
    of a public page are public by the rule. Editors (API v3 writes) see it.
    """
    body = json.loads(response.content)
    parent = body.get("meta", {}).get("parent")
    if parent is None or request.user.is_authenticated:
        return response
    if published(Page, request, locale=None).filter(pk=parent["id"]).exists():
        return response
    body["meta"]["parent"] = None
    return json_answer(body)


# What the public sees of a successful answer, by the name of Wagtail's route.
PUBLIC_ANSWERS = {
    "openapi-json": read_only_schema,
    "list_redirects": public_redirects,
    "detail_redirect": public_redirects,
    "detail_page": public_parent,
}


def guard_v3(view):
    """Read-only and anonymous unless ``STADTTEIL_API_V3_WRITES``; safe parameters; caching."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not conf.api_v3_writes():
            if request.method not in SAFE_METHODS:
                response = problem(405, _("The API is read-only."))
                response["Allow"] = ", ".join(SAFE_METHODS)
                return response
            # Tokens would show drafts; without writes nobody needs them.
            request.META.pop("HTTP_AUTHORIZATION", None)
            request.__dict__.pop("headers", None)  # a cached copy would still have it
        if request.method in ("GET", "HEAD"):
            # What Wagtail's API v3 would answer with a server error.
            for value in kwargs.values():
                number = value if isinstance(value, int) else integer_value(str(value))
                if number is not None and number > MAX_INTEGER:
                    return problem(404, _("Not found."))
            try:
                check_parameter_values(request.GET)
                parse_pagination(request.GET)
            except ParameterError as error:
                return problem(400, error, error.parameter)
        response = named_parameter_problem(request, answer_head_as_get(view, request, args, kwargs))
        public_answer = PUBLIC_ANSWERS.get(request.resolver_match.url_name)
        if response.status_code == 200 and public_answer is not None:
            response = public_answer(request, response)
        return public_response(request, response)

    return wrapped


def answer_head_as_get(view, request, args, kwargs):
    """The view's answer, with HEAD routed as GET: Wagtail's v3 routers know only GET.

    As for every other view, the server sends no body for HEAD.
    """
    if request.method != "HEAD":
        return view(request, *args, **kwargs)
    request.method = "GET"
    try:
        return view(request, *args, **kwargs)
    finally:
        request.method = "HEAD"


def named_parameter_problem(request, response):
    """Wagtail's API v3 answers a bad parameter with 422 and a location; make it
    the 400 of API v2 that names the parameter (the details stay in ``errors``)."""
    if request.method not in ("GET", "HEAD") or response.status_code not in (400, 422):
        return response
    if not response.get("Content-Type", "").startswith("application/problem+json"):
        return response
    body = json.loads(response.content)
    errors = body.get("errors") or []
    if any(
        error.get("type") == "get_attribute_error" or (error.get("loc") or [None])[0] == "response"
        for error in errors
    ):
        # Not about the request: building the answer failed (an attribute
        # raised, e.g. the cache was unreachable, or the response schema).
        # Its message names internal hosts; log it only.
        logger.error("API v3 could not build %s: %s", request.get_full_path(), body)
        return problem(500, _("The server could not answer this request. Please try again later."))
    message = errors[0].get("msg") if errors else body.get("detail", "")
    location = [str(part) for part in errors[0].get("loc", ())] if errors else []
    return problem(400, message, guess_parameter(request.GET, location, message), errors)


def guess_parameter(params, location, message):
    """The query parameter an error is about: from its location, else its value."""
    named = [part for part in location if part in params]
    if named:
        return named[0]
    if len(params) == 1:
        return next(iter(params))
    quoted = [name for name, value in params.items() if value and f"'{value}'" in message]
    return quoted[0] if len(quoted) == 1 else None


def configure_v3(api):
    """Restore the /locales/ router and apply the publication rule to API v3."""
    from wagtail.api.v3.errors import as_validation_error
    from wagtail.api.v3.routers import pages as pages_router
    from wagtail.locales.api.v3 import router as locales_router

    documents_router = import_module("wagtail.documents.api.v3.router")
    images_router = import_module("wagtail.images.api.v3.router")
    if getattr(pages_router.get_pages_queryset, "publication_rule", False):
        return  # configured already (the URLconf was loaded again)

    # wagtail.locales adds this router in its ready(); wagtail-localize replaces
    # that app, and a site may have neither.
    if not apps.is_installed("wagtail.locales"):
        api.add_router("/locales/", locales_router)

    # Wagtail's v3 routers look these functions up at call time; pointing
    # them at the publication rule is the one way to make v3 show exactly
    # what v2 and the site show (no expired pages, no unused files).
    authenticated_pages = pages_router.get_pages_queryset

    def public_pages(request, model=Page):
        if request.user.is_authenticated:  # only with STADTTEIL_API_V3_WRITES
            return authenticated_pages(request, model)
        try:
            site = request_site(request)
        except ParameterError as error:
            raise as_validation_error(error, str(error), loc=("query", "site")) from error
        # Through the primary key, which search can filter by (see v2).
        public = published(model, request, site=site, locale=None)
        return (
            model.objects.filter(pk__in=public.values("pk"))
            .select_related("content_type", "locale")
            .order_by("pk")
        )

    def public_media(model, request):
        return published_media(model, request).prefetch_related("tags").order_by("pk")

    public_pages.publication_rule = True
    pages_router.get_pages_queryset = public_pages
    documents_router.get_documents_queryset = partial(public_media, get_document_model())
    images_router.get_images_queryset = partial(public_media, get_image_model())


def public_v3_urlpatterns():
    """Wagtail's API v3 with our rule and guard; include at ``api/v3/``."""
    from wagtail.api.v3.urls import api

    configure_v3(api)
    patterns, app_name, namespace = api.urls
    decorate_urlpatterns(patterns, guard_v3)
    return patterns, app_name, namespace
