"""Slow FHIR servers cost the service a bounded number of threads, for a bounded time (issue 13.8).

Fetches share one pool per process (FHIR_MAX_WORKERS threads), each call's
fetching ends at its deadline even when the server trickles bytes (the
connection is closed then, not merely abandoned), and calls that fetch leave
threads for everything else: discovery and calls whose data came prefetched
answer at once while the FHIR server hangs.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from conftest import EXAMPLES, load_json
from live_server import live_server
from slow_fhir_server import slow_fhir_server

SERVICE_URL = "/cds-services/bm-patient-view"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1958-04-02"}
EMPTY = {"resourceType": "Bundle", "type": "searchset", "entry": []}


def prefetch_keys(client_or_url) -> list[str]:
    if isinstance(client_or_url, str):
        services = requests.get(client_or_url + "/cds-services", timeout=5).json()["services"]
    else:
        services = client_or_url.get("/cds-services").get_json()["services"]
    return list(next(s for s in services if s["id"] == "bm-patient-view")["prefetch"])


def call_body(keys: list[str], fhir_server: str | None, *, fetch: tuple[str, ...] = ("observations",)) -> dict:
    """A patient-view call with everything prefetched except ``fetch`` (read from ``fhir_server``)."""
    prefetch = {key: EMPTY for key in keys if key not in fetch}
    prefetch["patient"] = PATIENT
    body = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"patientId": "p1", "userId": "Practitioner/1"},
        "prefetch": prefetch,
    }
    if fhir_server:
        body["fhirServer"] = fhir_server
        body["fhirAuthorization"] = {
            "access_token": "some-opaque-fhir-access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "cds-service",
        }
    return body


@pytest.mark.parametrize("mode", ["trickle-head", "trickle-body", "stall"])
def test_a_fetch_is_cut_at_the_deadline_and_its_connection_closed(app_config, mode):
    from cds_service import create_app

    with slow_fhir_server(mode) as fhir:
        app_config.update(ALLOWED_FHIR_SERVERS=[fhir.url], FHIR_TOTAL_TIMEOUT_SECONDS=0.5)
        client = create_app(app_config).test_client()
        started = time.monotonic()
        response = client.post(SERVICE_URL, json=call_body(prefetch_keys(client), fhir.url))
        assert response.status_code == 412
        assert "no complete answer within 0.5 s" in response.get_json()["detail"]
        assert time.monotonic() - started < 1.5
        # Each byte restarts a socket read timeout: only closing the connection at the deadline ends the read.
        assert fhir.wait_until_all_closed(timeout=1.0)
        assert max(fhir.closed_at) - started < 2.0


def test_fetch_threads_are_one_bounded_pool_per_process(app_config):
    from cds_service import create_app

    with slow_fhir_server("stall") as fhir:
        app_config.update(
            ALLOWED_FHIR_SERVERS=[fhir.url],
            FHIR_TOTAL_TIMEOUT_SECONDS=1.5,
            FHIR_MAX_WORKERS=3,
            FHIR_MAX_CONCURRENT_CALLS=6,
        )
        app = create_app(app_config)
        keys = prefetch_keys(app.test_client())
        body = call_body(keys, fhir.url, fetch=("observations", "conditions", "procedures"))
        with ThreadPoolExecutor(6) as calls:

            def one_call() -> int:
                return app.test_client().post(SERVICE_URL, json=body).status_code

            pending = [calls.submit(one_call) for _ in range(6)]
            time.sleep(0.8)  # every call is waiting on the server now, none has reached its deadline
            with fhir.lock:
                open_while_waiting = fhir.open_now
            statuses = [p.result() for p in pending]
        assert open_while_waiting == 3  # 6 calls x 3 queries, never more than the pool's 3 threads at once
        assert statuses == [412] * 6
        assert fhir.wait_until_all_closed(timeout=1.0)


def test_a_fhir_access_token_that_cannot_be_a_header_is_a_clear_4xx(app_config):
    from cds_service import create_app

    app_config.update(ALLOWED_FHIR_SERVERS=["http://127.0.0.1:9/fhir"])
    client = create_app(app_config).test_client()
    body = call_body(prefetch_keys(client), "http://127.0.0.1:9/fhir")
    for token in ("токен-доступа", "a\r\nX-Injected: 1", "中文"):
        body["fhirAuthorization"]["access_token"] = token
        response = client.post(SERVICE_URL, json=body)
        assert response.status_code in (400, 412), response.get_data()
        assert "access_token" in response.get_json()["detail"]


@pytest.fixture(scope="module")
def hanging_fhir():
    with slow_fhir_server("trickle-head", interval=0.2) as fhir:
        yield fhir


@pytest.fixture(scope="module")
def server(tmp_path_factory, hanging_fhir):
    with live_server(
        tmp_path_factory.mktemp("capacity"),
        THREADS="4",
        ALLOWED_FHIR_SERVERS=json.dumps([hanging_fhir.url]),
        FHIR_TOTAL_TIMEOUT_SECONDS="3",
    ) as live:
        yield live


def test_discovery_and_prefetched_calls_answer_while_fetches_hang(server, hanging_fhir):
    keys = prefetch_keys(server.base_url)
    slow_body = call_body(keys, hanging_fhir.url)
    prefetched = load_json(EXAMPLES / "sandbox-captured" / "01-patient-view.json")["body"]
    started = time.monotonic()
    with ThreadPoolExecutor(8) as slow_calls:  # twice the server's threads, all waiting on the FHIR server
        slow = [
            slow_calls.submit(requests.post, server.base_url + SERVICE_URL, json=slow_body, timeout=10)
            for _ in range(8)
        ]
        time.sleep(0.3)
        for _ in range(3):
            asked = time.monotonic()
            assert requests.get(server.base_url + "/cds-services", timeout=5).status_code == 200
            assert time.monotonic() - asked < 1.0
            asked = time.monotonic()
            answered = requests.post(server.base_url + SERVICE_URL, json=prefetched, timeout=5)
            assert answered.status_code in (200, 412), answered.text
            assert time.monotonic() - asked < 1.0
        outcomes = [future.result() for future in slow]
    assert time.monotonic() - started < 6.0
    for outcome in outcomes:  # each a clear answer: data unavailable at the deadline, or busy: retry
        assert outcome.status_code in (412, 503), outcome.text
        if outcome.status_code == 503:
            assert outcome.headers["Retry-After"]
    assert hanging_fhir.wait_until_all_closed(timeout=2.0)


def test_calls_beyond_the_fetching_limit_are_told_to_retry_at_once(app_config):
    from cds_service import create_app

    with slow_fhir_server("stall") as fhir:
        app_config.update(
            ALLOWED_FHIR_SERVERS=[fhir.url],
            FHIR_TOTAL_TIMEOUT_SECONDS=2.0,
            FHIR_MAX_CONCURRENT_CALLS=1,
            SERVER_THREADS=1,
        )
        app = create_app(app_config)
        body = call_body(prefetch_keys(app.test_client()), fhir.url)
        with ThreadPoolExecutor(1) as first_call:
            waiting = first_call.submit(lambda: app.test_client().post(SERVICE_URL, json=body))
            time.sleep(0.3)  # the first call now holds the one fetching slot
            asked = time.monotonic()
            refused = app.test_client().post(SERVICE_URL, json=body)
            assert time.monotonic() - asked < 0.5
            assert waiting.result().status_code == 412
        assert refused.status_code == 503
        assert refused.get_json()["error"] == "service-busy"
        assert refused.headers["Retry-After"] == "2"
