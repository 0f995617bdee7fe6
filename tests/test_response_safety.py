"""The response as a whole (issue 9 items 2, 3, 6, 10, 11): kidney safety, one order point per drug, dose cards.

Real CDS Hooks requests through the Flask app, FHIR R4 prefetch and draftOrders as an EHR sends them
(tests/fhir_builders.py), patients that trigger several cards at once. CrCl is Cockcroft-Gault for a man
of 68: weight (kg) / creatinine (mg/dL).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fhir.resources.R4B.medicationrequest import MedicationRequest

from cds_service.schemas import validator
from tests import fhir_builders as fb

HOOKS = ["order-select", "order-sign"]
CLODRONATE = (fb.ATC, "M05BA02", "clodronic acid")
IBANDRONATE = (fb.ATC, "M05BA06", "ibandronic acid")
BONE_AGENT_CODES = {"77655", "M05BA08", "M05BA03", "M05BA06", "M05BA02", "M05BX04"}


def _born_68_years_ago() -> str:
    today = datetime.now(UTC).date()
    return (date(today.year - 68, today.month, min(today.day, 28)) - timedelta(days=30)).isoformat()


MAN_68 = fb.patient("male", _born_68_years_ago())


def weight(kg: float) -> dict:
    return fb.observation(fb.BODY_WEIGHT, kg, "kg", days=3, category="vital-signs")


def creatinine(mg_dl: float, days: float = 2) -> dict:
    return fb.observation(fb.CREATININE_MASS, mg_dl, "mg/dL", days=days)


def calcium(mmol_l: float) -> dict:
    return fb.observation(fb.CALCIUM_MOLAR, mmol_l, "mmol/L", days=1)


def confirmed() -> list[dict]:
    return [fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60)]


def dental_check() -> dict:
    return fb.procedure(fb.DENTAL_EXAMINATION, days=30)


@pytest.fixture
def zh_client(app_config):
    from cds_service import create_app

    app_config["CARD_LANGUAGE"] = "zh"
    return create_app(app_config).test_client()


def keys_of(client, hook: str) -> list[str]:
    services = {s["hook"]: s for s in client.get("/cds-services").get_json()["services"]}
    return list(services[hook]["prefetch"])


def respond(client, request: dict, hook: str) -> list[dict]:
    response = client.post(f"/cds-services/bm-{hook}", json=request)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [e.message for e in validator("cds-service-response.schema.json").iter_errors(body)] == []
    return body["cards"]


def chart(client, *resources: dict) -> list[dict]:
    return respond(client, fb.patient_view(keys_of(client, "patient-view"), *resources, person=MAN_68), "patient-view")


def order(client, hook: str, drafts: list[dict], *resources: dict) -> list[dict]:
    request = fb.order_hook(hook, keys_of(client, hook), drafts, *resources, person=MAN_68)
    return respond(client, request, hook)


def by_topic(cards: list[dict]) -> dict[str, dict]:
    return {card["source"]["topic"]["code"]: card for card in cards}


def actions(cards: list[dict]) -> list[tuple[str, dict]]:
    """(topic, action) of every suggestion in the response."""
    return [
        (card["source"]["topic"]["code"], action)
        for card in cards
        for suggestion in card.get("suggestions", [])
        for action in suggestion["actions"]
    ]


def drug_code(resource: dict) -> str | None:
    concept = resource.get("medicationCodeableConcept")
    return concept["coding"][0]["code"] if concept else None


def new_bone_agent_orders(cards: list[dict]) -> list[tuple[str, dict]]:
    return [
        (topic, a["resource"])
        for topic, a in actions(cards)
        if a["type"] == "create" and drug_code(a["resource"]) in BONE_AGENT_CODES
    ]


def dose_of(resource: dict) -> float:
    return resource["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"]


# -- item 3: one kidney verdict per response -----------------------------------------------------------------


def test_at_crcl_9_5_no_card_offers_a_bisphosphonate_and_the_hypercalcaemia_card_says_why(client):
    # 38 kg, creatinine 4.0 mg/dL (354 µmol/L, under the label's 400): CrCl 9.5 mL/min; corrected calcium 3.6
    cards = chart(client, *confirmed(), calcium(3.6), creatinine(4.0), weight(38), dental_check())
    topics = by_topic(cards)
    assert {"hypercalcemia", "bisphosphonate-start"} <= set(topics)
    assert new_bone_agent_orders(cards) == []
    hcm = topics["hypercalcemia"]["detail"]
    assert "creatinine clearance 9.5 mL/min is below 30" in hcm


def test_the_start_card_doses_follow_the_renal_tables(client):
    cards = by_topic(chart(client, *confirmed(), creatinine(1.6), weight(66), dental_check()))  # CrCl 41
    offered = {drug_code(r): r for _, r in new_bone_agent_orders(list(cards.values()))}
    assert dose_of(offered["77655"]) == 3.3 and dose_of(offered["M05BA06"]) == 4.0


def test_unknown_creatinine_clearance_means_creatinine_first_never_a_blind_4_mg(client):
    cards = chart(client, *confirmed(), calcium(3.2), dental_check())  # no creatinine, no weight
    assert new_bone_agent_orders(cards) == []
    creatinine_orders = [
        (topic, a)
        for topic, a in actions(cards)
        if a["type"] == "create" and "code" in a["resource"] and a["resource"]["code"]["coding"][0]["code"] == "2160-0"
    ]
    assert len(creatinine_orders) == 1  # one order point for the creatinine too
    topics = by_topic(cards)
    assert "until a serum creatinine is known" in topics["hypercalcemia"]["detail"]


def test_known_kidneys_one_card_owns_the_bone_agent_order_and_the_other_refers_to_it(client):
    cards = chart(client, *confirmed(), calcium(3.2), creatinine(1.0), weight(80), dental_check())  # CrCl 80
    owners = {topic for topic, _ in new_bone_agent_orders(cards)}
    assert owners == {"hypercalcemia"}
    (hcm,) = [r for _, r in new_bone_agent_orders(cards)]
    assert dose_of(hcm) == 4.0
    start = by_topic(cards)["bisphosphonate-start"]
    assert "suggestions" not in start
    assert "The zoledronic acid order is offered on the hypercalcaemia card." in start["detail"]


def test_hypercalcaemia_keeps_4_mg_at_crcl_45_and_says_why_beside_the_renal_card(client):
    cards = chart(client, *confirmed(), calcium(3.2), creatinine(1.47), weight(66), dental_check())  # CrCl 44.9
    ((topic, resource),) = new_bone_agent_orders(cards)
    assert topic == "hypercalcemia" and dose_of(resource) == 4.0
    hcm = by_topic(cards)["hypercalcemia"]["detail"]
    assert "the label does not reduce the dose while creatinine is below 400" in hcm


def test_in_chinese_the_referral_and_the_withheld_drugs_are_chinese(zh_client):
    cards = chart(zh_client, *confirmed(), calcium(3.6), creatinine(4.0), weight(38), dental_check())
    topics = by_topic(cards)
    assert "肌酐清除率 9.5 mL/min" in topics["hypercalcemia"]["detail"]
    for card in (topics["bisphosphonate-start"], topics["hypercalcemia"]):
        assert not re.search(r"zoledron|pamidron|ibandron|clodron", card["detail"] + card["summary"], re.I)


def test_chinese_referral_names_the_owning_card(zh_client):
    cards = by_topic(chart(zh_client, *confirmed(), calcium(3.2), creatinine(1.0), weight(80), dental_check()))
    assert "唑来膦酸医嘱见“高钙血症”提示卡。" in cards["bisphosphonate-start"]["detail"]


# -- item 10: hold or correct the active order -----------------------------------------------------------------


def active_zoledronic_acid(dose_mg: float = 4) -> dict:
    return fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=dose_mg, days=20)


def test_crcl_14_6_on_zoledronic_acid_offers_to_hold_the_active_order(client):
    on_it = active_zoledronic_acid()
    cards = chart(client, *confirmed(), on_it, creatinine(4.52), weight(66), dental_check())  # CrCl 14.6
    holds = [(t, a) for t, a in actions(cards) if a["type"] == "update"]
    assert [t for t, _ in holds] == ["renal-impairment"]  # one order point for the active order
    ((_, action),) = holds
    assert action["type"] == "update"
    held = action["resource"]
    MedicationRequest.model_validate(held)
    assert held["id"] == on_it["id"] and held["status"] == "on-hold"
    assert held["dosageInstruction"] == on_it["dosageInstruction"]
    assert "14.6 mL/min" in held["statusReason"]["text"]


def test_crcl_45_on_zoledronic_acid_4_mg_offers_the_corrected_order(client):
    on_it = active_zoledronic_acid()
    cards = chart(client, *confirmed(), on_it, creatinine(1.47), weight(66), dental_check())  # CrCl 44.9
    ((topic, action),) = [(t, a) for t, a in actions(cards) if a["type"] == "update"]
    resource = action["resource"]
    assert topic == "renal-impairment" and resource["id"] == on_it["id"] and resource["status"] == "active"
    assert dose_of(resource) == 3.3


def test_an_active_order_re_signed_below_the_renal_limit_is_held_not_deleted(client):
    re_signed = fb.draft_medication(fb.ZOLEDRONIC_ACID, id="zol-active", dose_mg=4, status="active")
    cards = by_topic(order(client, "order-sign", [re_signed], *confirmed(), creatinine(4.52), weight(66)))
    card = cards["renal-impairment"]
    assert card["indicator"] == "critical"
    (action,) = card["suggestions"][0]["actions"]
    assert action["type"] == "update" and action["resource"]["status"] == "on-hold"


# -- item 2: product and dose ------------------------------------------------------------------------------------


def zoledronic_draft(dose_mg: float) -> dict:
    return fb.draft_medication(fb.ZOLEDRONIC_ACID, id="zol", dose_mg=dose_mg)


@pytest.mark.parametrize("hook", HOOKS)
def test_the_5_mg_osteoporosis_product_for_bone_metastasis_at_crcl_33_is_a_critical_dose_card(client, hook):
    cards = order(client, hook, [zoledronic_draft(5)], *confirmed(), creatinine(2.0), weight(66), dental_check())
    topics = by_topic(cards)
    card = topics["bisphosphonate-dose"]
    assert card["indicator"] == "critical"
    assert "osteoporosis product (5 mg once a year)" in card["detail"]
    assert "contraindicated below creatinine clearance 35 mL/min; it is 33 mL/min" in card["detail"]
    assert card["summary"].startswith("The zoledronic acid dose 5 mg is above the 4 mg for bone metastasis")
    corrections = [a for _, a in actions(cards) if a["type"] == "update"]
    assert len(corrections) == 1  # one order point: the dose card owns it, the renal card refers to it
    assert dose_of(corrections[0]["resource"]) == 3.0  # the label's dose at CrCl 33
    assert "offered on the bisphosphonate dose card" in topics["renal-impairment"]["detail"]


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("dose, indicator", [(8, "critical"), (4.5, "critical"), (2, "warning"), (4, None)])
def test_any_zoledronic_acid_dose_but_4_mg_is_a_dose_card_above_4_critical(client, hook, dose, indicator):
    cards = by_topic(order(client, hook, [zoledronic_draft(dose)], *confirmed(), creatinine(1.0), weight(80)))
    card = cards.get("bisphosphonate-dose")
    assert (card["indicator"] if card else None) == indicator


def test_5_mg_once_a_year_without_bone_metastasis_is_an_osteoporosis_order_left_alone(client):
    yearly = fb.draft_medication(fb.ZOLEDRONIC_ACID, id="zol", dose_mg=5, every_weeks=(52, 52))
    cards = order(client, "order-sign", [yearly], fb.condition(fb.BREAST_CANCER, days=400), creatinine(1.0))
    assert not {"bisphosphonate-dose", "bisphosphonate-not-indicated"} & set(by_topic(cards))


@pytest.mark.parametrize("dose, indicator", [(60, "warning"), (240, "critical"), (120, None)])
def test_denosumab_60_mg_for_bone_metastasis_is_corrected_to_120_mg_every_4_weeks(client, dose, indicator):
    draft = fb.draft_medication(
        fb.DENOSUMAB, id="dmab", dose_mg=dose, route=None, every_weeks=(4, 4), infusion_min=None
    )
    cards = by_topic(order(client, "order-sign", [draft], *confirmed(), creatinine(1.0), weight(80), dental_check()))
    card = cards.get("bisphosphonate-dose")
    assert (card["indicator"] if card else None) == indicator
    if dose == 60:
        assert "osteoporosis product (60 mg)" in card["detail"]
        resource = card["suggestions"][0]["actions"][0]["resource"]
        MedicationRequest.model_validate(resource)
        dosage = resource["dosageInstruction"][0]
        assert dose_of(resource) == 120 and dosage["route"]["coding"][0]["code"] == "34206005"
        assert dosage["text"] == "120 mg subcutaneously every 4 weeks"
        assert "ASCO 2017" in card["detail"] and "zoledronic" not in card["detail"]


def test_pamidronate_above_90_mg_is_critical(client):
    draft = fb.draft_medication(fb.PAMIDRONATE, id="pam", dose_mg=120, infusion_min=120)
    cards = by_topic(order(client, "order-sign", [draft], *confirmed(), creatinine(1.0), weight(80), dental_check()))
    assert cards["bisphosphonate-dose"]["indicator"] == "critical"


def test_reduced_ibandronate_asks_the_pharmacist_for_the_infusion_time(client):
    draft = fb.draft_medication(IBANDRONATE, id="iba", dose_mg=6)
    cards = by_topic(order(client, "order-sign", [draft], *confirmed(), creatinine(1.6), weight(66), dental_check()))
    card = cards["renal-impairment"]  # CrCl 41: 4 mg
    assert "pharmacist to confirm the infusion time" in card["detail"]
    text = card["suggestions"][0]["actions"][0]["resource"]["dosageInstruction"][0]["text"]
    assert text.startswith("4 mg IV") and "pharmacist to confirm" in text


# -- item 11: IV clodronate course; oral clodronate cites its own label -----------------------------------------


def clodronate_iv(**kw) -> dict:
    return fb.draft_medication(CLODRONATE, id="clo", dose_mg=300, every_weeks=None, infusion_min=120, **kw)


def test_iv_clodronate_without_a_5_day_bound_is_flagged_and_corrected_with_bounds_duration(client):
    draft = clodronate_iv()
    draft["dosageInstruction"][0]["timing"] = {
        "repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "duration": 120, "durationUnit": "min"}
    }
    cards = by_topic(order(client, "order-sign", [draft], *confirmed(), creatinine(1.0), weight(80), dental_check()))
    card = cards["bisphosphonate-dose"]
    assert "does not end after 5 days" in card["detail"]
    resource = card["suggestions"][0]["actions"][0]["resource"]
    MedicationRequest.model_validate(resource)
    repeat = resource["dosageInstruction"][0]["timing"]["repeat"]
    assert repeat["boundsDuration"] == {"value": 5, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"}
    assert "for 5 days" in resource["dosageInstruction"][0]["text"]


def test_iv_clodronate_with_its_5_day_bound_is_the_regimen(client):
    draft = clodronate_iv()
    draft["dosageInstruction"][0]["timing"] = {
        "repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "duration": 120, "durationUnit": "min", "count": 5}
    }
    cards = by_topic(order(client, "order-sign", [draft], *confirmed(), creatinine(1.0), weight(80), dental_check()))
    assert "bisphosphonate-dose" not in cards


def oral_clodronate() -> dict:
    draft = fb.draft_medication(CLODRONATE, id="clo", dose_mg=1600, route="oral", every_weeks=None, infusion_min=None)
    draft["dosageInstruction"][0]["timing"] = {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}
    return draft


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_renal_and_dental_cards_on_oral_clodronate_cite_only_clodronate_sources(app_config, language):
    from cds_service import create_app

    app_config["CARD_LANGUAGE"] = language
    client = create_app(app_config).test_client()
    cards = by_topic(
        order(client, "order-sign", [oral_clodronate()], *confirmed(), creatinine(1.6, days=10), weight(66))
    )  # CrCl 41: 1200 mg/day; creatinine 10 days old; no dental check
    assert {"renal-impairment", "renal-check", "dental-review"} <= set(cards)
    for topic in ("renal-impairment", "renal-check", "dental-review"):
        text = cards[topic]["detail"]
        assert not re.search(r"zoledron|pamidron|denosumab|唑来膦酸|帕米膦酸|地舒单抗|ASCO", text), (topic, text)
    label = "Bonefos" if language == "en" else "骨膦"
    assert label in cards["renal-impairment"]["detail"] and label in cards["renal-check"]["detail"]
    assert dose_of(cards["renal-impairment"]["suggestions"][0]["actions"][0]["resource"]) == 1200


# -- usability: Chinese, short detail, no garbled sentence ------------------------------------------------------


def test_the_chinese_duplicate_agent_card_reads_as_one_sentence(zh_client):
    on_it = active_zoledronic_acid()
    cards = by_topic(
        order(zh_client, "order-sign", [zoledronic_draft(4)], *confirmed(), on_it, creatinine(1.0), weight(80))
    )
    card = cards["duplicate-bone-agent"]
    started = on_it["authoredOn"][:10]
    assert card["detail"].startswith(f"患者自 {started} 起使用唑来膦酸，现又开具唑来膦酸。")
    assert "同一药物重复开具" in card["detail"]
    assert card["suggestions"][0]["label"] == "删除新开的唑来膦酸医嘱"


ORDER_TOPICS = {
    "bisphosphonate-dose",
    "bisphosphonate-not-indicated",
    "duplicate-bone-agent",
    "dental-procedure-on-bisphosphonate",
    "renal-impairment",
    "renal-check",
    "dental-review",
}


def _scenarios() -> list[tuple[list[dict], list[dict]]]:
    extraction = fb.service_request(fb.TOOTH_EXTRACTION, id="ext")
    return [
        ([zoledronic_draft(5)], [*confirmed(), creatinine(2.0), weight(66)]),
        ([zoledronic_draft(8)], [*confirmed(), creatinine(1.0, days=20), weight(80)]),
        ([oral_clodronate()], [*confirmed(), creatinine(1.6), weight(66)]),
        ([clodronate_iv()], [*confirmed(), creatinine(1.0), weight(80)]),
        ([zoledronic_draft(4)], [fb.condition(fb.BREAST_CANCER, days=400), fb.imaging_report(code=fb.BONE_SCAN)]),
        ([zoledronic_draft(4)], [*confirmed(), active_zoledronic_acid(), creatinine(1.0), weight(80)]),
        ([extraction], [*confirmed(), fb.medication_request(fb.DENOSUMAB, days=60)]),
        ([zoledronic_draft(4)], [*confirmed(), creatinine(2.64), weight(66)]),
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_order_cards_are_short_id_free_and_chinese_cards_have_no_english_words(app_config, language):
    from cds_service import create_app

    app_config["CARD_LANGUAGE"] = language
    client = create_app(app_config).test_client()
    seen = 0
    for drafts, record in _scenarios():
        for card in order(client, "order-sign", drafts, *record):
            if card["source"]["topic"]["code"] not in ORDER_TOPICS:
                continue
            seen += 1
            body = card["detail"].split("\n\n")
            assert len(body) <= 5, card["detail"]  # why, up to three notes, the citation
            assert not re.search(r"BM-[A-Z]{2}-\d+|REFERENCE|\bA\.11|\bB\.\d", card["detail"])
            if language == "zh":
                words = [card["summary"], card["detail"], *(s["label"] for s in card.get("suggestions", []))]
                words += [
                    s["actions"][0]["resource"]["dosageInstruction"][0].get("text", "")
                    for s in card.get("suggestions", [])
                    if s["actions"][0]["type"] == "update" and "dosageInstruction" in s["actions"][0]["resource"]
                ]
                for s in card.get("suggestions", []):
                    if s["actions"][0]["type"] != "create":
                        continue  # an update keeps the EHR's own drug and text: only what the service writes
                    resource = s["actions"][0].get("resource", {})
                    words += [d.get("text", "") for d in resource.get("dosageInstruction", [])]
                    words.append(resource.get("code", {}).get("text", ""))
                    words.append(resource.get("medicationCodeableConcept", {}).get("text", ""))
                allowed = r"Cockcroft-Gault|ASCO|ESMO|Aapro|SmPC|µmol|mL|min|eGFR"
                text = re.sub(allowed, "", json.dumps(words, ensure_ascii=False))
                english = re.findall(r"[A-Za-z]{3,}", text)
                assert english == [], (card["source"]["topic"]["code"], english)
    assert seen >= 8


@pytest.mark.parametrize("hook", HOOKS)
def test_8_mg_without_confirmed_metastasis_keeps_the_removal_on_the_not_indicated_card(client, hook):
    record = [
        fb.condition(fb.BREAST_CANCER, days=400),
        fb.imaging_report(code=fb.BONE_SCAN),
        creatinine(1.0),
        weight(80),
    ]
    cards = order(client, hook, [zoledronic_draft(8)], *record)
    topics = by_topic(cards)
    assert topics["bisphosphonate-dose"]["indicator"] == "critical"
    on_the_draft = [(topic, a["type"]) for topic, a in actions(cards) if a.get("resourceId") or a["type"] == "update"]
    assert on_the_draft == [("bisphosphonate-not-indicated", "delete")]  # stopping beats correcting
    assert "offered on the bisphosphonate not indicated card" in topics["bisphosphonate-dose"]["detail"]


@pytest.mark.parametrize("hook", HOOKS)
def test_no_dental_exam_before_the_first_dose_beside_a_card_that_removes_the_order(client, hook):
    scan_only = [fb.condition(fb.BREAST_CANCER, days=400), fb.imaging_report(code=fb.BONE_SCAN)]
    cards = by_topic(order(client, hook, [zoledronic_draft(4)], *scan_only, creatinine(1.0), weight(80)))
    assert "bisphosphonate-not-indicated" in cards and "dental-review" not in cards
    too_low = by_topic(order(client, hook, [zoledronic_draft(4)], *confirmed(), creatinine(2.64), weight(66)))
    assert too_low["renal-impairment"]["indicator"] == "critical" and "dental-review" not in too_low


# -- item 3 (second half) on the order hooks: a creatinine rise since the last dose --------------------------------


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_new_dose_after_a_creatinine_rise_since_the_last_one_is_withheld(app_config, hook, language):
    from cds_service import create_app

    app_config["CARD_LANGUAGE"] = language
    client = create_app(app_config).test_client()
    last_dose = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, status="completed", days=28)
    labs = [creatinine(0.9, days=30), creatinine(1.5, days=2)]  # +0.6 mg/dL = 53 µmol/L from a normal baseline
    cards = order(client, hook, [zoledronic_draft(4)], *confirmed(), last_dose, *labs, weight(80), dental_check())
    card = by_topic(cards)["renal-impairment"]
    summary = {
        "en": "Creatinine up 53 µmol/L since the last zoledronic acid dose: withhold it (label)",
        "zh": "末次唑来膦酸用药后血肌酐升高 53 µmol/L：请暂停用药（说明书）",
    }
    assert card["summary"] == summary[language] and card["indicator"] == "critical"
    assert [(t, a["type"]) for t, a in actions(cards)] == [("renal-impairment", "delete")]  # no dose correction
    assert (
        card["suggestions"][0]["label"]
        == {"en": "Remove the zoledronic acid order", "zh": "删除唑来膦酸医嘱"}[language]
    )


def test_a_re_signed_active_order_after_a_creatinine_rise_is_held(client):
    active = fb.draft_medication(fb.ZOLEDRONIC_ACID, id="zol-active", dose_mg=4, status="active")
    active["authoredOn"] = fb.ago(28)
    labs = [creatinine(0.9, days=30), creatinine(1.5, days=2)]
    cards = by_topic(order(client, "order-sign", [active], *confirmed(), active, *labs, weight(80)))
    (action,) = cards["renal-impairment"]["suggestions"][0]["actions"]
    assert action["type"] == "update" and action["resource"]["status"] == "on-hold"
    assert "53 µmol/L" in action["resource"]["statusReason"]["text"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_8_mg_with_no_creatinine_offers_no_dose_and_one_creatinine_on_the_renal_check_card(app_config, language):
    from cds_service import create_app

    app_config["CARD_LANGUAGE"] = language
    client = create_app(app_config).test_client()
    cards = order(client, "order-sign", [zoledronic_draft(8)], *confirmed(), weight(80), dental_check())
    assert [(t, a["type"]) for t, a in actions(cards)] == [("renal-check", "create")]  # the creatinine, once
    dose = by_topic(cards)["bisphosphonate-dose"]
    assert dose["indicator"] == "critical"
    band = {"en": "30-39 3.0 mg, < 30 not recommended", "zh": "30~39 为 3.0 mg，< 30 不推荐"}[language]
    assert band in dose["detail"]  # no blind 4 mg: the dose by clearance band, in words
    for card in cards:
        assert card["summary"][0] == card["summary"][0].upper() and card["detail"][0] == card["detail"][0].upper()
