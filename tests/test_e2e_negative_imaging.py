"""Issue 9 item 7, through HTTP: a study read as negative after a positive bone scan moves the work-up on.

Bone scan positive → X-ray negative → CT (guideline 一(二)1(3)) → CT negative → MRI → MRI negative → biopsy
indications (一(二)1(6)①). Negative readings come from DiagnosticReport.conclusionCode, the conclusion text
(English or Chinese, negations and hedges handled) and the interpretation of the report's results.
"""

from __future__ import annotations

import pytest

from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"


def _post(client, request):
    response = client.post(SERVICE, json=request)
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def cards_for(client, prefetch_keys, *resources):
    return _post(client, fb.patient_view(prefetch_keys, *resources))


def study_and_report(modality: str, days: float, **report) -> tuple[dict, dict]:
    """An ImagingStudy and the final report that cites it, as a PACS/RIS sends them."""
    study = fb.imaging_study(modality, days=days)
    return study, fb.imaging_report(study=study, shows_metastasis=False, days=days, **report)


def scan(days: float = 20) -> dict:
    return fb.imaging_report(code=fb.BONE_SCAN, days=days)


CANCER = fb.condition(fb.BREAST_CANCER, days=400)


@pytest.mark.parametrize(
    "conclusion",
    [
        "No evidence of osseous metastatic disease.",
        "Degenerative changes of the lumbar spine. No suspicious osseous lesion.",
        "右股骨未见骨质破坏。",
        "腰椎退行性变，未见骨转移征象。",
    ],
)
def test_an_x_ray_read_negative_after_a_positive_scan_asks_for_ct(client, prefetch_keys, conclusion):
    study, report = study_and_report("DX", 5, conclusion=conclusion)
    card = cards_for(client, prefetch_keys, CANCER, scan(), study, report)["bone-mets-confirm"]
    date = report["effectiveDateTime"][:10]
    assert card["summary"] == (
        f"Suspected bone metastasis, X-ray negative ({date}): CT next to confirm; no bisphosphonate yet"
    )
    assert "A negative X-ray does not exclude metastasis" in card["detail"]
    [suggestion] = card["suggestions"]
    assert suggestion["isRecommended"] is True
    assert suggestion["actions"][0]["resource"]["code"]["coding"][0]["code"] == "77477000"  # CT


def test_a_ct_coded_no_abnormality_after_a_negative_x_ray_asks_for_mri(client, prefetch_keys):
    xray = study_and_report("CR", 10, conclusion="No fracture or lytic lesion.")
    ct = study_and_report("CT", 3, conclusion_codes=(fb.NO_ABNORMALITY,))
    card = cards_for(client, prefetch_keys, CANCER, scan(), *xray, *ct)["bone-mets-confirm"]
    assert card["summary"].startswith(f"Suspected bone metastasis, CT negative ({ct[1]['effectiveDateTime'][:10]})")
    resource = card["suggestions"][0]["actions"][0]["resource"]
    assert resource["code"]["coding"] == [
        {"system": fb.SNOMED, "code": "113091000", "display": "Magnetic resonance imaging (procedure)"}
    ]


def test_an_mri_whose_results_are_all_normal_leaves_biopsy_or_follow_up(client, prefetch_keys):
    finding = {
        **fb.observation(fb.ALP, 1, "1", days=2),
        "code": {"text": "Bone marrow signal"},
        "interpretation": [
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": "N"}]}
        ],
    }
    del finding["valueQuantity"]
    finding["valueString"] = "Normal marrow signal"
    ct = study_and_report("CT", 8, conclusion="No evidence of metastasis.")
    mri = study_and_report("MR", 2, results=(finding,))
    card = cards_for(client, prefetch_keys, CANCER, scan(), *ct, *mri, finding)["bone-mets-confirm"]
    assert card["summary"] == (
        f"Suspected bone metastasis not shown on MRI ({mri[1]['effectiveDateTime'][:10]}): biopsy if doubt remains, "
        "else follow up"
    )
    assert "CT-guided biopsy" in card["detail"] and "suggestions" not in card


@pytest.mark.parametrize(
    "report",
    [
        {"conclusion": "Sclerotic focus in L2, likely bone island."},  # a hedge
        {"conclusion": "Metastasis cannot be excluded."},
        {"conclusion": "L3未见明确骨质破坏，不除外早期转移"},
        {"conclusion": "No change in known metastases."},  # "no" about lesions already known
        {"conclusion": "No liver metastases."},  # negative, but not about bone
        {"conclusion": "Lytic lesion in the left femur.", "conclusion_codes": (fb.NO_ABNORMALITY,)},  # text wins
    ],
)
def test_a_report_that_is_not_clearly_negative_does_not_move_the_step(client, prefetch_keys, report):
    study, xray = study_and_report("CR", 5, **report)
    card = cards_for(client, prefetch_keys, CANCER, scan(), study, xray)["bone-mets-confirm"]
    assert card["summary"].startswith("Bone metastasis suspected, not confirmed: confirm with X-ray, CT or MRI")
    assert "has no conclusion this service can read: check its report" in card["detail"]


def test_a_negative_x_ray_from_before_the_scan_is_not_the_next_step(client, prefetch_keys):
    study, xray = study_and_report("CR", 60, conclusion="Normal study.")
    card = cards_for(client, prefetch_keys, CANCER, scan(days=20), study, xray)["bone-mets-confirm"]
    assert card["summary"].startswith("Bone metastasis suspected, not confirmed")


def test_the_card_says_so_when_the_reports_were_not_all_read(client, prefetch_keys):
    request = fb.patient_view(prefetch_keys, CANCER, scan())
    request["prefetch"]["diagnosticReports"]["link"] = [
        {"relation": "next", "url": "https://ehr.example.org/fhir/DiagnosticReport?page=2"}
    ]
    card = _post(client, request)["bone-mets-confirm"]
    assert "incomplete (diagnostic reports not fully read)" in card["detail"]


@pytest.fixture
def chinese(app_config):
    app_config["CARD_LANGUAGE"] = "zh"


def test_the_next_step_is_said_in_chinese(chinese, client, prefetch_keys):
    study, xray = study_and_report("DX", 5, conclusion="右股骨未见骨质破坏。")
    card = cards_for(client, prefetch_keys, CANCER, scan(), study, xray)["bone-mets-confirm"]
    date = xray["effectiveDateTime"][:10]
    assert card["summary"] == f"疑似骨转移，X线平片阴性（{date}）：下一步行CT扫描确诊；暂不用双膦酸盐"
    assert "X线平片敏感性仅44%~50%" in card["detail"]
    assert card["suggestions"][0]["label"] == "开具病灶CT检查以确诊"


def test_a_negative_x_ray_does_not_end_the_work_up_of_bone_pain(client, prefetch_keys):
    pain = fb.condition(fb.BONE_PAIN, days=10)
    study, xray = study_and_report("CR", 4, conclusion="No fracture or lytic lesion.")
    card = cards_for(client, prefetch_keys, CANCER, pain, study, xray)["bone-mets-workup"]
    assert f"The X-ray of {xray['effectiveDateTime'][:10]} is negative: it does not exclude" in card["detail"]
    assert card["suggestions"][0]["actions"][0]["resource"]["code"]["coding"][0]["code"] == "39818-0"


def test_a_ct_done_since_the_pain_ends_the_work_up(client, prefetch_keys):
    study, ct = study_and_report("CT", 4, conclusion="No evidence of osseous metastatic disease.")
    cards = cards_for(client, prefetch_keys, CANCER, fb.condition(fb.BONE_PAIN, days=10), study, ct)
    assert "bone-mets-workup" not in cards and "bone-mets-confirm" not in cards


def test_the_work_up_card_is_lowered_and_says_so_when_imaging_was_not_all_read(client, prefetch_keys):
    request = fb.patient_view(prefetch_keys, CANCER, fb.condition(fb.BONE_PAIN, days=10))
    request["prefetch"]["imagingStudies"]["link"] = [
        {"relation": "next", "url": "https://ehr.example.org/fhir/ImagingStudy?page=2"}
    ]
    card = _post(client, request)["bone-mets-workup"]
    assert card["indicator"] == "info"  # "no bone imaging since" may be false: one step lower
    assert "incomplete (imaging studies not fully read)" in card["detail"]


def test_screening_is_silent_when_imaging_was_not_all_read(client, prefetch_keys):
    request = fb.patient_view(prefetch_keys, fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=100))
    request["prefetch"]["diagnosticReports"]["link"] = [
        {"relation": "next", "url": "https://ehr.example.org/fhir/DiagnosticReport?page=2"}
    ]
    assert "bone-mets-screening" not in _post(client, request)


def test_a_bisphosphonate_already_given_is_named_in_chinese(chinese, client, prefetch_keys):
    zoledronic = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, days=10)
    card = cards_for(client, prefetch_keys, CANCER, scan(), zoledronic)["bone-mets-confirm"]
    assert "已记录使用唑来膦酸" in card["detail"] and "zoledronic" not in card["detail"]
