"""A resource that cannot be read is skipped and counted, never fatal: hostile FHIR through HTTP (issue 13, items 4-5).

The fuzz test takes one realistic resource of every type the service maps and replaces each of its
fields, one at a time, with hostile values (wrong JSON types, huge and non-finite numbers, odd dates,
long and odd strings, unit strings that are arithmetic). Every call must answer valid CDS Hooks (or a
JSON 4xx for a malformed draft order), never a 500, and no card may show a number that is not one.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import textwrap
from typing import Any

import pytest
import responses
from conftest import ROOT

from cds_service.schemas import validator
from tests import fhir_builders as fb

PATIENT_VIEW = "/cds-services/bm-patient-view"
ORDER_SIGN = "/cds-services/bm-order-sign"
RESPONSE_SCHEMA = validator("cds-service-response.schema.json")

HUGE = "__HUGE__"  # replaced by the JSON literal 1e400 (Python reads it as inf)
HUGE_INT = "__HUGE_INT__"  # a 400-digit integer: float() of it overflows
HOSTILE: list[Any] = [
    None,
    True,
    -1,
    0,
    2**63,
    1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    HUGE,
    HUGE_INT,
    "",
    "x" * 5000,
    "\u202e\u0000中文💥\ud7ff",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "2021-02-30",
    "9**9**9",
    "(((",
    "1/0",
    [],
    [None, 1, "x"],
    {},
    {"coding": "x", "text": 1},
]
HOSTILE_IDS = [
    "null", "true", "minus-1", "zero", "2^63", "1e308", "nan", "inf", "-inf", "1e400", "400-digits", "empty",
    "long", "unicode", "max-date", "min-date", "feb-30", "power", "parens", "div0", "list", "junk-list", "dict",
    "bad-concept",
]  # fmt: skip


def _encode(body: dict) -> str:
    text = json.dumps(body)  # NaN and Infinity as Python writes them; the service's JSON reader accepts them
    return text.replace(f'"{HUGE}"', "1e400").replace(f'"{HUGE_INT}"', "9" * 400)


def _paths(resource: Any, prefix: tuple = ()) -> list[tuple]:
    """The path of every field and list item of a resource, containers included."""
    found = []
    items = resource.items() if isinstance(resource, dict) else enumerate(resource)
    for key, value in items:
        found.append((*prefix, key))
        if isinstance(value, dict | list):
            found += _paths(value, (*prefix, key))
    return found


def _replaced(resource: dict, path: tuple, value: Any) -> dict:
    copied = copy.deepcopy(resource)
    holder = copied
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = copy.deepcopy(value)
    return copied


def _stage_group() -> dict:
    return {
        "resourceType": "Observation",
        "id": "stage-1",
        "status": "final",
        "code": fb._concept(("http://loinc.org", "21908-9", "Stage group.clinical Cancer")),
        "effectiveDateTime": fb.ago(20),
        "valueCodeableConcept": {"text": "IV"},
        "focus": [{"reference": "Condition/cancer-1"}],
    }


def _medication_with_reference() -> dict:
    request = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4)
    del request["medicationCodeableConcept"]
    request["medicationReference"] = {"reference": "Medication/zol"}
    return request


# One realistic resource of each type the service maps (the value sets and dates make each one count).
BASES: dict[str, dict] = {
    "Patient": fb.patient(),
    "Condition": fb.condition(fb.BONE_METASTASIS, id="cancer-1"),
    "Observation-lab": fb.observation(fb.CREATININE_MASS, 1.5, "mg/dL", high=1.1),
    "Observation-score": fb.score(fb.SINS, 9),
    "Observation-stage": _stage_group(),
    "MedicationRequest": fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4),
    "MedicationRequest-by-reference": _medication_with_reference(),
    "Medication": {"resourceType": "Medication", "id": "zol", "code": fb._concept(fb.ZOLEDRONIC_ACID)},
    "MedicationStatement": {
        "resourceType": "MedicationStatement",
        "id": "ms-1",
        "status": "active",
        "medicationCodeableConcept": fb._concept(fb.MORPHINE),
        "subject": {"reference": f"Patient/{fb.PATIENT_ID}"},
        "effectivePeriod": {"start": fb.ago(30)},
        "dosage": [{"doseAndRate": [{"doseQuantity": {"value": 10, "unit": "mg", "code": "mg"}}]}],
    },
    "Procedure": fb.procedure(fb.STRONTIUM_THERAPY),
    "ServiceRequest": fb.service_request(fb.BONE_SCAN, status="active"),
    "ImagingStudy": fb.imaging_study("MR", id="study-1"),
    "DiagnosticReport": fb.imaging_report(study={"id": "study-1"}),
}
SUPPORT = [fb.condition(fb.BREAST_CANCER), fb.observation(fb.BODY_WEIGHT, 60, "kg", category="vital-signs")]


def _request(prefetch_keys: list[str], name: str, variants: list[dict]) -> dict:
    others = [copy.deepcopy(r) for n, r in BASES.items() if n not in (name, "Patient", "Medication")]
    body = fb.patient_view(prefetch_keys, *SUPPORT, *others)
    if name == "Patient":
        body["prefetch"]["patient"] = variants[0]
        return body
    key = "medicationRequests" if name == "Medication" else fb.PREFETCH_OF_TYPE[variants[0]["resourceType"]]
    for variant in variants:
        body["prefetch"][key]["entry"].append({"resource": variant})
    if name != "Medication":
        body["prefetch"]["medicationRequests"]["entry"].append({"resource": copy.deepcopy(BASES["Medication"])})
    return body


NOT_A_NUMBER = re.compile(r"\b(nan|inf|infinity)\b|-\d+(\.\d+)? ?(mL/min|kg)\b", re.IGNORECASE)


def assert_valid_answer(response, context: str) -> dict:
    answer = response.get_json(silent=True)
    assert response.status_code < 500, (context, response.get_data()[:300])
    assert isinstance(answer, dict), (context, response.get_data()[:300])
    if response.status_code >= 400:
        assert isinstance(answer.get("error"), str) and isinstance(answer.get("detail"), str), (context, answer)
        return answer
    assert response.status_code == 200, (context, answer)
    assert list(RESPONSE_SCHEMA.iter_errors(answer)) == [], (context, answer)
    for card in answer["cards"]:
        text = f"{card['summary']}\n{card.get('detail', '')}"
        assert not NOT_A_NUMBER.search(text), (context, text)
    return answer


@pytest.mark.parametrize("value", HOSTILE, ids=HOSTILE_IDS)
@pytest.mark.parametrize("name", list(BASES))
def test_a_hostile_value_in_any_field_of_any_resource_is_never_a_500(client, prefetch_keys, name, value):
    base = BASES[name]
    paths = [p for p in _paths(base) if name == "Patient" or p != ("resourceType",)]
    variants = [_replaced(base, path, value) for path in paths]
    for index, variant in enumerate(variants):  # distinct ids, so that no variant is taken for another's duplicate
        if name not in ("Patient", "Medication") and isinstance(variant.get("id"), str):
            variant["id"] = f"{variant['id']}-{index}"
    if name == "Patient":
        for path, variant in zip(paths, variants, strict=True):
            response = client.post(
                PATIENT_VIEW, data=_encode(_request(prefetch_keys, name, [variant])), content_type="application/json"
            )
            assert_valid_answer(response, f"{name} {path}")
        return
    body = _request(prefetch_keys, name, variants)
    response = client.post(PATIENT_VIEW, data=_encode(body), content_type="application/json")
    if response.status_code >= 500:  # name the field that did it
        for path, variant in zip(paths, variants, strict=True):
            single = client.post(
                PATIENT_VIEW, data=_encode(_request(prefetch_keys, name, [variant])), content_type="application/json"
            )
            assert_valid_answer(single, f"{name} {path} = {value!r}")
    assert_valid_answer(response, f"{name} = {value!r}")


@pytest.mark.parametrize("value", HOSTILE, ids=HOSTILE_IDS)
def test_a_hostile_value_in_any_field_of_a_draft_order_is_never_a_500(client, prefetch_keys, value):
    draft = fb.draft_medication(fb.ZOLEDRONIC_ACID, id="draft", dose_mg=4)
    resources = [*SUPPORT, fb.observation(fb.CREATININE_MASS, 1.5, "mg/dL")]
    paths = _paths(draft)
    drafts = [_replaced(draft, path, value) for path in paths]
    for index, variant in enumerate(drafts):
        if isinstance(variant.get("id"), str):
            variant["id"] = f"draft-{index}"
    response = client.post(
        ORDER_SIGN,
        data=_encode(fb.order_hook("order-sign", prefetch_keys, drafts, *resources)),
        content_type="application/json",
    )
    if response.status_code != 200:  # one malformed draft may make the whole call a 400: try each alone
        for path, variant in zip(paths, drafts, strict=True):
            body = fb.order_hook("order-sign", prefetch_keys, [variant], *resources)
            single = client.post(ORDER_SIGN, data=_encode(body), content_type="application/json")
            assert_valid_answer(single, f"draft {path} = {value!r}")
    assert_valid_answer(response, f"drafts = {value!r}")


# -- the cases of the adversarial run, one by one --------------------------------------------------------------
def cards_for(client, prefetch_keys, *resources) -> dict[str, dict]:
    response = client.post(
        PATIENT_VIEW, data=_encode(fb.patient_view(prefetch_keys, *resources)), content_type="application/json"
    )
    answer = assert_valid_answer(response, "cards_for")
    return {card["source"]["topic"]["code"]: card for card in answer["cards"]}


def confirmed_metastasis_on_zoledronic_acid() -> list[dict]:
    return [
        fb.condition(fb.BREAST_CANCER, days=400),
        fb.condition(fb.BONE_METASTASIS, days=60),
        fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4),
    ]


@pytest.mark.parametrize("unit", ["—", "**", "(((", "1/0", "9**2", "mg/dL*0", "exp(1)", "m" * 5000])
def test_a_unit_that_is_not_ucum_leaves_the_value_out(client, prefetch_keys, unit):
    creatinine = fb.observation(fb.CREATININE_MASS, 3.0, unit)
    cards = cards_for(client, prefetch_keys, *confirmed_metastasis_on_zoledronic_acid(), creatinine)
    assert "renal-impairment" not in cards  # the creatinine was not read: no dose advice rests on it
    assert "renal-check" in cards  # and the card that asks for a creatinine says so


def test_a_date_at_the_end_of_time_is_not_a_500(client, prefetch_keys):
    creatinine = fb.observation(fb.CREATININE_MASS, 3.0, "mg/dL")
    creatinine["effectiveDateTime"] = "9999-12-31T23:59:59-14:00"
    cards = cards_for(client, prefetch_keys, *confirmed_metastasis_on_zoledronic_acid(), creatinine)
    assert "renal-impairment" not in cards


def test_a_report_status_that_is_a_list_is_not_a_500(client, prefetch_keys):
    report = fb.imaging_report(code=fb.BONE_SCAN)
    report["status"] = []
    cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), report)


# -- implausible values are not acted on (item 5) --------------------------------------------------------------
@pytest.mark.parametrize(
    "creatinine, weight",
    [
        (float("nan"), 60),
        (HUGE, 60),
        (1e308, 60),  # finite, but infinite once converted to umol/L
        (0, 60),
        (-1.5, 60),
        (1.5, -1),
        (1.5, 0),
        (1.5, float("nan")),
        (1.5, 4000),
    ],
    ids=["nan", "1e400", "1e308", "zero", "negative", "weight-1", "weight-0", "weight-nan", "weight-4000"],
)
def test_an_impossible_creatinine_or_weight_gives_no_dose_advice(client, prefetch_keys, creatinine, weight):
    resources = [
        *confirmed_metastasis_on_zoledronic_acid(),
        fb.observation(fb.CREATININE_MASS, creatinine, "mg/dL", days=3),
        fb.observation(fb.BODY_WEIGHT, weight, "kg", days=3, category="vital-signs"),
    ]
    assert "renal-impairment" not in cards_for(client, prefetch_keys, *resources)


def test_the_same_patient_with_possible_values_gets_dose_advice(client, prefetch_keys):
    """The control for the test above: creatinine 1.5 mg/dL, 60 kg, age 68 → CrCl 34 → 3 mg."""
    resources = [
        *confirmed_metastasis_on_zoledronic_acid(),
        fb.observation(fb.CREATININE_MASS, 1.5, "mg/dL", days=3),
        fb.observation(fb.BODY_WEIGHT, 60, "kg", days=3, category="vital-signs"),
    ]
    assert "3 mg instead of 4 mg" in cards_for(client, prefetch_keys, *resources)["renal-impairment"]["detail"]


def test_albumin_zero_does_not_raise_a_false_hypercalcaemia(client, prefetch_keys):
    # 10.8 mg/dL is 2.69 mmol/L (no card); "corrected" with albumin 0 it would be 14.0 mg/dL (moderate).
    calcium = fb.observation(fb.CALCIUM_MASS, 10.8, "mg/dL")
    albumin = fb.observation(fb.ALBUMIN, 0, "g/dL")
    assert "hypercalcemia" not in cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium, albumin)


def test_an_impossible_calcium_raises_no_card(client, prefetch_keys):
    calcium = fb.observation(fb.CALCIUM_MOLAR, 40, "mmol/L")  # a mg/dL value sent as mmol/L
    assert "hypercalcemia" not in cards_for(client, prefetch_keys, fb.condition(fb.BREAST_CANCER), calcium)


# -- the FHIR server's answer ----------------------------------------------------------------------------------
FHIR = "https://ehr.example.org/fhir"


@pytest.mark.parametrize("levels", [150, 100_000])
def test_deeply_nested_json_from_the_fhir_server_is_a_clear_412(request, app_config, levels):
    app_config["ALLOWED_FHIR_SERVERS"] = [FHIR]  # before the app is built
    client = request.getfixturevalue("client")
    body = fb.patient_view(request.getfixturevalue("prefetch_keys"))
    del body["prefetch"]["observations"]
    body["fhirServer"] = FHIR
    nested = '{"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": ' + "[" * levels
    nested += "]" * levels + "}]}"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as ehr:
        ehr.get(re.compile(f"{FHIR}/Observation.*"), body=nested, content_type="application/fhir+json")
        response = client.post(PATIENT_VIEW, json=body)
    assert response.status_code == 412, response.get_json()
    assert "nested deeper than" in response.get_json()["detail"]


# -- a unit string that was arithmetic hung the worker: run in its own process, so a hang fails instead of hanging
HANG_SCRIPT = textwrap.dedent(
    """
    import json, sys, tempfile
    sys.path[:0] = [{root!r}, {tests!r}]
    from cds_service import create_app
    from tests import fhir_builders as fb
    app = create_app({{"DATABASE_URL": "sqlite:///" + tempfile.mkdtemp() + "/t.sqlite3", "JWT_REQUIRED": False}})
    client = app.test_client()
    keys = list(next(s for s in client.get("/cds-services").get_json()["services"]
                     if s["id"] == "bm-patient-view")["prefetch"])
    creatinine = fb.observation(fb.CREATININE_MASS, 1.0, "9**9**9")
    response = client.post("/cds-services/bm-patient-view", json=fb.patient_view(keys, creatinine))
    print(response.status_code)
    """
)


def test_a_unit_string_that_is_arithmetic_answers_at_once():
    script = HANG_SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "200"
