"""JSON Schemas (draft 2020-12) for CDS Hooks 2.0.1 payloads, written from the spec.

Every ``*.schema.json`` here is read and checked once, at import, into one
registry, so schemas can ``$ref`` each other by file name. ``validator(name)``
returns a compiled validator (cached); ``validator(name, "card")`` one for a
definition in that file's ``$defs``. ``inlined_validator(name)`` validates the
same, with every ``$ref`` resolved once at start-up (the request path: no
reference lookups per call). docs/validation.md says where the schemas are
stricter or more lenient than the spec, and why.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

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


@cache
def inlined_validator(name: str) -> Draft202012Validator:
    """A validator for a schema file whose ``$ref``s are replaced by what they name (``allOf``, in place).

    Same keywords, instance paths and ``x-message``s as ``validator(name)``, so the same errors;
    without the per-call reference lookups, a third of a valid request's validation time.
    """
    uri = BASE_URI + name
    resolver = REGISTRY.resolver(uri)
    return Draft202012Validator(_inline(resolver.lookup(uri).contents, resolver, ()), format_checker=FORMATS)


def _inline(node: Any, resolver: Any, expanding: tuple[int, ...]) -> Any:
    if isinstance(node, list):
        return [_inline(item, resolver, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    found: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$id", "$schema", "$defs"):
            continue  # no reference is left to resolve against them
        if key == "$ref":
            resolved = resolver.lookup(value)
            target = id(resolved.contents)  # the registry holds each subschema once
            if target in expanding:
                raise ValueError(f"recursive $ref {value!r}: use validator() for this schema")
            key, value = "allOf", [_inline(resolved.contents, resolved.resolver, (*expanding, target))]
        elif isinstance(value, dict | list) and key not in ("const", "enum"):
            value = _inline(value, resolver, expanding)
        found[key] = value
    return found
