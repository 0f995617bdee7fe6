"""Is this a CDS Hooks request we can answer? Checked before any data is read.

The shape comes from the JSON Schemas in ``cds_service/schemas`` (written from the
2.0.1 spec and the hook library pages); this module adds what a schema cannot say:
the hook must be the one this service answers, each selection must name an order
in ``draftOrders``, and a patient-bound access token must be for the patient in
context. Prefetch content is not judged here: bad prefetch data is treated as
missing data later, never as a bad request.

Every problem becomes ``{"path": JSON pointer, "message": sentence}``; messages
never repeat the values sent (they may hold tokens or patient identifiers).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from jsonschema import ValidationError

from cds_service.errors import InvalidRequest
from cds_service.schemas import inlined_validator

if TYPE_CHECKING:  # services loads the value sets; the FHIR client imports this module without needing them
    from cds_service.services import Service

MAX_ERRORS = 20
MAX_DEPTH = 100  # real FHIR JSON nests ~15 levels; deeper bodies would exhaust the stack later on

_REQUEST = inlined_validator("hook-request.schema.json")
_FEEDBACK = inlined_validator("feedback.schema.json")

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str  # completes the sentence that starts with the field's name


def parse_body(raw: bytes) -> Any:
    """The body as JSON, or InvalidRequest: not JSON, nested more than MAX_DEPTH, or not valid Unicode.

    orjson parses in one pass and refuses invalid UTF-8 and unpaired surrogates itself, and the depth
    costs nothing more (read_alike). Anything orjson refuses or would read differently from the json
    module (NaN, a BOM, UTF-16, an integer beyond 64 bits, which orjson makes a float) and anything deeper
    than MAX_DEPTH takes the exact path: json.loads and the walk, so every answer stays what it was.
    """
    read = read_alike(raw, MAX_DEPTH)
    if read is not None:
        return read[0]
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidRequest(f"the request body is not valid JSON: {exc}") from None
    except RecursionError:  # e.g. 100000 nested "[": the decoder recurses
        raise InvalidRequest("the request body is nested too deeply to be a CDS Hooks request") from None
    _raise_if(_structure_problems(body), None)
    return body


# orjson refuses text nested deeper than this many arrays and objects: its own guard, checked at import below.
ORJSON_MAX_NESTING = 1024


def read_alike(raw: bytes, max_depth: int) -> tuple[Any] | None:
    """``(value,)``: orjson's reading of ``raw`` when it is json's and nests at most ``max_depth`` deep; else None.

    The depth costs no pass of its own: ``raw`` is parsed inside ORJSON_MAX_NESTING - ``max_depth``
    arrays of ours, so orjson refuses it exactly when it nests deeper than ``max_depth``. Each of our
    arrays must then hold one element (else brackets of ``raw`` closed ours: ``1],[2`` is not JSON).
    """
    wrap = ORJSON_MAX_NESTING - max_depth
    try:
        value = orjson.loads(b"".join((b"[" * wrap, raw, b"]" * wrap)))
    except orjson.JSONDecodeError:
        return None
    for _ in range(wrap):
        if len(value) != 1:
            return None
        value = value[0]
    return None if _long_integer(raw) else (value,)


def _nesting_limit_is(limit: int) -> bool:
    """Whether orjson reads ``limit`` nested arrays and refuses one more."""
    for depth, refused in ((limit, False), (limit + 1, True)):
        try:
            orjson.loads(b"[" * depth + b"]" * depth)
        except orjson.JSONDecodeError:
            if not refused:
                return False
        else:
            if refused:
                return False
    return True


if not _nesting_limit_is(ORJSON_MAX_NESTING):  # a deeper limit would let deep bodies through read_alike
    raise RuntimeError(f"orjson's nesting limit is no longer {ORJSON_MAX_NESTING}: update validation.read_alike")


# An integer literal of 19+ digits may exceed 64 bits (digits after a point or an exponent's are not one).
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)  # a C-speed look for runs of digits
_NINETEEN_DIGITS = b"0" * 19
_NOT_AN_INTEGER_START = frozenset(b"0123456789.eE+")
_MINUS, _ZERO = ord("-"), ord("0")
_AFTER_DIGITS_OF_A_NUMBER = b".eE,]}"  # what can follow a number's digits outside strings, after white space


def _long_integer(raw: bytes) -> bool:
    """An integer literal of 19 digits or more outside strings (``raw`` is valid JSON).

    Each run of 19 digits is found by a C-level search. A run that no number could end with (``seed:
    -7149071793493970994  Population``) is in a string; for any other, the quotes before it are
    counted, once across the text (from the previous run counted on).
    """
    zeros = raw.translate(_DIGITS_AS_ZERO)
    at, counted_to, quotes = zeros.find(_NINETEEN_DIGITS), 0, 0
    while at != -1:
        end = at + 19
        while end < len(zeros) and zeros[end] == _ZERO:  # the rest of this run: not a new literal
            end += 1
        follower = raw[end : end + 64].lstrip(b" \t\n\r")[:1]
        if not follower or follower in _AFTER_DIGITS_OF_A_NUMBER:
            quotes += _string_quotes(raw[counted_to:at])
            counted_to = at
            starts_integer = at == 0 or raw[at - 1] not in _NOT_AN_INTEGER_START
            after_exponent = at >= 2 and raw[at - 1] == _MINUS and raw[at - 2] in b"eE"
            if quotes % 2 == 0 and starts_integer and not after_exponent:
                return True
        at = zeros.find(_NINETEEN_DIGITS, end)
    return False


def _string_quotes(text: bytes) -> int:
    """The quotes that open or close a string in ``text``, a piece of JSON cut at digits (so no escape is cut)."""
    if b"\\" in text:  # backslashes occur only in strings: drop escaped backslashes, then escaped quotes
        text = text.replace(b"\\\\", b"").replace(b'\\"', b"")
    return text.count(b'"')


def validate_service_request(body: Any, service: Service) -> None:
    """Raise InvalidRequest listing every problem of a service call for ``service`` (a body from parse_body)."""
    if isinstance(body, dict) and isinstance(body.get("hook"), str) and body["hook"] != service.hook:
        problem = Problem(("hook",), f"names another hook: this service answers hook {service.hook}")
        raise InvalidRequest(f"this service answers hook {service.hook}", errors=[_entry(problem, None)])
    problems = list(_schema_problems(_REQUEST, body))
    if isinstance(body, dict) and isinstance(body.get("context"), dict):
        problems += _selection_problems(body["context"])
        problems += _token_patient_problems(body)
    _raise_if(problems, service.hook)


def validate_feedback(body: Any) -> None:
    """Raise InvalidRequest listing every problem of a feedback POST (a body from parse_body)."""
    _raise_if(list(_schema_problems(_FEEDBACK, body)), None)


# -- checks ------------------------------------------------------------------------------
def _structure_problems(body: Any) -> list[Problem]:
    """Too deep, or text Python cannot encode (unpaired surrogates): walked without recursion.

    Only on parse_body's exact path: a body orjson accepted has no such text.
    """
    stack: list[tuple[Any, int]] = [(body, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return [Problem((), f"is nested more than {MAX_DEPTH} levels deep")]
        if isinstance(value, dict):
            for key, item in value.items():
                if not _encodable(key):
                    return [Problem((), "contains text that is not valid Unicode (an unpaired surrogate)")]
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and not _encodable(value):
            return [Problem((), "contains text that is not valid Unicode (an unpaired surrogate)")]
    return []


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _selection_problems(context: dict) -> list[Problem]:
    """order-select: ``selections`` reference resources in ``draftOrders`` (hook library 1.0.1)."""
    selections, bundle = context.get("selections"), context.get("draftOrders")
    entries = bundle.get("entry", []) if isinstance(bundle, dict) and bundle.get("resourceType") == "Bundle" else None
    if not isinstance(selections, list) or not isinstance(entries, list):
        return []  # the schema has reported what is wrong
    references: set[str] = set()
    full_urls: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        resource = entry.get("resource")
        if isinstance(resource, dict) and isinstance(resource.get("resourceType"), str):
            if isinstance(resource.get("id"), str):
                references.add(f"{resource['resourceType']}/{resource['id']}")
        if isinstance(entry.get("fullUrl"), str):
            full_urls.append(entry["fullUrl"])
    return [
        Problem(("context", "selections", index), "names no order in context.draftOrders")
        for index, selection in enumerate(selections)
        if isinstance(selection, str)
        and selection not in references
        and not any(url == selection or url.endswith("/" + selection) for url in full_urls)
    ]


def _token_patient_problems(body: dict) -> list[Problem]:
    """A token restricted to one patient must be for the patient in context, or we would read another chart."""
    authorization = body.get("fhirAuthorization")
    patient = authorization.get("patient") if isinstance(authorization, dict) else None
    in_context = body["context"].get("patientId")
    if isinstance(patient, str) and isinstance(in_context, str) and patient != in_context:
        return [Problem(("fhirAuthorization", "patient"), "is not context.patientId: the token is for another patient")]
    return []


# -- jsonschema errors → problems --------------------------------------------------------------
def _schema_problems(schema_validator: Any, body: Any) -> Iterator[Problem]:
    for error in schema_validator.iter_errors(body):
        yield from _problems_of(error)


def _problems_of(error: ValidationError) -> Iterator[Problem]:
    path: Path = tuple(error.absolute_path)
    keyword, expected, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        for name in expected:
            if isinstance(instance, dict) and name not in instance:
                yield Problem((*path, name), "is required")
    elif keyword == "dependentRequired":
        for present, needed in expected.items():
            for name in needed:
                if isinstance(instance, dict) and present in instance and name not in instance:
                    yield Problem((*path, name), f"is required when {present} is present")
    else:
        yield Problem(path, _message(error))


def _message(error: ValidationError) -> str:
    keyword, expected = error.validator, error.validator_value
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if custom and keyword in ("pattern", "format", "anyOf", "propertyNames"):
        return custom
    if keyword == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return "must be " + " or ".join(_TYPE_NAMES.get(k, k) for k in kinds)
    if keyword == "const":
        return f"must be {expected!r}"
    if keyword == "enum":
        return "must be one of: " + ", ".join(str(v) for v in expected)
    if keyword in ("minLength", "minItems", "minProperties") and expected == 1:
        return "must not be empty"
    if keyword == "pattern":
        return "must not be blank" if expected == "\\S" else "has the wrong form"
    if keyword in _BOUNDS:
        return _BOUNDS[keyword].format(expected)
    return f"is not valid ({keyword})"


_BOUNDS = {
    "minimum": "must be at least {}",
    "maximum": "must be at most {}",
    "minLength": "must be at least {} characters long",
    "maxLength": "must be at most {} characters long",
    "minItems": "must have at least {} items",
    "maxItems": "must have at most {} items",
}
_TYPE_NAMES = {
    "object": "a JSON object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}


# -- problems → InvalidRequest -------------------------------------------------------------------
def _raise_if(problems: Iterable[Problem], hook: str | None) -> None:
    unique: dict[Path, Problem] = {}
    for problem in sorted(problems, key=lambda p: (len(p.path), [_sort_key(t) for t in p.path])):
        unique.setdefault(problem.path, problem)  # one message per field
    if not unique:
        return
    entries = [_entry(p, hook) for p in list(unique.values())[:MAX_ERRORS]]
    detail = entries[0]["message"]
    if len(unique) > 1:
        detail += f" ({len(unique) - 1} more problem{'s' if len(unique) > 2 else ''} listed in errors)"
    raise InvalidRequest(detail, errors=entries)


def _sort_key(token: str | int) -> tuple[int, str]:
    """Array indices in numeric order (2 before 10), after names."""
    return (1, f"{token:012d}") if isinstance(token, int) else (0, token)


def _entry(problem: Problem, hook: str | None) -> dict[str, str]:
    sentence = f"{_dotted(problem.path)} {problem.message}"
    if hook and problem.path[:1] == ("context",) and len(problem.path) > 1:
        sentence += f" for hook {hook}"
    return {"path": _pointer(problem.path), "message": sentence}


def _dotted(path: Path) -> str:
    """``("context", "selections", 0)`` → ``context.selections[0]``; the root is 'the request body'."""
    if not path:
        return "the request body"
    text = ""
    for token in path:
        text += f"[{token}]" if isinstance(token, int) else (f".{token}" if text else token)
    return text


def _pointer(path: Path) -> str:
    """RFC 6901 JSON pointer; "" is the whole body."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)
