"""Build districts, contacts, venues and the conference tree from a data file.

``manage.py import_conferences FILE`` reads a TOML or JSON file (format:
``docs/install.md``); a host's own loader can subclass :class:`ConferenceImporter`
to add its pages around the conference tree. What already exists — a district
by its slug, a contact or a venue by its name, a page by its slug under its
parent — is left as editors made it, so importing again creates, changes and
duplicates nothing. The whole file is checked before anything is written, and
every error names its place in the file, e.g. ``conferences[2].meetings[0].start``.
"""

import datetime
import json
import tomllib
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.text import slugify

from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin

from phonenumber_field.phonenumber import to_python

from .. import conf
from ..models import (
    ConferenceIndexPage,
    ContactPerson,
    District,
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingPage,
    ProjectClosure,
    ProjectContact,
    ProjectPage,
    ProjectScheduleRule,
    ProtocolIndexPage,
    Venue,
)


class ImportDataError(ValueError):
    """A data file that cannot be imported, with the key path or line at fault."""

    def __init__(self, place, message):
        super().__init__(f"{place}: {message}" if place else message)


def read_data_file(path):
    """The file's content as a dict; TOML unless the name ends in ``.json``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportDataError("", f"cannot read {path}: {error.strerror}") from error
    try:
        is_json = path.suffix.lower() == ".json"
        data = json.loads(raw) if is_json else tomllib.loads(raw.decode())
    except json.JSONDecodeError as error:
        raise ImportDataError(
            f"line {error.lineno}, column {error.colno}", f"not valid JSON: {error.msg}"
        ) from error
    except tomllib.TOMLDecodeError as error:
        # The message ends with "(at line L, column C)".
        raise ImportDataError("", f"not valid TOML: {error}") from error
    except UnicodeDecodeError as error:
        raise ImportDataError("", "the file is not UTF-8 text") from error
    if not isinstance(data, dict):
        raise ImportDataError("", "the file must hold a table (an object) at the top")
    return data


# What each entry may contain: name -> (kind, required). A kind in a list is a
# list of such entries, a dict a nested table.

PAGE = {
    "title": ("text", True),
    "slug": ("slug", True),
    "introduction": ("text", False),
    "body": ("blocks", False),
    "show_in_menus": ("bool", False),
    "search_description": ("text", False),
}
DISTRICT = {"name": ("text", True), "slug": ("slug", True)}
CONTACT = {
    "name": ("text", True),
    **dict.fromkeys(
        (
            "role",
            "organisation",
            "email",
            "office",
            "street",
            "postal_code",
            "city",
            "office_hours",
        ),
        ("text", False),
    ),
    "phone": ("phone", False),
    "mobile": ("phone", False),
}
VENUE = {
    "name": ("text", True),
    "street": ("text", True),
    "postal_code": ("text", False),
    "city": ("text", False),
    "district": ("text", False),
    "latitude": ("decimal", False),
    "longitude": ("decimal", False),
    "accessibility": ("text", False),
}
MEETING = {
    **PAGE,
    "status": ("status", False),
    "start": ("datetime", False),
    "end": ("datetime", False),
    "venue": ("text", False),
    "agenda": ("blocks", False),
}
RULE = {
    "weekday": ("weekday", True),
    "start_time": ("time", True),
    "end_time": ("time", True),
    "valid_from": ("date", False),
    "valid_until": ("date", False),
}
CLOSURE = {"start_date": ("date", True), "end_date": ("date", False), "reason": ("text", False)}
PROJECT = {
    **PAGE,
    "tagline": ("text", False),
    "venue": ("text", False),
    "price": ("decimal", False),
    "price_includes": ("text", False),
    "audience": ("text", False),
    "closed_on_public_holidays": ("bool", False),
    "conference": ("slug", False),
    "contacts": ("texts", False),
    "schedule": ([RULE], False),
    "closures": ([CLOSURE], False),
}
CONFERENCE = {
    **PAGE,
    "districts": ("texts", True),
    "contacts": ("texts", False),
    "meetings": ([MEETING], False),
    "projects": ([PROJECT], False),
}
INDEX = {
    **PAGE,
    "lead_organisers": ("text", False),
    "project_lead": ("text", False),
    "projects": ([PROJECT], False),
}
FILE = {
    "districts": ([DISTRICT], False),
    "contacts": ([CONTACT], False),
    "venues": ([VENUE], False),
    "index": (INDEX, True),
    "protocols": (PAGE, False),
    "conferences": ([CONFERENCE], False),
}


def _parse_iso(kind):
    """TOML gives dates and times as such, JSON as ISO text."""
    return lambda value: value if type(value) is kind else kind.fromisoformat(value)


def _parse_datetime(value):
    moment = _parse_iso(datetime.datetime)(value)
    return moment.replace(tzinfo=conf.event_timezone()) if moment.tzinfo is None else moment


def _parse_decimal(value):
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError
    return Decimal(str(value))


def _accepting(test):
    """A parser that passes on what ``test`` accepts and refuses the rest."""

    def parse(value):
        if not test(value):
            raise ValueError
        return value

    return parse


def _is_list_of(test):
    return lambda value: isinstance(value, list) and all(map(test, value))


def _is_block(value):
    return isinstance(value, dict) and isinstance(value.get("type"), str) and "value" in value


PARSERS = {
    "text": (_accepting(lambda value: isinstance(value, str)), "text"),
    "phone": (_accepting(lambda value: isinstance(value, str)), "a phone number as text"),
    "bool": (_accepting(lambda value: isinstance(value, bool)), "true or false"),
    "slug": (
        _accepting(lambda value: isinstance(value, str) and value and slugify(value) == value),
        "a slug (lower-case letters, digits and hyphens)",
    ),
    "texts": (_accepting(_is_list_of(lambda item: isinstance(item, str))), "a list of texts"),
    "blocks": (
        _accepting(_is_list_of(_is_block)),
        "a list of blocks, each with a type and a value",
    ),
    "datetime": (_parse_datetime, "a date and time such as 2026-03-18T18:00"),
    "date": (_parse_iso(datetime.date), "a date such as 2026-03-18"),
    "time": (_parse_iso(datetime.time), "a time such as 18:00"),
    "decimal": (_parse_decimal, "a number such as 3.50"),
    "weekday": (
        _accepting(lambda value: not isinstance(value, bool) and value in range(7)),
        "a weekday from 0 (Monday) to 6 (Sunday)",
    ),
    "status": (
        _accepting(lambda value: value in MeetingPage.Status.values),
        "one of " + ", ".join(MeetingPage.Status.values),
    ),
}


def check_entry(value, spec, place, ignore=()):
    """The entry with its values parsed, or an ImportDataError naming the key."""
    if not isinstance(value, dict):
        raise ImportDataError(place, "expected a table (an object)")
    unknown = sorted(set(value) - set(spec) - set(ignore))
    if unknown:
        raise ImportDataError(
            _join(place, unknown[0]), f"unknown key; expected one of {', '.join(sorted(spec))}"
        )
    checked = {}
    for key, (kind, required) in spec.items():
        where = _join(place, key)
        if key not in value:
            if required:
                raise ImportDataError(where, "missing")
            continue
        item = value[key]
        if isinstance(kind, list):
            if not isinstance(item, list):
                raise ImportDataError(where, "expected a list of tables")
            checked[key] = [
                check_entry(entry, kind[0], f"{where}[{number}]")
                for number, entry in enumerate(item)
            ]
        elif isinstance(kind, dict):
            checked[key] = check_entry(item, kind, where)
        else:
            parse, expected = PARSERS[kind]
            try:
                checked[key] = parse(item)
            except (ValueError, TypeError, InvalidOperation) as error:
                raise ImportDataError(where, f"expected {expected}, got {item!r}") from error
    return checked


def _join(place, key):
    return f"{place}.{key}" if place else key


def _first_block_error(data, place, top=False):
    """The place and message of the first error in a StreamField's error tree."""
    for key, child in (data.get("blockErrors") or {}).items():
        if str(key).isdigit():
            where = f"{place}[{key}].value" if top else f"{place}[{key}]"
        else:
            where = f"{place}.{key}"
        return _first_block_error(child, where)
    return place, " ".join(str(message) for message in data.get("messages", []))


@contextmanager
def _reported_at(place):
    """A model's ValidationError as an ImportDataError at ``place``."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "message_dict"):
            message = "; ".join(
                f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                for field, messages in error.message_dict.items()
            )
        else:
            message = " ".join(error.messages)
        raise ImportDataError(place, message) from error


SNIPPET_NOUNS = {District: "district", ContactPerson: "contact", Venue: "venue"}
# The snippets of a file in the order they may name each other, with the key
# that finds one already in the site.
SNIPPETS = (
    (District, "districts", "slug"),
    (ContactPerson, "contacts", "name"),
    (Venue, "venues", "name"),
)


class ConferenceImporter:
    """Creates what a checked data file describes, below a parent page.

    ``host_sections`` names top-level sections that a subclass handles itself
    (they are not checked here). Call :meth:`build` with the parent page, then
    :meth:`publish_pending` once every page of the run exists.
    """

    host_sections = ()

    def __init__(self, data, created=None):
        self.data = data
        self.content = check_entry(data, FILE, "", ignore=self.host_sections)
        self.created = [] if created is None else created
        self.locale = Locale.get_default()
        self.pending = []  # (page, item, fill, place) to publish once every page exists
        self.snippets = {model: {} for model in SNIPPET_NOUNS}  # the file's, by slug or name
        self.conferences = {}

    def run(self, parent):
        """Import everything below ``parent`` and publish it."""
        index = self.build(parent)
        self.publish_pending()
        return index

    def build(self, parent):
        """Snippets first, then the pages (as drafts); returns the conference index."""
        content = self.content
        for model, section, key in SNIPPETS:
            for number, item in enumerate(content.get(section, [])):
                self.snippets[model][item[key]] = self.stored(model, item[key]) or self.snippet(
                    model, item, f"{section}[{number}]"
                )
        parent = self.root = parent.specific
        if parent.specific_class not in ConferenceIndexPage.allowed_parent_page_models():
            raise ImportDataError(
                "index",
                f"a conference index cannot be created below {parent.title!r} "
                f"({parent.specific_class._meta.label}); see STADTTEIL_INDEX_PARENT_PAGE_TYPES",
            )
        index = self.page(parent, ConferenceIndexPage, content["index"], self.fill_index, "index")
        if "protocols" in content:
            self.page(index, ProtocolIndexPage, content["protocols"], self.fill_common, "protocols")
        projects = []
        for number, item in enumerate(content.get("conferences", [])):
            place = f"conferences[{number}]"
            conference = self.page(index, DistrictConferencePage, item, self.fill_conference, place)
            self.conferences[item["slug"]] = conference
            for position, meeting in enumerate(item.get("meetings", [])):
                where = f"{place}.meetings[{position}]"
                self.page(conference, MeetingPage, meeting, self.fill_meeting, where)
            projects += [
                (conference, project, f"{place}.projects[{position}]")
                for position, project in enumerate(item.get("projects", []))
            ]
        projects += [
            (index, project, f"index.projects[{position}]")
            for position, project in enumerate(content["index"].get("projects", []))
        ]
        # After every conference, which a project may name as its origin.
        for parent_page, project, place in projects:
            self.page(parent_page, ProjectPage, project, self.fill_project, place)
        return index

    def publish_pending(self):
        """Fill and publish the new pages once every page exists, so links resolve."""
        for page, item, fill, place in self.pending:
            with _reported_at(place):
                fill(page, item, place)
                page.save_revision(log_action=True).publish()
        self.pending = []

    # Snippets

    def stored(self, model, value):
        """The district (by slug), contact or venue (by name) already in the site."""
        if model is District:
            return District.objects.filter(slug=value).first()
        return model.objects.filter(name=value, locale=self.locale).first()

    def snippet(self, model, item, place):
        """A new district, contact (published) or venue, validated like the admin's."""
        fields = dict(item)
        region = getattr(settings, "PHONENUMBER_DEFAULT_REGION", None) or "DE"
        for key in ("phone", "mobile"):
            if item.get(key):
                fields[key] = to_python(item[key], region=region)
                if not fields[key].is_valid():
                    raise ImportDataError(
                        _join(place, key), f"not a valid phone number: {item[key]!r}"
                    )
        if "district" in item:
            fields["district"] = self.lookup(District, item["district"], place, "district")
        if issubclass(model, TranslatableMixin):
            fields["locale"] = self.locale
        if issubclass(model, DraftStateMixin):
            fields["live"] = False
        snippet = model(**fields)
        with _reported_at(place):
            snippet.full_clean()
        snippet.save()
        if "live" in fields:  # a draft-state snippet goes live with its first revision
            snippet.save_revision(log_action=True).publish()
        self.created.append(f"{SNIPPET_NOUNS[model]} {snippet}")
        return snippet

    def lookup(self, model, value, place, key):
        """A district, contact or venue named in the file or already stored."""
        found = self.snippets[model].get(value) or self.stored(model, value)
        if found is None:
            raise ImportDataError(
                _join(place, key), f"no {SNIPPET_NOUNS[model]} {value!r} in the file or the site"
            )
        return found

    def contacts(self, item, place):
        return [
            self.lookup(ContactPerson, name, place, f"contacts[{number}]")
            for number, name in enumerate(item.get("contacts", []))
        ]

    # Pages

    def page(self, parent, model, item, fill, place=""):
        """The page below ``parent`` with the item's slug, created as a draft if new."""
        # child_of() reads the tree itself, not the parent's cached child count.
        existing = Page.objects.child_of(parent).filter(slug=item["slug"]).first()
        if existing:
            return existing.specific
        page = model(
            title=item["title"],
            slug=item["slug"],
            show_in_menus=item.get("show_in_menus", False),
            live=False,
        )
        if model is MeetingPage:
            # Validation needs the dates and the status before the first save.
            page.start, page.end = item.get("start"), item.get("end")
            page.status = item.get(
                "status", page.Status.SCHEDULED if page.start else page.Status.TO_BE_ANNOUNCED
            )
        with _reported_at(place):
            parent.add_child(instance=page)
        self.pending.append((page, item, fill, place))
        self.created.append(f"page {page.url_path}")
        return page

    def fill_common(self, page, item, place=""):
        page.introduction = item.get("introduction", "")
        page.search_description = item.get("search_description", page.search_description)
        if "body" in item:
            page.body = self.stream(page, "body", item["body"], _join(place, "body"))

    def stream(self, page, field, blocks, place):
        """Blocks checked against the page's StreamField; ``page`` values may be paths."""
        stream_block = page._meta.get_field(field).stream_block
        resolved = []
        for number, block in enumerate(blocks):
            where = f"{place}[{number}]"
            if block["type"] not in stream_block.child_blocks:
                raise ImportDataError(
                    f"{where}.type",
                    f"unknown block {block['type']!r}; "
                    f"expected one of {', '.join(stream_block.child_blocks)}",
                )
            value = block["value"]
            if isinstance(value, dict) and isinstance(value.get("page"), str):
                value = dict(value, page=self.page_by_path(value["page"], f"{where}.value.page"))
            resolved.append({"type": block["type"], "value": value})
        try:
            value = stream_block.to_python(resolved)
            stream_block.clean(value)
        except ValidationError as error:  # a StreamBlockValidationError
            where, message = _first_block_error(error.as_json_data(), place, top=True)
            raise ImportDataError(where, message) from error
        except (ValueError, TypeError, KeyError) as error:
            raise ImportDataError(place, f"cannot be read as blocks ({error})") from error
        # Stored as the page editor stores it (list items with their ids), so
        # that the translation editor offers every text of the stream.
        return json.dumps(stream_block.get_prep_value(value), cls=DjangoJSONEncoder)

    def page_by_path(self, path, place):
        """The id of a page given by its slugs below the index's parent, e.g.
        ``stadtteilkonferenzen/protokolle``."""
        page = self.root
        for slug in path.strip("/").split("/"):
            page = Page.objects.child_of(page).filter(slug=slug).first()
            if page is None:
                raise ImportDataError(place, f"no page {path!r} below {self.root.title!r}")
        return page.pk

    def fill_index(self, page, item, place):
        self.fill_common(page, item, place)
        page.lead_organisers = item.get("lead_organisers", "").strip()
        if "project_lead" in item:
            page.project_lead = self.lookup(
                ContactPerson, item["project_lead"], place, "project_lead"
            )

    def fill_conference(self, page, item, place):
        self.fill_common(page, item, place)
        page.districts = [
            self.lookup(District, slug, place, f"districts[{number}]")
            for number, slug in enumerate(item["districts"])
        ]
        page.contact_links = [
            DistrictConferenceContact(contact=contact) for contact in self.contacts(item, place)
        ]

    def fill_meeting(self, page, item, place):
        self.fill_common(page, item, place)
        if "venue" in item:
            page.venue = self.lookup(Venue, item["venue"], place, "venue")
        if "agenda" in item:
            page.agenda = self.stream(page, "agenda", item["agenda"], _join(place, "agenda"))

    def fill_project(self, page, item, place):
        self.fill_common(page, item, place)
        for key in ("tagline", "price", "price_includes", "audience", "closed_on_public_holidays"):
            if key in item:
                setattr(page, key, item[key])
        if "venue" in item:
            page.venue = self.lookup(Venue, item["venue"], place, "venue")
        if "conference" in item:
            page.conference = self.conferences.get(item["conference"]) or (
                DistrictConferencePage.objects.filter(slug=item["conference"]).first()
            )
            if page.conference is None:
                raise ImportDataError(
                    _join(place, "conference"), f"no district conference {item['conference']!r}"
                )
        page.contact_links = [
            ProjectContact(contact=contact) for contact in self.contacts(item, place)
        ]
        page.schedule_rules = [ProjectScheduleRule(**rule) for rule in item.get("schedule", [])]
        page.closures = [ProjectClosure(**closure) for closure in item.get("closures", [])]
        for key, children in (("schedule", page.schedule_rules), ("closures", page.closures)):
            for number, child in enumerate(children.all()):
                with _reported_at(f"{place}.{key}[{number}]"):
                    child.full_clean(exclude=["page"])
        page.full_clean()
