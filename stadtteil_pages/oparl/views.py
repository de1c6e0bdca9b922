"""The OParl 1.1 endpoints: the system, the body, its lists and single objects.

Read-only JSON for anyone. Every response is built from the publication rule
(``stadtteil_pages.publication``) through ``objects``; a bad parameter gets
``400 {"message", "parameter"}`` and an unknown object ``404 {"message"}``.
"""

import json
from functools import wraps

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from ..http import public_response
from . import serializers
from .objects import KINDS, ORGANIZATION
from .paging import Entry, ListQuery, ParameterError, paginate

CONTENT_TYPE = "application/json; charset=utf-8"


def json_response(request, data, status=200):
    body = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    response = HttpResponse(body, content_type=CONTENT_TYPE, status=status)
    return public_response(request, response)


def not_found(request):
    return json_response(request, {"message": str(_("There is no such OParl object."))}, 404)


def oparl_view(view):
    """Shared by every endpoint: GET and HEAD only, the site's context, JSON errors."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        ctx = serializers.Context.for_request(request)
        if ctx is None:
            return not_found(request)
        try:
            return view(request, ctx, *args, **kwargs)
        except ParameterError as error:
            body = {"message": error.message, "parameter": error.parameter}
            return json_response(request, body, 400)

    return wrapped


def external_list(request, ctx, list_url, kind, entries):
    """One page of an OParl external list of the entries of one kind."""
    query = ListQuery.from_request(request)
    selected, pagination, links = paginate(entries.values(), query, list_url)
    public = [entry.pk for entry in selected if not entry.deleted]
    objects = kind.serialize(ctx, kind.load(ctx, public), entries) if public else {}
    data = []
    for entry in selected:
        if entry.deleted:
            data.append(serializers.deleted_object(ctx, kind.name, entry))
        elif entry.pk in objects:
            data.append(objects[entry.pk])
    return json_response(request, {"data": data, "pagination": pagination, "links": links})


@oparl_view
def system(request, ctx):
    """The entry object: which OParl version, and where the bodies are."""
    return json_response(request, serializers.system_object(ctx))


@oparl_view
def body_index(request, ctx):
    """The list of bodies: the one city this site speaks for.

    The body has no dates of its own, so a date filter leaves it out.
    """
    query = ListQuery.from_request(request)
    body_entry = Entry(ctx.site.pk, created=None, modified=None)
    selected, pagination, links = paginate([body_entry], query, ctx.url("body_index"))
    data = [serializers.body_object(ctx)] if selected else []
    return json_response(request, {"data": data, "pagination": pagination, "links": links})


@oparl_view
def body(request, ctx, body_id):
    if int(body_id) != ctx.site.pk:
        return not_found(request)
    return json_response(request, serializers.body_object(ctx))


@oparl_view
def body_list(request, ctx, body_id, kind):
    """The body's external lists; papers are an empty list (the conferences decide none)."""
    if int(body_id) != ctx.site.pk:
        return not_found(request)
    list_url = ctx.body_list_url(kind)
    if kind == "paper":
        query = ListQuery.from_request(request)
        _nothing, pagination, links = paginate([], query, list_url)
        return json_response(request, {"data": [], "pagination": pagination, "links": links})
    return external_list(request, ctx, list_url, KINDS[kind], KINDS[kind].entries(ctx))


@oparl_view
def organization_meetings(request, ctx, pk):
    """The meetings of one district conference."""
    conference = ORGANIZATION.public(ctx).filter(pk=int(pk)).first()
    if conference is None:
        return not_found(request)
    kind = KINDS["meeting"]
    entries = kind.entries(ctx, scope=Q(path__startswith=conference.path))
    return external_list(request, ctx, ctx.url("organization_meetings", int(pk)), kind, entries)


@oparl_view
def detail(request, ctx, kind, pk):
    """One object; one that is gone but was public answers ``deleted: true``."""
    kind, pk = KINDS[kind], int(pk)
    entry = kind.entries(ctx, only=pk).get(pk)
    if entry is None:
        return not_found(request)
    if entry.deleted:
        return json_response(request, serializers.deleted_object(ctx, kind.name, entry))
    objects = kind.serialize(ctx, kind.load(ctx, [pk]), {pk: entry})
    if pk not in objects:
        return not_found(request)
    return json_response(request, objects[pk])
