"""Status, verification and time rules per resource type (issue #4 item 5)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fhir_mappings import PatientData, map_record
from fhir_mappings.dates import parse_datetime
from guideline.facts import ImagingKind, MedicationStatus, ProcedureStatus, Verification

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
LOINC, SCT, ICD10 = "http://loinc.org", "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10"


def facts_of(*resources: dict, as_of: datetime = AS_OF):
    return map_record(PatientData(resources={"any": list(resources)}), context={}, hook="patient-view", as_of=as_of)


def condition(verification: str | None = None, clinical: str | None = "active", **extra) -> dict:
    resource = {"resourceType": "Condition", "id": "c1", "code": {"coding": [{"system": ICD10, "code": "C79.5"}]}}
    if verification:
        resource["verificationStatus"] = {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": verification}]
        }
    if clinical:
        resource["clinicalStatus"] = {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": clinical}]
        }
    return resource | extra


@pytest.mark.parametrize(
    "verification, expected",
    [
        ("confirmed", Verification.CONFIRMED),
        ("provisional", Verification.PROVISIONAL),
        ("differential", Verification.PROVISIONAL),
        ("unconfirmed", Verification.PROVISIONAL),
        (None, Verification.UNKNOWN),
    ],
)
def test_condition_verification_is_kept_as_the_ehr_says(verification, expected):
    (diagnosis,) = facts_of(condition(verification)).diagnoses
    assert diagnosis.verification is expected


@pytest.mark.parametrize("verification", ["refuted", "entered-in-error"])
def test_refuted_and_erroneous_conditions_never_become_facts(verification):
    assert facts_of(condition(verification)).diagnoses == ()


@pytest.mark.parametrize(
    "clinical, active",
    [
        ("active", True),
        ("recurrence", True),
        ("relapse", True),
        ("inactive", False),
        ("remission", False),
        ("resolved", False),
    ],
)
def test_condition_clinical_status_sets_active(clinical, active):
    (diagnosis,) = facts_of(condition("confirmed", clinical)).diagnoses
    assert diagnosis.active is active


def test_condition_without_clinical_status_but_with_abatement_is_not_active():
    (diagnosis,) = facts_of(condition("confirmed", None, abatementDateTime="2024-02-01")).diagnoses
    assert not diagnosis.active


def observation(status: str = "final", **extra) -> dict:
    resource = {
        "resourceType": "Observation",
        "id": "o1",
        "status": status,
        "code": {"coding": [{"system": LOINC, "code": "2160-0"}]},
        "effectiveDateTime": "2025-12-01T08:00:00Z",
        "valueQuantity": {"value": 1.0, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL"},
    }
    resource.update(extra)
    return {k: v for k, v in resource.items() if v is not None}


@pytest.mark.parametrize(
    "status, used",
    [
        ("final", True),
        ("amended", True),
        ("corrected", True),
        ("preliminary", False),
        ("registered", False),
        ("cancelled", False),
        ("entered-in-error", False),
        ("unknown", False),
    ],
)
def test_only_final_amended_and_corrected_results_are_used(status, used):
    assert bool(facts_of(observation(status)).measurements) is used


def test_a_result_with_data_absent_reason_is_not_used():
    absent = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "error"}]}
    assert facts_of(observation(dataAbsentReason=absent, valueQuantity=None)).measurements == ()


def test_a_result_with_a_comparator_is_not_read_as_its_number():
    less_than = {
        "value": 0.3,
        "comparator": "<",
        "unit": "mg/dL",
        "code": "mg/dL",
        "system": "http://unitsofmeasure.org",
    }
    assert facts_of(observation(valueQuantity=less_than)).measurements == ()


@pytest.mark.parametrize(
    "times, expected",
    [
        ({"effectiveDateTime": "2025-12-01T08:00:00+08:00"}, "2025-12-01T00:00:00+00:00"),
        ({"effectiveDateTime": "2025-12-01"}, "2025-12-01T00:00:00+00:00"),
        (
            {"effectiveDateTime": None, "effectiveInstant": "2025-12-02T10:15:00.123Z"},
            "2025-12-02T10:15:00.123000+00:00",
        ),
        (
            {"effectiveDateTime": None, "effectivePeriod": {"start": "2025-11-01", "end": "2025-11-03T12:00:00Z"}},
            "2025-11-03T12:00:00+00:00",
        ),
        ({"effectiveDateTime": None, "effectivePeriod": {"start": "2025-11-01"}}, "2025-11-01T00:00:00+00:00"),
        ({"effectiveDateTime": None, "issued": "2025-12-05T09:00:00-05:00"}, "2025-12-05T14:00:00+00:00"),
    ],
)
def test_result_time_comes_from_effective_then_period_end_then_issued(times, expected):
    (measurement,) = facts_of(observation(**times)).measurements
    assert measurement.when.isoformat() == expected


def test_a_result_without_any_time_is_not_used():
    assert facts_of(observation(effectiveDateTime=None)).measurements == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020-06", "2020-06-01T00:00:00+00:00"),
        ("2020", "2020-01-01T00:00:00+00:00"),
        ("2020-06-08T10:00:00", "2020-06-08T10:00:00+00:00"),
        ("not a date", None),
        ("2020-13-01", None),
        (20200608, None),
    ],
)
def test_partial_dates_are_the_first_day_and_garbage_is_no_date(text, expected):
    parsed = parse_datetime(text)
    assert (parsed.isoformat() if parsed else None) == expected


def test_values_after_the_call_time_are_ignored_by_queries():
    facts = facts_of(observation(effectiveDateTime="2026-03-01"))
    assert facts.measurements and facts.latest("creatinine") is None


def medication(resource_type: str, status: str, intent: str | None = "order") -> dict:
    resource = {
        "resourceType": resource_type,
        "id": "m1",
        "status": status,
        "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "M05BA08"}]},
    }
    if resource_type == "MedicationRequest" and intent:
        resource["intent"] = intent
    return resource


@pytest.mark.parametrize(
    "status, expected",
    [
        ("active", MedicationStatus.ACTIVE),
        ("on-hold", MedicationStatus.ON_HOLD),
        ("completed", MedicationStatus.COMPLETED),
        ("stopped", MedicationStatus.STOPPED),
        ("draft", MedicationStatus.DRAFT),
        ("unknown", MedicationStatus.UNKNOWN),
        ("cancelled", None),
        ("entered-in-error", None),
    ],
)
def test_medication_request_status(status, expected):
    found = facts_of(medication("MedicationRequest", status)).medications
    assert [m.status for m in found] == ([expected] if expected else [])


@pytest.mark.parametrize("intent", ["proposal", "plan"])
def test_a_proposed_medication_is_not_a_current_treatment(intent):
    (found,) = facts_of(medication("MedicationRequest", "active", intent)).medications
    assert not found.current


@pytest.mark.parametrize(
    "status, expected",
    [
        ("active", MedicationStatus.ACTIVE),
        ("completed", MedicationStatus.COMPLETED),
        ("intended", MedicationStatus.DRAFT),
        ("stopped", MedicationStatus.STOPPED),
        ("not-taken", MedicationStatus.STOPPED),
        ("entered-in-error", None),
    ],
)
def test_medication_statement_status(status, expected):
    found = facts_of(medication("MedicationStatement", status)).medications
    assert [m.status for m in found] == ([expected] if expected else [])


def test_medication_reference_to_a_medication_in_the_data_is_followed():
    request = medication("MedicationRequest", "active")
    del request["medicationCodeableConcept"]
    request["medicationReference"] = {"reference": "Medication/za"}
    drug = {
        "resourceType": "Medication",
        "id": "za",
        "code": {"coding": [{"system": "http://www.whocc.no/atc", "code": "M05BA08"}]},
    }
    (found,) = facts_of(request, drug).medications
    assert found.agent == "zoledronic-acid"


def procedure(resource_type: str, status: str) -> dict:
    return {
        "resourceType": resource_type,
        "id": "p1",
        "status": status,
        "code": {"coding": [{"system": SCT, "code": "55162003"}]},
        "performedDateTime": "2025-10-01",
    }


@pytest.mark.parametrize(
    "status, expected",
    [
        ("completed", ProcedureStatus.DONE),
        ("in-progress", ProcedureStatus.IN_PROGRESS),
        ("preparation", ProcedureStatus.PLANNED),
        ("not-done", ProcedureStatus.NOT_DONE),
        ("entered-in-error", None),
    ],
)
def test_procedure_status(status, expected):
    assert [p.status for p in facts_of(procedure("Procedure", status)).procedures] == ([expected] if expected else [])


@pytest.mark.parametrize(
    "status, expected",
    [
        ("draft", ProcedureStatus.PLANNED),
        ("active", ProcedureStatus.PLANNED),
        ("completed", ProcedureStatus.DONE),
        ("revoked", None),
        ("entered-in-error", None),
    ],
)
def test_service_request_status(status, expected):
    found = facts_of(procedure("ServiceRequest", status)).procedures
    assert [p.status for p in found] == ([expected] if expected else [])


def report(status: str, **extra) -> dict:
    return {
        "resourceType": "DiagnosticReport",
        "id": "r1",
        "status": status,
        "code": {"coding": [{"system": LOINC, "code": "39818-0"}]},
        "effectiveDateTime": "2025-09-01",
    } | extra


@pytest.mark.parametrize(
    "status, used",
    [
        ("final", True),
        ("amended", True),
        ("corrected", True),
        ("appended", True),
        ("preliminary", False),
        ("registered", False),
        ("cancelled", False),
        ("entered-in-error", False),
    ],
)
def test_diagnostic_report_status(status, used):
    assert bool(facts_of(report(status)).imaging) is used


def test_a_bone_scan_report_with_a_metastasis_conclusion_shows_bone_metastasis():
    conclusion = [{"coding": [{"system": SCT, "code": "94222008"}]}]
    (scan,) = facts_of(report("final", conclusionCode=conclusion)).imaging
    assert scan.kind is ImagingKind.BONE_SCAN and scan.shows_bone_metastasis is True


def test_a_report_without_coded_conclusion_leaves_the_finding_unknown():
    (scan,) = facts_of(report("final", conclusion="多发骨转移")).imaging
    assert scan.shows_bone_metastasis is None  # free text is not read


def study(status: str, modality: str, **extra) -> dict:
    series = [
        {"uid": "1.2.3", "modality": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": modality}}
    ]
    return {
        "resourceType": "ImagingStudy",
        "id": "s1",
        "status": status,
        "series": series,
        "started": "2025-09-01T10:00:00Z",
    } | extra


@pytest.mark.parametrize(
    "status, used", [("available", True), ("registered", False), ("cancelled", False), ("entered-in-error", False)]
)
def test_imaging_study_status(status, used):
    assert bool(facts_of(study(status, "CT")).imaging) is used


@pytest.mark.parametrize(
    "modality, kind",
    [
        ("CR", ImagingKind.XRAY),
        ("DX", ImagingKind.XRAY),
        ("RG", ImagingKind.XRAY),
        ("CT", ImagingKind.CT),
        ("MR", ImagingKind.MRI),
        ("PT", ImagingKind.PET_CT),
        ("NM", None),
        ("US", None),
    ],
)
def test_imaging_study_modality_gives_the_imaging_kind(modality, kind):
    assert [i.kind for i in facts_of(study("available", modality)).imaging] == ([kind] if kind else [])


def test_nuclear_medicine_with_a_bone_scan_procedure_code_is_a_bone_scan():
    code = [{"coding": [{"system": LOINC, "code": "39818-0"}]}]
    (scan,) = facts_of(study("available", "NM", procedureCode=code)).imaging
    assert scan.kind is ImagingKind.BONE_SCAN


def test_pathology_report_with_a_malignant_conclusion_confirms_malignancy():
    category = [{"coding": [{"system": LOINC, "code": "LP7839-6"}]}]
    conclusion = [{"coding": [{"system": ICD10, "code": "C79.5"}]}]
    resource = report("final", category=category, conclusionCode=conclusion, code={"text": "骨穿刺活检病理"})
    facts = facts_of(resource)
    (pathology,) = facts.pathology
    assert pathology.shows_malignancy and pathology.shows_bone_metastasis
    assert facts.imaging == ()


def test_a_report_citing_a_ct_study_is_ct_imaging():
    conclusion = [{"coding": [{"system": SCT, "code": "94222008"}]}]
    cited = report(
        "final",
        code={"text": "CT chest"},
        imagingStudy=[{"reference": "ImagingStudy/s1"}],
        conclusionCode=conclusion,
        id="r2",
    )
    facts = facts_of(study("available", "CT"), cited)
    confirmed = [i for i in facts.imaging if i.shows_bone_metastasis]
    assert [i.kind for i in confirmed] == [ImagingKind.CT]
