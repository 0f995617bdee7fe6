"""Small builders of guideline facts for the rule unit tests (the e2e tests use FHIR JSON instead)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

from guideline.facts import (
    Diagnosis,
    Dose,
    Finding,
    Imaging,
    ImagingKind,
    Measurement,
    Medication,
    MedicationStatus,
    PatientFacts,
    Person,
    Source,
    Verification,
)
from guideline.settings import Settings

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SETTINGS = Settings()
_ids = count(1)

UNITS = {
    "calcium": "mmol/L",
    "calcium-corrected": "mmol/L",
    "calcium-ionised": "mmol/L",
    "albumin": "g/L",
    "creatinine": "umol/L",
    "creatinine-clearance": "mL/min",
    "egfr": "mL/min/{1.73_m2}",
    "alp": "U/L",
    "bone-alp": "U/L",
    "body-weight": "kg",
    "ecog": "{score}",
    "karnofsky": "{score}",
}


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def source(resource_type: str, display: str | None = None) -> Source:
    return Source(resource_type, f"id-{next(_ids)}", display)


def cancer(site: str = "breast", *, stage: str | None = None, verification=Verification.CONFIRMED, active=True):
    return Diagnosis(
        "malignancy",
        source("Condition", f"Malignant neoplasm of {site}"),
        verification,
        active=active,
        onset=days_ago(400),
        primary_site=site,
        stage=stage,
    )


def diagnosis(concept: str, *, days: float = 10, verification=Verification.CONFIRMED, active=True, **extra):
    return Diagnosis(concept, source("Condition", concept), verification, active=active, onset=days_ago(days), **extra)


def lab(concept: str, value: float, *, days: float = 1, original: str | None = None, high=None) -> Measurement:
    return Measurement(
        concept, value, UNITS[concept], days_ago(days), source("Observation"), reference_high=high, original=original
    )


def imaging(kind: ImagingKind, *, days: float = 20, positive: bool | None = True) -> Imaging:
    return Imaging(kind, days_ago(days), source("DiagnosticReport"), shows_bone_metastasis=positive)


def drug(agent: str, *classes: str, dose_mg: float | None = None, route: str = "iv", status=MedicationStatus.ACTIVE):
    dose = Dose(amount=dose_mg, unit="mg", route=route) if dose_mg is not None else None
    return Medication(agent, frozenset(classes), status, source("MedicationRequest", agent), days_ago(60), dose=dose)


def bisphosphonate(agent: str = "zoledronic-acid", **kwargs) -> Medication:
    return drug(agent, "bisphosphonate", "bone-modifying-agent", **kwargs)


def denosumab() -> Medication:
    return drug("denosumab", "bone-modifying-agent", dose_mg=120, route="sc")


def finding(concept: str, value: str) -> Finding:
    return Finding(concept, value, days_ago(5), source("Observation"))


def confirmed_metastasis() -> dict:
    """Facts for bone metastasis confirmed by CT with a confirmed cancer (both criteria)."""
    return {"diagnoses": (cancer(),), "imaging": (imaging(ImagingKind.CT),)}


def facts(
    *,
    diagnoses=(),
    measurements=(),
    imaging=(),
    medications=(),
    findings=(),
    pathology=(),
    procedures=(),
    gaps=(),
    sex: str | None = "female",
    born: date | None = date(1955, 3, 1),
) -> PatientFacts:
    return PatientFacts(
        as_of=NOW,
        person=Person(born, sex),
        diagnoses=tuple(diagnoses),
        measurements=tuple(measurements),
        imaging=tuple(imaging),
        medications=tuple(medications),
        findings=tuple(findings),
        pathology=tuple(pathology),
        procedures=tuple(procedures),
        gaps=tuple(gaps),
    )
