"""End to end through HTTP: work-up, screening and confirmation cards from FHIR prefetch (guideline 一(二))."""

from __future__ import annotations

import pytest

from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"


def cards_for(client, prefetch_keys, *resources, **request):
    response = client.post(SERVICE, json=fb.patient_view(prefetch_keys, *resources, **request))
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def test_breast_cancer_with_bone_pain_gets_a_work_up_card_that_orders_a_bone_scan(client, prefetch_keys):
    pain = fb.condition(fb.BONE_PAIN, days=5)
    cards = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER, days=400), pain)
    card = cards["bone-mets-workup"]
    assert card["indicator"] == "warning"
    assert card["summary"].startswith("Cancer with signs of possible bone metastasis")
    assert f"Bone pain: Bone pain (finding) ({pain['onsetDateTime'][:10]})" in card["detail"]
    assert "一(二)" in card["detail"] and "BM-" not in card["detail"]  # section cited; rule ids live on the rule page
    [suggestion] = card["suggestions"]
    resource = suggestion["actions"][0]["resource"]
    assert suggestion["isRecommended"] is True
    assert resource["resourceType"] == "ServiceRequest" and resource["status"] == "draft"
    assert resource["code"]["coding"] == [
        {"system": fb.LOINC, "code": "39818-0", "display": "NM Whole body Bone Views"}
    ]
    assert resource["category"][0]["coding"][0]["code"] == "363679005"
    assert resource["subject"] == {"reference": f"Patient/{fb.PATIENT_ID}"}
    assert "bone-mets-screening" not in cards  # the work-up card already asks for the scan


def test_alkaline_phosphatase_above_the_labs_limit_is_cited_with_the_limit(client, prefetch_keys):
    alp = fb.observation(fb.ALP, 250, "U/L", high=130)
    card = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER, days=400), alp)["bone-mets-workup"]
    assert "250 U/L (> 130 U/L)" in card["detail"]


def test_a_bone_scan_reported_after_the_finding_means_the_work_up_is_done(client, prefetch_keys):
    scan = fb.imaging_report(code=fb.BONE_SCAN, shows_metastasis=False, days=2)
    cards = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), fb.condition(fb.BONE_PAIN, days=5), scan)
    assert "bone-mets-workup" not in cards and "bone-mets-confirm" not in cards


def test_a_resolved_cancer_gets_no_work_up_card(client, prefetch_keys):
    cancer = fb.condition(fb.BREAST_CANCER, clinical="resolved")
    assert "bone-mets-workup" not in cards_for(client, prefetch_keys, cancer, fb.condition(fb.BONE_PAIN, days=5))


@pytest.fixture
def chinese(app_config):
    app_config["CARD_LANGUAGE"] = "zh"  # before the app is built


def test_the_work_up_card_speaks_chinese_when_configured(chinese, client, prefetch_keys):
    cards = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), fb.condition(fb.BONE_PAIN, days=5))
    card = cards["bone-mets-workup"]
    assert card["summary"] == "恶性肿瘤患者出现骨转移相关表现：应进一步检查排除骨转移，首选全身骨显像"
    assert card["detail"].startswith("乳腺癌（")  # the concept's Chinese name, not the EHR's English display
    assert "- 骨疼痛（" in card["detail"] and "Bone pain" not in card["detail"]
    assert card["suggestions"][0]["label"] == "开具放射性核素全身骨显像（ECT）"


def test_metastatic_prostate_cancer_without_bone_imaging_gets_a_screening_card(client, prefetch_keys):
    cards = cards_for(client, prefetch_keys, fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=100))
    card = cards["bone-mets-screening"]
    assert card["indicator"] == "info"
    assert "stage IV" in card["summary"]
    assert "prostate cancer, 65-75 %" in card["detail"]
    assert card["suggestions"][0]["actions"][0]["resource"]["code"]["coding"][0]["code"] == "39818-0"
    assert "isRecommended" not in card["suggestions"][0]  # the guideline only says 可考虑


def test_screening_is_silent_once_bone_imaging_exists(client, prefetch_keys):
    study = fb.imaging_study("CR", days=10)
    assert "bone-mets-screening" not in cards_for(
        client, prefetch_keys, fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=30), study
    )


def test_imaging_from_before_the_cancer_does_not_count_as_screening(client, prefetch_keys):
    study = fb.imaging_study("CR", days=50)
    cards = cards_for(client, prefetch_keys, fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=30), study)
    assert "bone-mets-screening" in cards


def test_a_breast_cancer_without_a_recorded_stage_gets_no_screening_card(client, prefetch_keys):
    assert cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER)) == {}


def test_a_positive_bone_scan_alone_gets_a_confirmation_card_and_no_bisphosphonate_card(client, prefetch_keys):
    scan = fb.imaging_report(code=fb.BONE_SCAN, days=7)
    cards = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER, days=400), scan)
    card = cards["bone-mets-confirm"]
    assert card["indicator"] == "info"
    assert f"positive bone scan ({scan['effectiveDateTime'][:10]}) only" in card["detail"]
    assert "confirm with X-ray, CT or MRI" in card["summary"]
    assert "no bisphosphonate before then" in card["detail"]
    assert "suggestions" not in card
    assert "bisphosphonate-start" not in cards and "bone-mets-workup" not in cards


def test_a_provisional_bone_metastasis_diagnosis_gets_a_confirmation_card(client, prefetch_keys):
    metastasis = fb.condition(fb.BONE_METASTASIS, verification="provisional", days=3)
    card = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), metastasis)["bone-mets-confirm"]
    assert f"diagnosis ({metastasis['onsetDateTime'][:10]}) is provisional" in card["detail"]


def test_metastasis_on_ct_with_a_confirmed_cancer_needs_no_confirmation(client, prefetch_keys):
    study = fb.imaging_study("CT", days=7)
    report = fb.imaging_report(study=study, days=7)
    cards = cards_for(
        client, prefetch_keys, fb.condition(fb.BREAST_CANCER), fb.imaging_report(code=fb.BONE_SCAN), study, report
    )
    assert "bone-mets-confirm" not in cards


def test_a_bone_scan_report_entered_in_error_is_not_evidence(client, prefetch_keys):
    scan = {**fb.imaging_report(code=fb.BONE_SCAN), "status": "entered-in-error"}
    assert "bone-mets-confirm" not in cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), scan)
