"""End to end through HTTP: the foundation and treatment cards of patient-view from FHIR R4 prefetch.

Every request carries every prefetch key the service announces (empty searchset Bundles where there is no
data), with codes an EHR sends (ICD-10-CM, SNOMED CT, LOINC, RxNorm; UCUM units), so no FHIR server is needed.
"""

from __future__ import annotations

import pytest

from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"
RADIOTHERAPY = (fb.SNOMED, "108290001", "Radiation oncology AND/OR radiotherapy (procedure)")
MIRELS_SCORE = (fb.LESION_ASSESSMENT, "mirels-score", "Mirels score (total, 4-12) of a long-bone metastasis")
CODEINE = (fb.RXNORM, "2670", "codeine")


def call(client, prefetch_keys, *resources, **request) -> list[dict]:
    response = client.post(SERVICE, json=fb.patient_view(prefetch_keys, *resources, **request))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["cards"]


def cards_for(client, prefetch_keys, *resources, **request) -> dict[str, dict]:
    return {card["source"]["topic"]["code"]: card for card in call(client, prefetch_keys, *resources, **request)}


def cancer(days: float = 400) -> dict:
    return fb.condition(fb.BREAST_CANCER, days=days)


def bone_metastasis(**kwargs) -> dict:
    return fb.condition(fb.BONE_METASTASIS, **kwargs)


def resources_of(card: dict) -> list[dict]:
    return [action["resource"] for s in card.get("suggestions", []) for action in s["actions"]]


def codes_of(card: dict) -> list[str]:
    found = []
    for resource in resources_of(card):
        concept = resource.get("code") or resource.get("medicationCodeableConcept")
        found.append(concept["coding"][0]["code"])
    return found


# -- Foundation (issue #2) ----------------------------------------------------------------------------------------
def test_confirmed_bone_metastasis_gets_one_start_card_with_the_creatinine_and_dental_actions(client, prefetch_keys):
    cards = cards_for(client, prefetch_keys, cancer(), bone_metastasis())
    start = cards["bisphosphonate-start"]
    assert start["indicator"] == "info"
    assert start["summary"] == (
        "Confirmed bone metastasis: start a bisphosphonate (grade A); creatinine and dental check first"
    )
    assert "一(三)3" in start["detail"] and "BM-BP-01" not in start["detail"]
    assert start["selectionBehavior"] == "any"
    # No creatinine, so no clearance: the creatinine comes first, not a blind 4 mg (issue 9 item 6).
    assert codes_of(start) == ["2160-0", "103697008"]
    assert not {"renal-check", "dental-review", "renal-impairment"} & set(cards)  # one card for one decision


def test_with_a_recent_creatinine_and_weight_the_start_card_owns_the_renally_dosed_order(client, prefetch_keys):
    creatinine = fb.observation(fb.CREATININE_MASS, 0.8, "mg/dL", days=3)
    weight = fb.observation(fb.BODY_WEIGHT, 60, "kg", days=3, category="vital-signs")
    start = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), creatinine, weight)["bisphosphonate-start"]
    zoledronic = resources_of(start)[1]  # after the dental referral
    assert zoledronic["resourceType"] == "MedicationRequest" and zoledronic["status"] == "draft"
    assert {"system": fb.RXNORM, "code": "77655", "display": "zoledronic acid"} in zoledronic[
        "medicationCodeableConcept"
    ]["coding"]
    assert zoledronic["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 4.0
    assert zoledronic["subject"] == {"reference": f"Patient/{fb.PATIENT_ID}"}


def test_a_patient_on_zoledronic_acid_gets_no_start_card_but_the_on_therapy_checks(client, prefetch_keys):
    on_it = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, days=30)
    cards = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), on_it)
    assert "bisphosphonate-start" not in cards
    assert "zoledronic acid" in cards["renal-check"]["detail"]
    assert cards["dental-review"]["summary"].startswith("On zoledronic acid")


def test_a_patient_on_denosumab_gets_no_start_card(client, prefetch_keys):
    cards = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), fb.medication_request(fb.DENOSUMAB))
    assert "bisphosphonate-start" not in cards and "renal-check" not in cards
    assert "dental-review" in cards  # the same jaw risk (A.11-14)


def test_a_bone_scan_only_patient_gets_the_confirmation_card_not_a_bisphosphonate(client, prefetch_keys):
    scan = fb.imaging_report(code=fb.BONE_SCAN, shows_metastasis=True, days=5)
    cards = cards_for(client, prefetch_keys, cancer(), scan)
    assert "bone-mets-confirm" in cards
    assert not {"bisphosphonate-start", "renal-check", "dental-review"} & set(cards)


def test_an_entered_in_error_bone_metastasis_is_ignored(client, prefetch_keys):
    wrong = bone_metastasis(verification="entered-in-error")
    cards = cards_for(client, prefetch_keys, cancer(), wrong)
    assert not {"bisphosphonate-start", "renal-check", "dental-review"} & set(cards)


def test_a_stale_creatinine_is_named_with_its_date_in_the_renal_check(client, prefetch_keys):
    creatinine = fb.observation(fb.CREATININE_MASS, 0.9, "mg/dL", days=60)
    on_it = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, days=30)
    card = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), creatinine, on_it)["renal-check"]
    date = creatinine["effectiveDateTime"][:10]
    assert card["summary"] == f"On zoledronic acid, last creatinine {date}: recheck renal function"
    assert "0.9 mg/dL" in card["detail"]


def test_a_recent_creatinine_means_no_renal_check_and_doses_follow_clearance(client, prefetch_keys):
    creatinine = fb.observation(fb.CREATININE_MASS, 1.4, "mg/dL", days=3)
    weight = fb.observation(fb.BODY_WEIGHT, 60, "kg", days=3, category="vital-signs")
    cards = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), creatinine, weight)
    assert "renal-check" not in cards
    start = cards["bisphosphonate-start"]
    drugs = [r for r in resources_of(start) if r["resourceType"] == "MedicationRequest"]
    doses = [r["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] for r in drugs]
    assert doses == [3.0, 90.0, 4.0]  # CrCl ≈ 36 mL/min (woman, 68, 60 kg): label tables B.1-B.3; no clodronate < 60
    assert "Creatinine clearance 36" in start["detail"] and start["indicator"] == "warning"
    assert "renal-impairment" not in cards  # the start card carries the renal dosing


def test_a_recent_dental_examination_means_no_dental_card(client, prefetch_keys):
    exam = fb.procedure(fb.DENTAL_EXAMINATION, days=30)
    assert "dental-review" not in cards_for(client, prefetch_keys, cancer(), bone_metastasis(), exam)


def test_a_pathological_femoral_fracture_is_referred_to_orthopaedics(client, prefetch_keys):
    fracture = fb.condition(fb.FRACTURE_FEMUR, days=3)
    card = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), fracture)["surgery-referral"]
    assert card["indicator"] == "warning"
    assert card["summary"] == "Pathological fracture (femur): refer for orthopaedic surgical assessment"
    assert codes_of(card) == ["308481009"]
    assert card["detail"].startswith("A pathological fracture has occurred: surgery should be considered")
    assert "Surgery before a pathological fracture" not in card["detail"]  # the text fits a fracture that happened
    assert "expected survival of 3 months or more" in card["detail"]


def test_bone_metastasis_without_a_surgical_reason_gets_no_surgery_card(client, prefetch_keys):
    assert "surgery-referral" not in cards_for(client, prefetch_keys, cancer(), bone_metastasis())


def mirels_total(value: int) -> dict:
    resource = fb.observation(MIRELS_SCORE, 0, "{score}", category="exam")
    del resource["valueQuantity"]
    resource["valueInteger"] = value
    return resource


@pytest.mark.parametrize(
    "total, indicator, summary",
    [
        (7, "info", "Mirels 7 (site not recorded): low fracture risk, surgery may be deferred; reassess"),
        (
            8,
            "warning",
            "Mirels 8 (site not recorded), at the surgical threshold: refer for orthopaedic surgical assessment",
        ),
        (9, "warning", "Mirels 9 (site not recorded), high fracture risk: refer for orthopaedic surgical assessment"),
    ],
)
def test_a_recorded_mirels_score_is_banded_7_8_9(client, prefetch_keys, total, indicator, summary):
    card = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), mirels_total(total))["surgery-referral"]
    assert (card["indicator"], card["summary"]) == (indicator, summary)
    assert codes_of(card) == ([] if total == 7 else ["308481009"])


def mirels_panel(site: str, pain: str, lesion: str, size: str) -> dict:
    def coded(code: str) -> dict:
        return {"coding": [{"system": fb.LESION_ASSESSMENT, "code": code}]}

    resource = fb.observation(MIRELS_SCORE, 0, "{score}", category="exam")
    del resource["valueQuantity"]
    resource["code"] = coded("mirels-assessment")
    parts = {"mirels-site": site, "pain-character": pain, "lesion-type": lesion, "lesion-size-fraction": size}
    resource["component"] = [{"code": coded(p), "valueCodeableConcept": coded(a)} for p, a in parts.items()]
    return resource


def test_mirels_is_scored_from_a_coded_assessment_panel(client, prefetch_keys):
    panel = mirels_panel("lower-limb", "functional", "lytic", "1/3-2/3")  # 2 + 3 + 3 + 2
    card = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), panel)["surgery-referral"]
    assert card["summary"].startswith("Mirels 10 (lower limb), high fracture risk")
    assert "2 + 3 + 3 + 2" in card["detail"]


# -- Treatment cards (issue #3) -----------------------------------------------------------------------------------
def test_cord_compression_is_a_critical_card_first_with_urgent_mri_and_referrals(client, prefetch_keys):
    compression = fb.condition(fb.CORD_COMPRESSION, days=1)
    pain = fb.score(fb.PAIN_NRS, 6, days=1)
    cards = call(client, prefetch_keys, cancer(), bone_metastasis(), compression, pain)
    first = cards[0]
    assert first["source"]["topic"]["code"] == "spinal-cord-compression" and first["indicator"] == "critical"
    assert codes_of(first) == ["241645008", "308482002", "306256000"]
    mri = resources_of(first)[0]
    assert mri["priority"] == "urgent" and mri["category"][0]["coding"][0]["code"] == "363679005"
    assert first["selectionBehavior"] == "any"
    assert "NICE NG234" in first["detail"]
    topics = {c["source"]["topic"]["code"] for c in cards}
    assert not {"surgery-referral", "radiotherapy-referral"} & topics  # the unplaced lesion may be the spinal one


def test_painful_bone_metastasis_without_radiotherapy_is_referred(client, prefetch_keys):
    pain = fb.score(fb.PAIN_NRS, 6, days=2)
    card = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), pain)["radiotherapy-referral"]
    assert card["indicator"] == "warning"
    assert "pain 6/10" in card["detail"] and len(card["detail"].split("\n\n")) <= 3  # schedules: on the rule page
    assert codes_of(card) == ["306256000"]


def test_radiotherapy_already_given_silences_the_referral_and_keeps_analgesia_going(client, prefetch_keys):
    pain = fb.score(fb.PAIN_NRS, 7, days=2)
    course = fb.procedure(RADIOTHERAPY, days=20)
    cards = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), pain, course)
    assert "radiotherapy-referral" not in cards
    ladder = cards["analgesic-ladder"]
    assert ladder["summary"].startswith("Severe bone pain (NRS 7)")
    assert f"Radiotherapy on {course['performedDateTime'][:10]}" in ladder["detail"]


@pytest.mark.parametrize(
    "nrs, drug, summary",
    [
        (8, fb.IBUPROFEN, "Severe bone pain (NRS 8): a strong opioid such as morphine plus an NSAID (WHO step 3)"),
        (5, None, "Moderate bone pain (NRS 5): a weak opioid such as codeine plus an NSAID (WHO step 2)"),
        (5, CODEINE, None),
        (8, fb.MORPHINE, None),
    ],
)
def test_the_analgesic_ladder_steps_up_only_below_the_step_of_the_pain(client, prefetch_keys, nrs, drug, summary):
    resources = [cancer(), bone_metastasis(), fb.score(fb.PAIN_NRS, nrs, days=1)]
    if drug:
        resources.append(fb.medication_request(drug, days=10))
    card = cards_for(client, prefetch_keys, *resources).get("analgesic-ladder")
    assert (card and card["summary"]) == summary


def test_a_stale_pain_score_gives_no_analgesic_card(client, prefetch_keys):
    cards = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), fb.score(fb.PAIN_NRS, 9, days=40))
    assert "analgesic-ladder" not in cards


@pytest.fixture
def chinese(app_config):
    app_config["CARD_LANGUAGE"] = "zh"  # before the app is built


def test_the_treatment_cards_speak_chinese_when_configured(chinese, client, prefetch_keys):
    compression = fb.condition(fb.CORD_COMPRESSION, days=1)
    cards = cards_for(client, prefetch_keys, cancer(), bone_metastasis(), compression, fb.score(fb.PAIN_NRS, 8))
    assert cards["spinal-cord-compression"]["summary"] == "脊髓压迫：紧急行全脊柱MR扫描，并紧急请脊柱外科及放疗科评估"
    assert cards["analgesic-ladder"]["summary"].startswith("重度骨痛（NRS 8分）")
    assert cards["spinal-cord-compression"]["suggestions"][0]["label"] == "开具紧急全脊柱MR扫描"


# -- Accepted suggestions close the loop ----------------------------------------------------------------------------
def accepted(card: dict) -> list[dict]:
    """The card's suggested resources as the EHR stores them once the clinician accepts them."""
    stored = []
    for resource in resources_of(card):
        stored.append({**resource, "id": fb._id(), "status": "active", "authoredOn": fb.ago(0)})
    return stored


def test_accepting_the_creatinine_and_dental_suggestions_silences_those_cards(client, prefetch_keys):
    chart = [cancer(), bone_metastasis()]
    first = cards_for(client, prefetch_keys, *chart)
    orders = accepted(first["bisphosphonate-start"])
    assert [o["resourceType"] for o in orders] == ["ServiceRequest", "ServiceRequest"]
    again = cards_for(client, prefetch_keys, *chart, *orders)
    assert "renal-check" not in again and "dental-review" not in again
    start = again["bisphosphonate-start"]  # the drug is still to be chosen
    assert start["summary"] == "Confirmed bone metastasis: start a bisphosphonate (grade A)"
    assert "suggestions" not in start  # creatinine ordered, clearance not yet known: nothing to click


def test_accepting_the_radiotherapy_and_surgery_referrals_silences_those_cards(client, prefetch_keys):
    chart = [cancer(), bone_metastasis(), fb.condition(fb.FRACTURE_FEMUR, days=3), fb.score(fb.PAIN_NRS, 6)]
    first = cards_for(client, prefetch_keys, *chart)
    orders = accepted(first["radiotherapy-referral"]) + accepted(first["surgery-referral"])
    again = cards_for(client, prefetch_keys, *chart, *orders)
    assert "radiotherapy-referral" not in again and "surgery-referral" not in again
