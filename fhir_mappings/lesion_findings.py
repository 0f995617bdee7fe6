"""Coded Mirels parts → Finding facts, from this service's own code system.

No standard code exists for the parts of the Mirels score (guideline Table 1-4), so
they are recorded with ``observations-bone-lesion-assessment.json``: a
``mirels-assessment`` Observation whose components are ``mirels-site``,
``pain-character``, ``lesion-type`` and ``lesion-size-fraction``, each answered with a
valueCodeableConcept of the same system (or one Observation per part). Every
finding of one Observation carries its ``mirels-site`` as body site, so the rule can
score the lesion. Same status and time rules as numeric results.
"""

from __future__ import annotations

import json

from fhir_mappings.observations import USABLE_STATUS, observation_time
from fhir_mappings.reading import as_dict, as_list, codings, source_of
from fhir_mappings.terminology import VALUESET_DIR
from guideline.facts import Finding

_DOC = json.loads((VALUESET_DIR / "observations-bone-lesion-assessment.json").read_text(encoding="utf-8"))
SYSTEM = _DOC["findings"][0]["system"]
PANEL = "mirels-assessment"
ANSWERS: dict[str, frozenset[str]] = {f["code"]: frozenset(f["answers"]) for f in _DOC["findings"] if "answers" in f}
SITE = "mirels-site"


_CODES = frozenset(ANSWERS) | {PANEL}


def is_lesion_assessment(resource: dict) -> bool:
    return is_lesion_code(codings(resource.get("code")))


def is_lesion_code(coded: list[tuple[str | None, str | None, str | None]]) -> bool:
    """Whether an Observation's code (its codings, as ``reading.codings`` gives them) is a Mirels part or panel."""
    for system, code, _ in coded:  # a loop, not any(): every Observation asks
        if system == SYSTEM and code in _CODES:
            return True
    return False


def _part(holder: dict) -> tuple[str, str] | None:
    """(part, answer) of a component or Observation coded in our system, if the answer is one we define."""
    part = next((code for system, code, _ in codings(holder.get("code")) if system == SYSTEM and code in ANSWERS), None)
    if part is None:
        return None
    answer = next(
        (code for system, code, _ in codings(as_dict(holder.get("valueCodeableConcept"))) if system == SYSTEM),
        None,
    )
    return (part, answer) if answer in ANSWERS[part] else None


def map_lesion_findings(resource: dict) -> list[Finding]:
    """The Mirels parts one Observation records; empty when unusable (status, time, unknown answers)."""
    if resource.get("status") not in USABLE_STATUS or resource.get("dataAbsentReason") is not None:
        return []
    when = observation_time(resource)
    if when is None:
        return []
    parts = dict(p for holder in [resource, *as_list(resource.get("component"))] if (p := _part(as_dict(holder))))
    site = parts.pop(SITE, None)
    source = source_of(resource, "Mirels assessment")
    return [
        Finding(concept=part, value=answer, when=when, source=source, body_site=site) for part, answer in parts.items()
    ]


def search_codes() -> list[str]:
    """``system|code`` of the panel and its parts, for the Observation prefetch query."""
    return [f"{SYSTEM}|{code}" for code in (PANEL, *ANSWERS)]
