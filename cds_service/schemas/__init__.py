"""JSON Schemas (draft 2020-12) for CDS Hooks 2.0.1 payloads, written from the spec.

Every ``*.schema.json`` here is read and checked once, at import, into one
registry, so schemas can ``$ref`` each other by file name. ``validator(name)``
returns a compiled validator (cached); ``validator(name, "card")`` one for a
definition in that file's ``$defs``. docs/validation.md says where the schemas
are stricter or more lenient than the spec, and why.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from cds_service.schemas.formats import FORMATS

BASE_URI = "https://bone-metastasis-cds.invalid/schemas/"  # .invalid: never resolvable (RFC 2606)


def _load() -> Registry:
    registry: Registry = Registry()
    for path in sorted(files(__name__).iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".schema.json"):
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(contents)  # a broken schema file fails at start-up
        if contents.get("$id") != BASE_URI + path.name:
            raise ValueError(f"{path.name}: $id must be {BASE_URI + path.name}")
        registry = registry.with_resource(contents["$id"], DRAFT202012.create_resource(contents))
    return registry


REGISTRY = _load()
NAMES = frozenset(uri.removeprefix(BASE_URI) for uri in REGISTRY)


@cache
def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """A validator for a schema file, or for one of its ``$defs``; formats are asserted."""
    if name not in NAMES:
        raise KeyError(f"no schema {name!r}; have {sorted(NAMES)}")
    ref = BASE_URI + name + (f"#/$defs/{definition}" if definition else "")
    return Draft202012Validator({"$ref": ref}, registry=REGISTRY, format_checker=FORMATS)
