"""Cancer stage from Condition.stage and stage-group Observations (mCODE pattern)."""

from __future__ import annotations

from datetime import UTC, datetime

import fhir_builders as fb
import pytest

from fhir_mappings import PatientData, map_record
from fhir_mappings.staging import normalise_stage

AS_OF = datetime.now(UTC)
STAGE_GROUP = ("http://loinc.org", "21908-9", "Stage group.clinical Cancer")
AJCC = "http://cancerstaging.org"
LUNG_CANCER = (
    "http://hl7.org/fhir/sid/icd-10-cm",
    "C34.90",
    "Malignant neoplasm of unsp part of unsp bronchus or lung",
)


@pytest.mark.parametrize(
    "written, stage",
    [
        ("IIIB", "IIIB"),
        ("Stage IV", "IV"),
        ("3C", "IIIC"),
        ("stage iia", "IIA"),
        ("T2N1M1c", "M1C"),
        ("cM0", "M0"),
        ("IV期", "IV"),
        ("unknown", None),
        ("", None),
    ],
)
def test_stage_values_are_normalised_to_roman_numerals_or_the_m_category(written, stage):
    assert normalise_stage(written) == stage


def stage_observation(value: dict, *, focus: str | None = None, status: str = "final") -> dict:
    resource = {
        "resourceType": "Observation",
        "id": fb._id(),
        "status": status,
        "subject": {"reference": f"Patient/{fb.PATIENT_ID}"},
        "code": fb._concept(STAGE_GROUP),
        "effectiveDateTime": fb.ago(20),
        "valueCodeableConcept": value,
    }
    if focus:
        resource["focus"] = [{"reference": f"Condition/{focus}"}]
    return resource


def stages(conditions: list[dict], observations: list[dict] = ()) -> dict[str, str | None]:
    data = PatientData(resources={"conditions": conditions, "observations": list(observations)})
    facts = map_record(data, context={}, hook="patient-view", as_of=AS_OF)
    return {d.source.resource_id: d.stage for d in facts.diagnoses}


def test_a_condition_stage_summary_is_read():
    cancer = fb.condition(fb.BREAST_CANCER, id="breast")
    cancer["stage"] = [{"summary": {"coding": [{"system": AJCC, "code": "3B", "display": "IIIB"}]}}]
    assert stages([cancer]) == {"breast": "IIIB"}


def test_a_stage_observation_applies_to_the_cancer_it_focuses_on():
    breast, lung = fb.condition(fb.BREAST_CANCER, id="breast"), fb.condition(LUNG_CANCER, id="lung")
    observation = stage_observation({"coding": [{"system": AJCC, "code": "4", "display": "IV"}]}, focus="lung")
    assert stages([breast, lung], [observation]) == {"breast": None, "lung": "IV"}


def test_a_stage_observation_without_focus_applies_only_when_there_is_one_cancer():
    observation = stage_observation({"text": "Stage IIIA"})
    assert stages([fb.condition(fb.BREAST_CANCER, id="breast")], [observation]) == {"breast": "IIIA"}
    both = [fb.condition(fb.BREAST_CANCER, id="breast"), fb.condition(LUNG_CANCER, id="lung")]
    assert stages(both, [observation]) == {"breast": None, "lung": None}


@pytest.mark.parametrize("status", ["preliminary", "entered-in-error", "cancelled"])
def test_an_unusable_stage_observation_is_not_applied(status):
    observation = stage_observation({"text": "IV"}, status=status)
    assert stages([fb.condition(fb.BREAST_CANCER, id="breast")], [observation]) == {"breast": None}


def test_a_staged_breast_cancer_without_bone_imaging_gets_the_screening_card(client, prefetch_keys):

    cancer = fb.condition(fb.BREAST_CANCER, id="breast", days=90)
    observation = stage_observation({"coding": [{"system": AJCC, "code": "3B", "display": "IIIB"}]}, focus="breast")
    response = client.post("/cds-services/bm-patient-view", json=fb.patient_view(prefetch_keys, cancer, observation))
    topics = [c["source"]["topic"]["code"] for c in response.get_json()["cards"]]
    assert "bone-mets-screening" in topics


def test_a_bone_scan_already_ordered_silences_the_screening_card(client, prefetch_keys):

    cancer = fb.condition(fb.BREAST_CANCER, id="breast", days=90)
    observation = stage_observation({"text": "IIIB"}, focus="breast")
    ordered = fb.service_request(fb.BONE_SCAN, status="active")
    response = client.post(
        "/cds-services/bm-patient-view", json=fb.patient_view(prefetch_keys, cancer, observation, ordered)
    )
    topics = [c["source"]["topic"]["code"] for c in response.get_json()["cards"]]
    assert "bone-mets-screening" not in topics
