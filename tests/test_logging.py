"""A caller cannot write lines into the service's log: control characters in logged values are escaped.

Values from a request (hookInstance, the path) reach the log. A newline in one would start a forged
record; a terminal escape sequence would reach an operator's terminal raw. Every record the service's
own handler writes is one line, with control characters shown as ``\\n``, ``\\x1b`` and the like; a
traceback continues it on indented lines. The gunicorn access and error logs of the real server are
escaped the same way.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from cds_service import create_app, logs
from cds_service.logs import escape

ROOT = Path(__file__).resolve().parents[1]
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ [\w.]+: ")
FORGED = "2026-01-01 00:00:00,000 INFO cds_service.api: service=bm-patient-view forged=yes"


@pytest.fixture
def service_log(app):
    """What the service's own log handler writes during the test (its stream swapped for a buffer)."""
    [handler] = logging.getLogger("cds_service").handlers
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_a_newline_in_hook_instance_does_not_forge_a_log_record(client, service_log, prefetch_keys):
    body = {
        "hook": "patient-view",
        "hookInstance": f"{uuid.uuid4()}\n{FORGED}",
        "context": {"patientId": "p1", "userId": "Practitioner/1"},
        "prefetch": {
            **{key: {"resourceType": "Bundle", "type": "searchset", "entry": []} for key in prefetch_keys},
            "patient": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1958-04-02"},
        },
    }

    assert client.post("/cds-services/bm-patient-view", json=body).status_code == 200

    lines = service_log.getvalue().splitlines()
    assert lines and all(RECORD_START.match(line) for line in lines), lines
    assert not any(line.startswith(FORGED) for line in lines)
    assert any("\\n" + FORGED in line for line in lines)  # still there for the operator, escaped


def test_terminal_escape_sequences_in_a_path_reach_the_log_escaped(client, service_log):
    client.post("/cds-services/bm-\x1b[2J\x1b[31mred\u2028x", json={})

    text = service_log.getvalue()
    assert "\x1b" not in text and "\u2028" not in text
    assert "bm-\\x1b[2J\\x1b[31mred\\u2028x" in text
    assert all(RECORD_START.match(line) for line in text.splitlines())


def test_a_traceback_continues_its_record_on_indented_lines(service_log):
    log = logging.getLogger("cds_service.test")
    try:
        raise ValueError(f"bad value\n{FORGED}")
    except ValueError:
        log.exception("failed on %s", "input\nwith a newline")

    lines = service_log.getvalue().splitlines()
    assert RECORD_START.match(lines[0]) and "input\\nwith a newline" in lines[0]
    assert len(lines) > 2 and all(line.startswith("    ") for line in lines[1:])
    assert any("ValueError: bad value" in line for line in lines[1:])


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("plain text, 中文, café", "plain text, 中文, café"),
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("\x00\x07\x1b\x7f\x85\x9b", "\\x00\\x07\\x1b\\x7f\\x85\\x9b"),
        ("\u2028\u2029\u202e\u2066", "\\u2028\\u2029\\u202e\\u2066"),
    ],
    ids=["printable kept", "line breaks and tab", "C0, DEL and C1 controls", "line separators and bidi overrides"],
)
def test_escape_shows_control_characters_and_keeps_printable_text(raw, shown):
    assert escape(raw) == shown


# -- LOG_FORMAT=json ---------------------------------------------------------------------------


@pytest.fixture
def json_log(tmp_path):
    """``start(**settings)``: an app logging JSON, and what its handler writes (text format restored afterwards)."""
    [handler] = logging.getLogger("cds_service").handlers
    buffer = io.StringIO()
    previous = handler.setStream(buffer)

    def start(**settings):
        config = {"DATABASE_URL": f"sqlite:///{tmp_path / 'json.sqlite3'}", "JWT_REQUIRED": False, **settings}
        client = create_app({**config, "LOG_FORMAT": "json"}).test_client()
        buffer.seek(0)
        buffer.truncate()
        return client, buffer

    yield start
    handler.setStream(previous)
    logs.configure("INFO", "text")


def _records(buffer: io.StringIO) -> list[dict]:
    lines = buffer.getvalue().splitlines()
    assert lines
    return [json.loads(line) for line in lines]  # every line is one whole JSON object


def test_json_logs_put_the_hook_instance_on_every_line_of_a_call_and_no_patient_id(json_log, prefetch_keys):
    patient_id = f"patient-{uuid.uuid4().hex}"
    fhir = f"http://127.0.0.1:{_free_port()}/fhir"  # nothing listens: the fetch of the missing key fails
    client, buffer = json_log(ALLOWED_FHIR_SERVERS=[fhir])
    body = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "fhirServer": fhir,
        "fhirAuthorization": {
            "access_token": "secret-access-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "user/*.read",
            "subject": "cds-service",
        },
        "context": {"patientId": patient_id, "userId": "Practitioner/1"},
        "prefetch": {
            **{key: {"resourceType": "Bundle", "type": "searchset", "entry": []} for key in prefetch_keys},
            "patient": {"resourceType": "Patient", "id": patient_id, "gender": "female", "birthDate": "1958-04-02"},
        },
    }
    del body["prefetch"]["conditions"]

    response = client.post("/cds-services/bm-patient-view", json=body)

    records = [r for r in _records(buffer) if r.get("request_id")]
    text = buffer.getvalue()
    assert response.status_code == 412
    assert len(records) >= 2 and len({r["request_id"] for r in records}) == 1
    assert all(r["hook_instance"] == body["hookInstance"] for r in records), records
    summary = next(r for r in records if r["logger"] == "cds_service.request")
    assert summary["service"] == "bm-patient-view" and summary["status"] == response.status_code
    assert summary["data"] == "mixed" and summary["prefetched"] == len(prefetch_keys) - 1 and summary["fetched"] == 1
    assert patient_id not in text and "secret-access-token" not in text and fhir not in text


def test_the_summary_line_says_the_data_was_prefetched_and_how_many_gaps_and_cards(json_log):
    client, buffer = json_log()
    body = json.loads((ROOT / "docs" / "examples" / "patient-view-request.json").read_text())

    response = client.post("/cds-services/bm-patient-view", json=body)

    [summary] = [r for r in _records(buffer) if r["logger"] == "cds_service.request"]
    assert summary["status"] == 200 and summary["hook_instance"] == body["hookInstance"]
    assert (summary["data"], summary["fetched"], summary["gaps"]) == ("prefetch", 0, 0)
    assert summary["cards"] == len(response.get_json()["cards"])
    assert body["context"]["patientId"] not in buffer.getvalue()


def test_json_logs_escape_what_a_caller_sends_and_keep_one_record_per_line(json_log):
    client, buffer = json_log()

    client.post("/cds-services/bm-\x1b[2J\u2028x", json={})

    text = buffer.getvalue()
    assert "\x1b" not in text and "\u2028" not in text
    assert all(line.startswith("{") for line in text.splitlines())
    assert any("bm-\x1b[2J\u2028x" in r["message"] for r in _records(buffer))  # decoded: the same text


# -- The real server (gunicorn) ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """bone-mets-cds (gunicorn, as `make run` starts it) on a free port; its stdout and stderr in one file."""
    port = _free_port()
    output = (tmp_path / "server.log").open("w+")
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": "1",
        "JWT_REQUIRED": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cds.sqlite3'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "cds_service"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(base + "/cds-services", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start: " + (tmp_path / "server.log").read_text())
        yield base, output
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        output.close()


def test_the_real_servers_access_log_escapes_a_newline_in_the_path(server):
    base, output = server
    with socket.create_connection((base.removeprefix("http://").split(":")[0], int(base.rsplit(":", 1)[1]))) as conn:
        conn.sendall(f"GET /cds-services/x%0A{FORGED.replace(' ', '%20')} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
        conn.recv(65536)
    time.sleep(0.5)  # the access log line is written after the response

    output.seek(0)
    lines = output.read().splitlines()
    assert any("x\\n" + FORGED in line for line in lines), lines
    assert not any(line.startswith(FORGED) for line in lines)
