"""Each demo patient (demo/), dated as on the day it is loaded, raises exactly the cards demo/patients.json names.

Real HTTP requests through the Flask app: patient-view with the patient's record as prefetch, order-select and
order-sign with its draft orders. demo/README.md's table is generated from the same file.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle

from cds_service import create_app, demo
from cds_service.schemas import validator
from guideline.catalogue import TOPICS
from guideline.settings import Settings

PATIENTS = demo.load_patients()
CALLS = [(p, hook) for p in PATIENTS for hook in demo.HOOKS if hook == "patient-view" or p.draft_orders]
ANCHOR = date.fromisoformat(demo.manifest()["anchor_date"])
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory):
    """One app for every demo call of this module (each app holds database connections until the process ends)."""
    database = tmp_path_factory.mktemp("demo") / "cds.sqlite3"
    return create_app({"DATABASE_URL": f"sqlite:///{database}", "JWT_REQUIRED": False}).test_client()


@pytest.fixture(scope="module")
def chinese_client(tmp_path_factory):
    database = tmp_path_factory.mktemp("demo-zh") / "cds.sqlite3"
    return create_app(
        {"DATABASE_URL": f"sqlite:///{database}", "JWT_REQUIRED": False, "CARD_LANGUAGE": "zh"}
    ).test_client()


def answer(client, patient: demo.DemoPatient, hook: str) -> dict:
    response = client.post(f"/cds-services/{demo.service_id(hook)}", json=demo.hook_request(patient, hook))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [e.message for e in validator("cds-service-response.schema.json").iter_errors(body)] == []
    return body


@pytest.mark.parametrize("patient, hook", CALLS, ids=[f"{p.patient_id}-{hook}" for p, hook in CALLS])
def test_each_demo_patient_gets_exactly_its_cards(demo_client, patient, hook):
    assert demo.card_topics(answer(demo_client, patient, hook)) == patient.expected[hook]


def test_the_expected_cards_name_real_topics_and_every_hook_the_patient_can_be_called_with():
    for patient in PATIENTS:
        hooks = {"patient-view", "order-select", "order-sign"} if patient.draft_orders else {"patient-view"}
        assert set(patient.expected) == hooks, patient.file
        for cards in patient.expected.values():
            assert {c["indicator"] for c in cards} <= {"info", "warning", "critical"}
            assert {c["topic"] for c in cards} <= set(TOPICS), patient.file


def test_every_card_the_service_shows_by_default_is_raised_by_some_demo_patient():
    shown = {c["topic"] for p in PATIENTS for cards in p.expected.values() for c in cards}
    assert shown == set(Settings().enabled_topics)


def test_the_demo_shows_more_than_one_hypercalcaemia_grade():
    hypercalcaemia = next(code for code in TOPICS if code.startswith("hypercalc"))
    grades = {c["indicator"] for p in PATIENTS for c in p.expected["patient-view"] if c["topic"] == hypercalcaemia}
    assert grades == {"warning", "critical"}


@pytest.mark.parametrize("hook", demo.HOOKS)
def test_the_chinese_coded_patient_gets_the_same_cards_in_chinese(chinese_client, hook):
    patient = next(p for p in PATIENTS if p.patient_id == "bm-demo-11")
    body = answer(chinese_client, patient, hook)
    assert demo.card_topics(body) == patient.expected[hook]
    assert all(CJK.search(card["summary"]) for card in body["cards"])


def test_the_readme_table_is_the_one_patients_json_makes():
    readme = (demo.DEMO_DIR / "README.md").read_text(encoding="utf-8")
    assert demo.readme_table() in readme, "regenerate it: bone-mets-cds demo table"


def test_every_demo_file_is_listed_and_every_listed_file_exists():
    listed = {p.file for p in PATIENTS} | {f for e in demo.manifest()["patients"] if (f := e.get("draft_orders"))}
    on_disk = {path.name for path in demo.DEMO_DIR.glob("*.json")} - {"patients.json"}
    assert listed == on_disk


@pytest.mark.parametrize("patient", PATIENTS, ids=[p.patient_id for p in PATIENTS])
def test_each_record_is_a_valid_fhir_r4_transaction_that_puts_its_own_patients_resources(patient):
    Bundle.model_validate(patient.bundle)
    assert patient.bundle["type"] == "transaction"
    (person,) = [r for r in patient.resources if r["resourceType"] == "Patient"]
    assert person["id"] == patient.patient_id
    for entry in patient.bundle["entry"]:
        resource = entry["resource"]
        assert entry["request"] == {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}
        assert resource["id"].startswith(patient.patient_id)
        if "subject" in resource:
            assert resource["subject"] == {"reference": f"Patient/{patient.patient_id}"}
    if patient.draft_orders:
        Bundle.model_validate(patient.draft_orders)
        for entry in patient.draft_orders["entry"]:
            assert entry["resource"]["status"] == "draft"
            assert entry["resource"]["subject"] == {"reference": f"Patient/{patient.patient_id}"}


def test_resource_ids_are_unique_across_the_demo():
    ids = [f"{r['resourceType']}/{r['id']}" for p in PATIENTS for r in p.resources]
    assert len(ids) == len(set(ids))


def dates_in(document) -> list[str]:
    found = []

    def walk(value, key):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key not in demo._NOT_DATES and demo._FHIR_DATE.fullmatch(value):
            found.append(value)

    walk(document, None)
    return found


def test_nothing_in_a_record_is_dated_after_the_anchor():
    as_written = demo.load_patients(today=ANCHOR)
    for patient in as_written:
        for value in dates_in(patient.bundle) + dates_in(patient.draft_orders or {}):
            assert value[:10] <= ANCHOR.isoformat(), (patient.file, value)


def test_loading_on_another_day_moves_every_date_by_the_same_days():
    as_written = demo.load_patients(today=ANCHOR)
    later = demo.load_patients(today=ANCHOR + timedelta(days=400))
    for before, after in zip(as_written, later, strict=True):
        pairs = list(zip(dates_in(before.bundle), dates_in(after.bundle), strict=True))
        assert pairs
        for old, new in pairs:
            assert date.fromisoformat(new[:10]) - date.fromisoformat(old[:10]) == timedelta(days=400)
            assert new[10:] == old[10:]  # time of day and offset kept


@pytest.mark.parametrize(
    "value, days, moved",
    [
        ("2026-01-15", 10, "2026-01-25"),
        ("2025-12-30T08:30:00+08:00", 5, "2026-01-04T08:30:00+08:00"),
        ("2024-02-28T23:59:59.123Z", 1, "2024-02-29T23:59:59.123Z"),
        ("2023-05", 40, "2023-06"),  # a partial date moves as its first day and keeps its precision
        ("2023", 400, "2024"),
        ("2026-01-15", -15, "2025-12-31"),
        ("T8 and the 6th rib", 10, "T8 and the 6th rib"),
        ("2026-02-30", 1, "2026-02-30"),  # not a date: left for the server to refuse
    ],
)
def test_shift_date(value, days, moved):
    assert demo.shift_date(value, days) == moved


def test_shift_dates_leaves_codes_ids_and_text_alone():
    document = {
        "id": "2026-01-15",
        "code": {"coding": [{"code": "2026-01", "display": "2026"}], "text": "2026-01-15"},
        "identifier": [{"value": "2026-01-15"}],
        "effectiveDateTime": "2026-01-15",
    }
    shifted = demo.shift_dates(document, 3)
    assert shifted == {**document, "effectiveDateTime": "2026-01-18"}
    assert document["effectiveDateTime"] == "2026-01-15"  # a copy: the original is unchanged


def test_order_select_selects_every_draft_and_patient_view_prefetches_every_key_discovery_asks_for(demo_client):
    patient = next(p for p in PATIENTS if p.draft_orders and len(p.draft_orders["entry"]) == 1)
    services = {s["hook"]: s for s in demo_client.get("/cds-services").get_json()["services"]}
    for hook in demo.HOOKS:
        request = demo.hook_request(patient, hook)
        assert set(request["prefetch"]) == set(services[hook]["prefetch"])
    select = demo.hook_request(patient, "order-select")["context"]
    draft = select["draftOrders"]["entry"][0]["resource"]
    assert select["selections"] == [f"{draft['resourceType']}/{draft['id']}"]
    assert json.dumps(demo.hook_request(patient, "patient-view")).count(patient.patient_id) > 1
