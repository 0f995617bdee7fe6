"""Judgements the order rules share: which orders to judge, scope, exposure to bone agents, ladder steps.

The order hooks judge only the selected orders (order-select: ``selections``; order-sign: every
order being signed), with the other drafts and the record as context. An order still being
edited has no medication or procedure yet and is never judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from guideline import concepts as c
from guideline.assessments import MetastasisStatus, bone_metastasis, malignancy_confirmed, recent_bone_agents
from guideline.calculators import corrected_calcium
from guideline.facts import Medication, MedicationStatus, Order, PatientFacts
from guideline.settings import Settings


def selected_medication_orders(facts: PatientFacts, drug_class: str) -> Iterator[tuple[Order, Medication]]:
    """Selected orders whose drug is in ``drug_class``."""
    for order in facts.orders:
        if order.selected and order.medication is not None and drug_class in order.medication.classes:
            yield order, order.medication


def selected_procedure_orders(facts: PatientFacts, concept: str) -> Iterator[Order]:
    for order in facts.orders:
        if order.selected and order.procedure is not None and order.procedure.concept == concept:
            yield order


def drug_name(medication: Medication) -> str:
    return medication.source.display or medication.agent


def in_oncology_care(facts: PatientFacts) -> bool:
    """The patient has a malignancy (recorded or proven) or suspected/confirmed bone metastasis."""
    return (
        facts.has_diagnosis(c.MALIGNANCY)
        or malignancy_confirmed(facts)
        or bone_metastasis(facts).status is not MetastasisStatus.NONE
    )


def hypercalcaemia_of_malignancy(facts: PatientFacts, settings: Settings) -> bool:
    """Hypercalcaemia (coded, or calcium ≥ the mild band, albumin-corrected when possible) with cancer (BM-HC-04)."""
    if not in_oncology_care(facts):
        return False
    if facts.has_diagnosis(c.HYPERCALCAEMIA):
        return True
    window = settings.days("calcium_window_days")
    corrected = facts.latest(c.CALCIUM_CORRECTED, within=window)
    if corrected is not None:
        return corrected.value >= settings.calcium_mild_min
    calcium = facts.latest(c.CALCIUM, within=window)
    if calcium is None:
        return False
    albumin = facts.latest(c.ALBUMIN, within=window)
    return corrected_calcium(calcium, albumin).mmol_l >= settings.calcium_mild_min


def bone_agent_exposure(facts: PatientFacts, settings: Settings) -> list[Medication]:
    """Bone-modifying agents the patient is on or was on within ``bone_agent_recent_days``.

    Only the record counts, and not its drafts: a draft is a plan, not exposure. A re-signed
    order that is already active is exposure (the patient is on it).
    """
    recent = recent_bone_agents(facts, settings.days("bone_agent_recent_days"))
    return [m for m in recent if m.status is not MedicationStatus.DRAFT]


def other_bone_agents(facts: PatientFacts, order: Order) -> list[tuple[Medication, Order | None]]:
    """Bone-modifying agents besides ``order``: current medications and the session's other drafts.

    A medication record of the order itself (a re-signed active order comes back in the
    prefetched MedicationRequests) is the same order, not a second agent.
    """
    found: list[tuple[Medication, Order | None]] = []
    for other in facts.orders:
        if other is order or other.medication is None or other.reference == order.reference:
            continue
        if c.BONE_MODIFYING_AGENT in other.medication.classes:
            found.append((other.medication, other))
    for medication in facts.medications_in(c.BONE_MODIFYING_AGENT):
        if order.reference is not None and medication.source.reference == order.reference:
            continue
        found.append((medication, None))
    return found


def ladder_step(medication: Medication) -> int | None:
    """WHO ladder step of an analgesic (A.11-4): 1 non-opioid, 2 weak opioid, 3 strong opioid.

    None for an adjuvant alone (combined with any step, BM-PN-07) and for an opioid whose
    strength the code does not say: such an order is not judged.
    """
    classes = medication.classes
    if c.OPIOID_STRONG in classes:
        return 3
    if c.OPIOID_WEAK in classes:
        return 2
    if c.OPIOID in classes:
        return None
    if c.NON_OPIOID in classes or c.NSAID in classes:
        return 1
    return None


def step_for_pain(score: float, settings: Settings) -> int | None:
    """Ladder step a 0-10 pain score calls for (bands A.11-4, B.9); None for no pain."""
    if score <= 0:
        return None
    if score <= settings.pain_mild_max:
        return 1
    return 2 if score <= settings.pain_moderate_max else 3
