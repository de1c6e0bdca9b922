"""System checks: what a host site must get right before the plugin can work.

``manage.py check`` (and every ``runserver`` and ``migrate``) reports a
``STADTTEIL_*`` option of the wrong type or naming something that does not
exist, a missing app, and a base template without the blocks the plugin's
pages fill. Each message names the setting and what would have worked.
"""

import zoneinfo

from django.apps import apps
from django.core import checks
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.utils.module_loading import import_string

from wagtail.models import Page

import holidays

from .conf import DEFAULTS, base_template, option

NONE = type(None)

# Option -> (accepted types, how to describe them).
TYPES = {
    "STADTTEIL_BASE_TEMPLATE": ((str,), "a template name"),
    "STADTTEIL_TIME_ZONE": ((str, NONE), "a time zone name or None"),
    "STADTTEIL_HOLIDAYS_COUNTRY": ((str,), "a country code"),
    "STADTTEIL_HOLIDAYS_SUBDIVISION": ((str, NONE), "a subdivision code or None"),
    "STADTTEIL_INDEX_PARENT_PAGE_TYPES": ((list, tuple, NONE), "a list of page types or None"),
    "STADTTEIL_ORGANIZER": ((str, NONE), "a dotted path or None"),
    "STADTTEIL_API_MAX_AGE": ((int,), "a whole number of seconds"),
    "STADTTEIL_API_V3_WRITES": ((bool,), "True or False"),
    "STADTTEIL_FEED_ENTRIES": ((int,), "a whole number"),
    "STADTTEIL_CALENDAR_EXCEPTION_MONTHS": ((int,), "a whole number of months"),
    "STADTTEIL_SITEMAP_LIMIT": ((int,), "a whole number"),
    "STADTTEIL_ARCHIVE_PAGE_SIZE": ((int,), "a whole number"),
    "STADTTEIL_CACHE": ((bool,), "True or False"),
    "STADTTEIL_CACHE_SECONDS": ((int,), "a whole number of seconds"),
    "STADTTEIL_CACHE_ALIAS": ((str,), "the name of a cache in CACHES"),
    "STADTTEIL_CACHE_PRIVATE_COOKIES": ((list, tuple), "a list of cookie names"),
    "STADTTEIL_CACHE_EXEMPT_PATHS": ((list, tuple), "a list of path prefixes"),
    "STADTTEIL_CACHE_MAX_BYTES": ((int,), "a whole number of bytes"),
    "STADTTEIL_OPARL_BODY": ((dict, str, NONE), "a dict, a dotted path or None"),
    "STADTTEIL_OPARL_PAGE_SIZE": ((int,), "a whole number"),
    "STADTTEIL_OPARL_MAX_PAGE_SIZE": ((int,), "a whole number"),
}

# Apps whose templates, static files or URLs the plugin's admin and API use.
REQUIRED_APPS = [
    "wagtail_localize",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "rest_framework",
    "phonenumber_field",
]

# Blocks of the base template that the plugin's pages fill.
REQUIRED_BLOCK = "content"
EXPECTED_BLOCKS = ["title", "extra_head"]


def check_settings(app_configs=None, **kwargs):
    """Every STADTTEIL_* option: its type, then whether what it names exists."""
    errors = []
    values = {}
    for name, (types, expected) in TYPES.items():
        value = option(name)
        if isinstance(value, types) and not (int in types and isinstance(value, bool)):
            values[name] = value
        else:
            errors.append(
                checks.Error(
                    f"{name} must be {expected}, not {type(value).__name__} {value!r}.",
                    hint=f"Remove the setting to use the default {DEFAULTS[name]!r}.",
                    id="stadtteil_pages.E001",
                )
            )
    return errors + list(_value_errors(values))


def _value_errors(values):
    """What the options of the right type name but does not exist."""
    zone = values.get("STADTTEIL_TIME_ZONE")
    if zone and _find(zoneinfo.ZoneInfo, zone) is None:
        yield checks.Error(
            f"STADTTEIL_TIME_ZONE {zone!r} is not a known time zone.",
            hint='Use an IANA name such as "Europe/Berlin".',
            id="stadtteil_pages.E002",
        )
    country = values.get("STADTTEIL_HOLIDAYS_COUNTRY")
    subdivisions = holidays.list_supported_countries().get(country)
    subdivision = values.get("STADTTEIL_HOLIDAYS_SUBDIVISION")
    if country is not None and subdivisions is None:
        yield checks.Error(
            f"STADTTEIL_HOLIDAYS_COUNTRY {country!r} is not a country the holidays package knows.",
            hint='Use an ISO 3166-1 alpha-2 code such as "DE" or "AT".',
            id="stadtteil_pages.E003",
        )
    elif subdivision and subdivisions is not None and subdivision not in subdivisions:
        yield checks.Error(
            f"STADTTEIL_HOLIDAYS_SUBDIVISION {subdivision!r} is not a subdivision of {country!r}.",
            hint=f"One of {', '.join(subdivisions)}, or None for national holidays only.",
            id="stadtteil_pages.E004",
        )
    for entry in values.get("STADTTEIL_INDEX_PARENT_PAGE_TYPES") or []:
        model = _find(apps.get_model, entry) if isinstance(entry, str) else None
        if not (model and issubclass(model, Page)):
            yield checks.Error(
                f"STADTTEIL_INDEX_PARENT_PAGE_TYPES names {entry!r}, which is not a page "
                "type of an installed app.",
                hint='Use "app_label.ModelName" of a Page model, e.g. "home.HomePage".',
                id="stadtteil_pages.E005",
            )
    path = values.get("STADTTEIL_ORGANIZER")
    try:
        problem = None if not path or callable(import_string(path)) else "is not a function"
    except ImportError as error:
        problem = f"cannot be imported ({error})"
    if problem:
        yield checks.Error(
            f"STADTTEIL_ORGANIZER {path!r} {problem}.",
            hint="Name a function (request) -> dict | None, or remove the setting.",
            id="stadtteil_pages.E006",
        )
    max_age = values.get("STADTTEIL_API_MAX_AGE", 0)
    if max_age < 0:
        yield checks.Error(
            f"STADTTEIL_API_MAX_AGE must not be negative, not {max_age}.",
            hint="0 lets every client ask again each time; 300 is five minutes.",
            id="stadtteil_pages.E008",
        )


def _find(find, name):
    """What ``find(name)`` finds, or None."""
    try:
        return find(name)
    except (LookupError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        return None


def check_apps(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{name!r} must be in INSTALLED_APPS for stadtteil_pages.",
            hint="See the installation guide (docs/install.md).",
            id="stadtteil_pages.E009",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


def check_base_template(app_configs=None, **kwargs):
    """The base template exists and has the blocks the plugin's pages fill."""
    name = base_template()
    if not isinstance(name, str):
        return []  # reported by check_settings
    try:
        blocks = template_blocks(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        return [
            checks.Error(
                f"STADTTEIL_BASE_TEMPLATE {name!r} cannot be loaded: "
                f"{type(error).__name__} {error}.",
                hint="Create the template or name an existing one.",
                id="stadtteil_pages.E007",
            )
        ]
    if blocks is None:
        return []  # not a Django template: its blocks cannot be read
    if REQUIRED_BLOCK not in blocks:
        return [
            checks.Error(
                f"STADTTEIL_BASE_TEMPLATE {name!r} has no block {REQUIRED_BLOCK!r}, so the "
                "plugin's pages would render empty.",
                hint="Add {% block content %}{% endblock %} inside <body>.",
                id="stadtteil_pages.E010",
            )
        ]
    missing = [block for block in EXPECTED_BLOCKS if block not in blocks]
    if missing:
        tags = " ".join(f"{{% block {block} %}}{{% endblock %}}" for block in missing)
        return [
            checks.Warning(
                f"STADTTEIL_BASE_TEMPLATE {name!r} has no block {', '.join(missing)}: the "
                "plugin's pages leave out what goes there (the title, or the feed links and "
                "structured data in <head>).",
                hint=f"Add {tags} to the template's <head>.",
                id="stadtteil_pages.W001",
            )
        ]
    return []


def template_blocks(name, seen=()):
    """Names of the blocks a Django template and the templates it extends define."""
    template = getattr(get_template(name), "template", None)
    nodelist = getattr(template, "nodelist", None)
    if nodelist is None:
        return None
    blocks = {node.name for node in nodelist.get_nodes_by_type(BlockNode)}
    for node in nodelist.get_nodes_by_type(ExtendsNode):
        # A quoted name; a variable ({% extends base_template %}) is left alone.
        parent = node.parent_name.var
        if isinstance(parent, str) and not node.parent_name.filters and parent not in seen:
            blocks |= template_blocks(parent, (*seen, name)) or set()
    return blocks
