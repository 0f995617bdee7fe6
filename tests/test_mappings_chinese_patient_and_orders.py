"""A Chinese-coded patient (WHO ICD-10 national edition, ATC, Chinese text), draft orders, unparseable input."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fhir_mappings import PatientData, map_record
from guideline.facts import ImagingKind, MedicationStatus, Verification
from tests.conftest import EXAMPLES, load_json

FIXTURES = Path(__file__).parent / "fixtures" / "fhir"
AS_OF = datetime(2025, 12, 1, tzinfo=UTC)


@pytest.fixture
def chinese_facts():
    bundle = load_json(FIXTURES / "chinese-patient-bundle.json")
    data = PatientData(resources={"everything": [e["resource"] for e in bundle["entry"]]})
    return map_record(data, context={}, hook="patient-view", as_of=AS_OF)


def test_chinese_national_edition_code_is_a_confirmed_bone_metastasis(chinese_facts):
    (metastasis,) = chinese_facts.diagnoses_of("bone-metastasis")
    assert metastasis.verification is Verification.CONFIRMED
    assert metastasis.source.display == "骨继发恶性肿瘤"
    assert metastasis.evidence == ("DiagnosticReport/cn-ct",)
    assert metastasis.recorded == datetime(2025, 9, 14, 0, 30, tzinfo=UTC)  # +08:00 read as UTC


def test_who_breast_code_is_a_breast_primary_with_a_partial_onset(chinese_facts):
    (breast,) = chinese_facts.diagnoses_of("malignancy")
    assert breast.primary_site == "breast"
    assert breast.onset == datetime(2023, 5, 1, tzinfo=UTC)


def test_refuted_calcium_disorder_is_gone(chinese_facts):
    assert {d.concept for d in chinese_facts.diagnoses} == {"bone-metastasis", "malignancy"}


def test_atc_coded_zoledronic_acid_with_chinese_display_and_structured_dose(chinese_facts):
    (za,) = chinese_facts.medications_in("bisphosphonate")
    assert za.agent == "zoledronic-acid" and not za.matched_by_text
    assert za.source.display == "唑来膦酸注射液 4mg/100ml"
    assert (za.dose.amount, za.dose.unit, za.dose.route) == (4.0, "mg", "iv")
    assert (za.dose.every_days, za.dose.infusion_minutes) == (28.0, 15.0)


def test_uncoded_morphine_is_found_by_its_chinese_name_and_flagged(chinese_facts):
    (morphine,) = chinese_facts.medications_in("opioid-strong")
    assert morphine.agent == "morphine" and morphine.matched_by_text
    assert (morphine.dose.route, morphine.dose.per_day) == ("oral", 60.0)


def test_creatinine_in_micromol_and_calcium_in_mmol_with_reference_range(chinese_facts):
    creatinine = chinese_facts.latest("creatinine")
    assert (creatinine.value, creatinine.unit, creatinine.reference_high) == (97.0, "umol/L", 73.0)
    calcium = chinese_facts.latest("calcium")
    assert calcium.value == 2.82  # the entered-in-error 3.9 is not used


def test_ct_report_with_coded_metastasis_conclusion_is_confirmatory_imaging(chinese_facts):
    reports = [i for i in chinese_facts.imaging if i.source.resource_type == "DiagnosticReport"]
    assert [(i.kind, i.shows_bone_metastasis) for i in reports] == [(ImagingKind.CT, True)]


def test_an_unparseable_resource_is_counted_and_logged_without_identifiers(caplog):
    bundle = load_json(FIXTURES / "chinese-patient-bundle.json")
    resources = [e["resource"] for e in bundle["entry"]] + ["not a resource", {"resourceType": 7}, None]
    with caplog.at_level(logging.INFO, logger="fhir_mappings"):
        facts = map_record(PatientData(resources={"x": resources}), context={}, hook="patient-view", as_of=AS_OF)
    assert facts.skipped_resources == 4  # the broken Observation and three non-resources
    assert facts.latest("creatinine").source.resource_id == "cn-cr"
    assert "Observation no code x1" in caplog.text
    for identifier in ("cn-broken", "cn-1", "测试"):
        assert identifier not in caplog.text


def test_wrong_types_everywhere_never_raise():
    garbage = [
        {"resourceType": "Condition", "code": {"coding": "C79.5"}, "verificationStatus": []},
        {"resourceType": "Condition", "code": {"coding": [{"system": 5, "code": None}]}},
        {
            "resourceType": "Observation",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "2160-0"}]},
            "effectiveDateTime": "2025-01-01",
            "valueQuantity": {"value": "1.0", "unit": "mg/dL"},
        },
        {"resourceType": "MedicationRequest", "status": "active", "dosageInstruction": "daily"},
        {
            "resourceType": "MedicationRequest",
            "status": "active",
            "medicationCodeableConcept": {"text": "唑来膦酸"},
            "dosageInstruction": [{"timing": {"repeat": []}}],
        },
        {"resourceType": "ImagingStudy", "status": "available", "series": [{"modality": "CT"}], "modality": "x"},
        {"resourceType": "DiagnosticReport", "status": "final", "category": {"coding": []}, "result": "x"},
        {"resourceType": "Procedure", "status": "completed", "code": ["55162003"]},
        {"resourceType": "Patient", "birthDate": 1962, "gender": ["female"]},
        {"resourceType": "Basic", "id": "a real type we do not read"},
        {"resourceType": "NotAResource", "id": "garbage type"},
    ]
    facts = map_record(PatientData(resources={"x": garbage}), context={}, hook="patient-view", as_of=AS_OF)
    # string value, request without a drug, procedure code as a list, unknown resourceType
    assert facts.skipped_resources == 4
    assert facts.person.birth_date is None and facts.person.sex is None
    assert [m.agent for m in facts.medications] == ["zoledronic-acid"]


def order_context(name: str) -> tuple[dict, str]:
    body = load_json(EXAMPLES / name)
    body = body.get("body", body)
    return body["context"], body.get("hook") or ("order-select" if "order-select" in name else "order-sign")


def test_order_select_marks_only_the_selected_drafts():
    context, hook = order_context("hooks-library-v1.0.1/order-select-01-example-r4.json")
    facts = map_record(PatientData(), context=context, hook=hook, as_of=AS_OF)
    selected = {o.reference for o in facts.orders if o.selected}
    assert selected == set(context["selections"])
    assert facts.medications == ()  # drafts are not the patient's current medications


def test_dstu2_medication_order_in_draft_orders_is_read_leniently():
    context, hook = order_context("hooks-library-v1.0.1/order-select-03-example-dstu2.json")
    facts = map_record(PatientData(), context=context, hook=hook, as_of=AS_OF)
    assert {o.resource_type for o in facts.orders} == {"NutritionOrder", "MedicationOrder"}
    assert facts.skipped_resources == 0


def test_a_draft_without_a_drug_gives_an_order_without_medication():
    context, hook = order_context("sandbox-captured/03-order-select.json")
    (order,) = map_record(PatientData(), context=context, hook=hook, as_of=AS_OF).orders
    assert (order.reference, order.selected, order.medication) == ("MedicationRequest/request-123", True, None)
    assert order.resource == context["draftOrders"]["entry"][0]["resource"]


def test_order_sign_judges_every_draft_and_keeps_the_dose():
    draft = {
        "resourceType": "MedicationRequest",
        "id": "za-draft",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "M05BA08"}]},
        "dosageInstruction": [
            {
                "route": {"text": "IV"},
                "doseAndRate": [{"doseQuantity": {"value": 4, "code": "mg"}}],
                "timing": {"repeat": {"period": 4, "periodUnit": "wk", "duration": 15, "durationUnit": "min"}},
            }
        ],
    }
    dental = {
        "resourceType": "ServiceRequest",
        "id": "ext",
        "status": "draft",
        "intent": "order",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "55162003"}]},
    }
    context = {
        "patientId": "p",
        "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": draft}, {"resource": dental}]},
    }
    facts = map_record(PatientData(), context=context, hook="order-sign", as_of=AS_OF)
    za, extraction = facts.orders
    assert za.selected and extraction.selected
    assert za.medication.status is MedicationStatus.DRAFT and za.medication.dose.every_days == 28
    assert extraction.procedure.concept == "dental-invasive"
    assert facts.medications == () and facts.procedures == ()


def test_order_sign_with_garbage_draft_orders_answers_without_a_server_error(client):
    body = {
        "hook": "order-sign",
        "hookInstance": "0d5d0d8e-6e1f-4d5e-9d55-3c3a3f1f0b11",
        "context": {
            "userId": "Practitioner/1",
            "patientId": "p1",
            "draftOrders": {
                "resourceType": "Bundle",
                "entry": [
                    {"resource": {"resourceType": "MedicationOrder", "id": "x", "medicationCodeableConcept": "吗啡"}},
                    {"resource": {"resourceType": "MedicationRequest", "id": "y", "dosageInstruction": {"a": 1}}},
                    {"resource": "garbage"},
                    {"nothing": True},
                ],
            },
        },
        "prefetch": {"patient": {"resourceType": "Patient", "id": "p1", "birthDate": "1960-02-30"}},
    }
    response = client.post("/cds-services/bm-order-sign", json=body)
    assert response.status_code < 500, response.get_data(as_text=True)
