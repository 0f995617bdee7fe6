"""``bone-mets-cds`` against a running service: help, discover, keys, call (signed, from prefetch or a FHIR server).

The service is the real one (``python -m cds_service``, no subcommand: what ``make run`` and the Docker image
start), trusting the JWK Set that ``bone-mets-cds keys`` wrote, exactly as its printed instructions say.
"""

from __future__ import annotations

import json
import os
import shlex

import jwt
import pytest
from cli_helpers import run_cli, run_script, without_uuids
from conftest import ROOT
from live_server import live_server

from cds_service import create_app
from cds_service.cli import signing
from cds_service.services import discovery_document

CHINESE = ROOT / "tests" / "fixtures" / "fhir" / "chinese-patient-bundle.json"


def _trusted_issuers(printed: str) -> str:
    """The TRUSTED_ISSUERS value of the ``export`` line that ``keys`` tells the user to run."""
    line = next(line for line in printed.splitlines() if line.strip().startswith("export TRUSTED_ISSUERS="))
    return shlex.split(line.strip())[1].split("=", 1)[1]


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys") / "dev-keys"
    made = run_script("keys", "--out", str(folder))
    assert made.code == 0, made.err
    return folder, made.out


@pytest.fixture(scope="module")
def service(tmp_path_factory, keys, fhir_server):
    _, printed = keys
    settings = {
        "JWT_REQUIRED": "true",
        "TRUSTED_ISSUERS": _trusted_issuers(printed),
        "ALLOWED_FHIR_SERVERS": fhir_server.base_url,
    }
    with live_server(tmp_path_factory.mktemp("cli-service"), **settings) as server:
        yield server


def call(capsys, service, keys, *argv: str):
    folder, _ = keys
    return run_cli(capsys, "call", service.base_url, "--key", str(folder / "private-key.pem"), *argv)


def test_help_lists_every_command_with_what_it_does():
    shown = run_script("--help")
    assert shown.code == 0
    for command in ("serve", "discover", "evaluate", "call", "keys", "check-config"):
        assert f"\n    {command}" in shown.out
    assert "Without a subcommand: serve" in shown.out


def test_keys_writes_a_private_key_only_its_owner_reads_and_a_public_jwk_set(keys):
    folder, printed = keys
    assert (folder / "private-key.pem").stat().st_mode & 0o077 == 0
    jwks = json.loads((folder / "jwks.json").read_text())
    [key] = jwks["keys"]
    assert (key["kty"], key["crv"], key["alg"], key["use"]) == ("EC", "P-384", "ES384", "sig") and "d" not in key
    assert f"kid {key['kid']}" in printed
    assert json.loads(_trusted_issuers(printed)) == {
        "https://ehr-simulator.localhost": {"jwks": jwks, "algorithms": ["ES384"]}
    }


def test_keys_does_not_overwrite_a_key_pair_unless_told(capsys, keys):
    folder, _ = keys
    before = (folder / "private-key.pem").read_bytes()
    refused = run_cli(capsys, "keys", "--out", str(folder))
    assert refused.code == 1 and "already holds keys; pass --force" in refused.err
    assert (folder / "private-key.pem").read_bytes() == before


@pytest.mark.fhir_server
def test_discover_prints_the_running_services_document_and_the_offline_one_alike(capsys, service):
    online = run_cli(capsys, "discover", service.base_url)
    offline = run_cli(capsys, "discover")
    assert online.code == offline.code == 0
    assert json.loads(online.out) == json.loads(offline.out) == discovery_document()


@pytest.mark.fhir_server
def test_a_call_signed_with_the_generated_key_gets_the_cards_evaluate_prints(capsys, service, keys):
    called = call(capsys, service, keys, "--hook", "patient-view", "--prefetch-bundle", str(CHINESE), "--json")
    assert called.code == 0, called.err
    offline = run_cli(
        capsys, "evaluate", str(CHINESE), "--hook", "patient-view", "--json", "--base-url", service.base_url
    )
    cards = json.loads(called.out)["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == ["renal-check", "dental-review"]
    assert without_uuids(cards) == without_uuids(json.loads(offline.out)["cards"])


@pytest.mark.fhir_server
def test_a_call_to_a_service_endpoint_url_prints_the_cards_for_a_terminal(capsys, service, keys):
    endpoint = f"{service.base_url}/cds-services/bm-patient-view"
    called = run_cli(
        capsys,
        "call",
        endpoint,
        "--hook",
        "patient-view",
        "--prefetch-bundle",
        str(CHINESE),
        "--key",
        str(keys[0] / "private-key.pem"),
    )
    assert called.code == 0, called.err
    assert called.out.startswith("bm-patient-view (patient-view) for Patient/cn-1: 2 cards\n")
    assert "1. [WARNING] On zoledronic acid" in called.out


@pytest.mark.fhir_server
def test_the_service_reads_the_patient_from_the_fhir_server_the_call_names(capsys, service, keys, fhir_server):
    called = call(
        capsys,
        service,
        keys,
        "--hook",
        "patient-view",
        "--patient",
        fhir_server.synthea_patient_id,
        "--fhir-server",
        fhir_server.base_url,
        "--fhir-token",
        fhir_server.token,
        "--json",
    )
    assert called.code == 0, called.err
    assert json.loads(called.out) == {"cards": []}  # Ali Herman: no malignancy the guideline reads
    wrong_token = call(
        capsys,
        service,
        keys,
        "--hook",
        "patient-view",
        "--patient",
        fhir_server.synthea_patient_id,
        "--fhir-server",
        fhir_server.base_url,
        "--fhir-token",
        "not-the-token",
    )
    assert wrong_token.code == 1 and "HTTP 412 precondition-failed" in wrong_token.err


@pytest.mark.fhir_server
def test_a_key_the_service_does_not_trust_gets_401_and_a_hint(capsys, service, tmp_path):
    assert run_cli(capsys, "keys", "--out", str(tmp_path)).code == 0
    refused = run_cli(
        capsys,
        "call",
        service.base_url,
        "--hook",
        "patient-view",
        "--prefetch-bundle",
        str(CHINESE),
        "--key",
        str(tmp_path / "private-key.pem"),
    )
    assert refused.code == 1
    assert "answered HTTP 401 unauthorized: token rejected" in refused.err and "TRUSTED_ISSUERS" in refused.err
    unsigned = run_cli(capsys, "call", service.base_url, "--hook", "patient-view", "--prefetch-bundle", str(CHINESE))
    assert unsigned.code == 1 and "HTTP 401 unauthorized: missing bearer token" in unsigned.err


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["http://127.0.0.1:1", "--hook", "patient-view", "--patient", "x", "--fhir-server", "http://f"],
            "cannot reach http://127.0.0.1:1/cds-services: connection failed",
        ),
        (["http://127.0.0.1:1", "--hook", "patient-view", "--patient", "x"], "give the patient's data"),
        (
            ["http://127.0.0.1:1", "--hook", "patient-view", "--prefetch-bundle", str(CHINESE), "--key", "nokey.pem"],
            "--key nokey.pem: cannot be read",
        ),
        (
            ["http://127.0.0.1:1", "--hook", "patient-view", "--prefetch-bundle", str(CHINESE), "--key", str(CHINESE)],
            "not a PEM private key",
        ),
    ],
)
def test_a_call_that_cannot_be_made_says_why(capsys, argv, message, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    failed = run_cli(capsys, "call", *argv)
    assert failed.code == 1 and message in failed.err and "Traceback" not in failed.err, failed.err


def test_discover_of_a_service_that_is_not_there_says_so(capsys):
    failed = run_cli(capsys, "discover", "http://127.0.0.1:1")
    assert failed.code == 1
    assert failed.err == (
        "bone-mets-cds discover: error: cannot reach http://127.0.0.1:1/cds-services: "
        "connection failed (is the service running, and is the URL right?)\n"
    )


@pytest.mark.parametrize(
    "argv, environment, message",
    [
        (["serve"], {"CARD_LANGUAGE": "fr"}, "bad setting: CARD_LANGUAGE must be 'en' or 'zh'"),
        (["serve", "--port", "0"], {}, "--port must be at least 1"),
        (["serve"], {"WORKERS": "two"}, "WORKERS must be a whole number, got 'two'"),
    ],
)
def test_serve_refuses_bad_settings_before_starting_any_worker(capsys, monkeypatch, argv, environment, message):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    refused = run_cli(capsys, *argv)
    assert refused.code == 1 and refused.err == f"bone-mets-cds serve: error: {message}" + (
        " (`bone-mets-cds check-config` lists every problem)\n" if "bad setting" in message else "\n"
    )
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ  # nothing prepared for workers that never start


@pytest.mark.parametrize("alg", ["ES384", "RS384"])
def test_the_app_trusting_a_generated_key_set_accepts_what_the_key_signs(capsys, tmp_path, alg):
    made = run_cli(capsys, "keys", "--out", str(tmp_path), "--alg", alg, "--kid", "sim-1", "--iss", "https://ehr.test")
    assert made.code == 0
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cds.sqlite3'}",
            "JWT_REQUIRED": True,
            "TRUSTED_ISSUERS": json.loads(_trusted_issuers(made.out)),
        }
    )
    key = signing.load_private_key((tmp_path / "private-key.pem").read_bytes())
    endpoint = "http://localhost/cds-services/bm-patient-view"
    prefetch = {key: None for key in discovery_document()["services"][0]["prefetch"]}  # null: "no data"
    prefetch["patient"] = {"resourceType": "Patient", "id": "p1"}
    body = {
        "hook": "patient-view",
        "hookInstance": "3f1e0b0c-0c1a-4c57-9a53-7d8f1c3b2a10",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        "prefetch": prefetch,
    }
    token = signing.sign_call(key, iss="https://ehr.test", aud=endpoint, kid="sim-1")
    assert jwt.get_unverified_header(token) == {"alg": alg, "kid": "sim-1", "typ": "JWT"}
    answer = app.test_client().post(endpoint, json=body, headers={"Authorization": f"Bearer {token}"})
    assert (answer.status_code, answer.get_json()) == (200, {"cards": []})
    replayed = app.test_client().post(endpoint, json=body, headers={"Authorization": f"Bearer {token}"})
    assert replayed.status_code == 401  # a fresh jti per call: the same token twice is a replay


@pytest.mark.fhir_server
def test_a_call_to_a_service_of_another_hook_is_not_sent(capsys, service):
    endpoint = f"{service.base_url}/cds-services/bm-order-sign"
    wrong = run_cli(capsys, "call", endpoint, "--hook", "patient-view", "--prefetch-bundle", str(CHINESE))
    assert wrong.code == 1 and "service bm-order-sign answers hook order-sign, not patient-view" in wrong.err
