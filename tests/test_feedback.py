"""The feedback endpoint stores what clinicians did with cards, each action once, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from conftest import EXAMPLES, load_json
from sqlalchemy import create_engine, text

from cds_service import create_app

SPEC = EXAMPLES / "spec-2.0.1"
SANDBOX = EXAMPLES / "sandbox-captured"

# (path the client posted to, body) for every published or captured feedback request.
EXAMPLE_POSTS = {
    "spec-19 accepted": ("/cds-services/bm-patient-view/feedback", load_json(SPEC / "spec-19-feedback-accepted.json")),
    "spec-20 overridden": (
        "/cds-services/bm-patient-view/feedback",
        load_json(SPEC / "spec-20-feedback-overridden-no-reason.json"),
    ),
    "spec-21 overridden with reason": (
        "/cds-services/bm-patient-view/feedback",
        load_json(SPEC / "spec-21-feedback-overridden-with-reason.json"),
    ),
    **{
        f"sandbox {capture['http']['path']}": (capture["http"]["path"], capture["body"])
        for capture in (
            load_json(SANDBOX / "02-feedback-bm-patient-view.json"),
            load_json(SANDBOX / "08-feedback-bm-order-select.json"),
        )
    },
}
ACCEPTED = load_json(SPEC / "spec-19-feedback-accepted.json")["feedback"][0]
OVERRIDDEN = load_json(SPEC / "spec-21-feedback-overridden-with-reason.json")["feedback"][0]
URL = "/cds-services/bm-patient-view/feedback"


@pytest.fixture
def app_config(app_config, database_url):
    return {**app_config, "DATABASE_URL": database_url}


@pytest.fixture
def app(app):
    yield app
    app.extensions["cds"].feedback.engine.dispose()  # before the schema is dropped


@pytest.fixture
def db(database_url):
    """The feedback database as an analyst would query it."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))

    def query(sql: str, **params):
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()

    yield query
    engine.dispose()


def _count(db) -> int:
    return db("SELECT count(*) FROM cds_feedback")[0][0]


def _item(base: dict, **changes) -> dict:
    item = copy.deepcopy(base)
    item.update(changes)
    return item


@pytest.mark.parametrize("path, body", EXAMPLE_POSTS.values(), ids=EXAMPLE_POSTS.keys())
def test_published_feedback_is_stored_once_however_often_it_is_sent(client, db, path, body):
    first = client.post(path, json=body)
    again = client.post(path, json=body)

    assert first.status_code == 200, first.json
    assert first.json == {"received": 1, "stored": 1}
    assert again.json == {"received": 1, "stored": 0}
    assert _count(db) == 1


def test_stored_record_keeps_the_item_as_sent_and_when_it_arrived_in_utc(client, db):
    before = datetime.now(UTC)
    client.post(URL, json={"feedback": [OVERRIDDEN]})
    after = datetime.now(UTC)

    [(service_id, card, outcome, system, code, item, received_at)] = db(
        "SELECT service_id, card_uuid, outcome, override_reason_system, override_reason_code, item, received_at "
        "FROM cds_feedback"
    )
    assert (service_id, card, outcome) == ("bm-patient-view", OVERRIDDEN["card"], "overridden")
    assert (system, code) == ("https://example.com/cds-hooks/override-reason-system", "d7ecf885")
    assert (json.loads(item) if isinstance(item, str) else item) == OVERRIDDEN  # SQLite hands JSON back as text
    if isinstance(received_at, str):  # SQLite: text in UTC, no offset
        received_at = datetime.fromisoformat(received_at).replace(tzinfo=UTC)
    assert before <= received_at <= after


def test_several_items_in_one_body_are_each_stored(client, db):
    items = [ACCEPTED, OVERRIDDEN, _item(OVERRIDDEN, card="another-card")]

    response = client.post(URL, json={"feedback": items})

    assert response.json == {"received": 3, "stored": 3}
    assert _count(db) == 3


def test_an_item_repeated_within_one_body_is_stored_once(client, db):
    response = client.post(URL, json={"feedback": [ACCEPTED, ACCEPTED]})

    assert response.json == {"received": 2, "stored": 1}
    assert _count(db) == 1


def test_accepted_suggestion_ids_can_be_queried(client, db):
    two = _item(ACCEPTED, acceptedSuggestions=[{"id": "suggestion-b"}, {"id": "suggestion-a"}])

    client.post(URL, json={"feedback": [two]})

    rows = db(
        "SELECT s.suggestion_id FROM cds_feedback_accepted_suggestion s JOIN cds_feedback f ON f.id = s.feedback_id "
        "WHERE f.card_uuid = :card ORDER BY s.suggestion_id",
        card=ACCEPTED["card"],
    )
    assert [r[0] for r in rows] == ["suggestion-a", "suggestion-b"]


@pytest.mark.parametrize(
    "resend",
    [
        pytest.param(
            _item(ACCEPTED, outcomeTimestamp="2021-12-11T10:05:31.000+00:00"), id="same instant, other notation"
        ),
        pytest.param(_item(ACCEPTED, outcomeTimestamp="2021-12-11T18:05:31+08:00"), id="same instant, Beijing time"),
        pytest.param(
            _item(ACCEPTED, acceptedSuggestions=ACCEPTED["acceptedSuggestions"] * 2), id="suggestion listed twice"
        ),
    ],
)
def test_a_resend_in_another_spelling_is_the_same_action(client, db, resend):
    client.post(URL, json={"feedback": [ACCEPTED]})

    assert client.post(URL, json={"feedback": [resend]}).json == {"received": 1, "stored": 0}
    assert _count(db) == 1


def test_suggestions_in_another_order_are_the_same_action(client, db):
    ab = _item(ACCEPTED, acceptedSuggestions=[{"id": "a"}, {"id": "b"}])
    ba = _item(ACCEPTED, acceptedSuggestions=[{"id": "b"}, {"id": "a"}])

    assert client.post(URL, json={"feedback": [ab, ba]}).json == {"received": 2, "stored": 1}


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(_item(ACCEPTED, outcome="overridden", acceptedSuggestions=None), id="other outcome, same card"),
        pytest.param(_item(ACCEPTED, outcomeTimestamp="2021-12-11T10:05:32Z"), id="same card acted on later"),
        pytest.param(_item(ACCEPTED, acceptedSuggestions=[{"id": "other-suggestion"}]), id="other suggestion"),
    ],
)
def test_a_different_action_on_the_same_card_is_stored_separately(client, db, other):
    response = client.post(URL, json={"feedback": [ACCEPTED, {k: v for k, v in other.items() if v is not None}]})

    assert response.json == {"received": 2, "stored": 2}
    assert _count(db) == 2


def test_a_different_override_reason_is_a_different_action(client, db):
    other_reason = _item(OVERRIDDEN, overrideReason={"reason": {"code": "other", "system": "https://example.com/r"}})

    assert client.post(URL, json={"feedback": [OVERRIDDEN, other_reason]}).json == {"received": 2, "stored": 2}


def test_the_same_feedback_sent_to_two_services_is_stored_for_each(client, db):
    body = {"feedback": [ACCEPTED]}

    client.post("/cds-services/bm-patient-view/feedback", json=body)
    client.post("/cds-services/bm-order-sign/feedback", json=body)

    assert sorted(r[0] for r in db("SELECT service_id FROM cds_feedback")) == ["bm-order-sign", "bm-patient-view"]


def test_concurrent_duplicate_posts_store_exactly_one_row(app, db):
    threads = 8
    start = threading.Barrier(threads)
    body = load_json(SANDBOX / "02-feedback-bm-patient-view.json")["body"]

    def post(_):
        client = app.test_client()
        start.wait()
        return client.post(URL, json=body)

    with ThreadPoolExecutor(threads) as pool:
        responses = list(pool.map(post, range(threads)))

    assert [r.status_code for r in responses] == [200] * threads
    assert sum(r.json["stored"] for r in responses) == 1
    assert _count(db) == 1


def test_free_text_comments_never_reach_the_logs(client, caplog):
    comment = f"patient declined, see note {uuid.uuid4()}"
    item = _item(OVERRIDDEN, overrideReason={**OVERRIDDEN["overrideReason"], "userComment": comment})
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # as an operator debugging SQL would

    client.post(URL, json={"feedback": [item]})
    client.post(URL, json={"feedback": [item]})

    assert comment not in caplog.text


@pytest.mark.parametrize(
    "item, field",
    [
        ({**ACCEPTED, "outcomeTimestamp": "yesterday"}, "outcomeTimestamp"),
        ({k: v for k, v in ACCEPTED.items() if k != "card"}, "card"),
        ({**ACCEPTED, "acceptedSuggestions": ["e56e1945"]}, "acceptedSuggestions"),
        ({**ACCEPTED, "card": "c" * 3000}, "card"),
        ({**ACCEPTED, "acceptedSuggestions": [{"id": "s" * 3000}]}, "acceptedSuggestions"),
        ({**ACCEPTED, "outcomeTimestamp": "9999-12-31T23:59:59-14:00"}, "outcomeTimestamp"),
        ({**ACCEPTED, "outcomeTimestamp": "0001-01-01T00:00:00+14:00"}, "outcomeTimestamp"),
    ],
    ids=[
        "timestamp not a date-time",
        "no card",
        "suggestion not an object",
        "card id too long",
        "suggestion too long",
        "timestamp after year 9999 in UTC",
        "timestamp before year 1 in UTC",
    ],
)
def test_malformed_feedback_is_a_400_and_nothing_is_stored(client, db, item, field):
    response = client.post(URL, json={"feedback": [OVERRIDDEN, item]})

    assert response.status_code == 400
    assert response.json["error"] == "invalid-request"
    assert field in response.json["detail"] or field in str(response.json.get("errors"))
    assert _count(db) == 0


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("postgresql+psycopg://postgres@127.0.0.1:1/none", id="postgresql port closed"),
        pytest.param("sqlite:////nonexistent-directory/feedback.sqlite3", id="sqlite file cannot be opened"),
    ],
)
def test_feedback_to_an_unreachable_database_is_a_503_and_the_service_still_runs(client, database_url):
    response = client.post(URL, json={"feedback": [ACCEPTED]})

    assert response.status_code == 503
    assert response.json["error"] == "storage-unavailable"
    assert "detail" in response.json
    assert int(response.headers["Retry-After"]) >= 1
    assert client.get("/cds-services").status_code == 200


@pytest.mark.postgres
def test_a_plain_postgresql_url_is_served_by_psycopg(postgres_url):
    app = create_app(
        {"DATABASE_URL": postgres_url.replace("postgresql+psycopg://", "postgresql://"), "JWT_REQUIRED": False}
    )
    try:
        response = app.test_client().post(URL, json={"feedback": [ACCEPTED]})
        assert response.json == {"received": 1, "stored": 1}
    finally:
        app.extensions["cds"].feedback.engine.dispose()
