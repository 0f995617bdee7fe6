"""Defensive readers for FHIR JSON as received: wrong types give None, never an exception.

Mappers raise ``Unusable`` for a resource that cannot be read safely; ``Ledger`` counts those
by resource type and reason (never by id or patient) so the call can log one summary line.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field

from guideline.facts import Source

log = logging.getLogger("fhir_mappings")


class Unusable(Exception):  # noqa: N818 - reads as what it says: the resource is unusable
    """A resource that cannot be mapped safely; ``reason`` is logged (no identifiers)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Ledger:
    """What was left out and why, by resource type: for the log and PatientFacts.skipped_resources."""

    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)  # malformed: counted as skipped
    ignored: Counter[tuple[str, str]] = field(default_factory=Counter)  # well-formed but not usable (status, unit)

    def skip(self, resource_type: str, reason: str) -> None:
        self.skipped[(resource_type, reason)] += 1

    def ignore(self, resource_type: str, reason: str) -> None:
        self.ignored[(resource_type, reason)] += 1

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())

    def log_summary(self) -> None:
        if self.skipped:
            log.warning("FHIR resources skipped: %s", _format(self.skipped))
        if self.ignored:
            log.info("FHIR resources not used: %s", _format(self.ignored))


def _format(counts: Counter[tuple[str, str]]) -> str:
    return "; ".join(f"{rtype} {reason} x{n}" for (rtype, reason), n in sorted(counts.items()))


def as_dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def as_str(value: object) -> str | None:
    # ``not isspace()``: the same test as ``strip()`` (same white space, every code point), without a copy
    return value if isinstance(value, str) and value and not value.isspace() else None


def as_number(value: object) -> float | None:
    """A finite JSON number (not a bool, not a string).

    JSON readers accept NaN and Infinity, and read 1e400 as infinity; an integer of 400 digits
    overflows float(). None of these is a measured value: they never become facts.
    """
    if type(value) is float:  # the usual case (a parsed JSON decimal), answered before the general tests
        return value if math.isfinite(value) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def codings(concept: object) -> list[tuple[str | None, str | None, str | None]]:
    """(system, code, display) of each Coding of a CodeableConcept, skipping malformed ones.

    The hottest reader (every coded resource, several times): as_dict, as_list and as_str inlined.
    """
    coding_list = concept.get("coding") if isinstance(concept, dict) else None
    if not isinstance(coding_list, list):
        return []
    found = []
    for coding in coding_list:
        if isinstance(coding, dict):
            system, code, display = coding.get("system"), coding.get("code"), coding.get("display")
            found.append(
                (
                    system if isinstance(system, str) and system and not system.isspace() else None,
                    code if isinstance(code, str) and code and not code.isspace() else None,
                    display if isinstance(display, str) and display and not display.isspace() else None,
                )
            )
    return found


def concept_text(concept: object) -> str | None:
    """CodeableConcept.text, else the first coding display: the label a card shows."""
    concept = as_dict(concept)
    text = as_str(concept.get("text"))
    if text:
        return text
    return next((display for _, _, display in codings(concept) if display), None)


def coded_status(concept: object, *, system_suffix: str | None = None) -> str | None:
    """The code of a status CodeableConcept (clinicalStatus, verificationStatus)."""
    for system, code, _ in codings(concept):
        if code and (system_suffix is None or system is None or system.endswith(system_suffix)):
            return code
    return None


def reference_id(reference: object) -> tuple[str | None, str | None]:
    """('Type', 'id') of a Reference; contained references ('#id') give (None, 'id')."""
    ref = as_str(as_dict(reference).get("reference"))
    if ref is None:
        return None, None
    if ref.startswith("#"):
        return None, ref[1:]
    parts = ref.rstrip("/").split("/")
    if len(parts) >= 2:
        # Absolute URLs and versioned refs: .../Type/id[/_history/n]
        if len(parts) >= 4 and parts[-2] == "_history":
            return parts[-4], parts[-3]
        return parts[-2], parts[-1]
    return None, None


def concept_texts(concept: object) -> list[str | None]:
    """CodeableConcept.text, then each coding's display: where a text fallback looks."""
    return [as_str(as_dict(concept).get("text"))] + [display for _, _, display in codings(concept)]


def source_of(resource: dict, display: str | None, matched_text: str | None = None) -> Source:
    return Source(str(resource.get("resourceType")), as_str(resource.get("id")), display, matched_text)
