"""The JWT replay memory in the service's database, on SQLite and PostgreSQL, through HTTP.

Every test runs on a fresh database (tests/databases.py): once on a SQLite file and once on a fresh
PostgreSQL schema, the two settings of DATABASE_URL the README offers. A client signs real tokens
(tests/jwt_helpers.py); the service must answer the first use and refuse the second.
"""

from __future__ import annotations

import multiprocessing
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import EXAMPLES, load_json
from jwt_helpers import ISSUER, bearer, claims, ec_p384_key, jwks

from cds_service import create_app

BASE = "http://localhost"  # what the Flask test client calls
SERVICE = "/cds-services/bm-patient-view"
FEEDBACK = SERVICE + "/feedback"
FEEDBACK_BODY = load_json(EXAMPLES / "spec-2.0.1" / "spec-19-feedback-accepted.json")
REJECTED = {"error": "unauthorized", "detail": "token rejected"}
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1958-04-02"}
EMPTY_BUNDLE = {"resourceType": "Bundle", "type": "searchset", "entry": []}


@pytest.fixture(scope="module")
def ec_key():
    return ec_p384_key()


def trusted_config(database_url: str, ec_key) -> dict:
    return {
        "DATABASE_URL": database_url,
        "JWT_REQUIRED": True,
        "TRUSTED_ISSUERS": {ISSUER: {"jwks": jwks(ec_key)}},
        "PUBLIC_BASE_URL": BASE,  # the audience tokens name, whatever Host the test client sends
    }


@pytest.fixture
def app(database_url, ec_key):
    app = create_app(trusted_config(database_url, ec_key))
    yield app
    _dispose(app)


def _dispose(app) -> None:
    # Before the test's PostgreSQL schema is dropped: no pooled connection may hold it.
    app.extensions["cds"].feedback.engine.dispose()


def patient_view(prefetch_keys: list[str]) -> dict:
    prefetch = {key: EMPTY_BUNDLE for key in prefetch_keys}
    prefetch["patient"] = PATIENT
    return {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"patientId": "p1", "userId": "Practitioner/1"},
        "prefetch": prefetch,
    }


def test_a_valid_call_is_answered_and_its_replay_refused(client, ec_key, prefetch_keys):
    token = ec_key.sign(claims(BASE + SERVICE))

    first = client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))
    replay = client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))

    assert first.status_code == 200, first.get_json()
    assert isinstance(first.get_json()["cards"], list)
    assert replay.status_code == 401
    assert replay.get_json() == REJECTED


def test_feedback_with_a_valid_token_is_stored_and_its_replay_refused(client, ec_key):
    token = ec_key.sign(claims(BASE + FEEDBACK))

    first = client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(token))
    replay = client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(token))

    assert first.status_code == 200, first.get_json()
    assert first.get_json() == {"received": 1, "stored": 1}
    assert replay.status_code == 401


def test_a_token_used_once_is_refused_by_another_worker_on_the_same_database(app, database_url, ec_key, prefetch_keys):
    other_worker = create_app(trusted_config(database_url, ec_key))
    token = ec_key.sign(claims(BASE + SERVICE))
    try:
        first = app.test_client().post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))
        replay = other_worker.test_client().post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))
    finally:
        _dispose(other_worker)

    assert first.status_code == 200
    assert replay.status_code == 401


def test_a_burst_of_valid_tokens_on_a_fresh_database_is_all_accepted(app, ec_key, prefetch_keys):
    calls = 40
    tokens = [ec_key.sign(claims(BASE + SERVICE)) for _ in range(calls)]
    start = threading.Barrier(calls)

    def call(token: str) -> int:
        client = app.test_client()
        start.wait()
        return client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token)).status_code

    with ThreadPoolExecutor(calls) as pool:
        statuses = list(pool.map(call, tokens))

    assert statuses == [200] * calls


def test_the_same_token_sent_concurrently_is_answered_exactly_once(app, ec_key, prefetch_keys):
    calls = 16
    token = ec_key.sign(claims(BASE + SERVICE))
    start = threading.Barrier(calls)

    def call(_) -> int:
        client = app.test_client()
        start.wait()
        return client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token)).status_code

    with ThreadPoolExecutor(calls) as pool:
        statuses = sorted(pool.map(call, range(calls)))

    assert statuses == [200] + [401] * (calls - 1)


# -- Several workers starting together on a fresh database --------------------------------------------------


def _worker(config: dict, start, tokens: list[str], body: dict, results) -> None:
    """One gunicorn worker, as far as the database is concerned: build the app, then serve the tokens."""
    try:
        start.wait(timeout=60)
        app = create_app(config)
        client = app.test_client()
        statuses = [client.post(SERVICE, json=body, headers=bearer(token)).status_code for token in tokens]
        app.extensions["cds"].feedback.engine.dispose()
        results.put(statuses)
    except Exception as exc:  # reported to the test, which fails on it
        results.put(repr(exc))


def test_workers_starting_together_on_a_fresh_database_accept_every_fresh_token(database_url, ec_key, prefetch_keys):
    workers, per_worker = 4, 5
    context = multiprocessing.get_context("spawn")  # a clean interpreter each, as gunicorn workers after exec
    start, results = context.Barrier(workers), context.Queue()
    config = trusted_config(database_url, ec_key)
    body = patient_view(prefetch_keys)
    shared = ec_key.sign(claims(BASE + SERVICE))  # every worker receives this one: only one may accept it
    processes = [
        context.Process(
            target=_worker,
            args=(
                config,
                start,
                [shared] + [ec_key.sign(claims(BASE + SERVICE)) for _ in range(per_worker)],
                body,
                results,
            ),
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)

    assert all(isinstance(outcome, list) for outcome in outcomes), outcomes
    assert sorted(outcome[0] for outcome in outcomes) == [200] + [401] * (workers - 1)
    assert [outcome[1:] for outcome in outcomes] == [[200] * per_worker] * workers
