"""Issue 9 (clinical safety review), through HTTP, for the lesion cards: surgery, radiotherapy, cord compression.

Item 8: Observation.bodySite places a Mirels score (long bones only); a "may be deferred" card is not shown beside
a critical cord-compression card. Item 9: fixation comes before radiotherapy at a fractured or high-Mirels site;
mild pain is not a radiotherapy referral. Item 11: "三个月以上" includes three months; stage II screening is a
setting. Item 1: claims of absence on an incomplete record. Usability: short details, Chinese cards in Chinese.
"""

from __future__ import annotations

import re

import pytest

from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"
MIRELS_SCORE = (fb.LESION_ASSESSMENT, "mirels-score", "Mirels score (total, 4-12) of a long-bone metastasis")
SURVIVAL = (fb.LESION_ASSESSMENT, "expected-survival-months", "Clinician estimate of expected survival in months")
FEMUR = (fb.SNOMED, "71341001", "Femur")
HUMERUS = (fb.SNOMED, "85050009", "Humerus")
RIB = (fb.SNOMED, "113197003", "Rib")
LUNG_CANCER = (fb.ICD10CM, "C34.90", "Malignant neoplasm of unspecified part of unspecified bronchus or lung")


def _post(client, request) -> dict[str, dict]:
    response = client.post(SERVICE, json=request)
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def cards_for(client, prefetch_keys, *resources) -> dict[str, dict]:
    return _post(client, fb.patient_view(prefetch_keys, *resources))


def at(resource: dict, site: tuple[str, str, str]) -> dict:
    """The resource with a coded bodySite, as an EHR records where a lesion or score is."""
    system, code, display = site
    return {**resource, "bodySite": [{"coding": [{"system": system, "code": code, "display": display}]}]}


def mirels(total: int, site: tuple[str, str, str] | None = None) -> dict:
    resource = fb.observation(MIRELS_SCORE, 0, "{score}", category="exam")
    del resource["valueQuantity"]
    resource["valueInteger"] = total
    return at(resource, site) if site else resource


def cancer() -> dict:
    return fb.condition(fb.BREAST_CANCER, days=400)


def metastasis(site: tuple[str, str, str] | None = None) -> dict:
    resource = fb.condition(fb.BONE_METASTASIS, days=60)
    return at(resource, site) if site else resource


def suggestion_flags(card: dict) -> list[bool]:
    return [s.get("isRecommended", False) for s in card.get("suggestions", [])]


@pytest.fixture
def chinese(app_config):
    app_config["CARD_LANGUAGE"] = "zh"


def with_next_page(request: dict, key: str, resource_type: str) -> dict:
    """The prefetch Bundle of ``key`` says there is a page 2 the service cannot fetch (no fhirServer)."""
    request["prefetch"][key]["link"] = [
        {"relation": "next", "url": f"https://ehr.example.org/fhir/{resource_type}?page=2"}
    ]
    return request


# -- Item 8: the Mirels site ---------------------------------------------------------------------------------------
def test_a_mirels_score_names_the_bone_its_body_site_records(client, prefetch_keys):
    card = cards_for(client, prefetch_keys, cancer(), metastasis(), mirels(9, FEMUR))["surgery-referral"]
    assert card["summary"] == "Mirels 9 (femur), high fracture risk: refer for orthopaedic surgical assessment"
    assert "site not recorded" not in card["detail"]


def test_a_mirels_score_on_the_femur_in_chinese(chinese, client, prefetch_keys):
    card = cards_for(client, prefetch_keys, cancer(), metastasis(), mirels(9, FEMUR))["surgery-referral"]
    assert card["summary"] == "Mirels评分9分（股骨），骨折高风险：建议骨科评估手术治疗"


def test_a_mirels_score_recorded_on_a_rib_is_not_used(client, prefetch_keys):
    assert "surgery-referral" not in cards_for(client, prefetch_keys, cancer(), metastasis(), mirels(10, RIB))


def test_no_deferral_card_beside_a_critical_cord_compression_card(client, prefetch_keys):
    compression = fb.condition(fb.CORD_COMPRESSION, days=1)
    cards = cards_for(client, prefetch_keys, cancer(), metastasis(), compression, mirels(7, FEMUR))
    assert cards["spinal-cord-compression"]["indicator"] == "critical"
    assert "surgery-referral" not in cards
    alone = cards_for(client, prefetch_keys, cancer(), metastasis(), mirels(7, FEMUR))["surgery-referral"]
    assert alone["summary"].startswith("Mirels 7 (femur): low fracture risk, surgery may be deferred")


# -- Item 9: radiotherapy sequencing and the pain threshold -------------------------------------------------------
def test_a_fractured_femur_gets_fixation_first_then_radiotherapy(client, prefetch_keys):
    fracture = fb.condition(fb.FRACTURE_FEMUR, days=3)
    cards = cards_for(client, prefetch_keys, cancer(), metastasis(), fracture)
    card = cards["radiotherapy-referral"]
    assert card["summary"] == (
        "Bone metastasis (femur) with a pathological fracture: surgical fixation first, radiotherapy after it"
    )
    assert "prophylactic radiotherapy" not in card["summary"]
    assert suggestion_flags(card) == [False]  # the surgical referral, on the surgery card, comes first
    assert suggestion_flags(cards["surgery-referral"]) == [True]


def test_mirels_nine_on_the_femur_gets_fixation_before_irradiation(chinese, client, prefetch_keys):
    card = cards_for(client, prefetch_keys, cancer(), metastasis(FEMUR), mirels(9, FEMUR))["radiotherapy-referral"]
    assert card["summary"] == "骨转移（股骨）伴Mirels评分9分（骨折高风险）：先行手术固定，术后再放疗"


def test_mirels_seven_on_the_femur_keeps_prophylactic_radiotherapy(client, prefetch_keys):
    card = cards_for(client, prefetch_keys, cancer(), metastasis(FEMUR), mirels(7, FEMUR))["radiotherapy-referral"]
    assert card["summary"] == "Bone metastasis in a weight-bearing site (femur): consider prophylactic radiotherapy"
    assert suggestion_flags(card) == [True]


def test_mild_pain_controlled_on_an_nsaid_is_not_a_radiotherapy_referral(client, prefetch_keys):
    nsaid = fb.medication_request(fb.IBUPROFEN, days=20)
    pain = fb.score(fb.PAIN_NRS, 2, days=1)
    assert "radiotherapy-referral" not in cards_for(client, prefetch_keys, cancer(), metastasis(HUMERUS), nsaid, pain)
    moderate = fb.score(fb.PAIN_NRS, 5, days=1)
    card = cards_for(client, prefetch_keys, cancer(), metastasis(HUMERUS), nsaid, moderate)["radiotherapy-referral"]
    assert card["summary"].startswith("Painful bone metastasis (humerus) without radiotherapy")


@pytest.fixture
def mild_pain_referred(app_config):
    app_config["GUIDELINE_SETTINGS"] = {"radiotherapy_pain_min": 1}  # before the app is built


def test_the_pain_threshold_is_a_setting(mild_pain_referred, client, prefetch_keys):
    pain = fb.score(fb.PAIN_NRS, 2, days=1)
    card = cards_for(client, prefetch_keys, cancer(), metastasis(HUMERUS), pain)["radiotherapy-referral"]
    assert card["indicator"] == "info"  # mild pain, referred where the deployer wants it


# -- Item 11: survival of exactly three months; stage II where the deployer says so ------------------------------
@pytest.mark.parametrize("months, indicator", [(3, "warning"), (2.5, "info")])
def test_expected_survival_of_three_months_meets_the_prerequisite(client, prefetch_keys, months, indicator):
    survival = fb.observation(SURVIVAL, months, "mo", category="exam")
    fracture = fb.condition(fb.FRACTURE_FEMUR, days=3)
    card = cards_for(client, prefetch_keys, cancer(), metastasis(), fracture, survival)["surgery-referral"]
    assert card["indicator"] == indicator
    assert ("prerequisite is not met" in card["summary"]) is (indicator == "info")


def staged(stage: str) -> dict:
    resource = fb.condition(fb.BREAST_CANCER, days=100)
    resource["stage"] = [{"summary": {"text": f"Stage {stage}"}}]
    return resource


def test_stage_ii_is_not_screened_by_default(client, prefetch_keys):
    assert "bone-mets-screening" not in cards_for(client, prefetch_keys, staged("IIB"))


@pytest.fixture
def stage_ii_intermediate(app_config):
    app_config["GUIDELINE_SETTINGS"] = {"advanced_stages": ["II", "III", "IV", "M1"]}


def test_stage_ii_screening_setting(stage_ii_intermediate, client, prefetch_keys):
    card = cards_for(client, prefetch_keys, staged("IIB"))["bone-mets-screening"]
    assert card["summary"].startswith("High-risk cancer at stage IIB without bone imaging")


# -- Item 1: claims of absence on an incomplete record ------------------------------------------------------------
def test_cord_compression_on_an_incomplete_procedure_record_is_lowered_and_says_so(client, prefetch_keys):
    request = fb.patient_view(prefetch_keys, cancer(), metastasis(), fb.condition(fb.CORD_COMPRESSION, days=1))
    card = _post(client, with_next_page(request, "procedures", "Procedure"))["spinal-cord-compression"]
    assert card["indicator"] == "warning"
    assert "incomplete (procedures not fully read)" in card["detail"]


def test_radiotherapy_and_surgery_cards_on_incomplete_orders_are_lowered(client, prefetch_keys):
    fracture = fb.condition(fb.FRACTURE_FEMUR, days=3)
    pain = fb.score(fb.PAIN_NRS, 6, days=1)
    request = fb.patient_view(prefetch_keys, cancer(), metastasis(), fracture, pain)
    cards = _post(client, with_next_page(request, "serviceRequests", "ServiceRequest"))
    assert cards["surgery-referral"]["indicator"] == "info"
    assert "referrals and orders not fully read" in cards["surgery-referral"]["detail"]
    assert "referrals and orders not fully read" in cards["radiotherapy-referral"]["detail"]


# -- Usability: short details; Chinese cards in Chinese ---------------------------------------------------------
def _lines(detail: str) -> list[str]:
    return [part for part in detail.split("\n\n") if not part.startswith(("Guideline", "依据"))]


@pytest.fixture(params=["en", "zh"])
def language(request, app_config):
    app_config["CARD_LANGUAGE"] = request.param
    return request.param


def test_the_cord_compression_card_is_short(language, client, prefetch_keys):
    compression = fb.condition(fb.CORD_COMPRESSION, days=1)
    card = cards_for(client, prefetch_keys, cancer(), metastasis(), compression)["spinal-cord-compression"]
    assert len(_lines(card["detail"])) <= 3
    assert len(card["detail"]) < (600 if language == "en" else 300)  # was 1,568 characters


ENGLISH_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
ALLOWED = {"Mirels", "SINS", "NICE", "ECOG", "Karnofsky", "Fourney"}  # scores and published sources, by name


def test_chinese_cards_name_diagnoses_in_chinese(chinese, client, prefetch_keys):
    lung = fb.condition(LUNG_CANCER, days=400)
    pain = fb.condition(fb.BONE_PAIN, days=5)
    compression = fb.condition(fb.CORD_COMPRESSION, days=1)
    fracture = fb.condition(fb.FRACTURE_FEMUR, days=3)
    cards = cards_for(client, prefetch_keys, lung, pain)
    assert cards["bone-mets-workup"]["detail"].startswith("肺癌（")
    cards = cards_for(client, prefetch_keys, lung, metastasis(), compression, fracture, mirels(9, FEMUR))
    mine = {"surgery-referral", "radiotherapy-referral", "spinal-cord-compression", "bone-mets-workup"}
    assert {"surgery-referral", "spinal-cord-compression"} <= set(cards)
    for card in (c for topic, c in cards.items() if topic in mine):
        words = set(ENGLISH_WORD.findall(card["summary"] + card["detail"])) - ALLOWED
        assert not words, (card["source"]["topic"]["code"], words)


def test_cord_compression_with_imaging_not_all_read_stays_critical_and_says_so(client, prefetch_keys):
    request = fb.patient_view(prefetch_keys, cancer(), metastasis(), fb.condition(fb.CORD_COMPRESSION, days=1))
    card = _post(client, with_next_page(request, "imagingStudies", "ImagingStudy"))["spinal-cord-compression"]
    assert card["indicator"] == "critical"  # the urgent MRI order is still right; a second one costs little
    assert "incomplete (imaging studies not fully read)" in card["detail"]
