"""Bedside calculators (/calculators/): they agree with the cards, refuse bad input with 400, and cards link them.

The agreement test feeds the same values to the rule path (FHIR JSON through the HTTP service → card) and to the
calculator's JSON endpoint, and checks both say the same. Cases: Mirels at 7/8/9 (guideline Table 1-4, ≥ 8
operate); creatinine clearance 35 → zoledronic acid 3.0 mg and 45 → 3.3 mg (Zometa label table, REFERENCE B.1:
30-39 → 3.0, 40-49 → 3.3); an albumin-corrected calcium and a mg/dL calcium graded; SINS totals at the edges of
Fourney 2011's bands (0-6 stable, 7-12 potentially unstable, 13-18 unstable; ≥ 7 surgical consultation); the WHO
ladder step of a pain score against the current analgesic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"
MIRELS_SCORE = (fb.LESION_ASSESSMENT, "mirels-score", "Mirels score (total, 4-12) of a long-bone metastasis")


@pytest.fixture(params=["en", "zh"])
def language(request, app_config):
    app_config["CARD_LANGUAGE"] = request.param
    return request.param


def cards_for(client, prefetch_keys, *resources, person=None) -> dict[str, dict]:
    response = client.post(SERVICE, json=fb.patient_view(prefetch_keys, *resources, person=person))
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def calculator(client, name: str, **query) -> dict:
    response = client.get(f"/calculators/{name}.json", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def confirmed() -> list[dict]:
    return [fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60)]


def coded(code: str) -> dict:
    return {"coding": [{"system": fb.LESION_ASSESSMENT, "code": code}]}


def mirels_panel(site: str, pain: str, lesion: str, size: str) -> dict:
    resource = fb.observation(MIRELS_SCORE, 0, "{score}", category="exam")
    del resource["valueQuantity"]
    resource["code"] = coded("mirels-assessment")
    parts = {"mirels-site": site, "pain-character": pain, "lesion-type": lesion, "lesion-size-fraction": size}
    resource["component"] = [{"code": coded(p), "valueCodeableConcept": coded(a)} for p, a in parts.items()]
    return resource


def born_years_ago(years: int) -> str:
    today = datetime.now(UTC).date() - timedelta(days=40)  # the birthday well past: age is ``years`` all month
    return today.replace(year=today.year - years, day=min(today.day, 28)).isoformat()


# -- One test, both paths --------------------------------------------------------------------------------------------
def _mirels(client, prefetch_keys, parts: tuple[str, str, str, str], total: int) -> None:
    card = cards_for(client, prefetch_keys, *confirmed(), mirels_panel(*parts))["surgery-referral"]
    result = calculator(client, "mirels", **dict(zip(("site", "pain", "lesion", "size"), parts, strict=True)))
    assert result["result"]["score"] == total and f"Mirels {total}" in card["summary"]
    refers = card["indicator"] == "warning" and any(s.get("isRecommended") for s in card.get("suggestions", []))
    assert result["result"]["surgery"] is refers is (total >= 8)  # guideline: "评分7分以上…应进行手术治疗"
    if total >= 8:
        assert "fixation" in " ".join(result["text"]["lines"])


def _clearance(client, prefetch_keys, creatinine_mg_dl: float, dose_mg: float) -> None:
    person = fb.patient("male", born_years_ago(70))
    labs = [
        fb.observation(fb.CREATININE_MASS, creatinine_mg_dl, "mg/dL", days=1),
        fb.observation(fb.BODY_WEIGHT, 60, "kg", days=1, category="vital-signs"),
    ]
    order = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, status="active", days=20)
    card = cards_for(client, prefetch_keys, *confirmed(), order, *labs, person=person)["renal-impairment"]
    result = calculator(
        client, "crcl", age=70, sex="male", weight=60, creatinine=creatinine_mg_dl, creatinine_unit="mg/dL"
    )["result"]
    assert f"{result['crcl']:g}" in card["detail"]  # the same clearance, to one decimal
    reduced = next(a["resource"] for s in card["suggestions"] for a in s["actions"] if a["type"] == "update")
    card_dose = reduced["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"]
    page_dose = next(d for d in result["doses"] if d["regimen"] == "zoledronic-acid")["dose_mg"]
    assert card_dose == page_dose == dose_mg


def _calcium(client, prefetch_keys, calcium: dict, albumin: dict | None, query: dict, grade: str, shown: str) -> None:
    labs = [calcium] + ([albumin] if albumin else [])
    card = cards_for(client, prefetch_keys, *confirmed(), *labs)["hypercalcemia"]
    result = calculator(client, "calcium", **query)
    assert result["result"]["grade"] == grade and result["text"]["grade"] == grade
    assert shown in card["summary"] and shown in result["text"]["headline"]
    assert card["summary"].lower().startswith(grade)


def _sins(client, prefetch_keys, answers: dict, total: int, band: str) -> None:
    spine = fb.condition(fb.BONE_METASTASIS, days=60)
    cards = cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER, days=400), spine, fb.score(fb.SINS, total))
    result = calculator(client, "sins", **answers)["result"]
    assert (result["score"], result["band"]) == (total, band)
    instability = "surgery-referral" in cards and f"SINS {total}" in cards["surgery-referral"]["detail"]
    assert result["surgical_consultation"] is instability is (total >= 7)


def _pain(client, prefetch_keys, score: int, drug, current_step: int, needed_step: int | None) -> None:
    resources = [*confirmed(), fb.score(fb.PAIN_NRS, score, days=1), fb.medication_request(drug, days=10)]
    card = cards_for(client, prefetch_keys, *resources).get("analgesic-ladder")
    result = calculator(client, "pain", pain=score, current_step=current_step)["result"]
    assert result["escalate"] is (card is not None)
    if card is not None:
        assert f"WHO step {result['needed_step']}" in card["summary"] and result["needed_step"] == needed_step


SINS_ALL = dict(location="junctional", pain="mechanical", lesion="lytic", alignment="subluxation", collapse="over-50")
CASES = {
    "mirels 7 (2+2+2+1): defer": (_mirels, ("lower-limb", "moderate", "mixed", "lt-1/3"), 7),
    "mirels 8 (2+2+2+2): operate": (_mirels, ("lower-limb", "moderate", "mixed", "1/3-2/3"), 8),
    "mirels 9 (3+2+2+2): fixation": (_mirels, ("peritrochanteric", "moderate", "mixed", "1/3-2/3"), 9),
    # 70 y, 60 kg, male: (140-70) x 60 / (72 x SCr) → 1.67 mg/dL: 34.9 mL/min; 1.30 mg/dL: 44.9 mL/min
    "crcl 35: zoledronic acid 3.0 mg": (_clearance, 1.67, 3.0),
    "crcl 45: zoledronic acid 3.3 mg": (_clearance, 1.30, 3.3),
    "calcium 3.0 + albumin 30 g/L: corrected 3.20, moderate": (
        _calcium,
        fb.observation(fb.CALCIUM_MOLAR, 3.0, "mmol/L", days=1),
        fb.observation(fb.ALBUMIN, 30, "g/L", days=1),
        {"calcium": 3.0, "albumin": 30, "unit": "mmol/L"},
        "moderate",
        "3.20 mmol/L",
    ),
    "calcium 12 mg/dL, no albumin: moderate (label: 12 mg/dL = 3.0)": (
        _calcium,
        fb.observation(fb.CALCIUM_MASS, 12, "mg/dL", days=1),
        None,
        {"calcium": 12, "unit": "mg/dL"},
        "moderate",
        "12.0 mg/dL",
    ),
    "calcium 2.6 + albumin 25 g/L: corrected 2.90, mild": (
        _calcium,
        fb.observation(fb.CALCIUM_MOLAR, 2.6, "mmol/L", days=1),
        fb.observation(fb.ALBUMIN, 25, "g/L", days=1),
        {"calcium": 2.6, "albumin": 25, "unit": "mmol/L"},
        "mild",
        "2.90 mmol/L",
    ),
    "sins 6 (2+1+2+0+1+0): stable": (
        _sins,
        dict(
            location="mobile",
            pain="occasional",
            lesion="lytic",
            alignment="normal",
            collapse="none-over-50-involved",
            posterolateral="none",
        ),
        6,
        "stable",
    ),
    "sins 7 (2+1+2+0+2+0): potentially unstable": (
        _sins,
        dict(
            location="mobile",
            pain="occasional",
            lesion="lytic",
            alignment="normal",
            collapse="under-50",
            posterolateral="none",
        ),
        7,
        "potentially-unstable",
    ),
    "sins 12 (3+3+2+0+3+1)": (
        _sins,
        dict(
            location="junctional",
            pain="mechanical",
            lesion="lytic",
            alignment="normal",
            collapse="over-50",
            posterolateral="unilateral",
        ),
        12,
        "potentially-unstable",
    ),
    "sins 13 (3+3+2+2+2+1): unstable": (
        _sins,
        dict(
            location="junctional",
            pain="mechanical",
            lesion="lytic",
            alignment="de-novo-deformity",
            collapse="under-50",
            posterolateral="unilateral",
        ),
        13,
        "unstable",
    ),
    "sins 18: every component at its maximum": (_sins, {**SINS_ALL, "posterolateral": "bilateral"}, 18, "unstable"),
    "pain 5 on an NSAID: step 2": (_pain, 5, fb.IBUPROFEN, 1, 2),
    "pain 8 on an NSAID: step 3": (_pain, 8, fb.IBUPROFEN, 1, 3),
    "pain 8 on morphine: nothing to add": (_pain, 8, fb.MORPHINE, 3, None),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_calculator_and_the_card_agree_on_the_same_values(client, prefetch_keys, case):
    check, *inputs = case
    check(client, prefetch_keys, *inputs)


# -- Bad input: 400 with what is wrong, never a 500 ------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, query, field, problem",
    [
        ("mirels", {"site": "skull", "pain": "mild", "lesion": "lytic", "size": "lt-1/3"}, "site", "unknown-option"),
        ("mirels", {"site": "lower-limb", "pain": "mild", "lesion": "lytic"}, "size", "missing"),
        (
            "crcl",
            {"age": "15", "sex": "male", "weight": "60", "creatinine": "90", "creatinine_unit": "umol/L"},
            "age",
            "out-of-range",
        ),
        (
            "crcl",
            {"age": "70.5", "sex": "male", "weight": "60", "creatinine": "90", "creatinine_unit": "umol/L"},
            "age",
            "not-whole",
        ),
        (
            "crcl",
            {"age": "70", "sex": "male", "weight": "60", "creatinine": "90", "creatinine_unit": "mg/dL"},
            "creatinine",
            "out-of-range",
        ),  # 90 mg/dL: µmol/L typed with the wrong unit
        (
            "crcl",
            {"age": "70", "sex": "male", "weight": "nan", "creatinine": "1", "creatinine_unit": "mg/dL"},
            "weight",
            "not-a-number",
        ),
        ("calcium", {"calcium": "2.9", "unit": "mg/dL"}, "calcium", "out-of-range"),  # mmol/L with the wrong unit
        ("calcium", {"calcium": "3..1", "unit": "mmol/L"}, "calcium", "not-a-number"),
        ("pain", {"pain": "11"}, "pain", "out-of-range"),
        ("pain", {"pain": "5", "current_step": "4"}, "current_step", "out-of-range"),
        ("sins", {"location": "junctional"}, "pain", "missing"),
    ],
)
def test_bad_or_implausible_input_is_a_400_naming_the_field(client, name, query, field, problem):
    response = client.get(f"/calculators/{name}.json", query_string=query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid-request" and body["detail"]
    assert {"path": field, "problem": problem} in [{"path": e["path"], "problem": e["problem"]} for e in body["errors"]]
    page = client.get(f"/calculators/{name}", query_string={**query, "submitted": "1"})
    assert page.status_code == 400 and 'aria-invalid="true"' in page.get_data(as_text=True)


def test_an_unknown_calculator_is_a_404_in_json(client):
    for url in ("/calculators/apgar.json", "/calculators/apgar"):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json()["error"] == "not-found"


def test_the_page_computes_without_javascript_and_states_formula_source_and_thresholds(client, app_config):
    page = client.get("/calculators/crcl?age=70&sex=male&weight=60&creatinine=1.67&creatinine_unit=mg/dL&lang=zh")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "肌酐清除率 34.9 mL/min" in text and "唑来膦酸：3.0 mg（减量，常规 4.0 mg）" in text
    assert "（140 − 年龄）" in text and "Aapro" in text and "30–39 → 3.0 mg" in text


def test_the_pages_show_the_deployment_s_thresholds(app_config, tmp_path):
    from cds_service import create_app

    app_config["GUIDELINE_SETTINGS"] = {"mirels_surgery_threshold": 9, "pain_mild_max": 4}
    client = create_app(app_config).test_client()
    assert "9: at the surgical threshold" in client.get("/calculators/mirels").get_data(as_text=True)
    answer = client.get("/calculators/mirels.json?site=lower-limb&pain=moderate&lesion=mixed&size=1/3-2/3")
    assert answer.get_json()["result"]["band"] == "low"  # 8 is below a threshold of 9
    assert client.get("/calculators/pain.json?pain=4").get_json()["result"]["band"] == "mild"


# -- Cards link the calculator they need, pre-filled ----------------------------------------------------------------
def links_to(card: dict, name: str) -> list[dict]:
    return [link for link in card["links"] if f"/calculators/{name}?" in link["url"]]


def test_a_hypercalcaemia_card_without_albumin_opens_the_calculator_with_its_calcium(language, client, prefetch_keys):
    card = cards_for(client, prefetch_keys, *confirmed(), fb.observation(fb.CALCIUM_MOLAR, 3.1, "mmol/L", days=1))
    (link,) = links_to(card["hypercalcemia"], "calcium")
    query = {k: v[0] for k, v in parse_qs(urlsplit(link["url"]).query).items()}
    assert query == {"calcium": "3.10", "unit": "mmol/L", "lang": language, "from": "card"}
    assert (
        link["label"] == {"en": "Corrected calcium and grade (pre-filled)", "zh": "校正血钙及分级（已预填）"}[language]
    )
    page = client.get(urlsplit(link["url"]).path, query_string=query).get_data(as_text=True)
    assert {"en": "enter albumin to correct it", "zh": "填写白蛋白可得校正血钙"}[language] in page


def test_a_start_card_without_a_weight_opens_crcl_with_age_sex_and_creatinine(client, prefetch_keys):
    person = fb.patient("female", born_years_ago(64))
    creatinine = fb.observation(fb.CREATININE_MOLAR, 97, "umol/L", days=2)
    card = cards_for(client, prefetch_keys, *confirmed(), creatinine, person=person)["bisphosphonate-start"]
    (link,) = links_to(card, "crcl")
    query = {k: v[0] for k, v in parse_qs(urlsplit(link["url"]).query).items()}
    assert query == {
        "age": "64",
        "sex": "female",
        "creatinine": "97",
        "creatinine_unit": "umol/L",
        "lang": "en",
        "from": "card",
    }
    answer = client.get("/calculators/crcl.json", query_string={**query, "weight": "55"}).get_json()
    assert answer["result"]["crcl"] == 45.0  # (140 - 64) x 55 x 0.85 / (72 x 97 / 88.4)


def test_a_functional_pain_at_an_unscored_femur_lesion_links_mirels_with_what_is_coded(client, prefetch_keys):
    partial = mirels_panel("lower-limb", "functional", "lytic", "lt-1/3")
    partial["component"] = partial["component"][:3]  # the size is not recorded: no Mirels total
    card = cards_for(client, prefetch_keys, *confirmed(), partial)["surgery-referral"]
    (link,) = links_to(card, "mirels")
    query = parse_qs(urlsplit(link["url"]).query)
    assert {k: v[0] for k, v in query.items() if k in ("site", "pain", "lesion", "size")} == {
        "site": "lower-limb",
        "pain": "functional",
        "lesion": "lytic",
    }


def test_cards_with_every_input_on_record_link_no_calculator(client, prefetch_keys):
    person = fb.patient("female", born_years_ago(64))
    labs = [
        fb.observation(fb.CREATININE_MOLAR, 97, "umol/L", days=2),
        fb.observation(fb.BODY_WEIGHT, 55, "kg", days=2, category="vital-signs"),
    ]
    cards = cards_for(
        client,
        prefetch_keys,
        *confirmed(),
        *labs,
        mirels_panel("lower-limb", "moderate", "mixed", "1/3-2/3"),
        person=person,
    )
    assert not links_to(cards["bisphosphonate-start"], "crcl")
    assert not links_to(cards["surgery-referral"], "mirels")


@pytest.mark.parametrize(
    "site, name, expected",
    [
        ((fb.SNOMED, "71341001", "Femur"), "mirels", {"site": "lower-limb"}),
        ((fb.SNOMED, "85050009", "Humerus"), "mirels", {"site": "upper-limb"}),
    ],
)
def test_a_radiotherapy_card_for_an_unscored_long_bone_links_mirels(client, prefetch_keys, site, name, expected):
    metastasis = fb.condition(fb.BONE_METASTASIS, days=60)
    metastasis["bodySite"] = [{"coding": [dict(zip(("system", "code", "display"), site, strict=True))]}]
    resources = [fb.condition(fb.BREAST_CANCER, days=400), metastasis, fb.score(fb.PAIN_NRS, 6, days=1)]
    card = cards_for(client, prefetch_keys, *resources)["radiotherapy-referral"]
    (link,) = links_to(card, name)
    query = {k: v[0] for k, v in parse_qs(urlsplit(link["url"]).query).items()}
    assert {k: query[k] for k in expected} == expected and "size" not in query
    scored = cards_for(client, prefetch_keys, *resources, mirels_panel(expected["site"], "mild", "blastic", "lt-1/3"))
    assert not links_to(scored["radiotherapy-referral"], "mirels")  # the score is on record: no link
