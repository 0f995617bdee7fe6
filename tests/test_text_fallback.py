"""Text fallback (issue 8 item 6): a concept named only in text is recognised, never from negated or past text.

English and Chinese labels as EHRs write them when a record has no code the value sets know (local codes,
free-text problem lists, Chinese report titles). A card that rests on such a fact says so, and the guideline
setting text_fallback turns the fallback off.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from fhir_mappings import PatientData, map_record
from fhir_mappings.text_match import PHRASES_FILE, match
from guideline.facts import ImagingKind, Verification
from tests import fhir_builders as fb

AS_OF = datetime.now(UTC)  # the builders date resources relative to now
LOCAL = "http://hospital.example.cn/CodeSystem/local"  # a code system the value sets do not know
SERVICE = "/cds-services/bm-patient-view"


@pytest.mark.parametrize(
    "text, kind, concept, suspected",
    [
        ("Bone metastases", "conditions", "bone-metastasis", False),
        ("Metastatic breast cancer", "conditions", "malignancy", False),
        ("Breast cancer metastatic to bone", "conditions", "bone-metastasis", False),
        ("多发骨转移", "conditions", "bone-metastasis", False),
        ("肺腺癌", "conditions", "malignancy", False),
        ("非小细胞肺癌", "conditions", "malignancy", False),  # 非 is part of the name, not a negation
        ("右股骨病理性骨折", "conditions", "pathological-fracture", False),
        ("高钙血症", "conditions", "hypercalcaemia", False),
        ("Suspected bone metastasis", "conditions", "bone-metastasis", True),
        ("r/o bone mets", "conditions", "bone-metastasis", True),
        ("Bone mets?", "conditions", "bone-metastasis", True),
        ("疑似骨转移", "conditions", "bone-metastasis", True),
        ("骨转移待排", "conditions", "bone-metastasis", True),
        ("不除外骨转移", "conditions", "bone-metastasis", True),  # "cannot be excluded": suspected, not negated
        ("Bone metastasis cannot be excluded", "conditions", "bone-metastasis", True),
        ("血肌酐", "labs", "creatinine", False),
        ("Creatinine, serum", "labs", "creatinine", False),
        ("肌酐清除率", "labs", "creatinine-clearance", False),
        ("无机磷", "labs", "phosphate", False),  # 无 is part of the name
        ("PLT", "labs", "platelets", False),
        ("Ionized calcium", "labs", "calcium-ionised", False),
        ("体重", "labs", "body-weight", False),
        ("拔牙术", "procedures", "dental-invasive", False),
        ("Palliative radiotherapy to T10", "procedures", "radiotherapy", False),
        ("MRI lumbar spine", "imaging", "mri", False),
        ("PET/CT whole body", "imaging", "pet-ct", False),
        ("胸部ＣＴ平扫", "imaging", "ct", False),
        ("全身骨显像", "imaging", "bone-scan", False),
        ("X线 骨盆正位", "imaging", "xray", False),
    ],
)
def test_a_plain_label_is_recognised(text, kind, concept, suspected):
    found = match(text, kind)
    assert found is not None and found.concept == concept and found.suspected is suspected


@pytest.mark.parametrize(
    "text, kind",
    [
        ("No evidence of bone metastasis", "conditions"),
        ("Bone metastasis ruled out", "conditions"),
        ("Negative for bone metastases", "conditions"),
        ("排除骨转移", "conditions"),
        ("未见骨转移", "conditions"),
        ("无骨转移", "conditions"),
        ("History of breast cancer", "conditions"),
        ("h/o prostate cancer", "conditions"),
        ("Family history of prostate cancer", "conditions"),
        ("乳腺癌病史", "conditions"),
        ("既往肺癌", "conditions"),
        ("母亲乳腺癌", "conditions"),
        ("Cancer screening", "conditions"),  # no cancer named
        ("Urine creatinine", "labs"),
        ("24h urine calcium", "labs"),
        ("Albumin/Creatinine ratio", "labs"),
        ("Prealbumin", "labs"),
        ("尿肌酐", "labs"),
        ("平均血小板体积", "labs"),
        ("降钙素", "labs"),
        ("EGFR mutation", "labs"),
        ("Possible CT", "imaging"),  # hedged: not a study that was done
        ("No radiotherapy", "procedures"),
        ("x" * 500 + " bone metastasis", "conditions"),  # a narrative, not a label
    ],
)
def test_negated_historical_hedged_or_other_texts_are_not_recognised(text, kind):
    assert match(text, kind) is None


def test_every_cue_and_phrase_list_says_why_and_where_from():
    document = json.loads(PHRASES_FILE.read_text(encoding="utf-8"))
    for cue in document["cues"].values():
        assert len(cue["rationale"]) > 40 and cue["en"] and cue["zh"]
    for kind in document["kinds"].values():
        assert kind["source"] and all(e["en"] and e["zh"] for e in kind["entries"])


# -- the mappings use it only when no coding is recognised ---------------------------------------------------
def facts_of(*resources: dict):
    return map_record(PatientData(resources={"any": list(resources)}), context={}, hook="patient-view", as_of=AS_OF)


def text_condition(text: str, *, verification: str = "confirmed", coding: list | None = None) -> dict:
    resource = fb.condition((LOCAL, "X1", text), days=30, verification=verification)
    resource["code"] = {"coding": coding if coding is not None else [{"system": LOCAL, "code": "X1"}], "text": text}
    return resource


def test_a_condition_named_in_text_only_is_a_diagnosis_that_carries_the_text():
    (diagnosis,) = facts_of(text_condition("乳腺癌骨转移")).diagnoses
    assert diagnosis.concept == "bone-metastasis" and diagnosis.verification is Verification.CONFIRMED
    assert diagnosis.source.matched_text == "乳腺癌骨转移"


def test_a_suspected_condition_in_text_is_provisional_whatever_its_verification_status():
    (diagnosis,) = facts_of(text_condition("疑似骨转移", verification="confirmed")).diagnoses
    assert diagnosis.verification is Verification.PROVISIONAL


def test_a_negated_condition_in_text_is_no_diagnosis():
    assert facts_of(text_condition("排除骨转移"), text_condition("No evidence of bone metastasis")).diagnoses == ()


def test_a_recognised_code_wins_over_the_text_and_is_not_flagged():
    coded = text_condition("Bone metastases", coding=[{"system": fb.ICD10CM, "code": "C50.911"}])
    (diagnosis,) = facts_of(coded).diagnoses
    assert diagnosis.concept == "malignancy" and diagnosis.source.matched_text is None


def local_lab(text: str, value: float, unit: str, *, system: str = LOCAL, code: str = "CR") -> dict:
    resource = fb.observation((system, code, text), value, unit, days=3)
    resource["code"] = {"coding": [{"system": system, "code": code}], "text": text}
    return resource


def test_a_lab_with_a_local_code_and_a_chinese_name_is_read_with_its_unit():
    (creatinine,) = facts_of(local_lab("血肌酐", 1.5, "mg/dL")).measurements
    assert creatinine.concept == "creatinine" and creatinine.value == pytest.approx(132.6, rel=1e-3)
    assert creatinine.source.matched_text == "血肌酐"


def test_an_unrecognised_loinc_code_is_another_measurement_not_a_text_match():
    urine = local_lab("Creatinine", 9000, "umol/L", system=fb.LOINC, code="2161-8")  # creatinine in urine
    assert facts_of(urine).measurements == ()


def test_imaging_and_procedures_named_in_text_only():
    study = {"resourceType": "ImagingStudy", "id": "s1", "status": "available", "started": fb.ago(30),
             "description": "MRI thoracic spine"}  # fmt: skip
    report = {"resourceType": "DiagnosticReport", "id": "r1", "status": "final", "effectiveDateTime": fb.ago(29),
              "code": {"coding": [{"system": LOCAL, "code": "NM01"}], "text": "全身骨显像"}}  # fmt: skip
    extraction = fb.procedure((LOCAL, "P1", "拔牙术"))
    extraction["code"] = {"coding": [{"system": LOCAL, "code": "P1"}], "text": "拔牙术"}
    facts = facts_of(study, report, extraction)
    assert sorted(i.kind for i in facts.imaging) == [ImagingKind.BONE_SCAN, ImagingKind.MRI]
    assert all(i.source.matched_text for i in facts.imaging)
    (procedure,) = facts.procedures
    assert procedure.concept == "dental-invasive" and procedure.source.matched_text == "拔牙术"


# -- cards say so; the setting turns it off --------------------------------------------------------------------
def cards_for(client, prefetch_keys, *resources) -> dict[str, dict]:
    response = client.post(SERVICE, json=fb.patient_view(prefetch_keys, *resources))
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def metastatic_breast_cancer_in_text() -> list[dict]:
    cancer = text_condition("Breast cancer")
    cancer["onsetDateTime"] = fb.ago(400)
    return [cancer, text_condition("Bone metastases")]


def test_a_card_that_rests_on_a_text_match_says_so(client, prefetch_keys):
    card = cards_for(client, prefetch_keys, *metastatic_breast_cancer_in_text())["bisphosphonate-start"]
    assert "Recognised from the text 'Bone metastases' (no code recognised)" in card["detail"]


def test_a_card_that_rests_on_codes_does_not(client, prefetch_keys):
    coded = [fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60)]
    assert "Recognised from the text" not in cards_for(client, prefetch_keys, *coded)["bisphosphonate-start"]["detail"]


def test_a_suspected_bone_metastasis_in_text_asks_for_confirmation_not_treatment(client, prefetch_keys):
    cancer = text_condition("乳腺癌")
    cancer["onsetDateTime"] = fb.ago(400)
    cards = cards_for(client, prefetch_keys, cancer, text_condition("骨转移待排"))
    assert "bisphosphonate-start" not in cards


def test_chinese_cards_say_it_in_chinese(request, app_config):
    app_config["CARD_LANGUAGE"] = "zh"  # before the app is built
    client, keys = request.getfixturevalue("client"), request.getfixturevalue("prefetch_keys")
    cancer = text_condition("乳腺癌")
    cancer["onsetDateTime"] = fb.ago(400)
    card = cards_for(client, keys, cancer, text_condition("乳腺癌骨转移"))["bisphosphonate-start"]
    assert "根据文字“乳腺癌骨转移”识别（无可识别的编码）" in card["detail"]


def test_the_setting_turns_the_text_fallback_off(request, app_config):
    app_config["GUIDELINE_SETTINGS"] = {"text_fallback": False}
    client, keys = request.getfixturevalue("client"), request.getfixturevalue("prefetch_keys")
    assert "bisphosphonate-start" not in cards_for(client, keys, *metastatic_breast_cancer_in_text())


def test_only_the_text_a_card_rests_on_is_named(client, prefetch_keys):
    """A text-recognised platelet count is in the record, but the bisphosphonate card does not rest on it."""
    coded = [fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60)]
    platelets = local_lab("血小板", 210, "10*9/L", code="PLT")
    card = cards_for(client, prefetch_keys, *coded, platelets)["bisphosphonate-start"]
    assert "Recognised from the text" not in card["detail"]
    card = cards_for(client, prefetch_keys, coded[0], text_condition("Bone metastases"), platelets)
    assert "'Bone metastases' (no code recognised)" in card["bisphosphonate-start"]["detail"]
    assert "血小板" not in card["bisphosphonate-start"]["detail"]


def test_a_code_in_a_known_system_is_not_second_guessed_by_its_display():
    """SNOMED CT 443165006 is in the excluded list of conditions-complications.json (non-neoplastic cause)."""
    osteoporotic = text_condition(
        "Pathological fracture due to osteoporosis (disorder)", coding=[{"system": fb.SNOMED, "code": "443165006"}]
    )
    assert facts_of(osteoporotic).diagnoses == ()
    assert facts_of(text_condition("骨质疏松性病理性骨折")).diagnoses == ()  # nor its free text
    assert [d.concept for d in facts_of(text_condition("病理性骨折 股骨")).diagnoses] == ["pathological-fracture"]


def test_a_snomed_code_sent_under_its_oid_is_a_known_system_too():
    snomed_oid = "urn:oid:2.16.840.1.113883.6.96"
    oid_coded = text_condition("Bone metastases", coding=[{"system": snomed_oid, "code": "443165006"}])
    assert facts_of(oid_coded).diagnoses == ()
