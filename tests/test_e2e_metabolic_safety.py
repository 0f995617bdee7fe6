"""Issue 9 through HTTP, metabolic topics: fresh values for urgent cards, treatment superseding a value, one-click
hypercalcaemia measures, claims of absence on an incomplete record, and cards a clinician reads in seconds in
either language. FHIR as an EHR sends it (tests/fhir_builders.py); dates relative to now."""

from __future__ import annotations

import re

import pytest

from tests import fhir_builders as fb

PATIENT_VIEW = "/cds-services/bm-patient-view"
ORDER_SELECT = "/cds-services/bm-order-select"
ATC = "http://www.whocc.no/atc"
CALCITONIN = (ATC, "H05BA01", "calcitonin (salmon synthetic)")
IBUPROFEN = fb.IBUPROFEN
OXYCODONE = (fb.RXNORM, "7804", "oxycodone")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Latin words allowed in a Chinese card: units, scales, codes and drug-class abbreviations.
ALLOWED_LATIN = {"mmol", "mg", "dL", "L", "g", "IU", "kg", "NRS", "SINS", "Mirels", "µmol", "Ca", "Sr", "Ra", "Sm"}
ALLOWED_LATIN |= {"NCCN", "Fourney"}  # published sources, named as published


@pytest.fixture(params=["en", "zh"])
def language(request, app_config):
    app_config["CARD_LANGUAGE"] = request.param  # before the app is built
    return request.param


def cards(client, prefetch_keys, *resources, url=PATIENT_VIEW, request=None):
    body = request or fb.patient_view(prefetch_keys, *resources)
    response = client.post(url, json=body)
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def incomplete_observations(request: dict) -> dict:
    """The first page of observations only: a next link and no fhirServer to read the rest from (issue 9 item 1)."""
    request["prefetch"]["observations"]["link"] = [
        {"relation": "next", "url": "https://ehr.example.org/fhir/Observation?patient=bm-e2e&page=2"}
    ]
    return request


def incomplete_medications(request: dict) -> dict:
    request["prefetch"]["medicationRequests"]["link"] = [
        {"relation": "next", "url": "https://ehr.example.org/fhir/MedicationRequest?patient=bm-e2e&page=2"}
    ]
    return request


def english_words(card: dict) -> set[str]:
    text = card["summary"] + " " + card["detail"] + " " + " ".join(s["label"] for s in card.get("suggestions", []))
    text = re.sub(r"《[^》]*》", "", text)  # the guideline's own title
    return {w for w in re.findall(r"[A-Za-z]+", text) if w not in ALLOWED_LATIN}


def assert_reads_in_seconds(card: dict, language: str) -> None:
    """Summary < 140; detail of a few short lines; no internal ids; a Chinese card is Chinese."""
    assert len(card["summary"]) < 140
    lines = [line for line in card["detail"].split("\n\n") if line.strip()]
    assert len(lines) <= 5, card["detail"]  # main line, up to three notes, the citation
    assert len(card["detail"]) <= (700 if language == "en" else 350), card["detail"]
    assert not re.search(r"BM-[A-Z]{2}-\d|REFERENCE|A\.11|B\.\d", card["detail"] + card["summary"])
    assert "（" not in re.sub(r"（[^（）]*）", "", card["detail"]), "nested brackets"
    if language == "zh":
        assert CJK.search(card["summary"])
        assert english_words(card) == set(), english_words(card)


# -- hypercalcaemia: item 5 (freshness, treatment since) ---------------------------------------------------------
def test_issue_example_calcium_from_25_days_ago_with_zoledronic_acid_since_asks_for_a_repeat(
    language, client, prefetch_keys
):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.6, "mmol/L", days=25)
    given = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, status="completed", days=20)
    card = cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, given)["hypercalcemia"]
    assert card["indicator"] == "info"
    assert {"en": "repeat calcium", "zh": "复查血钙"}[language] in card["summary"]
    assert {"en": "treat now", "zh": "立即治疗"}[language] not in card["summary"] + card["detail"]
    assert {"en": "zoledronic acid", "zh": "唑来膦酸"}[language] in card["summary"]
    [repeat] = card["suggestions"]
    codes = [a["resource"]["code"]["coding"][0]["code"] for a in repeat["actions"]]
    assert codes == ["17861-6", "1751-7"]  # calcium and albumin, LOINC with display
    assert all(a["resource"]["code"]["coding"][0]["display"] for a in repeat["actions"])
    assert_reads_in_seconds(card, language)


def test_a_fresh_severe_calcium_measured_before_todays_dose_asks_for_a_repeat_not_treatment(client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.7, "mmol/L", days=1)
    given = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, status="active", days=0.2)
    card = cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, given)["hypercalcemia"]
    assert card["indicator"] == "info" and "judge the response" in card["summary"]


def test_calcitonin_given_after_the_calcium_also_supersedes_it(client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.7, "mmol/L", days=1)
    given = fb.medication_request(CALCITONIN, status="active", days=0.5)
    card = cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, given)["hypercalcemia"]
    assert card["indicator"] == "info" and "calcitonin" in card["summary"]


@pytest.mark.parametrize(
    "days, indicator, summary",
    [
        (1, "critical", "Severe hypercalcaemia"),
        (5, "warning", "repeat calcium today"),
        (12, "info", "repeat it"),
        (40, None, None),
    ],
)
def test_a_severe_calcium_is_urgent_only_while_fresh(client, prefetch_keys, days, indicator, summary):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.6, "mmol/L", days=days)
    found = cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium)
    if indicator is None:
        assert "hypercalcemia" not in found
        return
    assert found["hypercalcemia"]["indicator"] == indicator
    assert summary in found["hypercalcemia"]["summary"]


# -- hypercalcaemia: item 10 (actions) and item 11 (corrected calcium named) --------------------------------------
def test_severe_hypercalcaemia_already_on_zoledronic_acid_offers_the_guidelines_measures(
    language, client, prefetch_keys
):
    resources = [
        fb.condition(fb.BREAST_CANCER),
        fb.condition(fb.BONE_METASTASIS),
        fb.observation(fb.CALCIUM_MOLAR, 3.45, "mmol/L", days=0.5),
        fb.observation(fb.ALBUMIN, 28, "g/L", days=0.5),
        fb.observation(fb.BODY_WEIGHT, 60, "kg", days=5, category="vital-signs"),
        fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, days=100),  # 4-weekly course authored long ago
    ]
    card = cards(client, prefetch_keys, *resources)["hypercalcemia"]
    assert card["indicator"] == "critical"
    # 3.45 + 0.02 × (40 − 28) = 3.69: the summary says the value is the corrected one.
    assert {"en": "corrected Ca 3.69 mmol/L", "zh": "校正血钙 3.69 mmol/L"}[language] in card["summary"]
    assert card["selectionBehavior"] == "any"
    resources_by_label = {s["label"]: [a["resource"] for a in s["actions"]] for s in card["suggestions"]}
    assert len(resources_by_label) == 3  # saline, calcitonin, repeat calcium; no second zoledronic acid while on it
    [saline], [calcitonin], [calcium, albumin] = resources_by_label.values()
    assert saline["resourceType"] == "MedicationRequest" and saline["status"] == "draft"
    assert saline["medicationCodeableConcept"]["coding"] == [
        {"system": ATC, "code": "B05BB01", "display": "electrolytes"}
    ]
    assert saline["dosageInstruction"][0]["route"]["coding"][0]["code"] == "47625008"
    assert calcitonin["medicationCodeableConcept"]["coding"] == [
        {"system": ATC, "code": "H05BA01", "display": "calcitonin (salmon synthetic)"}
    ]
    dosage = calcitonin["dosageInstruction"][0]
    assert dosage["timing"]["repeat"] == {"frequency": 1, "period": 12, "periodUnit": "h"}
    assert dosage["doseAndRate"][0]["doseQuantity"] == {
        "value": 240,
        "unit": "IU",
        "system": "http://unitsofmeasure.org",
        "code": "[iU]",
    }  # 4 IU/kg × 60 kg
    assert calcium["resourceType"] == albumin["resourceType"] == "ServiceRequest"
    if language == "zh":
        assert saline["medicationCodeableConcept"]["text"] == "0.9%氯化钠注射液"
        assert calcitonin["medicationCodeableConcept"]["text"] == "鲑降钙素注射液"
        assert "唑来膦酸" in card["detail"]
    assert_reads_in_seconds(card, language)


def test_moderate_hypercalcaemia_without_a_bone_agent_offers_zoledronic_acid_after_fluids(client, prefetch_keys):
    resources = [
        fb.condition(fb.BREAST_CANCER),
        fb.observation(fb.CALCIUM_MOLAR, 3.2, "mmol/L"),
        fb.observation(fb.CREATININE_MOLAR, 80, "umol/L"),
    ]
    card = cards(client, prefetch_keys, *resources)["hypercalcemia"]
    assert card["indicator"] == "warning"
    labels = [s["label"] for s in card["suggestions"]]
    assert labels[0].startswith("IV sodium chloride") and labels[1].startswith("Zoledronic acid 4 mg")
    assert not any("Calcitonin" in label for label in labels)  # calcitonin for severe and crisis only
    zoledronic = card["suggestions"][1]["actions"][0]["resource"]
    assert {"system": fb.RXNORM, "code": "77655", "display": "zoledronic acid"} in zoledronic[
        "medicationCodeableConcept"
    ]["coding"]
    assert zoledronic["dosageInstruction"][0]["timing"]["repeat"] == {"count": 1, "duration": 15, "durationUnit": "min"}


def test_total_calcium_without_albumin_is_not_called_corrected(language, client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MASS, 12.4, "mg/dL")
    card = cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium)["hypercalcemia"]
    assert {"en": "(Ca 12.4 mg/dL)", "zh": "（血总钙 12.4 mg/dL）"}[language] in card["summary"]
    assert {"en": "corrected", "zh": "校正"}[language] not in card["summary"]


# -- hypercalcaemia: item 1 (incomplete record) ------------------------------------------------------------------
def test_an_incomplete_observation_record_lowers_the_card_and_says_so(language, client, prefetch_keys):
    request = fb.patient_view(
        prefetch_keys, fb.condition(fb.BREAST_CANCER), fb.observation(fb.CALCIUM_MOLAR, 3.8, "mmol/L")
    )
    card = cards(client, prefetch_keys, request=incomplete_observations(request))["hypercalcemia"]
    assert card["indicator"] == "warning"  # one step below critical: a newer calcium may be on the unread page
    assert {"en": "was incomplete", "zh": "病历不完整"}[language] in card["detail"]
    assert {"en": "No recent creatinine", "zh": "近期无血肌酐"}[language] not in card["detail"]
    # Not "no albumin that day": the albumin may be on the unread page.
    assert {"en": "not albumin-corrected.", "zh": "未经白蛋白校正。"}[language] in card["detail"]
    assert {"en": "no albumin that day", "zh": "无同日白蛋白"}[language] not in card["detail"]


def test_an_incomplete_medication_record_withholds_the_zoledronic_acid_suggestion(client, prefetch_keys):
    request = fb.patient_view(
        prefetch_keys,
        fb.condition(fb.BREAST_CANCER),
        fb.observation(fb.CALCIUM_MOLAR, 3.3, "mmol/L"),
        fb.observation(fb.CREATININE_MOLAR, 80, "umol/L"),
    )
    card = cards(client, prefetch_keys, request=incomplete_medications(request))["hypercalcemia"]
    assert card["indicator"] == "info"
    assert not any("Zoledronic" in s["label"] for s in card["suggestions"])  # a bone agent may be on page 2
    assert "medication orders not fully read" in card["detail"]


# -- analgesic ladder: items 5 and 1, item 11 band text ----------------------------------------------------------
def _pain_patient(*extra, pain=8, days=1):
    return [
        fb.condition(fb.BREAST_CANCER, days=400),
        fb.condition(fb.BONE_METASTASIS, days=60),
        fb.score(fb.PAIN_NRS, pain, days=days),
        *extra,
    ]


def test_a_fresh_severe_pain_score_on_an_nsaid_gets_the_step_3_warning(language, client, prefetch_keys):
    resources = _pain_patient(fb.medication_request(IBUPROFEN, days=30))
    card = cards(client, prefetch_keys, *resources)["analgesic-ladder"]
    assert card["indicator"] == "warning"
    if language == "zh":
        assert "属重度疼痛（NRS 7~10分）" in card["detail"] and "6分以上" not in card["detail"]  # no overlap
        assert "吗啡" in card["detail"] and "布洛芬" in card["detail"]
    else:
        assert (
            "is severe (NRS 7-10)" in card["detail"] and "Current analgesic: ibuprofen, WHO step 1." in card["detail"]
        )
    assert_reads_in_seconds(card, language)


def test_issue_example_pain_score_from_25_days_ago_asks_to_reassess_not_escalate(language, client, prefetch_keys):
    card = cards(client, prefetch_keys, *_pain_patient(days=25))["analgesic-ladder"]
    assert card["indicator"] == "info"
    assert {"en": "reassess pain", "zh": "重新评估疼痛"}[language] in card["summary"]
    assert {"en": "strong opioid", "zh": "强阿片"}[language] not in card["summary"]
    assert_reads_in_seconds(card, language)


def test_an_analgesic_started_after_the_score_asks_to_reassess_pain(language, client, prefetch_keys):
    resources = _pain_patient(fb.medication_request(IBUPROFEN, days=1), days=3)
    card = cards(client, prefetch_keys, *resources)["analgesic-ladder"]
    assert card["indicator"] == "info"
    assert {"en": "before ibuprofen was started", "zh": "早于开始使用布洛芬"}[language] in card["summary"]


def test_an_old_mild_pain_score_is_silent(client, prefetch_keys):
    assert "analgesic-ladder" not in cards(client, prefetch_keys, *_pain_patient(pain=2, days=20))


def test_no_analgesic_is_not_claimed_when_medications_were_not_fully_read(language, client, prefetch_keys):
    request = incomplete_medications(fb.patient_view(prefetch_keys, *_pain_patient()))
    card = cards(client, prefetch_keys, request=request)["analgesic-ladder"]
    assert card["indicator"] == "info"  # a strong opioid may be on the unread page
    assert {"en": "No current analgesic", "zh": "未见目前使用止痛药"}[language] not in card["detail"]
    assert {"en": "medication orders not fully read", "zh": "医嘱用药未能全部读取"}[language] in card["detail"]


def test_with_everything_read_the_absence_of_analgesics_is_said(client, prefetch_keys):
    card = cards(client, prefetch_keys, *_pain_patient())["analgesic-ladder"]
    assert "No current analgesic is recorded." in card["detail"]


# -- analgesic ladder on order-select ---------------------------------------------------------------------------
def _order_select(prefetch_keys, pain_days, *resources, request_change=None):
    draft = fb.draft_medication(IBUPROFEN, id="ibu-1", dose_mg=None, route="oral", every_weeks=None, infusion_min=None)
    request = fb.order_hook(
        "order-select",
        prefetch_keys,
        [draft],
        fb.condition(fb.BREAST_CANCER),
        fb.condition(fb.BONE_METASTASIS),
        fb.score(fb.PAIN_NRS, 8, days=pain_days),
        *resources,
    )
    return request_change(request) if request_change else request


def test_an_nsaid_ordered_for_fresh_severe_pain_is_below_the_step(language, client, prefetch_keys):
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=_order_select(prefetch_keys, 1))["analgesic-ladder"]
    assert card["indicator"] == "warning"
    assert {"en": "ibuprofen is step 1", "zh": "布洛芬属第1阶梯"}[language] in card["summary"]
    assert_reads_in_seconds(card, language)


def test_an_nsaid_ordered_against_a_25_day_old_pain_score_is_not_judged(client, prefetch_keys):
    found = cards(client, prefetch_keys, url=ORDER_SELECT, request=_order_select(prefetch_keys, 25))
    assert "analgesic-ladder" not in found


def test_an_order_against_a_score_that_predates_the_current_opioid_is_not_judged(client, prefetch_keys):
    # Oxycodone was started after the score: whatever the score said, the regimen has moved on.
    oxycodone = fb.medication_request(OXYCODONE, days=1)
    request = _order_select(prefetch_keys, 3, oxycodone)
    assert "analgesic-ladder" not in cards(client, prefetch_keys, url=ORDER_SELECT, request=request)


def test_an_order_below_the_step_on_an_incomplete_medication_record_is_info_with_the_note(client, prefetch_keys):
    request = _order_select(prefetch_keys, 1, request_change=incomplete_medications)
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=request)["analgesic-ladder"]
    assert card["indicator"] == "info" and "was incomplete" in card["detail"]


# -- radionuclide caution: item 11 (which count is missing), item 1, Chinese names -------------------------------
def _strontium(prefetch_keys, *resources, request_change=None):
    draft = fb.draft_medication(fb.STRONTIUM_89, id="sr-1", dose_mg=None, every_weeks=None, infusion_min=None)
    request = fb.order_hook(
        "order-select",
        prefetch_keys,
        [draft],
        fb.condition(fb.BREAST_CANCER),
        fb.condition(fb.BONE_METASTASIS),
        *resources,
    )
    return request_change(request) if request_change else request


def test_a_missing_leukocyte_count_is_named_when_the_platelet_count_is_present(language, client, prefetch_keys):
    platelets = fb.observation(fb.PLATELETS, 210, "10*3/uL", days=3)
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=_strontium(prefetch_keys, platelets))[
        "radionuclide-caution"
    ]
    assert card["indicator"] == "warning"
    assert {"en": "no leukocyte count in 30 days", "zh": "30天内无白细胞计数"}[language] in card["summary"]
    assert {"en": "platelet", "zh": "血小板计数"}[language] not in card["summary"]
    if language == "zh":
        assert "氯化锶[89Sr]" in card["summary"]
    assert_reads_in_seconds(card, language)


def test_both_counts_missing_names_both(client, prefetch_keys):
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=_strontium(prefetch_keys))["radionuclide-caution"]
    assert "no platelet or leukocyte count in 30 days" in card["summary"]


def test_a_missing_count_on_an_incomplete_record_is_info_with_the_note(client, prefetch_keys):
    request = _strontium(prefetch_keys, request_change=incomplete_observations)
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=request)["radionuclide-caution"]
    assert card["indicator"] == "info" and "was incomplete" in card["detail"]


def test_low_platelets_stay_a_contraindication_with_the_incomplete_note(language, client, prefetch_keys):
    counts = [
        fb.observation(fb.PLATELETS, 45, "10*3/uL", days=2),
        fb.observation(fb.LEUKOCYTES, 5.1, "10*3/uL", days=2),
        fb.condition(fb.FRACTURE_FEMUR),
    ]
    request = _strontium(prefetch_keys, *counts, request_change=incomplete_observations)
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=request)["radionuclide-caution"]
    assert card["indicator"] == "critical"
    assert {"en": "Platelets 45 × 10⁹/L", "zh": "血小板 45 × 10⁹/L"}[language] in card["detail"]
    assert {"en": "pathological fracture is recorded", "zh": "已记录病理性骨折"}[language] in card["detail"]
    assert "right femur" not in card["detail"]  # no English ICD display in either language
    assert_reads_in_seconds(card, language)


@pytest.mark.parametrize("days, indicator", [(10, "critical"), (20, "warning")])
def test_a_low_platelet_count_is_a_contraindication_only_while_recent(language, client, prefetch_keys, days, indicator):
    counts = [
        fb.observation(fb.PLATELETS, 45, "10*3/uL", days=days),
        fb.observation(fb.LEUKOCYTES, 5.1, "10*3/uL", days=days),
    ]
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=_strontium(prefetch_keys, *counts))[
        "radionuclide-caution"
    ]
    assert card["indicator"] == indicator
    actions = [a["type"] for s in card["suggestions"] for a in s["actions"]]
    if indicator == "critical":
        assert "delete" in actions
    else:  # recount first; never "remove" on an old value alone
        assert actions == ["create"]
        assert {"en": "Repeat blood counts", "zh": "请复查血常规"}[language] in card["summary"]
    assert_reads_in_seconds(card, language)


CALCIUM_ORDER = (fb.LOINC, "17861-6", "Calcium [Mass/volume] in Serum or Plasma")


def test_a_repeat_calcium_already_ordered_silences_the_repeat_card(client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.6, "mmol/L", days=20)
    ordered = fb.service_request(CALCIUM_ORDER, status="active")  # authored today, not yet resulted
    assert "hypercalcemia" not in cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, ordered)
    # Without the order, the same patient gets the card asking for it.
    assert "hypercalcemia" in cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium)


def test_a_current_card_with_a_repeat_already_ordered_says_so_instead_of_offering_it(language, client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.6, "mmol/L", days=1)
    ordered = fb.service_request(CALCIUM_ORDER, status="active")
    card = cards(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, ordered)["hypercalcemia"]
    assert card["indicator"] == "critical"
    # No calcium order offered again; (with no creatinine on record the response-level pass offers the serum
    # creatinine before any zoledronic acid: guideline/response_safety.py)
    offered = [a["resource"] for s in card["suggestions"] for a in s["actions"]]
    assert not [
        r
        for r in offered
        if r["resourceType"] == "ServiceRequest"
        and r["code"]["coding"][0]["code"] in (CALCIUM_ORDER[1], "2000-8", "17861-6")
    ]
    assert {"en": "A repeat calcium is ordered", "zh": "已开具复查血钙"}[language] in card["detail"]


def test_counts_are_shown_at_the_labs_precision(client, prefetch_keys):
    counts = [
        fb.observation(fb.PLATELETS, 44.6271, "10*3/uL", days=2),
        fb.observation(fb.LEUKOCYTES, 2.13333, "10*3/uL", days=2),
    ]
    card = cards(client, prefetch_keys, url=ORDER_SELECT, request=_strontium(prefetch_keys, *counts))[
        "radionuclide-caution"
    ]
    assert "Platelets 45 × 10⁹/L" in card["detail"] and "Leukocytes 2.13 × 10⁹/L" in card["detail"]
