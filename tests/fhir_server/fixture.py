"""A real FHIR R4 server for the integration tests: sekmet-fhir 0.1.1, one process per test session.

The server runs from its own virtualenv (``.venv-fhir``, made by ``make test``:
its pins clash with ours) on 127.0.0.1 and a free port, with a throw-away
SQLite file, its simulator off, and a static bearer token required on every
FHIR request. It is loaded with one Synthea patient (a transaction Bundle) and
the HL7 R4 / US Core example resources (one PUT transaction), and is always
stopped at the end of the session.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SEKMET = ROOT / ".venv-fhir" / "bin" / "sekmet"
FHIR_DATA = ROOT.parent / "shared" / "fhir-data"
SYNTHEA_PATIENT = FHIR_DATA / "synthea-smart-r4" / "Ali_Herman_75c71918-f07f-4492-af1a-ce006a1e8aaf.json"
# Patient-example.json is in both folders with the same id: the US Core one is loaded, the HL7 one skipped.
EXAMPLE_FILES = sorted((FHIR_DATA / "us-core-r4-examples").glob("*-*.json")) + sorted(
    p
    for p in (FHIR_DATA / "hl7-r4-examples").glob("*-*.json")
    if p.name not in {"Patient-example.json", "Bundle-ghp.json"}
)
TOKEN = "sekmet-integration-test-token"
START_ATTEMPTS = 3  # a free port can be taken between choosing it and the server binding it
READY_POLLS = 150  # x 0.2 s: sekmet starts in about 2 s


@dataclass(frozen=True)
class LiveFhirServer:
    base_url: str
    token: str
    synthea_patient_id: str  # the id the server gave the Synthea patient
    synthea_bundle: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _settings(workdir: Path, port: int) -> Path:
    settings = {
        "base_url": f"http://127.0.0.1:{port}/fhir",
        "host": "127.0.0.1",
        "port": port,
        "data_dir": str(workdir / "data"),
        "db_path": str(workdir / "sekmet.sqlite3"),
        "own_private_key_path": str(workdir / "keys" / "sekmet_private.pem"),
        "log_inbound": False,
        "simulator": {"enabled": False},
        "validation": {"inbound": "off"},  # the examples are the spec's own; validating them only costs time
        "server_auth": {"types": ["bearer"], "tokens": [TOKEN]},
    }
    path = workdir / "settings.yaml"
    path.write_text(json.dumps(settings))  # JSON is YAML
    return path


def _wait_until_ready(process: subprocess.Popen, base_url: str) -> bool:
    for _ in range(READY_POLLS):
        if process.poll() is not None:
            return False
        try:
            if requests.get(f"{base_url}/metadata", timeout=1).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _transaction(base_url: str, bundle: dict) -> dict:
    reply = requests.post(
        base_url,
        json=bundle,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/fhir+json"},
        timeout=60,
    )
    assert reply.status_code == 200, f"loading test data failed: HTTP {reply.status_code} {reply.text[:500]}"
    return reply.json()


def _load(base_url: str) -> str:
    """Load the test data; return the server's id of the Synthea patient."""
    response = _transaction(base_url, json.loads(SYNTHEA_PATIENT.read_text(encoding="utf-8")))
    locations = [e["response"]["location"] for e in response["entry"]]
    patient_id = next(loc.split("/Patient/")[1].split("/")[0] for loc in locations if "/Patient/" in loc)
    entries = []
    for path in EXAMPLE_FILES:
        resource = json.loads(path.read_text(encoding="utf-8"))
        url = f"{resource['resourceType']}/{resource['id']}"
        entries.append({"fullUrl": f"{base_url}/{url}", "resource": resource, "request": {"method": "PUT", "url": url}})
    _transaction(base_url, {"resourceType": "Bundle", "type": "transaction", "entry": entries})
    return patient_id


@pytest.fixture(scope="session")
def fhir_server(tmp_path_factory) -> Iterator[LiveFhirServer]:
    if not SEKMET.exists():
        pytest.skip(f"sekmet-fhir is not installed at {SEKMET}: `make test` creates .venv-fhir")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEKMET_")}
    for _ in range(START_ATTEMPTS):
        workdir = tmp_path_factory.mktemp("sekmet")
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}/fhir"
        log = (workdir / "server.log").open("wb")
        process = subprocess.Popen(
            [str(SEKMET), "serve", "--config", str(_settings(workdir, port))],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            if _wait_until_ready(process, base_url):
                yield LiveFhirServer(base_url, TOKEN, _load(base_url), SYNTHEA_PATIENT)
                return
        finally:
            _stop(process)
            log.close()
    output = (workdir / "server.log").read_text(errors="replace")[-2000:]
    pytest.fail(f"sekmet-fhir did not start after {START_ATTEMPTS} attempts; last log:\n{output}")
