"""The demo against real servers: `demo load` into sekmet-fhir and cards from what it serves; `make demo` itself.

`demo load` uses the session's FHIR server (tests/fhir_server); the `make demo` test runs
``python -m cds_service.demo run`` as `make demo` does, on free ports, and stops it with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from cds_service import create_app, demo

pytestmark = pytest.mark.fhir_server
PATIENTS = demo.load_patients()


def fhir_get(fhir_server, path: str) -> requests.Response:
    headers = {"Authorization": f"Bearer {fhir_server.token}", "Accept": "application/fhir+json"}
    return requests.get(f"{fhir_server.base_url}/{path}", headers=headers, timeout=10)


@pytest.fixture(scope="module")
def loaded(fhir_server):
    """The demo patients, loaded once into the session's FHIR server with `demo load`."""
    os.environ["DEMO_TEST_FHIR_TOKEN"] = fhir_server.token
    try:
        assert demo.main(["load", "--fhir-server", fhir_server.base_url, "--token-env", "DEMO_TEST_FHIR_TOKEN"]) == 0
    finally:
        del os.environ["DEMO_TEST_FHIR_TOKEN"]
    return fhir_server


def test_demo_load_prints_each_patient_and_the_server_gives_the_patient_back(fhir_server, capsys, monkeypatch):
    monkeypatch.setenv("DEMO_TEST_FHIR_TOKEN", fhir_server.token)
    assert demo.main(["load", "--fhir-server", fhir_server.base_url, "--token-env", "DEMO_TEST_FHIR_TOKEN"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in printed] == [
        f"{fhir_server.base_url}/Patient/{p.patient_id}" for p in PATIENTS
    ]
    chinese = next(p for p in PATIENTS if p.patient_id == "bm-demo-11")
    stored = fhir_get(fhir_server, "Patient/bm-demo-11").json()
    sent = next(r for r in chinese.resources if r["resourceType"] == "Patient")
    assert (stored["name"], stored["birthDate"]) == (sent["name"], sent["birthDate"])  # shifted birth date
    conditions = fhir_get(fhir_server, "Condition?patient=bm-demo-11").json()
    assert {e["resource"]["code"]["coding"][0]["code"] for e in conditions["entry"]} == {"C34.900x001", "C79.500x001"}


@pytest.fixture(scope="module")
def reading_client(loaded, tmp_path_factory):
    """One app allowed to read the session's FHIR server, for every call of this module."""
    database = tmp_path_factory.mktemp("demo-fetch") / "cds.sqlite3"
    config = {"DATABASE_URL": f"sqlite:///{database}", "JWT_REQUIRED": False, "ALLOWED_FHIR_SERVERS": [loaded.base_url]}
    return create_app(config).test_client()


@pytest.mark.parametrize("patient", PATIENTS, ids=[p.patient_id for p in PATIENTS])
def test_read_from_the_fhir_server_without_prefetch_each_patient_gets_its_cards(reading_client, loaded, patient):
    # As the sandbox's call reaches the service when it prefetches nothing: everything is fetched from fhirServer.
    request = demo.hook_request(patient, "patient-view")
    del request["prefetch"]
    request["fhirServer"] = loaded.base_url
    request["fhirAuthorization"] = {
        "access_token": loaded.token,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "user/*.read",
        "subject": "bone-mets-cds",
    }
    response = reading_client.post("/cds-services/bm-patient-view", json=request)
    assert response.status_code == 200, response.get_json()
    assert demo.card_topics(response.get_json()) == patient.expected["patient-view"]


def test_without_transactions_demo_load_puts_each_resource(loaded, monkeypatch):
    monkeypatch.setattr(demo, "supports_transactions", lambda *a, **k: False)
    patient = next(p for p in PATIENTS if p.patient_id == "bm-demo-04")
    versions = {
        r["id"]: fhir_get(loaded, f"{r['resourceType']}/{r['id']}").json()["meta"]["versionId"]
        for r in patient.resources
    }
    assert demo.upload(loaded.base_url, [patient], token=loaded.token) == ["bm-demo-04"]
    for resource in patient.resources:  # each one PUT again under its own id: a new version, the same content
        stored = fhir_get(loaded, f"{resource['resourceType']}/{resource['id']}").json()
        assert stored["meta"]["versionId"] != versions[resource["id"]]
        assert {k: v for k, v in stored.items() if k != "meta"} == resource


def test_demo_load_says_why_when_the_server_cannot_be_reached(capsys):
    unused = f"http://127.0.0.1:{demo.free_port()}/fhir"
    assert demo.main(["load", "--fhir-server", unused]) == 1
    assert "cannot reach" in capsys.readouterr().err


def test_demo_load_says_why_when_the_server_refuses(fhir_server, capsys):
    assert demo.main(["load", "--fhir-server", fhir_server.base_url]) == 1  # no token: sekmet answers 401
    assert "HTTP 401" in capsys.readouterr().err


def read_until(process: subprocess.Popen, marker: str, seconds: float) -> str:
    """What the process printed until ``marker``; fails if it exits or prints nothing more for too long."""
    printed = b""
    deadline = time.monotonic() + seconds
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while marker.encode() not in printed:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {marker!r} within {seconds} s; printed:\n{printed.decode()}"
            if selector.select(timeout=remaining):
                chunk = os.read(process.stdout.fileno(), 65536)
                assert chunk, f"exited with {process.wait()}; printed:\n{printed.decode()}{process.stderr.read()}"
                printed += chunk
    return printed.decode()


def refused(url: str) -> bool:
    try:
        requests.get(url, timeout=2)
    except requests.ConnectionError:
        return True
    return False


def test_make_demo_serves_the_sandbox_and_ctrl_c_stops_both_servers(tmp_path):
    port, fhir_port = demo.free_port(), demo.free_port()
    command = [sys.executable, "-m", "cds_service.demo", "run", "--port", str(port), "--fhir-port", str(fhir_port)]
    discovery = f"http://127.0.0.1:{port}/cds-services"
    fhir = f"http://127.0.0.1:{fhir_port}/fhir"
    with subprocess.Popen(
        [*command, "--workdir", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        _serves_the_sandbox(process, discovery, fhir, tmp_path)
    assert process.returncode == 0
    assert refused(discovery) and refused(f"{fhir}/metadata")


def _serves_the_sandbox(process: subprocess.Popen, discovery: str, fhir: str, tmp_path) -> None:
    try:
        printed = read_until(process, "Ctrl-C stops both servers", seconds=90)

        services = requests.get(discovery, timeout=5).json()["services"]
        assert {s["id"] for s in services} == {"bm-patient-view", "bm-order-select", "bm-order-sign"}
        preflight = requests.options(
            f"{discovery}/bm-patient-view",
            headers={"Origin": demo.SANDBOX_ORIGIN, "Access-Control-Request-Method": "POST"},
            timeout=5,
        )
        assert preflight.headers["Access-Control-Allow-Origin"] == demo.SANDBOX_ORIGIN
        unsigned = requests.post(f"{discovery}/bm-patient-view", json={}, timeout=5)
        assert unsigned.status_code == 401  # calls need the sandbox's (or another trusted) signature
        assert requests.get(f"{fhir}/Patient/bm-demo-07", timeout=5).json()["id"] == "bm-demo-07"  # open, loaded

        # The sandbox's data path (less its signature): no prefetch, no fhirAuthorization, all read from fhirServer.
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}",
                "JWT_REQUIRED": False,
                "ALLOWED_FHIR_SERVERS": [fhir],
            }
        )
        patient = next(p for p in PATIENTS if p.patient_id == "bm-demo-07")
        request = {**demo.hook_request(patient, "patient-view"), "fhirServer": fhir}
        del request["prefetch"]
        answer = app.test_client().post("/cds-services/bm-patient-view", json=request)
        assert demo.card_topics(answer.get_json()) == patient.expected["patient-view"]

        urls = [line.strip() for line in printed.splitlines() if line.strip().startswith(demo.SANDBOX_URL)]
        assert len(urls) == len(PATIENTS)
        query = parse_qs(urlsplit(urls[0]).query)
        assert query == {
            "fhirServiceUrl": [fhir],
            "serviceDiscoveryURL": [discovery],
            "patientId": [PATIENTS[0].patient_id],
            "hook": ["patient-view"],
            "screen": ["patient-view"],
        }
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C in the terminal of `make demo`
        process.wait(timeout=30)
