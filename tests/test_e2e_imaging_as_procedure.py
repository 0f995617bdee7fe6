"""A study recorded as a completed procedure counts as imaging done, through HTTP.

Chinese HIS (ICD-9-CM-3 national clinical edition: 92.14 骨扫描, 88.93 脊髓腔磁共振) and some EHRs send a
bone scan or an MRI as a Procedure, or close the ServiceRequest, with no ImagingStudy. The scan was done: the
screening, work-up and cord-compression cards must not ask for it again. Its result is not read, so it never
counts as evidence of metastasis, and an entered-in-error or not-done procedure is not a study.
"""

from __future__ import annotations

import pytest

from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"
ICD9CM = "http://hl7.org/fhir/sid/icd-9-cm"
BONE_SCAN_92_14 = (ICD9CM, "92.14", "骨扫描")
SPINE_MRI_88_93 = (ICD9CM, "88.93", "Magnetic resonance imaging of spinal canal")


def cards_for(client, prefetch_keys, *resources) -> dict[str, dict]:
    response = client.post(SERVICE, json=fb.patient_view(prefetch_keys, *resources))
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def done(code: tuple[str, str, str] | None = None, *, text: str | None = None, status: str = "completed") -> dict:
    procedure = fb.procedure(code or BONE_SCAN_92_14, days=20)
    if text is not None:
        procedure["code"] = {"text": text}  # a HIS that sends only its own item name
    procedure["status"] = status
    return procedure


PROSTATE = fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=100)  # stage IV: a screening card without imaging


def test_without_any_imaging_a_stage_iv_prostate_cancer_gets_the_screening_card(client, prefetch_keys):
    assert "bone-mets-screening" in cards_for(client, prefetch_keys, PROSTATE)


@pytest.mark.parametrize(
    "scan",
    [
        done(),
        done(text="骨扫描"),
        done(text="全身骨显像"),
        done(text="Whole body bone scan"),
        {**fb.service_request(fb.BONE_SCAN, status="completed"), "occurrenceDateTime": fb.ago(20)},
    ],
    ids=["icd-9-cm-3 92.14", "text 骨扫描", "text 全身骨显像", "English text", "fulfilled order"],
)
def test_a_bone_scan_recorded_as_a_procedure_silences_the_screening_card(client, prefetch_keys, scan):
    assert "bone-mets-screening" not in cards_for(client, prefetch_keys, PROSTATE, scan)


@pytest.mark.parametrize("status", ["entered-in-error", "not-done", "preparation"])
def test_a_procedure_that_is_not_a_study_done_leaves_the_screening_card(client, prefetch_keys, status):
    assert "bone-mets-screening" in cards_for(client, prefetch_keys, PROSTATE, done(status=status))


def test_a_negated_procedure_text_is_not_a_scan(client, prefetch_keys):
    assert "bone-mets-screening" in cards_for(client, prefetch_keys, PROSTATE, done(text="未行骨扫描"))


def test_bone_pain_after_a_scan_recorded_as_a_procedure_gets_no_second_scan_order(client, prefetch_keys):
    cancer = fb.condition(fb.BREAST_CANCER, days=400)
    pain = fb.condition(fb.BONE_PAIN, days=30)
    assert "bone-mets-workup" in cards_for(client, prefetch_keys, cancer, pain)
    cards = cards_for(client, prefetch_keys, cancer, pain, done())
    assert "bone-mets-workup" not in cards
    assert "bone-mets-confirm" not in cards  # an unread scan is no evidence of metastasis


def test_a_spine_mri_recorded_as_a_procedure_is_the_mri_the_cord_compression_card_asks_for(client, prefetch_keys):
    cancer = fb.condition(fb.BREAST_CANCER, days=400)
    metastasis = fb.condition(fb.BONE_METASTASIS, days=200)
    compression = fb.condition(fb.CORD_COMPRESSION, days=3)
    card = cards_for(client, prefetch_keys, cancer, metastasis, compression)["spinal-cord-compression"]
    assert "MRI" in card["summary"] and card["suggestions"]
    mri = fb.procedure(SPINE_MRI_88_93, days=1)
    card = cards_for(client, prefetch_keys, cancer, metastasis, compression, mri)["spinal-cord-compression"]
    assert mri["performedDateTime"][:10] in card["detail"]
    assert not any("MRI" in s["label"] for s in card.get("suggestions", []))


def test_the_screening_card_is_silent_when_the_procedures_were_not_all_read(client, prefetch_keys):
    request = fb.patient_view(prefetch_keys, PROSTATE)
    request["prefetch"]["procedures"]["link"] = [
        {"relation": "next", "url": "https://ehr.example.org/fhir/Procedure?page=2"}  # a scan may be on page 2
    ]
    response = client.post(SERVICE, json=request)
    assert response.status_code == 200
    assert "bone-mets-screening" not in {c["source"]["topic"]["code"] for c in response.get_json()["cards"]}


@pytest.mark.parametrize("text", ["CT引导下肺穿刺活检", "CT-guided lung biopsy", "放疗定位CT", "MRI-guided ablation"])
def test_imaging_that_guided_or_planned_a_procedure_is_not_a_study(client, prefetch_keys, text):
    assert "bone-mets-screening" in cards_for(client, prefetch_keys, PROSTATE, done(text=text))
