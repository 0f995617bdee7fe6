"""Real FHIR data (Synthea, HL7 and US Core examples) mapped to facts through map_record."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cds_service.services import KIND_OF_RESOURCE_TYPE
from fhir_mappings import PatientData, map_record
from guideline.facts import ImagingKind, MedicationStatus, Verification
from tests.conftest import FHIR_DATA, load_json

SYNTHEA = FHIR_DATA / "synthea-smart-r4"
HL7 = FHIR_DATA / "hl7-r4-examples"
US_CORE = FHIR_DATA / "us-core-r4-examples"
KIND = {**KIND_OF_RESOURCE_TYPE, "Medication": "medication-requests"}  # as an _include would deliver it
AS_OF = datetime(2021, 1, 1, tzinfo=UTC)


def patient_data(resources: list[dict]) -> PatientData:
    """Group resources by data kind, as the service's prefetch does."""
    grouped: dict[str, list[dict]] = {}
    for resource in resources:
        if resource["resourceType"] in KIND:
            grouped.setdefault(KIND[resource["resourceType"]], []).append(resource)
    return PatientData(resources=grouped)


def synthea(name: str, as_of: datetime = AS_OF):
    (path,) = SYNTHEA.glob(f"{name}_*.json")
    resources = [e["resource"] for e in load_json(path)["entry"]]
    return map_record(patient_data(resources), context={}, hook="patient-view", as_of=as_of)


def examples(*paths: Path, as_of: datetime = AS_OF):
    resources = []
    for path in paths:
        doc = load_json(path)
        resources += [e["resource"] for e in doc["entry"]] if doc["resourceType"] == "Bundle" else [doc]
    return map_record(patient_data(resources), context={}, hook="patient-view", as_of=as_of)


def test_neoplasm_of_prostate_and_carcinoma_in_situ_are_not_read_as_malignancy():
    facts = synthea("Ali_Herman")
    assert facts.diagnoses == ()
    assert facts.person.sex == "male" and facts.person.birth_date.year == 1952
    assert facts.skipped_resources == 0


def test_synthea_blood_calcium_in_mg_per_dl_becomes_mmol_per_litre():
    facts = synthea("Ali_Herman")
    calcium = facts.measurements_of("calcium")
    assert len(calcium) == 12
    latest = facts.latest("calcium")
    assert latest.unit == "mmol/L"
    assert latest.when.date().isoformat() == "2020-09-06"
    assert latest.value == pytest.approx(float(latest.original.split()[0]) * 0.2495, rel=1e-3)
    assert latest.original.endswith("mg/dL")


def test_synthea_blood_creatinine_becomes_micromol_per_litre():
    creatinine = synthea("Ali_Herman").measurements_of("creatinine")
    assert len(creatinine) == 12
    assert all(m.unit == "umol/L" for m in creatinine)
    first = creatinine[0]
    assert first.value == pytest.approx(float(first.original.split()[0]) * 88.4, rel=1e-3)


def test_metastatic_prostate_cancer_is_a_stage_iv_prostate_malignancy():
    facts = synthea("Vito_Feeney", as_of=datetime(1979, 12, 31, tzinfo=UTC))
    (malignancy,) = facts.diagnoses_of("malignancy")
    assert (malignancy.primary_site, malignancy.stage) == ("prostate", "IV")
    assert malignancy.verification is Verification.CONFIRMED
    assert malignancy.source.display == "Metastasis from malignant tumor of prostate (disorder)"
    assert len(facts.measurements_of("calcium")) == 39
    assert [i.kind for i in facts.imaging] == [ImagingKind.XRAY]


def test_lung_cancer_with_an_active_alendronate_order_is_on_a_bisphosphonate():
    facts = synthea("Gilbert_Wunsch", as_of=datetime(2012, 1, 1, tzinfo=UTC))
    assert {(d.primary_site, d.stage) for d in facts.diagnoses_of("malignancy")} == {("lung", None), ("lung", "I")}
    (alendronate,) = facts.medications_in("bisphosphonate")
    assert alendronate.agent == "alendronate"
    assert alendronate.status is MedicationStatus.ACTIVE
    assert not alendronate.matched_by_text
    assert "bone-modifying-agent" in alendronate.classes


def test_serum_codes_and_blood_codes_both_give_calcium_and_creatinine():
    facts = synthea("Jordan_Cruickshank")
    serum_day = [m for m in facts.measurements_of("calcium") if m.when.date().isoformat() == "2017-06-24"]
    assert serum_day, "17861-6 serum calcium not mapped"
    assert len(facts.measurements_of("calcium")) == 10
    assert len(facts.measurements_of("creatinine")) == 10
    assert facts.diagnoses == ()


def test_radiographs_are_imaging_but_ultrasound_is_not():
    facts = synthea("Fletcher_Hyatt", as_of=datetime(1996, 12, 31, tzinfo=UTC))
    assert sorted(i.kind for i in facts.imaging) == [ImagingKind.XRAY] * 3  # DX, DX, CR; two US studies left out
    assert all(i.shows_bone_metastasis is None for i in facts.imaging)


def test_largest_bundle_maps_without_skipping_anything():
    facts = synthea("Fletcher_Hyatt")
    assert facts.skipped_resources == 0
    assert facts.measurements


def test_resolved_malignancy_is_kept_but_not_active():
    facts = examples(HL7 / "Condition-f202.json")
    (malignancy,) = facts.diagnoses_of("malignancy", active_only=False)
    assert not malignancy.active
    assert not facts.has_diagnosis("malignancy")
    assert malignancy.primary_site is None  # 363346000 says malignant, not where


def test_creatinine_with_only_a_local_code_is_not_read():
    facts = examples(HL7 / "Observation-f204.json")
    assert facts.measurements == ()
    assert facts.skipped_resources == 0


def test_general_health_panel_gives_molar_calcium_and_creatinine_dated_by_their_report():
    bundle = load_json(HL7 / "Bundle-ghp.json")
    (report,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "DiagnosticReport"]
    facts = examples(HL7 / "Bundle-ghp.json", as_of=datetime(2030, 1, 1, tzinfo=UTC))
    (calcium,) = facts.measurements_of("calcium")
    (creatinine,) = facts.measurements_of("creatinine")
    assert (calcium.value, calcium.unit, calcium.original) == (2.38, "mmol/L", "2.38 mmol/L")
    assert (creatinine.unit, creatinine.original) == ("umol/L", "0.09 mmol/L")
    assert creatinine.value == pytest.approx(90.0)
    assert calcium.when.isoformat().startswith((report.get("effectiveDateTime") or report["issued"])[:10])


def test_panel_results_without_their_report_have_no_time_and_are_not_used():
    bundle = load_json(HL7 / "Bundle-ghp.json")
    observations = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]
    facts = map_record(patient_data(observations), context={}, hook="patient-view", as_of=AS_OF)
    assert facts.measurements_of("calcium") == []


def test_us_core_serum_calcium_and_creatinine_are_converted():
    facts = examples(US_CORE / "Observation-serum-calcium.json", US_CORE / "Observation-serum-creatinine.json")
    assert facts.latest("calcium").value == pytest.approx(7.7 * 0.2495, rel=1e-3)
    assert facts.latest("creatinine").value == pytest.approx(88.4, rel=1e-3)


def test_hl7_ct_and_xr_imaging_studies_are_confirmatory_kinds():
    facts = examples(HL7 / "ImagingStudy-example.json", HL7 / "ImagingStudy-example-xr.json")
    assert sorted(i.kind for i in facts.imaging) == sorted([ImagingKind.CT, ImagingKind.XRAY])


def test_contained_oxycodone_with_an_unlisted_snomed_code_is_found_by_name_and_flagged():
    paths = [HL7 / f"MedicationRequest-{n}.json" for n in ("medrx0306", "medrx0317", "medrx0301", "medrx0333")]
    facts = examples(*paths, HL7 / "Medication-med0310.json", US_CORE / "MedicationRequest-uscore-mo1.json")
    by_id = {m.source.resource_id: m for m in facts.medications}
    assert set(by_id) == {"medrx0301", "medrx0333"}  # the leukaemia drugs and the US Core drug are not ours
    assert by_id["medrx0333"].agent == "oxycodone" and by_id["medrx0333"].matched_by_text
    assert by_id["medrx0333"].status is MedicationStatus.ACTIVE
    assert by_id["medrx0301"].status is MedicationStatus.COMPLETED
    assert facts.skipped_resources == 0
