"""End to end through HTTP: the renal and start cards on the records of issue 9 (items 1, 3, 4, 11; alert fatigue).

FHIR R4 as an EHR sends it: searchset Bundles, a paginated prefetch whose ``next`` link the service may not follow
(the CDS Hooks sandbox prefetches 20 entries a page), infusion orders the EHR closed after each dose. Every text
check runs in English and Chinese.
"""

from __future__ import annotations

import re
import uuid

import pytest

from cds_service import create_app
from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"
SANDBOX_FHIR = "https://launch.smarthealthit.org/v/r4/fhir"  # not in ALLOWED_FHIR_SERVERS: never called
HEART_RATE = (fb.LOINC, "8867-4", "Heart rate")
AMLODIPINE = (fb.RXNORM, "17767", "amlodipine")
CLODRONATE = (fb.ATC, "M05BA02", "clodronic acid")
MY_TOPICS = {"bisphosphonate-start", "renal-check", "dental-review", "renal-impairment", "supportive-care"}
INCOMPLETE = {"en": "The record returned to this service was incomplete", "zh": "本服务获取的病历不完整"}


@pytest.fixture(params=["en", "zh"])
def language(request, app_config):
    app_config["CARD_LANGUAGE"] = request.param  # before the app is built
    return request.param


def request_for(prefetch_keys, *resources, paged: dict[str, list[dict]] | None = None) -> dict:
    """A patient-view request; ``paged`` resource types arrive as page 1 of 2 with a ``next`` link."""
    request = fb.patient_view(prefetch_keys, *resources)
    request["fhirServer"] = SANDBOX_FHIR
    for resource_type, page in (paged or {}).items():
        key = fb.PREFETCH_OF_TYPE[resource_type]
        request["prefetch"][key] = {
            "resourceType": "Bundle",
            "id": str(uuid.uuid4()),
            "type": "searchset",
            "total": len(page) + 5,
            "link": [
                {"relation": "self", "url": f"{SANDBOX_FHIR}/{resource_type}?patient={fb.PATIENT_ID}"},
                {"relation": "next", "url": f"{SANDBOX_FHIR}?_getpages={uuid.uuid4()}&_getpagesoffset=20&_count=20"},
            ],
            "entry": [
                {"fullUrl": f"{SANDBOX_FHIR}/{resource_type}/{r['id']}", "resource": r, "search": {"mode": "match"}}
                for r in page
            ],
        }
    return request


def cards_for(client, request) -> dict[str, dict]:
    response = client.post(SERVICE, json=request)
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def confirmed() -> list[dict]:
    return [fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60)]


def infusion(days: float, *, status: str = "completed", every_weeks: int = 4) -> dict:
    """A zoledronic acid 4 mg infusion order as the EHR keeps it after the dose (closed, dated the day given)."""
    order = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, status=status, days=days)
    order["dosageInstruction"][0]["timing"]["repeat"]["period"] = every_weeks
    return order


def heart_rates(n: int) -> list[dict]:
    return [fb.observation(HEART_RATE, 70 + i, "/min", days=i + 1, category="vital-signs") for i in range(n)]


def other_orders(n: int) -> list[dict]:
    return [fb.medication_request(AMLODIPINE, days=i + 1) for i in range(n)]


def suggested(card: dict) -> list[dict]:
    return [action for s in card.get("suggestions", []) for action in s["actions"]]


# -- Item 1: absence and recency claims on a record the service could not read whole ---------------------------------
def test_the_newest_creatinine_on_an_unread_page_gives_no_false_recheck_claim(language, client, prefetch_keys):
    old = fb.observation(fb.CREATININE_MASS, 0.9, "mg/dL", days=60)  # page 1; the 3-day-old one is on page 2
    chart = [*confirmed(), infusion(20, status="active")]
    card = cards_for(client, request_for(prefetch_keys, *chart, paged={"Observation": [*heart_rates(19), old]}))
    renal = card["renal-check"]
    date = old["effectiveDateTime"][:10]
    assert renal["indicator"] == "info"  # one step below the warning a complete record would give
    assert date not in renal["summary"] and date not in renal["detail"]
    assert INCOMPLETE[language] in renal["detail"]
    assert [a["resource"]["code"]["coding"][0]["code"] for a in suggested(renal)] == ["2160-0"]
    # The same page as the whole record: the stale creatinine is named, as a warning.
    whole = cards_for(client, request_for(prefetch_keys, *chart, *heart_rates(19), old))["renal-check"]
    assert whole["indicator"] == "warning" and date in whole["summary"]
    assert INCOMPLETE[language] not in whole["detail"]


def test_a_current_bisphosphonate_possibly_on_an_unread_page_gets_no_start_order(language, client, prefetch_keys):
    labs = [
        fb.observation(fb.CREATININE_MASS, 0.8, "mg/dL", days=3),
        fb.observation(fb.BODY_WEIGHT, 60, "kg", days=3, category="vital-signs"),
    ]
    paged = {"MedicationRequest": other_orders(20)}
    start = cards_for(client, request_for(prefetch_keys, *confirmed(), *labs, paged=paged))["bisphosphonate-start"]
    assert start["indicator"] == "info"
    assert INCOMPLETE[language] in start["detail"]
    not_claimed = {"en": "no bisphosphonate or denosumab is on record", "zh": "未见双膦酸盐或地舒单抗用药记录"}
    assert not_claimed[language] not in start["detail"]
    assert {"en": "records read", "zh": "已读取的记录"}[language] in start["summary"]
    assert not [a for a in suggested(start) if a["resource"]["resourceType"] == "MedicationRequest"]
    # The whole record: the card owns the drug orders.
    whole = cards_for(client, request_for(prefetch_keys, *confirmed(), *labs, *other_orders(20)))
    assert [a for a in suggested(whole["bisphosphonate-start"]) if a["resource"]["resourceType"] == "MedicationRequest"]


def test_an_incomplete_procedure_record_silences_the_dental_card(client, prefetch_keys):
    procedures = [fb.procedure((fb.SNOMED, "80146002", "Appendectomy"), days=400 + i) for i in range(20)]
    chart = [*confirmed(), infusion(20, status="active")]
    assert "dental-review" in cards_for(client, request_for(prefetch_keys, *chart, *procedures))
    assert "dental-review" not in cards_for(client, request_for(prefetch_keys, *chart, paged={"Procedure": procedures}))


# -- Item 4: older therapy is named, never "none recorded" ----------------------------------------------------------
SEVEN_TWELVE_WEEKLY = (100, 184, 268, 352, 436, 520, 604)


def test_seven_12_weekly_infusions_the_last_100_days_ago_are_named_and_resume_is_asked(language, client, prefetch_keys):
    chart = [*confirmed(), *(infusion(d, every_weeks=12) for d in SEVEN_TWELVE_WEEKLY)]
    start = cards_for(client, request_for(prefetch_keys, *chart))["bisphosphonate-start"]
    expected = {
        "en": "Last zoledronic acid dose 100 days ago, no course under way: consider resuming bone-modifying therapy",
        "zh": "唑来膦酸末次用药距今100天，目前未在用药：可考虑恢复骨改良药物治疗",
    }
    assert start["summary"].startswith(expected[language])
    assert {"en": "7 dose records", "zh": "共7条用药记录"}[language] in start["detail"]
    assert {"en": "no bisphosphonate", "zh": "未见双膦酸盐"}[language] not in start["detail"]


def test_a_12_weekly_infusion_80_days_ago_is_a_course_under_way(client, prefetch_keys):
    chart = [*confirmed(), *(infusion(d - 20, every_weeks=12) for d in SEVEN_TWELVE_WEEKLY)]
    cards = cards_for(client, request_for(prefetch_keys, *chart))
    assert "bisphosphonate-start" not in cards
    assert cards["renal-check"]["summary"].startswith("On zoledronic acid")


# -- Item 3: a creatinine rise since the last dose (label's withhold rule) ------------------------------------------
def test_a_creatinine_rise_since_the_last_dose_offers_a_one_click_hold(language, client, prefetch_keys):
    order = infusion(60, status="active")
    baseline = fb.observation(fb.CREATININE_MASS, 0.9, "mg/dL", days=62)
    now = fb.observation(fb.CREATININE_MASS, 1.5, "mg/dL", days=2)  # +0.6 mg/dL = 53 µmol/L from a normal baseline
    card = cards_for(client, request_for(prefetch_keys, *confirmed(), order, baseline, now))["renal-impairment"]
    summary = {
        "en": "Creatinine up 53 µmol/L since the last zoledronic acid dose: withhold it (label)",
        "zh": "末次唑来膦酸用药后血肌酐升高 53 µmol/L：请暂停用药（说明书）",
    }
    assert card["summary"] == summary[language] and card["indicator"] == "warning"
    assert "1.5 mg/dL" in card["detail"] and "0.9 mg/dL" in card["detail"] and "44 µmol/L" in card["detail"]
    hold, recheck = suggested(card)
    assert (hold["type"], hold["resource"]["id"], hold["resource"]["status"]) == ("update", order["id"], "on-hold")
    assert hold["resource"]["medicationCodeableConcept"] == order["medicationCodeableConcept"]  # the whole order
    assert "53 µmol/L" in hold["resource"]["statusReason"]["text"]
    assert card["suggestions"][0]["label"] == {"en": "Put zoledronic acid on hold", "zh": "暂停唑来膦酸"}[language]
    assert recheck["resource"]["code"]["coding"][0]["code"] == "2160-0"


@pytest.mark.parametrize(
    "values, fires",
    [
        pytest.param((0.9, 1.39), False, id="normal baseline, +0.49 mg/dL = 43 µmol/L: below 44"),
        pytest.param((1.6, 2.4), False, id="abnormal baseline, +0.8 mg/dL: below 1.0"),
        pytest.param((1.6, 2.7), True, id="abnormal baseline, +1.1 mg/dL"),
        pytest.param((0.9, 1.5, 0.95), False, id="back within 10 % of baseline: resume allowed"),
        pytest.param((0.9, 1.5, 1.1), True, id="falling but not yet within 10 %: still withheld"),
    ],
)
def test_the_withhold_rule_follows_the_label(client, prefetch_keys, values, fires):
    baseline, *after = values
    labs = [fb.observation(fb.CREATININE_MASS, baseline, "mg/dL", days=62)]
    labs += [fb.observation(fb.CREATININE_MASS, v, "mg/dL", days=10 - i) for i, v in enumerate(after)]
    card = cards_for(client, request_for(prefetch_keys, *confirmed(), infusion(60, status="active"), *labs)).get(
        "renal-impairment"
    )
    assert (card is not None and card["summary"].startswith("Creatinine up")) is fires


def test_after_a_closed_infusion_the_rise_says_to_withhold_the_next_dose(language, client, prefetch_keys):
    labs = [
        fb.observation(fb.CREATININE_MOLAR, 80, "umol/L", days=30),
        fb.observation(fb.CREATININE_MOLAR, 130, "umol/L", days=5),
    ]
    card = cards_for(client, request_for(prefetch_keys, *confirmed(), infusion(28), *labs))["renal-impairment"]
    assert {"en": "withhold the next dose", "zh": "请暂停下一次用药"}[language] in card["detail"]
    assert [a["type"] for a in suggested(card)] == ["create"]  # a repeat creatinine; no order to hold
    assert "130 umol/L" in card["detail"]


# -- Alert fatigue: one card for one decision; dental once per course -----------------------------------------------
def test_dental_review_is_once_per_course(language, client, prefetch_keys):
    monthly = [infusion(d) for d in range(10, 360, 28)]  # a year of monthly infusions, each order closed
    exam = fb.procedure(fb.DENTAL_EXAMINATION, days=400)  # before the first dose
    creatinine = fb.observation(fb.CREATININE_MASS, 0.8, "mg/dL", days=10)
    assert "dental-review" not in cards_for(
        client, request_for(prefetch_keys, *confirmed(), *monthly, exam, creatinine)
    )
    card = cards_for(client, request_for(prefetch_keys, *confirmed(), *monthly, creatinine))["dental-review"]
    (action,) = suggested(card)
    text = {"en": "Dental examination during bone-modifying therapy", "zh": "骨改良药物治疗期间口腔检查"}
    assert action["resource"]["code"]["text"] == text[language]
    assert {"en": "before", "zh": "治疗前"}[language] not in card["summary"]


# -- Item 11: text fits the drug ------------------------------------------------------------------------------------
def test_an_oral_clodronate_course_cites_no_iv_or_denosumab_label(language, client, prefetch_keys):
    clodronate = fb.medication_request(CLODRONATE, days=30)
    clodronate["dosageInstruction"] = [
        {
            "route": {"coding": [{"system": fb.SNOMED, "code": "26643006", "display": "Oral route"}]},
            "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 1600, "unit": "mg", "system": fb.UCUM, "code": "mg"}}],
        }
    ]
    creatinine = fb.observation(fb.CREATININE_MASS, 0.8, "mg/dL", days=100)
    card = cards_for(client, request_for(prefetch_keys, *confirmed(), clodronate, creatinine))["renal-check"]
    assert {"en": "On clodronate", "zh": "正在使用氯膦酸二钠"}[language] in card["summary"]
    for name in ("zoledronic", "pamidronate", "denosumab", "唑来膦酸", "帕米膦酸", "地舒单抗"):
        assert name not in card["detail"].lower()
    # Reduced clearance on the same course: a pharmacist's check, citing Cockcroft-Gault only.
    labs = [
        fb.observation(fb.CREATININE_MASS, 1.6, "mg/dL", days=3),
        fb.observation(fb.BODY_WEIGHT, 60, "kg", days=3, category="vital-signs"),
    ]
    renal = cards_for(client, request_for(prefetch_keys, *confirmed(), clodronate, *labs))["renal-impairment"]
    assert {"en": "have a pharmacist check the dose", "zh": "请药师核对剂量"}[language] in renal["summary"]
    assert "label" not in renal["summary"] and "说明书" not in renal["summary"]
    for name in (
        "zoledronic",
        "pamidronate",
        "ibandronate",
        "denosumab",
        "唑来膦酸",
        "帕米膦酸",
        "伊班膦酸",
        "地舒单抗",
    ):
        assert name not in renal["detail"].lower()


# -- Usability: short, fully Chinese, rounded -------------------------------------------------------------------------
ALLOWED_LATIN = {
    "mL",
    "min",
    "mg",
    "dL",
    "µmol",
    "umol",
    "L",
    "kg",
    "eGFR",
    "CrCl",
    "Cockcroft-Gault",
    "ASCO",
    "Aapro",
    "d",
    "A",
}  # A: A级推荐


def charts() -> list[list[dict]]:
    renal = [
        fb.observation(fb.CREATININE_MOLAR, 141.4514, "umol/L", days=3),
        fb.observation(fb.BODY_WEIGHT, 58.37, "kg", days=3, category="vital-signs"),
    ]
    return [
        confirmed(),
        [*confirmed(), *renal],
        [*confirmed(), *(infusion(d, every_weeks=12) for d in SEVEN_TWELVE_WEEKLY)],
        [*confirmed(), infusion(20, status="active"), *renal],
        [
            *confirmed(),
            infusion(60, status="active"),
            *renal,
            fb.observation(fb.CREATININE_MASS, 0.9, "mg/dL", days=62),
        ],
        [*confirmed(), fb.medication_request(fb.DENOSUMAB, days=20), fb.observation(fb.CRCL, 22, "mL/min")],
    ]


def test_chinese_cards_are_chinese_short_and_rounded(language, client, prefetch_keys):
    seen = 0
    for chart in charts():
        for topic, card in cards_for(client, request_for(prefetch_keys, *chart)).items():
            if topic not in MY_TOPICS:
                continue
            seen += 1
            detail = card["detail"]
            assert len(detail.split("\n\n")) <= 5, detail  # why, up to three notes, the citation
            assert len(detail) <= (560 if language == "en" else 300), detail
            assert not re.search(r"\d\.\d{3,}", detail + card["summary"]), detail  # no 70.7214 µmol/L
            assert "BM-" not in detail and "REFERENCE" not in detail
            if language == "zh":
                text = card["summary"] + detail + " ".join(s["label"] for s in card.get("suggestions", []))
                words = set(re.findall(r"[A-Za-zµ][A-Za-z\-µ]*", text)) - ALLOWED_LATIN
                assert not words, (topic, words, text)
    assert seen >= 8


def test_older_therapy_on_a_partly_read_medication_record_is_not_called_the_last_dose(language, client, prefetch_keys):
    page = [*other_orders(15), *(infusion(d, every_weeks=12) for d in SEVEN_TWELVE_WEEKLY[:5])]
    start = cards_for(client, request_for(prefetch_keys, *confirmed(), paged={"MedicationRequest": page}))[
        "bisphosphonate-start"
    ]
    assert {"en": "check the chart for a current course", "zh": "请核对病历是否正在用药"}[language] in start["summary"]
    assert INCOMPLETE[language] in start["detail"] and start["indicator"] == "info"
    assert not [a for a in suggested(start) if a["resource"]["resourceType"] == "MedicationRequest"]


def test_supportive_care_switched_on_is_short_and_fully_chinese(language, app_config, prefetch_keys):
    app_config["GUIDELINE_SETTINGS"] = {"enabled_topics": ["supportive-care"]}
    app = create_app(app_config)  # the settings apply to an app built after them
    ecog = fb.observation(fb.ECOG, 4, "{score}", category="survey")
    response = app.test_client().post(SERVICE, json=request_for(prefetch_keys, *confirmed(), ecog))
    (card,) = response.get_json()["cards"]
    assert len(card["detail"].split("\n\n")) == 4 and len(card["detail"]) <= (420 if language == "en" else 200)
    assert {"en": "ECOG 4, bedridden", "zh": "ECOG体能评分 4分，卧床不起"}[language] in card["detail"]
    if language == "zh":
        words = set(re.findall(r"[A-Za-z][A-Za-z\-]*", card["summary"] + card["detail"])) - {"ECOG"}
        assert not words, words


def test_a_monthly_course_of_several_infusion_orders_is_one_drug_with_one_dose_line(language, client, prefetch_keys):
    # The EHR keeps one order per infusion: three closed in the course window and the current one, at CrCl ≈ 34.
    course = [infusion(84), infusion(56), infusion(28), infusion(1, status="active")]
    creatinine = fb.observation(fb.CREATININE_MASS, 1.5, "mg/dL", days=2)
    weight = fb.observation(fb.BODY_WEIGHT, 60, "kg", days=2, category="vital-signs")
    card = cards_for(client, request_for(prefetch_keys, *confirmed(), *course, creatinine, weight))["renal-impairment"]
    dose_line = {"en": "Zoledronic acid 3 mg instead of 4 mg.", "zh": "唑来膦酸 3 mg，而非4 mg。"}[language]
    assert card["detail"].count(dose_line) == 1
    updates = [s for s in suggested(card) if s["type"] == "update"]
    assert [u["resource"]["id"] for u in updates] == [course[-1]["id"]]  # the order a click can change
    assert len(card["detail"]) < 700
