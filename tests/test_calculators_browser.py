"""The calculators in Chromium (tests/browser.py): known answers in both languages, live update, keyboard only,
no serious accessibility problems, and a card's link opening a pre-filled calculator."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest
from browser import serious_a11y_violations
from playwright.sync_api import expect

from tests import fhir_builders as fb

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"  # UPDATE_SCREENSHOTS=1 refreshes them

# name, inputs (field → value chosen or typed), expected result headline per language, and a line of the result
KNOWN = [
    (
        "mirels",
        {"site": "lower-limb", "pain": "moderate", "lesion": "mixed", "size": "1/3-2/3"},
        {"en": "Mirels score 8 (2 + 2 + 2 + 2)", "zh": "Mirels评分 8 分（2 + 2 + 2 + 2）"},
        {"en": "prophylactic fixation", "zh": "预防性内固定"},
    ),
    (
        "sins",
        {
            "location": "mobile",
            "pain": "occasional",
            "lesion": "lytic",
            "alignment": "normal",
            "collapse": "under-50",
            "posterolateral": "none",
        },
        {"en": "SINS 7: potentially unstable", "zh": "SINS 7 分：潜在不稳定"},
        {"en": "surgical consultation", "zh": "脊柱外科会诊"},
    ),
    (
        "calcium",
        {"unit": "mmol/L", "calcium": "3.0", "albumin": "30"},
        {
            "en": "Corrected calcium 3.20 mmol/L (12.8 mg/dL): Moderate hypercalcaemia",
            "zh": "校正血钙 3.20 mmol/L（12.8 mg/dL）：中度高钙血症",
        },
        {"en": "IV fluids", "zh": "扩容"},
    ),
    (
        "crcl",
        {"age": "70", "sex": "male", "weight": "60", "creatinine": "1.67", "creatinine_unit": "mg/dL"},
        {"en": "Creatinine clearance 34.9 mL/min", "zh": "肌酐清除率 34.9 mL/min"},
        {"en": "zoledronic acid: 3.0 mg (reduced from 4.0 mg)", "zh": "唑来膦酸：3.0 mg（减量，常规 4.0 mg）"},
    ),
    (
        "pain",
        {"pain": "5", "current_step": "1"},
        {"en": "Pain 5/10: moderate pain, step 2", "zh": "疼痛 5/10：中度疼痛，第2阶梯"},
        {"en": "step up to 2", "zh": "升至第2阶梯"},
    ),
]


def fill(page, inputs: dict[str, str]) -> None:
    for name, value in inputs.items():
        field = page.locator(f"#f-{name}")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name, inputs, headline, line", KNOWN, ids=[k[0] for k in KNOWN])
def test_each_calculator_gives_its_known_answer_live_in_both_languages(
    site, page, language, name, inputs, headline, line
):
    response = page.goto(f"{site}/calculators/{name}?lang={language}")
    assert response is not None and response.status == 200
    if language == "zh":  # axe once per page (the English pages: the index test and the card-link test)
        assert serious_a11y_violations(page) == []
    fill(page, inputs)  # no submit: the script asks the JSON endpoint as the inputs change
    result = page.locator("#result")
    expect(result).to_contain_text(headline[language])  # retried until the last answer has arrived
    expect(result).to_contain_text(line[language])
    assert page.url.startswith(f"{site}/calculators/{name}?")  # the address now carries the inputs: shareable
    if os.environ.get("UPDATE_SCREENSHOTS") and language == "en" and name in ("mirels", "crcl"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 800, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"calculator-{name}.png"), full_page=False)


def test_a_calculator_is_usable_with_the_keyboard_alone_and_without_javascript(site, browser):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}/calculators/mirels?lang=en")
        page.keyboard.press("Tab")  # the skip link first
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        for name, steps in (("site", 2), ("pain", 2), ("lesion", 2), ("size", 2)):
            while page.evaluate("document.activeElement.id") != f"f-{name}":
                page.keyboard.press("Tab")
            for _ in range(steps):
                page.keyboard.press("ArrowDown")
        while page.evaluate("document.activeElement.tagName") != "BUTTON":
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # a plain GET form: the server renders the result
        page.wait_for_url("**/calculators/mirels?**submitted=1*")
        assert "Mirels score 8 (2 + 2 + 2 + 2)" in page.locator("#result").inner_text()
    finally:
        context.close()


def test_implausible_input_shows_a_clear_message_live(site, page):
    page.goto(f"{site}/calculators/crcl?lang=en")
    fill(page, {"age": "70", "sex": "male", "weight": "60", "creatinine_unit": "mg/dL", "creatinine": "90"})
    expect(page.locator("#e-creatinine")).to_contain_text("0.23–22.6 mg/dL is the plausible range")
    assert page.locator("#f-creatinine").get_attribute("aria-invalid") == "true"
    page.locator("#f-creatinine_unit").select_option("umol/L")  # the value was in µmol/L
    expect(page.locator("#result")).to_contain_text("Creatinine clearance 57.3 mL/min")
    assert page.locator("#e-creatinine").inner_text() == ""


def test_a_card_link_opens_the_calculator_pre_filled(site, page, browser_app_config):
    keys = json.load(urllib.request.urlopen(f"{site}/cds-services"))["services"][0]["prefetch"]
    labs = [fb.observation(fb.CALCIUM_MOLAR, 3.1, "mmol/L", days=1)]
    request = fb.patient_view(
        list(keys), fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60), *labs
    )
    call = urllib.request.Request(
        f"{site}/cds-services/bm-patient-view",
        data=json.dumps(request).encode(),
        headers={"Content-Type": "application/json"},
    )
    cards = json.load(urllib.request.urlopen(call))["cards"]
    card = next(c for c in cards if c["source"]["topic"]["code"] == "hypercalcemia")
    link = next(link for link in card["links"] if "/calculators/calcium?" in link["url"])
    page.goto(link["url"])
    assert page.locator("#f-calcium").input_value() == "3.10"
    assert "Total calcium 3.10 mmol/L (12.4 mg/dL): Moderate hypercalcaemia" in page.locator("#result").inner_text()
    page.locator("#f-albumin").fill("30")  # the albumin the chart lacked
    expect(page.locator("#result")).to_contain_text("Corrected calcium 3.30 mmol/L (13.2 mg/dL): Moderate")
    assert serious_a11y_violations(page) == []


def test_the_index_lists_every_calculator_in_both_languages(site, page):
    page.goto(f"{site}/calculators/?lang=en")
    assert serious_a11y_violations(page) == []
    english = page.locator("main li a").all_inner_texts()
    page.get_by_role("link", name="中文").click()
    page.wait_for_url("**lang=zh")
    assert page.locator("h1").inner_text() == "床旁计算器" and len(page.locator("main li a").all_inner_texts()) == 5
    assert len(english) == 5 and english[0] == "Mirels score (pathological fracture risk)"
    page.get_by_role("link", name="肌酐清除率（Cockcroft-Gault）及骨改良药物剂量").click()
    assert page.locator("label[for=f-weight]").inner_text() == "体重（kg）"
