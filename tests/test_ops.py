"""Operators see the service: /healthz, /readyz and /metrics through HTTP, as a probe or Prometheus would.

The dependencies are real: PostgreSQL-speaking "black hole" and a closed port for a database that is
down, a JWK Set served over HTTP on 127.0.0.1 (and a closed port when its server is down), the real
FHIR server for fetched data. Metric values are read from the /metrics text as Prometheus parses it,
and compared before and after the calls of each test (the registry lives as long as the process).
"""

from __future__ import annotations

import copy
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import EXAMPLES, ROOT, load_json
from jwt_helpers import ISSUER, bearer, claims, ec_p384_key, jwks
from live_server import free_port
from prometheus_client.parser import text_string_to_metric_families
from test_database_outage import BlackHole, patient_view

from cds_service import create_app, multiproc

BASE = "http://localhost"
SERVICE = "/cds-services/bm-patient-view"
FEEDBACK = SERVICE + "/feedback"
# The README's example request: a patient with confirmed bone metastases, all data prefetched.
DOCS_EXAMPLE = ROOT / "docs" / "examples" / "patient-view-request.json"


def samples(client, headers: dict | None = None) -> dict[tuple, float]:
    """Every sample of /metrics: (name, sorted label pairs) -> value."""
    response = client.get("/metrics", headers=headers or {})
    assert response.status_code == 200, response.data
    assert response.content_type.startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def grew(before: dict, after: dict, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


@pytest.fixture(scope="module")
def ec_key():
    return ec_p384_key()


class KeySetServer:
    """An issuer's JWK Set on http://127.0.0.1:<port>/jwks.json; counts the fetches."""

    def __init__(self, document: dict) -> None:
        body = json.dumps(document).encode()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.fetches += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.fetches = 0
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/jwks.json"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()


@pytest.fixture
def key_set_server(ec_key):
    server = KeySetServer(jwks(ec_key))
    yield server
    server.close()


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


def closed_port_postgres() -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/cds"


def make_client(tmp_path, **settings):
    config = {"DATABASE_URL": f"sqlite:///{tmp_path / 'ops.sqlite3'}", "JWT_REQUIRED": False, **settings}
    return create_app(config).test_client()


def trusted(ec_key, **settings) -> dict:
    return {
        "JWT_REQUIRED": True,
        "TRUSTED_ISSUERS": {ISSUER: {"jwks": jwks(ec_key)}},
        "PUBLIC_BASE_URL": BASE,
        **settings,
    }


# -- /healthz and /readyz ------------------------------------------------------------------------------


def test_healthz_answers_while_the_database_is_down_since_it_touches_nothing(tmp_path):
    client = make_client(tmp_path, DATABASE_URL=closed_port_postgres())

    started = time.monotonic()
    response = client.get("/healthz")

    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert time.monotonic() - started < 1


def test_readyz_is_ready_with_a_reachable_database_and_a_fetchable_key_set(tmp_path, ec_key, key_set_server):
    client = make_client(tmp_path, TRUSTED_ISSUERS={ISSUER: {"jwks_url": key_set_server.url}})

    first = client.get("/readyz")
    second = client.get("/readyz")

    assert first.status_code == 200, first.get_json()
    assert first.get_json()["status"] == "ready"
    assert first.get_json()["checks"] == {
        "database": {"ok": True, "detail": "ok"},
        f"jwks {ISSUER}": {"ok": True, "detail": "ok"},
    }
    assert second.status_code == 200
    assert key_set_server.fetches == 1  # the second probe found the key set cached (warm)


def test_readyz_is_503_naming_the_database_when_its_port_is_closed(tmp_path):
    client = make_client(tmp_path, DATABASE_URL=closed_port_postgres())

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.get_json()
    assert body["error"] == "not-ready"
    assert body["detail"].startswith("not ready: database: unreachable (")
    assert body["checks"]["database"]["ok"] is False
    assert "postgres@" not in response.get_data(as_text=True)  # never the URL (it may hold a password)


def test_readyz_answers_503_within_its_deadline_while_the_database_hangs(tmp_path, black_hole):
    client = make_client(tmp_path, DATABASE_URL=black_hole.url, READY_TIMEOUT_SECONDS=1.0)
    tried_at_start_up = black_hole.connections

    started = time.monotonic()
    first = client.get("/readyz")
    first_took = time.monotonic() - started
    again = client.get("/readyz")

    assert first.status_code == 503 and first_took < 2.5
    assert first.get_json()["checks"]["database"] == {"ok": False, "detail": "no answer within 1 s"}
    # The hung check still runs: the next probe does not start another one behind it.
    assert again.status_code == 503
    assert "previous check has not answered" in again.get_json()["checks"]["database"]["detail"]
    assert black_hole.connections == tried_at_start_up + 1


def test_readyz_can_leave_storage_out_so_a_shared_database_outage_keeps_replicas_serving(tmp_path):
    client = make_client(tmp_path, DATABASE_URL=closed_port_postgres(), READY_CHECKS_STORAGE=False)

    response = client.get("/readyz")

    assert response.status_code == 200
    assert "database" not in response.get_json()["checks"]


def test_readyz_is_503_naming_the_issuer_whose_key_set_cannot_be_fetched(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/jwks.json"
    client = make_client(tmp_path, TRUSTED_ISSUERS={ISSUER: {"jwks_url": dead}})

    response = client.get("/readyz")

    assert response.status_code == 503
    check = response.get_json()["checks"][f"jwks {ISSUER}"]
    assert check["ok"] is False and check["detail"].startswith("key set unavailable")
    assert f"jwks {ISSUER}: key set unavailable" in response.get_json()["detail"]


# -- /metrics --------------------------------------------------------------------------------------------


def test_a_service_call_is_counted_with_its_cards_by_topic_and_indicator(client, prefetch_keys):
    before = samples(client)
    response = client.post(SERVICE, json=load_json(DOCS_EXAMPLE))
    after = samples(client)

    assert response.status_code == 200
    cards = response.get_json()["cards"]
    assert cards  # the example patient has cards
    for card in cards:
        topic, indicator = card["source"]["topic"]["code"], card["indicator"]
        same = sum(1 for c in cards if (c["source"]["topic"]["code"], c["indicator"]) == (topic, indicator))
        labels = {"service": "bm-patient-view", "topic": topic, "indicator": indicator}
        assert grew(before, after, "cds_cards_total", **labels) == same
    labels = {"endpoint": "service", "service": "bm-patient-view", "status": "200"}
    assert grew(before, after, "cds_http_requests_total", **labels) == 1
    assert grew(before, after, "cds_http_request_duration_seconds_count", **labels) == 1
    data = {"service": "bm-patient-view", "source": "prefetch", "gaps": "no"}
    assert grew(before, after, "cds_service_call_data_total", **data) == 1


def test_metrics_labels_hold_no_patient_id_no_hook_instance_and_bucket_unknown_services(client, prefetch_keys):
    call = copy.deepcopy(patient_view(prefetch_keys))  # its Patient is a shared dict
    call["context"]["patientId"] = call["prefetch"]["patient"]["id"] = f"patient-{uuid.uuid4().hex}"
    invented = f"bm-{uuid.uuid4().hex}"
    before = samples(client)

    assert client.post(SERVICE, json=call).status_code == 200
    assert client.post(f"/cds-services/{invented}", json=call).status_code == 404
    assert client.get(f"/no-such-page-{invented}").status_code == 404
    assert client.get("/rules/").status_code == 200
    text = client.get("/metrics").get_data(as_text=True)
    after = samples(client)

    assert call["context"]["patientId"] not in text and call["hookInstance"] not in text and invented not in text
    assert grew(before, after, "cds_http_requests_total", endpoint="service", service="unknown", status="404") == 1
    assert grew(before, after, "cds_http_requests_total", endpoint="unmatched", service="", status="404") == 1
    assert grew(before, after, "cds_http_requests_total", endpoint="pages", service="", status="200") == 1


def test_jwt_rejections_are_counted_by_reason(tmp_path, ec_key, prefetch_keys):
    client = make_client(tmp_path, **trusted(ec_key))
    token = ec_key.sign(claims(BASE + SERVICE))
    expired = ec_key.sign(claims(BASE + SERVICE, iat=int(time.time()) - 4000, lifetime=300))
    stranger = ec_key.sign(claims(BASE + SERVICE, iss="https://stranger.example"))
    before = samples(client)

    assert client.post(SERVICE, json=patient_view(prefetch_keys)).status_code == 401
    assert client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token)).status_code == 200
    assert client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token)).status_code == 401
    assert client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(expired)).status_code == 401
    assert client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(stranger)).status_code == 401
    after = samples(client)

    for reason in ("missing-token", "replay", "expired", "untrusted-issuer"):
        assert grew(before, after, "cds_jwt_rejections_total", reason=reason) == 1, reason
    assert (
        grew(before, after, "cds_http_requests_total", endpoint="service", service="bm-patient-view", status="401") == 4
    )


def test_feedback_is_counted_by_outcome_and_override_reason(client):
    accepted = load_json(EXAMPLES / "spec-2.0.1" / "spec-19-feedback-accepted.json")
    foreign_reason = load_json(EXAMPLES / "spec-2.0.1" / "spec-21-feedback-overridden-with-reason.json")
    our_reason = json.loads(json.dumps(foreign_reason))
    our_reason["feedback"][0]["card"] = str(uuid.uuid4())
    our_reason["feedback"][0]["overrideReason"]["reason"] = {
        "system": "https://bone-metastasis-cds.github.io/CodeSystem/override-reason",
        "code": "patient-declined",
    }
    before = samples(client)

    for body in (accepted, foreign_reason, our_reason, accepted):  # the last is a resend: received, not stored
        assert client.post(FEEDBACK, json=body).status_code == 200
    after = samples(client)

    service = {"service": "bm-patient-view"}
    assert grew(before, after, "cds_feedback_items_total", **service, outcome="accepted", reason="none") == 2
    assert grew(before, after, "cds_feedback_items_total", **service, outcome="overridden", reason="other") == 1
    labels = {**service, "outcome": "overridden", "reason": "patient-declined"}
    assert grew(before, after, "cds_feedback_items_total", **labels) == 1
    assert grew(before, after, "cds_feedback_items_stored_total", **service) == 3


def test_a_fetch_from_a_fhir_server_that_is_down_is_counted_as_a_failed_fetch(tmp_path, prefetch_keys):
    fhir = f"http://127.0.0.1:{free_port()}/fhir"
    client = make_client(tmp_path, ALLOWED_FHIR_SERVERS=[fhir])
    call = patient_view(prefetch_keys)
    del call["prefetch"]["conditions"]
    call["fhirServer"] = fhir
    before = samples(client)

    response = client.post(SERVICE, json=call)
    after = samples(client)

    assert response.status_code == 412
    assert grew(before, after, "cds_fhir_requests_total", outcome="connect") == 1
    assert grew(before, after, "cds_fhir_fetches_total", result="failed") == 1
    assert grew(before, after, "cds_fhir_fetch_duration_seconds_count") == 1
    assert grew(before, after, "cds_service_call_data_total", service="bm-patient-view", source="mixed", gaps="no") == 1


@pytest.mark.fhir_server
def test_fetches_from_the_real_fhir_server_are_counted_and_timed(tmp_path, fhir_server):
    client = make_client(tmp_path, ALLOWED_FHIR_SERVERS=[fhir_server.base_url])
    call = load_json(EXAMPLES / "spec-2.0.1" / "spec-02-request-patient-view-with-fhirAuthorization-and-prefetch.json")
    call.pop("prefetch")
    call["fhirServer"] = fhir_server.base_url
    call["context"]["patientId"] = fhir_server.synthea_patient_id
    call["fhirAuthorization"]["access_token"] = fhir_server.token
    before = samples(client)

    response = client.post(SERVICE, json=call)
    after = samples(client)

    assert response.status_code == 200, response.get_json()
    assert grew(before, after, "cds_fhir_requests_total", outcome="ok") >= 2  # one per data kind, at least
    assert grew(before, after, "cds_fhir_request_duration_seconds_count", outcome="ok") >= 2
    assert grew(before, after, "cds_fhir_fetches_total", result="complete") == 1
    data = {"service": "bm-patient-view", "source": "fetched", "gaps": "no"}
    assert grew(before, after, "cds_service_call_data_total", **data) == 1


def test_metrics_can_require_a_bearer_token(tmp_path):
    secret = uuid.uuid4().hex
    client = make_client(tmp_path, METRICS_TOKEN=secret)

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=bearer("wrong-" + secret)).status_code == 401
    assert samples(client, bearer(secret))  # Prometheus: authorization: {credentials: <METRICS_TOKEN>}


def test_a_short_metrics_token_is_refused_at_start_up(tmp_path):
    with pytest.raises(ValueError, match="METRICS_TOKEN"):
        make_client(tmp_path, METRICS_TOKEN="short")


def test_a_metrics_directory_the_operator_names_is_emptied_of_a_previous_runs_files(tmp_path):
    named = tmp_path / "metrics"
    named.mkdir()
    (named / "counter_4242.db").write_bytes(b"a previous run's counts")
    (named / "notes.txt").write_text("not ours")
    environ = {"PROMETHEUS_MULTIPROC_DIR": str(named)}

    assert multiproc.prepare(environ) == str(named)
    assert sorted(p.name for p in named.iterdir()) == ["notes.txt"]
