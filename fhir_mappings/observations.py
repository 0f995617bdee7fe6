"""Observation → Measurement (numbers in canonical units) for the concepts the value sets name.

Only final, amended and corrected results are used; a dataAbsentReason, a missing time or a
missing/unknown unit makes the value unusable (counted in the ledger, never guessed). A value that
is not a finite number, or that no patient can have (fhir_mappings/plausibility.py), is skipped and
counted.
The time is effectiveDateTime, effectiveInstant, the end (else start) of effectivePeriod, or
``issued`` when no effective time is given; a result with neither takes the time of the
DiagnosticReport that lists it in ``result`` (lab panels such as the HL7 General Health Profile).
``Observation.bodySite`` becomes the measurement's body site: a Mirels score is scored at one long bone, a pain score
may say where it hurts.
"""

from __future__ import annotations

import math
from datetime import datetime

from fhir_mappings import terminology as t
from fhir_mappings import text_match
from fhir_mappings.body_sites import resource_body_site
from fhir_mappings.dates import parse_datetime, period_point
from fhir_mappings.plausibility import implausible
from fhir_mappings.reading import (
    Ledger,
    Unusable,
    as_list,
    as_number,
    as_str,
    codings,
    source_of,
)
from fhir_mappings.units import SCORE_CONCEPTS, UnitError, to_canonical
from guideline.concepts import CANONICAL_UNITS
from guideline.facts import Measurement

USABLE_STATUS = frozenset({"final", "amended", "corrected"})


def observation_time(resource: dict) -> datetime | None:
    return (
        parse_datetime(resource.get("effectiveDateTime"))
        or parse_datetime(resource.get("effectiveInstant"))
        or period_point(resource.get("effectivePeriod"))
        or parse_datetime(resource.get("issued"))
    )


def map_observation(
    resource: dict, ledger: Ledger, report_time: datetime | None = None, *, coded: list | None = None
) -> list[Measurement]:
    """Measurements of one Observation; ``report_time`` dates a result its DiagnosticReport lists.

    ``coded``: the codings of ``resource["code"]`` when the caller has read them already.
    """
    code = resource.get("code")
    if not isinstance(code, dict):
        raise Unusable("no code")
    found = _measure(resource, code, codings(code) if coded is None else coded, resource, ledger, report_time)
    for component in as_list(resource.get("component")):  # a panel may carry the value in a component
        if isinstance(component, dict) and isinstance(component.get("code"), dict):
            part = component["code"]
            found += _measure(resource, part, codings(part), component, ledger, report_time)
    return found


def _measure(
    resource: dict, code: dict, coded: list, holder: dict, ledger: Ledger, report_time: datetime | None
) -> list[Measurement]:
    entry = None
    for system, value, _ in coded:
        entry = t.INDEX.lookup(system, value, t.OBSERVATION_GROUPS)
        if entry is not None:
            break
    matched_text: str | None = None
    if entry is not None:
        concept, display = entry.concept, entry.display
    else:
        # No coding recognised: the text, unless a LOINC (or other known) code says it is another measurement.
        # That is fallback's first test, made here on the codings already read: most records' unread
        # Observations are LOINC-coded (Synthea: 830 of 870), and end here.
        if any(t.INDEX.knows_system(system) for system, _, _ in coded):
            return []
        found = text_match.fallback([code], "labs")
        if found is None:
            return []
        concept, display, matched_text = found.concept, None, found.text
    status = resource.get("status")
    if status not in USABLE_STATUS:
        ledger.ignore("Observation", f"status {status}")
        return []
    if holder.get("dataAbsentReason") is not None or resource.get("dataAbsentReason") is not None:
        ledger.ignore("Observation", "dataAbsentReason")
        return []
    when = observation_time(resource) or report_time
    if when is None:
        ledger.ignore("Observation", "no effective time")
        return []
    quantity = holder.get("valueQuantity")
    if quantity is None and concept in SCORE_CONCEPTS:
        quantity = _score_quantity(holder)
    if not isinstance(quantity, dict):
        ledger.ignore("Observation", "no valueQuantity")
        return []
    value = as_number(quantity.get("value"))
    if value is None:
        raise Unusable("valueQuantity.value is not a number")
    if as_str(quantity.get("comparator")):
        ledger.ignore("Observation", "value with comparator")  # '<5' is not 5
        return []
    unit = as_str(quantity.get("code")) or as_str(quantity.get("unit"))
    try:
        canonical_value = to_canonical(concept, value, unit)
    except UnitError as exc:
        ledger.ignore("Observation", f"{concept} unit: {exc}")
        return []
    reason = implausible(concept, canonical_value)
    if reason is not None:  # an entry or unit error, not the patient: counted, never acted on
        ledger.skip("Observation", reason)
        return []
    low, high = _reference_range(resource, concept, unit)
    number = f"{value:g}"
    return [
        Measurement(
            concept=concept,
            value=canonical_value,
            unit=CANONICAL_UNITS[concept],
            when=when,
            source=source_of(resource, _label(code, coded) or display, matched_text),
            reference_high=high,
            reference_low=low,
            original=f"{number} {unit}" if unit else number,
            body_site=resource_body_site(resource),  # where a score was taken: Mirels, pain (issue 9 item 8)
        )
    ]


def _label(code: dict, coded: list) -> str | None:
    """concept_text of ``code`` from its codings already read: the text, else the first display."""
    return as_str(code.get("text")) or next((display for _, _, display in coded if display), None)


def _score_quantity(holder: dict) -> dict | None:
    """Scores are often sent as valueInteger: unitless by definition."""
    value = as_number(holder.get("valueInteger"))
    return {"value": value, "code": "{score}"} if value is not None else None


def _reference_range(resource: dict, concept: str, value_unit: str | None) -> tuple[float | None, float | None]:
    """(low, high) of the first reference range with a usable limit, in the canonical unit."""
    ranges = resource.get("referenceRange")
    if not isinstance(ranges, list):
        return None, None
    for reference in ranges:
        if isinstance(reference, dict):
            low = _limit(reference.get("low"), concept, value_unit)
            high = _limit(reference.get("high"), concept, value_unit)
            if low is not None or high is not None:
                return low, high
    return None, None


def _limit(quantity: object, concept: str, value_unit: str | None) -> float | None:
    """One limit of a reference range in the canonical unit; a limit without a unit is in the value's."""
    if not isinstance(quantity, dict):
        return None
    number = as_number(quantity.get("value"))
    if number is None:
        return None
    unit = as_str(quantity.get("code")) or as_str(quantity.get("unit")) or value_unit
    try:
        limit = to_canonical(concept, number, unit)
    except UnitError:
        return None
    return limit if math.isfinite(limit) else None
