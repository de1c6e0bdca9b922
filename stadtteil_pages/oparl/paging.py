"""The query parameters of OParl lists and the paging of their results.

OParl 1.1 lists take ``created_since``, ``created_until``, ``modified_since``,
``modified_until``, ``limit`` and ``omit_internal``; the page is chosen with
``page``.
"""

import datetime
import math
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from .. import conf
from ..parameters import ParameterError, check_no_nul, parse_flag, parse_moment, parse_whole

DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
KNOWN_PARAMETERS = frozenset([*DATE_FILTERS, "limit", "page", "omit_internal"])
# A whole number of up to nine digits; a minus sign makes ``limit=-5`` a number, not a typo.
WHOLE_NUMBER = re.compile(r"^-?\d{1,9}$")


@dataclass(frozen=True)
class Entry:
    """One object of a list: its id, dates and whether it is gone."""

    pk: int
    created: datetime.datetime | None
    modified: datetime.datetime | None
    deleted: bool = False


def parse_boolean(params, name):
    """``true`` or ``false`` in any case; absent, false."""
    return parse_flag(
        params, name, spellings={"true": True, "false": False}, default=False, any_case=True
    )


@dataclass
class ListQuery:
    """The parsed parameters of one list request."""

    bounds: dict
    limit: int
    page: int
    omit_internal: bool

    @classmethod
    def from_request(cls, request):
        params = request.GET
        for name in params:
            if name not in KNOWN_PARAMETERS:
                raise ParameterError(
                    name,
                    _("Unknown query parameter “%(name)s”; OParl lists take %(known)s.")
                    % {"name": name, "known": ", ".join(sorted(KNOWN_PARAMETERS))},
                )
            check_no_nul(name, params[name])
        bounds = {name: parse_moment(params, name) for name in DATE_FILTERS if name in params}
        # OParl: a client must not expect the server to keep to its limit; the
        # page says how many it holds. Below one, the default is used.
        limit = parse_whole(params, "limit", 0, WHOLE_NUMBER)
        limit = min(limit if limit > 0 else conf.oparl_page_size(), conf.oparl_max_page_size())
        page = parse_whole(params, "page", 1, WHOLE_NUMBER)
        if page < 1:
            raise ParameterError(
                "page", _("%(name)s must be a whole number of at least 1.") % {"name": "page"}
            )
        return cls(bounds, limit, page, parse_boolean(params, "omit_internal"))

    def accepts(self, entry):
        # OParl 1.1 lists deleted objects in answers to ``modified_since`` only.
        if entry.deleted and "modified_since" not in self.bounds:
            return False
        for name, moment in self.bounds.items():
            field, side = name.split("_")
            value = getattr(entry, field)
            if value is None:
                return False
            # Compared as printed: to the second.
            value = value.replace(microsecond=0)
            if value < moment if side == "since" else value > moment:
                return False
        return True


def paginate(entries, query, list_url):
    """The requested page of the filtered entries and the OParl paging data.

    Returns the entries on the page and the list's ``pagination`` and
    ``links``. The order is the object id, so that a client walking the
    pages sees every object once even while the list grows.
    """
    selected = sorted((entry for entry in entries if query.accepts(entry)), key=lambda e: e.pk)
    total = len(selected)
    pages = max(1, math.ceil(total / query.limit))
    # A page past the last (the list shrank while a client walked it) is
    # empty: the client stops, as there is no ``next``.
    start = (query.page - 1) * query.limit
    pagination = {
        "totalElements": total,
        "elementsPerPage": query.limit,
        "currentPage": query.page,
        "totalPages": pages,
    }

    def link(page):
        """The same list's other page, with the same parameters."""
        params = {name: moment.isoformat() for name, moment in query.bounds.items()}
        if query.limit != conf.oparl_page_size():
            params["limit"] = query.limit
        if query.omit_internal:
            params["omit_internal"] = "true"
        if page > 1:
            params["page"] = page
        return f"{list_url}?{urlencode(params)}" if params else list_url

    links = {"first": link(1)}
    if query.page > 1:
        links["prev"] = link(min(query.page - 1, pages))
    if query.page < pages:
        links["next"] = link(query.page + 1)
    links["last"] = link(pages)
    return selected[start : start + query.limit], {"pagination": pagination, "links": links}
