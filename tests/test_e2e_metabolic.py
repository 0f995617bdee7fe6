"""End to end through HTTP: hypercalcaemia, renal-impairment and supportive-care cards from FHIR prefetch."""

from __future__ import annotations

import pytest

from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"
ATC_DENOSUMAB = ("http://www.whocc.no/atc", "M05BX04", "denosumab")


def cards_for(client, prefetch_keys, *resources, **request):
    response = client.post(SERVICE, json=fb.patient_view(prefetch_keys, *resources, **request))
    assert response.status_code == 200, response.get_json()
    cards = response.get_json()["cards"]
    topics = [card["source"]["topic"]["code"] for card in cards]
    assert len(topics) == len(set(topics)), "at most one card per topic"
    return {topic: card for topic, card in zip(topics, cards, strict=True)}


def confirmed_metastasis() -> list[dict]:
    return [fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60)]


# -- hypercalcemia ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "code, value, unit, indicator, summary",
    [
        (fb.CALCIUM_MOLAR, 2.74, "mmol/L", None, None),
        (fb.CALCIUM_MOLAR, 2.9, "mmol/L", "info", "Mild hypercalcaemia (Ca 2.90 mmol/L)"),
        (fb.CALCIUM_MASS, 12.0, "mg/dL", "warning", "Moderate hypercalcaemia (Ca 12.0 mg/dL)"),
        (fb.CALCIUM_MOLAR, 3.6, "mmol/L", "critical", "Severe hypercalcaemia (Ca 3.60 mmol/L)"),
        (fb.CALCIUM_MOLAR, 3.8, "mmol/L", "critical", "Hypercalcaemic crisis (Ca 3.80 mmol/L)"),
    ],
)
def test_calcium_is_graded_into_a_card_per_band(client, prefetch_keys, code, value, unit, indicator, summary):
    cards = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), fb.observation(code, value, unit))
    if indicator is None:
        assert "hypercalcemia" not in cards
        return
    assert cards["hypercalcemia"]["indicator"] == indicator
    assert cards["hypercalcemia"]["summary"].startswith(summary)


def test_moderate_hypercalcaemia_offers_a_single_dose_of_zoledronic_acid(client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.2, "mmol/L")
    creatinine = fb.observation(fb.CREATININE_MOLAR, 80, "umol/L")
    card = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, creatinine)["hypercalcemia"]
    assert "calcitonin acts faster but is weaker" in card["detail"]
    [suggestion] = [s for s in card["suggestions"] if s["label"].startswith("Zoledronic acid")]
    resource = suggestion["actions"][0]["resource"]
    assert resource["resourceType"] == "MedicationRequest" and resource["status"] == "draft"
    assert {"system": fb.RXNORM, "code": "77655", "display": "zoledronic acid"} in resource[
        "medicationCodeableConcept"
    ]["coding"]
    dosage = resource["dosageInstruction"][0]
    assert dosage["timing"]["repeat"] == {"count": 1, "duration": 15, "durationUnit": "min"}
    assert dosage["doseAndRate"][0]["doseQuantity"]["value"] == 4.0


def test_albumin_corrected_calcium_is_graded_and_both_values_are_shown(client, prefetch_keys):
    # 10.8 mg/dL with albumin 2.5 g/dL: corrected 10.8 + 0.8 × (4.0 − 2.5) = 12.0 mg/dL → moderate.
    calcium = fb.observation(fb.CALCIUM_MASS, 10.8, "mg/dL")
    albumin = fb.observation(fb.ALBUMIN, 2.5, "g/dL")
    card = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, albumin)["hypercalcemia"]
    assert card["indicator"] == "warning"
    assert "corrected Ca 12.0 mg/dL" in card["summary"]
    assert "total calcium 10.8 mg/dL and albumin 2.5 g/dL the same day" in card["detail"]


def test_a_preliminary_calcium_result_is_not_graded(client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.8, "mmol/L", status="preliminary")
    assert "hypercalcemia" not in cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium)


def test_a_calcium_from_two_months_ago_is_not_used(client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 3.8, "mmol/L", days=60)
    assert "hypercalcemia" not in cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium)


# -- renal-impairment ------------------------------------------------------------------------------------------
def test_zoledronic_acid_with_a_cockcroft_gault_crcl_of_34_is_reduced_to_3_mg(client, prefetch_keys):
    # Woman born 1958-04-02 (age 68 in 2026), 60 kg, creatinine 1.5 mg/dL: (140 − 68) × 60 / (72 × 1.5) × 0.85 = 34.
    resources = [
        *confirmed_metastasis(),
        fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4),
        fb.observation(fb.CREATININE_MASS, 1.5, "mg/dL", days=3),
        fb.observation(fb.BODY_WEIGHT, 60, "kg", days=3, category="vital-signs"),
    ]
    card = cards_for(client, prefetch_keys, *resources)["renal-impairment"]
    assert card["indicator"] == "warning"
    assert "Zoledronic acid 3 mg instead of 4 mg" in card["detail"]
    assert "Cockcroft-Gault: age 68" in card["detail"] and "1.5 mg/dL" in card["detail"]
    # One click corrects the active order to the band's dose (issue 9 item 10).
    (suggestion,) = card["suggestions"]
    assert suggestion["label"] == "Change zoledronic acid to 3 mg"
    (action,) = suggestion["actions"]
    assert action["type"] == "update" and action["resource"]["id"] == resources[2]["id"]
    dosage = action["resource"]["dosageInstruction"][0]
    assert dosage["doseAndRate"][0]["doseQuantity"]["value"] == 3.0
    assert dosage["text"].startswith("3 mg IV") and dosage["timing"]["repeat"]["period"] == 4
    assert "prescribing information" in card["detail"] and "REFERENCE" not in card["detail"]  # source by name


def test_zoledronic_acid_with_a_reported_crcl_below_30_is_not_recommended(client, prefetch_keys):
    resources = [
        *confirmed_metastasis(),
        fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4),
        fb.observation(fb.CRCL, 25, "mL/min"),
    ]
    card = cards_for(client, prefetch_keys, *resources)["renal-impairment"]
    assert "Zoledronic acid: not recommended below 30 mL/min." in card["detail"]
    # One click puts the active order on hold, with the reason (issue 9 item 10).
    (action,) = card["suggestions"][0]["actions"]
    assert (action["type"], action["resource"]["id"]) == ("update", resources[2]["id"])
    assert action["resource"]["status"] == "on-hold"
    assert "25 mL/min" in action["resource"]["statusReason"]["text"]


def test_a_healthy_kidney_gets_no_renal_impairment_card(client, prefetch_keys):
    resources = [
        *confirmed_metastasis(),
        fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4),
        fb.observation(fb.CRCL, 85, "mL/min"),
    ]
    assert "renal-impairment" not in cards_for(client, prefetch_keys, *resources)


def test_a_low_egfr_without_a_weight_asks_for_crcl_instead_of_dosing_by_egfr(client, prefetch_keys):
    resources = [
        *confirmed_metastasis(),
        fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4),
        fb.observation(fb.EGFR, 45, "mL/min/{1.73_m2}"),
        fb.observation(fb.CREATININE_MOLAR, 120, "umol/L"),
    ]
    card = cards_for(client, prefetch_keys, *resources)["renal-impairment"]
    assert card["summary"].startswith("eGFR 45 mL/min/{1.73_m2} is reduced but creatinine clearance is unknown")


def test_denosumab_with_crcl_below_30_asks_for_calcium_monitoring(client, prefetch_keys):
    resources = [*confirmed_metastasis(), fb.medication_request(ATC_DENOSUMAB), fb.observation(fb.CRCL, 20, "mL/min")]
    card = cards_for(client, prefetch_keys, *resources)["renal-impairment"]
    assert "monitor calcium closely" in card["summary"]


# -- supportive-care -------------------------------------------------------------------------------------------
def test_supportive_care_is_off_by_default(client, prefetch_keys):
    assert "supportive-care" not in cards_for(client, prefetch_keys, *confirmed_metastasis())


@pytest.fixture
def supportive_care_on(app_config):
    app_config["GUIDELINE_SETTINGS"] = {"enabled_topics": ["supportive-care", "hypercalcemia"]}


def test_supportive_care_switched_on_counsels_on_activity_and_falls(supportive_care_on, client, prefetch_keys):
    ecog = fb.observation(fb.ECOG, 3, "{score}", category="survey")
    cards = cards_for(client, prefetch_keys, *confirmed_metastasis(), ecog)
    assert set(cards) == {"supportive-care"}  # only the enabled topics speak
    card = cards["supportive-care"]
    assert card["indicator"] == "info"
    assert "no sudden twisting of the spine or limbs" in card["detail"]
    assert "ECOG 3: turning, transfers and walking" in card["detail"]
    assert "carer's help" in card["detail"]


# -- alert discipline across the rules ----------------------------------------------------------------------------
def test_a_patient_who_triggers_several_rules_gets_one_card_per_topic_most_urgent_first(client, prefetch_keys):
    resources = [
        fb.condition(fb.BREAST_CANCER, days=400),
        fb.condition(fb.BONE_PAIN, days=5),
        fb.condition(fb.HYPERCALCEMIA, days=2),
        fb.observation(fb.ALP, 250, "U/L", high=130),
        fb.observation(fb.CALCIUM_MOLAR, 3.8, "mmol/L"),
        fb.observation(fb.CALCIUM_MOLAR, 2.9, "mmol/L", days=5),
    ]
    response = client.post(SERVICE, json=fb.patient_view(prefetch_keys, *resources))
    cards = response.get_json()["cards"]
    topics = [card["source"]["topic"]["code"] for card in cards]
    assert topics.count("hypercalcemia") == 1 and topics.count("bone-mets-workup") == 1
    ranks = [("info", "warning", "critical").index(card["indicator"]) for card in cards]
    assert ranks == sorted(ranks, reverse=True)
    assert cards[0]["source"]["topic"]["code"] == "hypercalcemia"
