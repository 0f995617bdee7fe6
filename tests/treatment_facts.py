"""Builders of guideline facts for the treatment-rule unit tests (pain, procedures, lesion findings).

Extends tests/rule_facts.py (shared with the diagnosis rules) with what the analgesic, radiotherapy, surgery and
cord-compression rules read. The end-to-end tests use FHIR JSON instead (tests/fhir_builders.py).
"""

from __future__ import annotations

from dataclasses import replace

from guideline.facts import (
    Diagnosis,
    Finding,
    Imaging,
    ImagingKind,
    Measurement,
    Medication,
    MedicationStatus,
    PatientFacts,
    ProcedureFact,
    ProcedureStatus,
    Source,
    Verification,
)
from tests.rule_facts import cancer, days_ago, facts, imaging, source

SCORE_UNITS = {
    "pain-score": "{score}",
    "mirels-score": "{score}",
    "sins-score": "{score}",
    "expected-survival-months": "mo",
    "ecog": "{score}",
    "karnofsky": "{score}",
    "platelets": "10*9/L",
    "leukocytes": "10*9/L",
    "creatinine": "umol/L",
    "body-weight": "kg",
}


def measure(concept: str, value: float, *, days: float = 1, site: str | None = None) -> Measurement:
    return Measurement(concept, value, SCORE_UNITS[concept], days_ago(days), source("Observation"), body_site=site)


def pain(value: float, *, days: float = 1, site: str | None = None) -> Measurement:
    return measure("pain-score", value, days=days, site=site)


def condition(concept: str, *, days: float = 10, site: str | None = None, verification=Verification.CONFIRMED):
    return Diagnosis(concept, source("Condition", concept), verification, onset=days_ago(days), body_site=site)


def metastasis(site: str | None = None, *, days: float = 30) -> Diagnosis:
    """A bone metastasis confirmed in the record (criterion met by a confirmed diagnosis, A.11-5)."""
    return condition("bone-metastasis", days=days, site=site)


def scan_only() -> tuple[Diagnosis, Imaging]:
    """Suspected bone metastasis: a bone scan only."""
    return cancer(), imaging(ImagingKind.BONE_SCAN)


def procedure(concept: str, status=ProcedureStatus.DONE, *, days: float | None = 30, site: str | None = None):
    when = days_ago(days) if days is not None else None
    return ProcedureFact(concept, status, when, source("Procedure", concept), body_site=site)


def lesion(concept: str, value: str, *, days: float = 5, site: str | None = None, observation: str | None = None):
    """A coded lesion finding; findings of one assessment Observation share ``observation``."""
    origin = Source("Observation", observation) if observation else source("Observation")
    return Finding(concept, value, days_ago(days), origin, body_site=site)


def mirels_parts(site: str, pain_: str, kind: str, size: str, *, days: float = 5, mirels_site: str | None = None):
    """The four coded parts of one Mirels assessment (one Observation with components)."""
    observation = f"mirels-{site}-{pain_}-{kind}-{size}-{days}"
    parts = [
        lesion("pain-character", pain_, days=days, site=site, observation=observation),
        lesion("lesion-type", kind, days=days, site=site, observation=observation),
        lesion("lesion-size-fraction", size, days=days, site=site, observation=observation),
    ]
    if mirels_site:
        parts.append(lesion("mirels-site", mirels_site, days=days, site=site, observation=observation))
    return parts


def medication(agent: str, *classes: str, status=MedicationStatus.ACTIVE, days: float = 20, by_name: bool = False):
    return Medication(
        agent,
        frozenset(classes),
        status,
        source("MedicationRequest", agent),
        start=days_ago(days),
        matched_by_text=by_name,
    )


MORPHINE = ("morphine", "opioid", "opioid-strong")
CODEINE = ("codeine", "opioid", "opioid-weak")
IBUPROFEN = ("ibuprofen", "nsaid", "non-opioid")
PARACETAMOL = ("paracetamol", "non-opioid")
CODEINE_PARACETAMOL = ("codeine", "opioid", "opioid-weak", "non-opioid")
AMITRIPTYLINE = ("adjuvant", "adjuvant-analgesic")


patient = facts  # the same builder; the treatment tests call it "patient"


def with_(facts: PatientFacts, **changes) -> PatientFacts:
    return replace(facts, **changes)


def card(recommendation, facts: PatientFacts, language: str = "en") -> dict:
    """The CDS Hooks card the service would send for a recommendation."""
    from cards import render

    return render([recommendation], facts, language=language, base_url="http://cds.test", patient="Patient/p1")[0]


def assert_card_reads_well(recommendation, facts: PatientFacts) -> None:
    """Both languages: summary under 140 characters, every placeholder filled, the section cited."""
    for language in ("en", "zh"):
        shown = card(recommendation, facts, language)
        assert len(shown["summary"]) < 140, shown["summary"]
        for text in (shown["summary"], shown["detail"]):
            assert "{" not in text and "}" not in text, text
        assert recommendation.rule.section in shown["detail"]
