"""Validation against the OParl 1.1 JSON schemas kept beside the repository.

The schemas live in ``shared/oparl-schema/`` next to the repository's folder
(CI puts a copy there); ``OPARL_SCHEMA_DIR`` names another folder. Tests that
need them are skipped, with the reason, only where the folder is absent.
"""

import json
import os
import re
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REPOSITORY = Path(__file__).resolve().parents[2]
SCHEMA_DIR = Path(
    os.environ.get("OPARL_SCHEMA_DIR") or REPOSITORY.parent / "shared" / "oparl-schema"
)
URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
# RFC 3339: a date, "T", a time and an offset ("Z" or ±hh:mm).
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

needs_schemas = pytest.mark.skipif(
    not SCHEMA_DIR.is_dir(),
    reason=f"The OParl 1.1 schemas are not at {SCHEMA_DIR} (set OPARL_SCHEMA_DIR).",
)


def _checker():
    checker = FormatChecker()
    checker.checks("url")(lambda value: not isinstance(value, str) or bool(URL.match(value)))
    checker.checks("date-time")(
        lambda value: not isinstance(value, str) or bool(DATE_TIME.match(value))
    )
    checker.checks("date")(lambda value: not isinstance(value, str) or bool(DATE.match(value)))
    return checker


@cache
def _validators():
    resources = []
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        # "$ref": "Location.json" resolves against the referring schema's $id.
        names = {path.name, schema["$id"], urljoin(schema["$id"], path.name)}
        resources += [(name, resource) for name in names]
        schemas[path.stem] = schema
    registry = Registry().with_resources(resources)
    checker = _checker()
    return {
        name: Draft7Validator(schema, registry=registry, format_checker=checker)
        for name, schema in schemas.items()
    }


@cache
def _deleted_validators():
    """OParl 1.1 (section "Gelöschte Objekte"): a deleted object keeps only id,
    type, created, modified and deleted, so the schemas' other required
    properties (a File's accessUrl, say) do not apply to it."""
    return {
        name: validator.evolve(schema={**validator.schema, "required": ["id", "type", "deleted"]})
        for name, validator in _validators().items()
    }


def assert_valid(data, type_name=None):
    """Fail with every schema error of one OParl object."""
    type_name = type_name or data["type"].rsplit("/", 1)[-1]
    validators = _deleted_validators() if data.get("deleted") else _validators()
    validator = validators[type_name]
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
