"""An OParl 1.1 client that imports like a council-information system does.

It talks HTTP to a running server, starts at the ``System``, walks every
list of the body page by page, follows every link, checks each answer and
each object against the clauses of the specification text (sections named
in the messages) and keeps what it imported in memory, by type and id. An
incremental update asks each list for ``modified_since`` with
``omit_internal=true`` and applies what it gets.
"""

import datetime
import json
import re
from collections import defaultdict
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

OPARL = "https://schema.oparl.org/1.1/"
# 2.4 Datums- und Zeitangaben: "yyyy-mm-ddThh:mm:ss±hh:mm"
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Body: the lists the specification marks ZWINGEND (1.0 and "Neu in OParl 1.1").
BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)
# 2.5 Filter: the internal lists that omit_internal may leave out.
INTERNAL_LISTS = {"Meeting": ("auxiliaryFile", "agendaItem"), "Person": ("membership",)}
# Schema: objects embedded in these properties, and the back-reference they leave out.
EMBEDDED = {
    "Meeting": {
        "location": None,
        "invitation": "meeting",
        "resultsProtocol": "meeting",
        "verbatimProtocol": "meeting",
        "auxiliaryFile": "meeting",
    },
    "Person": {"membership": "person"},
    "Body": {"legislativeTerm": "body"},
}
# Properties that link another object by its URL.
LINKS = {
    "Body": ("system",),
    "Organization": ("body", "membership"),
    "Person": ("body",),
    "Meeting": ("organization",),
    "Membership": ("person", "organization", "onBehalfOf"),
    "File": ("meeting",),
}
# Properties that name an external list.
LISTS = {"Organization": ("meeting",)}


class SpecificationError(AssertionError):
    pass


def check(condition, section, message):
    if not condition:
        raise SpecificationError(f"OParl 1.1 {section}: {message}")


def type_name(data):
    check(
        isinstance(data.get("type"), str) and data["type"].startswith(OPARL),
        "3.1 type",
        f"no OParl type: {data!r:.200}",
    )
    return data["type"].removeprefix(OPARL)


def moment(value):
    return datetime.datetime.fromisoformat(value)


def without_internal(data):
    """The object as an update with omit_internal shows it."""
    omitted = INTERNAL_LISTS.get(type_name(data), ())
    return {key: value for key, value in data.items() if key not in omitted}


class Consumer:
    def __init__(self, entry, *, limit=2):
        self.entry = entry
        self.limit = limit
        self.objects = {}
        self.requests = 0
        self.system = None
        self.body = None

    # HTTP

    def get(self, url, **params):
        """One answer, checked as every OParl answer must be."""
        parts = urlsplit(url)
        query = "&".join(filter(None, [parts.query, urlencode(params)]))
        address = urlunsplit(parts._replace(query=query))
        check(
            urlsplit(address).netloc == urlsplit(self.entry).netloc,
            "2.3 URLs",
            f"a link leads away from the server: {address}",
        )
        request = Request(address, headers={"Accept": "application/json"})  # noqa: S310
        try:
            with urlopen(request, timeout=30) as response:  # noqa: S310
                status, headers, body = response.status, response.headers, response.read()
        except HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        self.requests += 1
        check(status == 200, "2.8/2.9", f"{address} answered {status}: {body[:300]!r}")
        check(
            headers.get("Access-Control-Allow-Origin") == "*",
            "2.6 CORS",
            f"{address} lacks Access-Control-Allow-Origin: *",
        )
        check(
            headers.get_content_type() == "application/json",
            "2.4 JSON-Ausgabe",
            f"{address} is {headers.get_content_type()}",
        )
        return json.loads(body)

    def walk(self, url, **params):
        """Every object of an external list, page by page (2.5 Paginierung)."""
        page = self.get(url, limit=self.limit, **params)
        items, pages, sizes = [], 0, []
        while True:
            for key in ("data", "pagination", "links"):
                check(key in page, "2.5 Paginierung", f"a list page of {url} lacks {key}")
            items += page["data"]
            pages += 1
            sizes.append(len(page["data"]))
            if "next" not in page["links"]:
                break
            # The filters stay in the links.
            for name, value in params.items():
                check(
                    f"{name}=" in page["links"]["next"],
                    "2.5 Filter",
                    f"next of {url} lost {name}={value}",
                )
            page = self.get(page["links"]["next"])
        pagination = page["pagination"]
        if "totalPages" in pagination:
            check(pagination["totalPages"] == pages, "2.5 Paginierung", f"{url}: page count")
        if "totalElements" in pagination:
            check(pagination["totalElements"] == len(items), "2.5 Paginierung", f"{url}: total")
        check(
            len(set(sizes[:-1])) <= 1 and all(size <= sizes[0] for size in sizes),
            "2.5 Paginierung",
            f"{url}: elementsPerPage must be the same on all pages but the last ({sizes})",
        )
        ids = [item["id"] for item in items]
        check(len(ids) == len(set(ids)), "2.5 Paginierung", f"{url} repeats objects")
        return items

    # Objects

    def check_object(self, data, *, embedded_in=None, deleted_allowed=False):
        """The clauses every object must meet, embedded ones included."""
        kind = type_name(data)
        check(isinstance(data.get("id"), str), "3.1 id", f"{kind} without id")
        for key in ("created", "modified"):
            check(key in data, f"3.1 {key}", f"{data['id']} lacks {key}")
            check(DATE_TIME.match(data[key]), "2.4", f"{data['id']} {key}={data[key]}")
        check(
            moment(data["created"]) <= moment(data["modified"]),
            "3.1 modified",
            f"{data['id']} was modified before it was created",
        )
        check(None not in data.values(), "2.4 null-Werte", f"{data['id']} has a null value")
        if data.get("deleted"):
            check(deleted_allowed, "2.5 Filter", f"deleted {data['id']} outside modified_since")
            check(embedded_in is None, "2.5 Interne Ausgabe", f"deleted {data['id']} embedded")
            return kind
        for key in ("start", "end"):
            if key in data:
                check(DATE_TIME.match(data[key]), "2.4", f"{data['id']} {key}={data[key]}")
        if "date" in data:
            check(DATE.match(data["date"]), "2.4", f"{data['id']} date={data['date']}")
        if kind == "Meeting":
            # Council-information systems store a meeting with its start.
            check("start" in data, "Meeting.start", f"{data['id']} has no start")
            check(data.get("cancelled") in (True, False), "Meeting", "cancelled is a boolean")
        if kind == "Body":
            for key in BODY_LISTS:
                check(key in data, "Body (ZWINGEND)", f"the body lacks {key}")
        for key, back in EMBEDDED.get(kind, {}).items():
            values = data.get(key)
            for value in values if isinstance(values, list) else [values] if values else []:
                check(isinstance(value, dict), "Schema", f"{data['id']}.{key} is not embedded")
                if back is not None:
                    check(
                        back not in value,
                        "3 Schema (interne Ausgabe)",
                        f"{value['id']} embedded in {data['id']} repeats {back}",
                    )
                self.check_object(value, embedded_in=data["id"])
        return kind

    def keep(self, data):
        self.objects[data["id"]] = data

    def follow(self, data):
        """Every link of one object resolves to an object of its own (3 Schema)."""
        kind = type_name(data)
        for key in LINKS.get(kind, ()):
            values = data.get(key)
            for url in values if isinstance(values, list) else [values] if values else []:
                linked = self.get(url)
                self.check_object(linked)
                check(linked["id"] == url, "3.1 id", f"{url} answers as {linked['id']}")
        for key in LISTS.get(kind, ()):
            if key in data:
                for item in self.walk(data[key]):
                    self.check_object(item)
                    check(
                        data["id"] in item.get("organization", []),
                        "Organization.meeting",
                        f"{item['id']} in {data['id']}'s meetings does not name it",
                    )
        for key in EMBEDDED.get(kind, {}):
            values = data.get(key)
            for value in values if isinstance(values, list) else [values] if values else []:
                alone = self.get(value["id"])
                check(
                    {name: alone.get(name) for name in value} == value,
                    "3 Schema",
                    f"{value['id']} embedded in {data['id']} differs from the object at its id",
                )

    # Import and update

    def full_import(self):
        """The first import: everything, every link followed."""
        self.objects = {}
        self.system = self.get(self.entry)
        check(type_name(self.system) == "System", "2.10 Endpunkt", "the entry is no System")
        self.check_object(self.system)
        bodies = self.walk(self.system["body"])
        check(len(bodies) == 1, "Body", f"{len(bodies)} bodies")
        self.body = bodies[0]
        self.check_object(self.body)
        self.follow(self.body)
        for key in BODY_LISTS:
            for item in self.walk(self.body[key]):
                self.check_object(item)
                alone = self.get(item["id"])
                check(alone == item, "3 Schema", f"{item['id']} differs from its list entry")
                self.follow(item)
                self.keep(item)
        self.check_links_both_ways()
        return self.objects

    def check_links_both_ways(self):
        """Person.membership and Organization.membership name the same memberships."""
        by_type = self.by_type()
        memberships = by_type.get("Membership", {})
        for person in by_type.get("Person", {}).values():
            for membership in person.get("membership", []):
                check(
                    memberships[membership["id"]]["person"] == person["id"],
                    "Membership.person",
                    f"{membership['id']} does not lead back to {person['id']}",
                )
        for organization in by_type.get("Organization", {}).values():
            for url in organization.get("membership", []):
                check(
                    memberships[url]["organization"] == organization["id"],
                    "Organization.membership",
                    f"{url} does not lead back to {organization['id']}",
                )
        for url, membership in memberships.items():
            person = self.objects[membership["person"]]
            check(
                url in [item["id"] for item in person.get("membership", [])],
                "Person.membership",
                f"{membership['person']} does not embed {url}",
            )

    def changes_since(self, since):
        """What an incremental update gets: ``{id: object}`` of every list."""
        changed = defaultdict(dict)
        params = {"modified_since": since.isoformat(), "omit_internal": "true"}
        for bodies_item in self.walk(self.system["body"], **params):
            changed["Body"][bodies_item["id"]] = bodies_item
        for key in BODY_LISTS:
            for item in self.walk(self.body[key], **params):
                self.check_object(item, deleted_allowed=True)
                check(
                    moment(item["modified"]) >= since,
                    "2.5 Filter",
                    f"{item['id']} was modified before modified_since",
                )
                changed[type_name(item)][item["id"]] = item
        return dict(changed)

    def apply(self, changes):
        """Update the local copy as an importer does: replace or remove."""
        for items in changes.values():
            for url, item in items.items():
                if item.get("deleted"):
                    self.objects.pop(url, None)
                else:
                    self.objects[url] = {**without_internal(item), **self.internal_of(url)}

    def internal_of(self, url):
        """The internal lists an update left out, kept from the local copy."""
        known = self.objects.get(url, {})
        if not known:
            return {}
        return {key: known[key] for key in INTERNAL_LISTS.get(type_name(known), ()) if key in known}

    def by_type(self):
        result = defaultdict(dict)
        for url, data in self.objects.items():
            result[type_name(data)][url] = data
        return dict(result)
