"""The shared real FHIR data (Synthea, HL7 and US Core examples) through HTTP: facts and cards.

Each record goes in as an EHR honouring our prefetch would send it. These are
synthetic patients, most of them long dead; what they teach is that real coding
(SNOMED 126906006, blood-level LOINC codes, resolved cancers, local lab codes)
is read as the guideline needs, and that nothing here makes the service guess.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import FHIR_DATA, load_json

from cds_service.services import KIND_OF_RESOURCE_TYPE, PREFETCH_KEYS
from fhir_mappings import PatientData, map_record


def synthea(name: str, *, alive: bool = False) -> list[dict]:
    bundle = load_json(next((FHIR_DATA / "synthea-smart-r4").glob(f"{name}_*.json")))
    resources = [entry["resource"] for entry in bundle["entry"]]
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    if alive:  # the same record, as if the patient were alive today
        patient.pop("deceasedDateTime", None)
        patient.pop("deceasedBoolean", None)
    for resource in resources:  # a FHIR server resolves the transaction's urn:uuid references
        for field in ("subject", "patient"):
            if isinstance(resource.get(field), dict):
                resource[field] = {"reference": f"Patient/{patient['id']}"}
    return resources


def call(client, resources: list[dict], patient_id: str) -> list[dict]:
    services = {s["id"]: s for s in client.get("/cds-services").get_json()["services"]}
    prefetch: dict = {
        key: {"resourceType": "Bundle", "type": "searchset", "entry": []}
        for key in services["bm-patient-view"]["prefetch"]
    }
    prefetch["patient"] = next(
        (r for r in resources if r["resourceType"] == "Patient"), {"resourceType": "Patient", "id": patient_id}
    )
    for resource in resources:
        kind = KIND_OF_RESOURCE_TYPE.get(resource["resourceType"])
        key = PREFETCH_KEYS.get(kind) if kind else None
        if key in prefetch and key != "patient":
            prefetch[key]["entry"].append({"resource": resource})
    body = {
        "hook": "patient-view",
        "hookInstance": "5d6d9a43-6f0e-4bbf-a4ab-0b0f3c1e7a11",
        "context": {"patientId": patient_id, "userId": "Practitioner/example"},
        "prefetch": prefetch,
    }
    response = client.post("/cds-services/bm-patient-view", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["cards"]


def facts_of(resources: list[dict]):
    grouped: dict[str, list[dict]] = {}
    for resource in resources:
        kind = KIND_OF_RESOURCE_TYPE.get(resource["resourceType"])
        if kind:
            grouped.setdefault(kind, []).append(resource)
    return map_record(PatientData(resources=grouped), context={}, hook="patient-view", as_of=datetime.now(UTC))


def topics(cards: list[dict]) -> set[str]:
    return {card["source"]["topic"]["code"] for card in cards}


def patient_id(resources: list[dict]) -> str:
    return next(r["id"] for r in resources if r["resourceType"] == "Patient")


@pytest.mark.parametrize("name", ["Vito_Feeney", "Gilbert_Wunsch", "Fletcher_Hyatt", "Cleo_Friesen"])
def test_a_deceased_patient_gets_no_card(client, name):
    resources = synthea(name)
    assert facts_of(resources).person.deceased
    assert call(client, resources, patient_id(resources)) == []


def test_metastatic_prostate_cancer_without_bone_imaging_since_diagnosis_gets_the_screening_card(client):
    resources = synthea("Vito_Feeney", alive=True)
    facts = facts_of(resources)
    prostate = [d for d in facts.diagnoses if d.concept == "malignancy"]
    assert [(d.primary_site, d.stage) for d in prostate] == [("prostate", "IV")]  # SNOMED 314994000
    assert topics(call(client, resources, patient_id(resources))) == {"bone-mets-screening"}


def test_neoplasm_of_prostate_of_unspecified_behaviour_is_not_read_as_cancer(client):
    resources = synthea("Ali_Herman")  # SNOMED 126906006 and carcinoma in situ 92691004
    facts = facts_of(resources)
    assert not facts.has_diagnosis("malignancy")
    creatinine = facts.latest("creatinine")  # Synthea's blood-level code 38483-4, mg/dL → µmol/L
    assert creatinine is not None and creatinine.unit == "umol/L" and creatinine.original.endswith("mg/dL")
    assert call(client, resources, patient_id(resources)) == []


def test_early_lung_cancer_on_alendronate_gets_no_bone_metastasis_card(client):
    resources = synthea("Gilbert_Wunsch", alive=True)
    facts = facts_of(resources)
    assert {d.stage for d in facts.diagnoses if d.concept == "malignancy"} == {None, "I"}
    assert [m.agent for m in facts.medications_in("bisphosphonate")] == ["alendronate"]
    # Stage I is not "中、晚"; without bone metastasis a bisphosphonate for osteoporosis is outside this guideline.
    assert call(client, resources, patient_id(resources)) == []


def test_serum_codes_are_read_for_a_patient_without_cancer(client):
    resources = synthea("Jordan_Cruickshank")
    facts = facts_of(resources)
    assert facts.latest("calcium") is not None and facts.latest("creatinine") is not None
    assert call(client, resources, patient_id(resources)) == []


def test_a_resolved_malignancy_and_a_local_creatinine_code_are_not_used(client):
    examples = FHIR_DATA / "hl7-r4-examples"
    resources = [
        load_json(examples / f"{name}.json") for name in ("Patient-f201", "Condition-f202", "Observation-f204")
    ]
    facts = facts_of(resources)
    assert [d.active for d in facts.diagnoses if d.concept == "malignancy"] == [False]  # clinicalStatus resolved
    assert facts.latest("creatinine") is None  # only a hospital-local code: never guessed from the text
    assert call(client, resources, "f201") == []


def test_us_core_serum_calcium_and_creatinine_convert_to_si_units():
    examples = FHIR_DATA / "us-core-r4-examples"
    resources = [
        load_json(examples / f"{name}.json") for name in ("Observation-serum-calcium", "Observation-serum-creatinine")
    ]
    facts = facts_of(resources)
    assert round(facts.latest("calcium").value, 2) == 1.92  # 7.7 mg/dL
    assert round(facts.latest("creatinine").value, 1) == 88.4  # 1.0 mg/dL
