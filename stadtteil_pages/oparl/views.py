"""The OParl 1.1 endpoints: the system, the body, its lists and single objects.

Read-only JSON for anyone. Every response is built from the publication rule
(``stadtteil_pages.public.publication``) through ``objects``; a bad parameter gets a
400, an unknown object or address a 404, another method a 405, each with
OParl's error object (``type`` ``https://schema.oparl.org/1.1/Error``).
"""

import json
from datetime import datetime
from functools import wraps

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from ..http import public_response
from . import serializers
from .objects import KINDS, MEETING, ORGANIZATION, dated
from .paging import Entry, ListQuery, ParameterError, paginate, parse_boolean

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def json_response(request, data, status=200):
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, content_type="application/json; charset=utf-8", status=status)
    return public_response(request, response)


def not_found(request, *args, **kwargs):
    error = serializers.error_object(_("There is no such OParl object."))
    return json_response(request, error, 404)


def method_not_allowed(request):
    error = serializers.error_object(_("The OParl interface can only be read (GET)."))
    response = json_response(request, error, 405)
    response["Allow"] = ALLOWED_METHODS
    return response


def oparl_view(view):
    """Shared by every endpoint: reading only, the site's context and body, JSON errors."""

    @wraps(view)
    def wrapped(request, *args, body_id=None, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed(request)
        site = Site.find_for_request(request)
        if site is None or (body_id is not None and int(body_id) != site.pk):
            return not_found(request)
        try:
            return view(request, serializers.Context(request, site), *args, **kwargs)
        except ParameterError as error:
            body = serializers.error_object(error.message, parameter=error.parameter)
            return json_response(request, body, 400)

    return wrapped


def serialized(ctx, kind, selected):
    """The selected entries as OParl objects: what is gone as such, the rest if still public."""
    public = {entry.pk: entry for entry in selected if not entry.deleted}
    objects = kind.serialize(ctx, public) if public else {}
    return [
        serializers.deleted_object(ctx, kind.name, entry) if entry.deleted else objects[entry.pk]
        for entry in selected
        if entry.deleted or entry.pk in objects
    ]


def external_list(request, ctx, list_url, kind, entries):
    """One page of an OParl external list of the entries of one kind."""
    query = ListQuery.from_request(request)
    ctx.omit_internal = query.omit_internal
    selected, paging = paginate(entries.values(), query, list_url)
    return json_response(request, {"data": serialized(ctx, kind, selected), **paging})


@oparl_view
def system(request, ctx):
    """The entry object: which OParl version, and where the bodies are."""
    return json_response(request, dated("system", ctx.site.pk, serializers.system_object(ctx)))


@oparl_view
def body_index(request, ctx):
    """The list of bodies: the one city this site speaks for."""
    query = ListQuery.from_request(request)
    city = dated("body", ctx.site.pk, serializers.body_object(ctx))
    dates = (datetime.fromisoformat(city[key]) for key in ("created", "modified"))
    selected, paging = paginate([Entry(ctx.site.pk, *dates)], query, ctx.url("body_index"))
    return json_response(request, {"data": [city] if selected else [], **paging})


@oparl_view
def body(request, ctx):
    return json_response(request, dated("body", ctx.site.pk, serializers.body_object(ctx)))


@oparl_view
def body_list(request, ctx, kind):
    """The body's external lists; those that no kind serves are always empty.

    OParl requires them, but the conferences decide no papers and have no
    numbered agendas or terms.
    """
    entries = KINDS[kind].entries(ctx) if kind in KINDS else {}
    return external_list(request, ctx, ctx.body_list_url(kind), KINDS.get(kind), entries)


@oparl_view
def organization_meetings(request, ctx, pk):
    """The meetings of one district conference."""
    conference = ORGANIZATION.public(ctx).filter(pk=int(pk)).first()
    if conference is None:
        return not_found(request)
    entries = MEETING.entries(ctx, scope=Q(path__startswith=conference.path))
    return external_list(request, ctx, ctx.url("organization_meetings", int(pk)), MEETING, entries)


@oparl_view
def detail(request, ctx, kind, pk):
    """One object; one that is gone but was public answers ``deleted: true``."""
    kind = KINDS[kind]
    ctx.omit_internal = parse_boolean(request.GET, "omit_internal")
    data = serialized(ctx, kind, kind.entries(ctx, only=int(pk)).values())
    return json_response(request, data[0]) if data else not_found(request)
