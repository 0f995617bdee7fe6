"""MedicationRequest / MedicationStatement (and DSTU2 MedicationOrder drafts) → Medication.

The drug is read from medicationCodeableConcept, or from medicationReference to a contained
Medication or a Medication resource in the data. Codes first (RxNorm, ATC; most specific
wins); a drug name in the text or a coding display only as the last, flagged resort.
entered-in-error and cancelled records never become facts; a proposal or plan is not a
treatment the patient is on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from fhir_mappings import terminology as t
from fhir_mappings.dates import parse_datetime
from fhir_mappings.dosage import map_dosage
from fhir_mappings.reading import Unusable, as_dict, as_list, as_str, codings, concept_text, reference_id, source_of
from guideline.facts import Medication, MedicationStatus

_REQUEST_STATUS = {
    "active": MedicationStatus.ACTIVE,
    "on-hold": MedicationStatus.ON_HOLD,
    "completed": MedicationStatus.COMPLETED,
    "stopped": MedicationStatus.STOPPED,
    "draft": MedicationStatus.DRAFT,
    "unknown": MedicationStatus.UNKNOWN,
}
_STATEMENT_STATUS = {
    "active": MedicationStatus.ACTIVE,
    "on-hold": MedicationStatus.ON_HOLD,
    "completed": MedicationStatus.COMPLETED,
    "stopped": MedicationStatus.STOPPED,
    "not-taken": MedicationStatus.STOPPED,
    "intended": MedicationStatus.DRAFT,  # will be taken: not yet a current medication
    "unknown": MedicationStatus.UNKNOWN,
}
_DROPPED = frozenset({"entered-in-error", "cancelled"})
_NOT_ORDERS = frozenset({"proposal", "plan"})  # suggestions, not orders in force


def medication_concept(resource: dict, medications: Mapping[str, dict]) -> dict | None:
    """The CodeableConcept naming the drug, following medicationReference when needed."""
    concept = resource.get("medicationCodeableConcept")
    if isinstance(concept, dict):
        return concept
    r5 = as_dict(resource.get("medication"))  # R5 CodeableReference, sent by some newer systems
    if isinstance(r5.get("concept"), dict):
        return r5["concept"]
    reference = resource.get("medicationReference") or r5.get("reference")
    kind, ident = reference_id(reference)
    if ident is None:
        return None
    if kind is None:  # '#id': contained
        for contained in as_list(resource.get("contained")):
            if isinstance(contained, dict) and contained.get("id") == ident:
                return as_dict(contained.get("code")) or None
        return None
    target = medications.get(ident) if kind == "Medication" else None
    return as_dict(target.get("code")) or None if target else None


def identify(concept: dict) -> tuple[t.Entry, bool] | None:
    """(entry, matched_by_text) of the drug a CodeableConcept names, or None."""
    matches = [e for system, code, _ in codings(concept) if (e := t.INDEX.lookup(system, code, t.MEDICATION_GROUPS))]
    if matches:
        # An exact code (ingredient, product, ATC level 5) beats a class prefix such as N02A.
        return min(matches, key=lambda e: (e.match == "prefix", -len(e.code))), False
    texts = [as_str(concept.get("text"))] + [display for _, _, display in codings(concept)]
    for text in texts:
        entry = t.INDEX.lookup_text(text, t.NAME_GROUPS)
        if entry and text:
            return _with_opioid_partner(entry, text), True
    return None


_NON_OPIOID_STEP = frozenset({"non-opioid", "nsaid"})


def _with_opioid_partner(entry: t.Entry, text: str) -> t.Entry:
    """A name read from text or, when the text names an opioid and a non-opioid, the fixed-dose combination.

    "acetaminophen 325 MG / oxycodone 5 MG" or 氨酚羟考酮片 name two drugs; the longest name alone would be
    paracetamol or a strong opioid. The combination is the opioid at WHO step II with the non-opioid's classes,
    as the coded combination products are (hand entry RxNorm 1049221, OMTK products, ATC N02AJ).
    """
    rest = re.sub(r"\s+".join(map(re.escape, entry.code.split())), " ", text, flags=re.IGNORECASE)
    other = t.INDEX.lookup_text(rest, t.NAME_GROUPS)
    if other is None:
        return entry
    opioid, partner = (entry, other) if "opioid" in entry.classes else (other, entry)
    if "opioid" not in opioid.classes or "opioid" in partner.classes or not _NON_OPIOID_STEP & partner.classes:
        return entry
    classes = {"opioid", "non-opioid", *(_NON_OPIOID_STEP & partner.classes)}
    if opioid.concept != "opioid":  # a named opioid in a low-dose combination: step II
        classes.add("opioid-weak")
    return replace(opioid, classes=frozenset(classes))


def map_medication(resource: dict, medications: Mapping[str, dict], *, draft_order: bool = False) -> Medication | None:
    """A Medication fact, or None when the record is not usable or not a drug the guideline reads."""
    resource_type = resource.get("resourceType")
    status_code = resource.get("status")
    if status_code in _DROPPED:
        return None
    concept = medication_concept(resource, medications)
    if concept is None:
        if draft_order:
            return None  # an order still being edited: no drug yet, nothing to say
        raise Unusable("no medication")
    found = identify(concept)
    if found is None:
        return None
    entry, by_text = found
    if resource_type == "MedicationStatement":
        status = _STATEMENT_STATUS.get(str(status_code), MedicationStatus.UNKNOWN)
        start, end = _statement_period(resource)
        dosage = resource.get("dosage")
    else:  # MedicationRequest, and DSTU2 MedicationOrder in draft orders
        status = _REQUEST_STATUS.get(str(status_code), MedicationStatus.UNKNOWN)
        if resource.get("intent") in _NOT_ORDERS and status is MedicationStatus.ACTIVE:
            status = MedicationStatus.DRAFT
        start, end = _request_period(resource)
        dosage = resource.get("dosageInstruction")
    if draft_order and status_code in (None, "draft"):
        status = MedicationStatus.DRAFT  # order hooks may also re-sign active orders: those keep their status
    return Medication(
        agent=entry.concept,
        classes=entry.classes,
        status=status,
        source=source_of(resource, concept_text(concept) or entry.display, concept_text(concept) if by_text else None),
        start=start,
        end=end,
        dose=map_dosage(dosage, entry if not by_text else None),  # the product's strength fills a dose in tablets
        matched_by_text=by_text,
        resource=resource if resource_type == "MedicationRequest" else None,
    )


def _request_period(resource: dict):
    bounds = {}
    for dosage in as_list(resource.get("dosageInstruction")):
        bounds = as_dict(as_dict(as_dict(as_dict(dosage).get("timing")).get("repeat")).get("boundsPeriod"))
        if bounds:
            break
    validity = as_dict(as_dict(resource.get("dispenseRequest")).get("validityPeriod"))
    start = parse_datetime(bounds.get("start")) or parse_datetime(resource.get("authoredOn"))
    start = start or parse_datetime(resource.get("dateWritten"))  # DSTU2 MedicationOrder
    end = parse_datetime(bounds.get("end")) or parse_datetime(validity.get("end"))
    return start, end


def _statement_period(resource: dict):
    period = as_dict(resource.get("effectivePeriod"))
    start = parse_datetime(resource.get("effectiveDateTime")) or parse_datetime(period.get("start"))
    return start or parse_datetime(resource.get("dateAsserted")), parse_datetime(period.get("end"))
