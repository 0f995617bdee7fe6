"""Alert fatigue (issue 9): a card overridden for a patient with a settling reason stays away a while.

Through HTTP on SQLite and PostgreSQL: a hook call answers cards, the clinician overrides one with a
reason from the card's own overrideReasons, feedback is posted, and the next call for that patient
leaves the topic out, within CARD_SUPPRESSION_DAYS, unless the card is critical. What the service
remembers of the patient is a keyed pseudonym, never the patient id.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from cards import suppression
from tests import fhir_builders as fb

SERVICE = "/cds-services/bm-patient-view"
KEY = "k" * 40
ON_ZOLEDRONIC_ACID = (
    fb.condition(fb.BREAST_CANCER, days=400),
    fb.condition(fb.BONE_METASTASIS),
    fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, days=30),
)
SEVERE_CALCIUM = (fb.condition(fb.BREAST_CANCER, days=400), fb.observation(fb.CALCIUM_MOLAR, 3.6, "mmol/L", days=1))


@pytest.fixture
def app_config(app_config, database_url):
    return {**app_config, "DATABASE_URL": database_url, "PATIENT_PSEUDONYM_KEY": KEY}


@pytest.fixture
def app(app):
    yield app
    app.extensions["cds"].feedback.engine.dispose()  # before the schema is dropped


@pytest.fixture
def db(database_url):
    engine = create_engine(database_url)

    def query(sql: str):
        with engine.connect() as conn:
            return conn.execute(text(sql)).all()

    yield query
    engine.dispose()


def call(client, prefetch_keys, *resources, patient_id: str = fb.PATIENT_ID) -> dict[str, dict]:
    # Another patient: every resource names them (the service refuses a record that names someone else).
    request = json.loads(json.dumps(fb.patient_view(prefetch_keys, *resources)).replace(fb.PATIENT_ID, patient_id))
    request["fhirServer"] = "https://ehr.example.org/fhir"
    response = client.post(SERVICE, json=request)
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


def override(
    client, card: dict, reason: str = "already-addressed", *, at: datetime | None = None, service: str = SERVICE
) -> None:
    offered = {r["code"]: r for r in card["overrideReasons"]}
    item = {
        "card": card["uuid"],
        "outcome": "overridden",
        "outcomeTimestamp": (at or datetime.now(UTC)).isoformat(),
        "overrideReason": {"reason": offered[reason], "userComment": "seen by the dentist last week"},
    }
    if not service.startswith("/"):
        service = f"/cds-services/{service}"
    response = client.post(service + "/feedback", json={"feedback": [item]})
    assert response.get_json() == {"received": 1, "stored": 1}


def test_a_card_overridden_as_already_addressed_is_not_shown_again_for_that_patient(client, prefetch_keys):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    assert first["dental-review"]["indicator"] != "critical"

    override(client, first["dental-review"])
    again = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)

    assert "dental-review" not in again
    assert set(again) == set(first) - {"dental-review"}  # only the overridden topic goes


def test_another_patient_still_gets_the_card(client, prefetch_keys):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    override(client, first["dental-review"])

    assert "dental-review" in call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID, patient_id="another-patient")


def test_the_card_is_shown_again_after_the_suppression_period(app, client, prefetch_keys):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    override(client, first["dental-review"])
    memory = app.extensions["cds"].card_memory

    memory.clock = lambda: datetime.now(UTC) + timedelta(days=13)
    within = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    memory.clock = lambda: datetime.now(UTC) + timedelta(days=14, minutes=1)
    after = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)

    assert "dental-review" not in within and "dental-review" in after


def test_an_override_timestamped_before_the_period_suppresses_nothing(client, prefetch_keys):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    override(client, first["dental-review"], at=datetime.now(UTC) - timedelta(days=15))

    assert "dental-review" in call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)


@pytest.mark.parametrize("reason", ["data-outdated", "clinical-judgement"])
def test_an_override_for_a_reason_that_settles_nothing_keeps_the_card(client, prefetch_keys, reason):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    override(client, first["dental-review"], reason)

    assert "dental-review" in call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)


@pytest.mark.parametrize("reason", ["patient-declined", "goals-of-care"])
def test_the_other_settling_reasons_suppress_too(client, prefetch_keys, reason):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    override(client, first["renal-check"], reason)

    again = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    assert "renal-check" not in again and "dental-review" in again


def test_a_critical_card_is_never_suppressed(client, prefetch_keys):
    first = call(client, prefetch_keys, *SEVERE_CALCIUM)
    assert first["hypercalcemia"]["indicator"] == "critical"

    override(client, first["hypercalcemia"])

    assert call(client, prefetch_keys, *SEVERE_CALCIUM)["hypercalcemia"]["indicator"] == "critical"


def test_feedback_for_a_card_the_service_never_issued_changes_nothing(client, prefetch_keys):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    stranger = {**first["dental-review"], "uuid": "00000000-0000-4000-8000-000000000000"}
    override(client, stranger)

    assert set(call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)) == set(first)


def test_with_suppression_days_zero_nothing_is_suppressed(app_config, prefetch_keys):
    from cds_service import create_app

    client = create_app({**app_config, "CARD_SUPPRESSION_DAYS": 0}).test_client()
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    override(client, first["dental-review"])

    assert "dental-review" in call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)


def test_shown_cards_are_recorded_under_a_pseudonym_never_the_patient_id(client, prefetch_keys, db):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID, patient_id="another-patient")

    rows = db("SELECT card_uuid, service_id, topic_code, indicator, patient_key FROM cds_shown_card")
    mine = {row[0]: row for row in rows if row[0] in {card["uuid"] for card in first.values()}}
    assert len(rows) == 2 * len(first) and len(mine) == len(first)
    for code, card in first.items():
        assert mine[card["uuid"]][1:4] == ("bm-patient-view", code, card["indicator"])
    keys = {row[4] for row in rows}
    assert len(keys) == 2 and all(re.fullmatch("[0-9a-f]{64}", k) for k in keys)
    assert not any(fb.PATIENT_ID in str(value) for row in rows for value in row)


def test_while_the_database_is_down_all_cards_are_shown(app_config, prefetch_keys, caplog, tmp_path):
    from cds_service import create_app

    directory = tmp_path / "db"
    directory.mkdir()
    app = create_app({**app_config, "DATABASE_URL": f"sqlite:///{directory / 'cds.sqlite3'}"})
    client = app.test_client()
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    override(client, first["dental-review"])
    app.extensions["cds"].card_memory.engine.dispose()
    shutil.rmtree(directory)  # the database file is gone and cannot be opened again
    caplog.set_level(logging.INFO, logger="cds_service")

    during = [call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID) for _ in range(3)]

    assert all(set(cards) == set(first) for cards in during)  # no suppression, nothing lost
    assert caplog.text.count("card memory database") == 1  # one warning per outage
    assert "cards are shown unsuppressed" in caplog.text


def test_a_table_dropped_under_the_service_costs_no_card(client, prefetch_keys, database_url):
    first = call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE cds_shown_card"))
    engine.dispose()

    assert set(call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)) == set(first)


def test_a_closed_database_port_answers_all_cards_at_once(app_config, prefetch_keys):
    from cds_service import create_app

    client = create_app({**app_config, "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/cds"}).test_client()

    assert "dental-review" in call(client, prefetch_keys, *ON_ZOLEDRONIC_ACID)


# -- the pure decision ------------------------------------------------------------------------------------------
def _card(code: str, indicator: str) -> dict:
    return {"indicator": indicator, "source": {"topic": {"code": code}}}


def test_order_specific_and_critical_cards_are_never_suppressible():
    assert suppression.suppressible(_card("dental-review", "warning"))
    assert not suppression.suppressible(_card("dental-review", "critical"))
    assert not suppression.suppressible(_card("bisphosphonate-dose", "warning"))  # about the order in hand
    assert not suppression.suppressible(_card("not-a-topic", "info"))
    cards = [_card("hypercalcemia", "critical"), _card("dental-review", "info"), _card("renal-check", "info")]
    assert suppression.kept(cards, {"hypercalcemia", "dental-review"}) == [cards[0], cards[2]]


# -- order hooks: per service, and never a card about the order in hand -------------------------------------------
def test_at_order_signing_only_the_patient_topic_is_suppressed_never_the_dose_card(client):
    from test_order_hooks_e2e import by_topic, healthy, man_68, zoledronic_acid
    from test_order_hooks_e2e import call as order_call

    person, weight = man_68()
    record = [*healthy(dental_days=None), weight]
    first = by_topic(order_call(client, "order-sign", [zoledronic_acid(dose_mg=3)], *record, person=person))
    assert first["bisphosphonate-dose"]["indicator"] != "critical" and "dental-review" in first

    override(client, first["dental-review"], service="bm-order-sign")
    override(client, first["bisphosphonate-dose"], service="bm-order-sign")
    again = by_topic(order_call(client, "order-sign", [zoledronic_acid(dose_mg=3)], *record, person=person))

    assert "dental-review" not in again
    assert "bisphosphonate-dose" in again  # an override of one order's dose says nothing about the next order


def test_an_override_in_chart_review_does_not_hide_the_card_at_order_signing(client, prefetch_keys):
    from test_order_hooks_e2e import by_topic, healthy, man_68, zoledronic_acid
    from test_order_hooks_e2e import call as order_call

    person, weight = man_68()
    on_it = fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, days=30)
    record = [*healthy(creatinine_days=40, dental_days=None), weight, on_it]  # last creatinine 40 days ago
    chart = fb.patient_view(prefetch_keys, *record, person=person)
    shown = by_topic(client.post(SERVICE, json=chart).get_json()["cards"])
    override(client, shown["renal-check"])

    assert "renal-check" not in by_topic(client.post(SERVICE, json=chart).get_json()["cards"])
    # Signing the next dose is the last check before it: the chart-review override does not reach it.
    assert "renal-check" in by_topic(order_call(client, "order-sign", [zoledronic_acid()], *record, person=person))


# -- the pseudonym key ------------------------------------------------------------------------------------------
def test_workers_with_the_same_key_share_suppression(app_config, prefetch_keys):
    from cds_service import create_app

    worker_a, worker_b = (create_app(app_config).test_client() for _ in range(2))
    override(worker_a, call(worker_a, prefetch_keys, *ON_ZOLEDRONIC_ACID)["dental-review"])

    assert "dental-review" not in call(worker_b, prefetch_keys, *ON_ZOLEDRONIC_ACID)


def test_without_a_key_each_worker_draws_its_own_and_says_so(app_config, prefetch_keys, caplog):
    from cds_service import create_app

    caplog.set_level(logging.WARNING, logger="cds_service")
    config = {**app_config, "PATIENT_PSEUDONYM_KEY": None}
    worker_a, worker_b = (create_app(config).test_client() for _ in range(2))
    override(worker_a, call(worker_a, prefetch_keys, *ON_ZOLEDRONIC_ACID)["dental-review"])

    assert "dental-review" not in call(worker_a, prefetch_keys, *ON_ZOLEDRONIC_ACID)
    assert "dental-review" in call(worker_b, prefetch_keys, *ON_ZOLEDRONIC_ACID)  # fewer hidden, never more
    assert caplog.text.count("PATIENT_PSEUDONYM_KEY is not set") == 2


@pytest.mark.parametrize(
    "setting, value",
    [
        ("PATIENT_PSEUDONYM_KEY", "too-short"),
        ("CARD_SUPPRESSION_DAYS", -1),
        ("SHOWN_CARD_RETENTION_DAYS", 7),
        ("CARD_SUPPRESSION_REASONS", ["already-adressed"]),
    ],
)
def test_a_wrong_setting_stops_the_service_at_start_up(app_config, setting, value):
    from cds_service import create_app

    with pytest.raises(ValueError, match=setting):
        create_app({**app_config, setting: value})
