"""Mirels parts, SINS and survival estimates recorded with the service's own code system."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fhir_mappings import PatientData, map_record

SYSTEM = "https://bone-metastasis-cds.github.io/CodeSystem/bone-lesion-assessment"
AS_OF = datetime(2026, 11, 26, tzinfo=UTC)


def coded(code: str) -> dict:
    return {"coding": [{"system": SYSTEM, "code": code}]}


def mirels_panel(status: str = "final", **parts: str) -> dict:
    return {
        "resourceType": "Observation",
        "id": "mirels-1",
        "status": status,
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-11-20T09:00:00+08:00",
        "code": coded("mirels-assessment"),
        "component": [
            {"code": coded(part.replace("_", "-")), "valueCodeableConcept": coded(answer)}
            for part, answer in parts.items()
        ],
    }


def facts_of(*observations: dict):
    return map_record(
        PatientData(resources={"observations": list(observations)}), context={}, hook="patient-view", as_of=AS_OF
    )


def test_a_mirels_panel_becomes_findings_at_the_lesion_site():
    panel = mirels_panel(mirels_site="peritrochanteric", pain_character="functional", lesion_type="lytic")
    findings = {f.concept: f for f in facts_of(panel).findings}
    assert {c: f.value for c, f in findings.items()} == {"pain-character": "functional", "lesion-type": "lytic"}
    assert {f.body_site for f in findings.values()} == {"peritrochanteric"}
    assert findings["lesion-type"].when == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def test_an_answer_outside_the_code_system_is_not_used():
    assert facts_of(mirels_panel(mirels_site="lower-limb", lesion_type="very-lytic")).findings == ()


@pytest.mark.parametrize("status", ["preliminary", "entered-in-error", "cancelled"])
def test_an_unusable_assessment_gives_no_findings(status):
    assert facts_of(mirels_panel(status, mirels_site="lower-limb", lesion_type="lytic")).findings == ()


def test_recorded_scores_and_survival_estimate_become_measurements():
    def observation(code: str, value: dict) -> dict:
        return {
            "resourceType": "Observation",
            "id": code,
            "status": "final",
            "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": "2026-11-20",
            "code": coded(code),
            **value,
        }

    facts = facts_of(
        observation("mirels-score", {"valueInteger": 9}),
        observation(
            "sins-score", {"valueQuantity": {"value": 8, "system": "http://unitsofmeasure.org", "code": "{score}"}}
        ),
        observation("expected-survival-months", {"valueQuantity": {"value": 2, "unit": "mo", "code": "mo"}}),
    )
    assert {m.concept: m.value for m in facts.measurements} == {
        "mirels-score": 9.0,
        "sins-score": 8.0,
        "expected-survival-months": 2.0,
    }
