"""Defects only a real server shows: slow clients, kept-alive connections after an early refusal.

Each module-scoped server is ``python -m cds_service`` (what ``make run`` and the
Docker image start) on 127.0.0.1; the clients here are raw sockets and
``http.client``, so nothing between the test and the server hides a reset.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import time
from pathlib import Path

import pytest
import requests
from jwt_helpers import ISSUER, bearer, claims, ec_p384_key, jwks
from live_server import ROOT, live_server

SERVICE = "/cds-services/bm-patient-view"
CLIENT_TIMEOUT = 2  # CLIENT_TIMEOUT_SECONDS of the server under test


@pytest.fixture(scope="module")
def ec_key():
    return ec_p384_key()


@pytest.fixture(scope="module")
def server(tmp_path_factory, ec_key):
    """One worker, 4 threads, JWT required: the smallest server a few stalled clients could starve."""
    with live_server(
        tmp_path_factory.mktemp("live"),
        THREADS="4",
        CLIENT_TIMEOUT_SECONDS=str(CLIENT_TIMEOUT),
        JWT_REQUIRED="true",
        TRUSTED_ISSUERS=json.dumps({ISSUER: {"jwks": jwks(ec_key)}}),
    ) as live:
        yield live


def stalled_clients(server, count: int, sent: bytes) -> list[socket.socket]:
    clients = []
    for _ in range(count):
        connection = socket.create_connection((server.host, server.port), timeout=5)
        connection.sendall(sent)
        clients.append(connection)
    time.sleep(0.3)  # let the server take them all up
    return clients


def closed_by_server(connection: socket.socket, within: float) -> bool:
    connection.settimeout(within)
    try:
        while connection.recv(4096):
            pass  # an error response before the close is fine
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def assert_discovery_answers_quickly(server) -> None:
    for _ in range(3):
        started = time.monotonic()
        assert requests.get(server.base_url + "/cds-services", timeout=3).status_code == 200
        assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    "sent",
    [
        b"POST " + SERVICE.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # a request line and one header
        b"POST " + SERVICE.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b'Content-Length: 5000\r\n\r\n{"hook": ',  # complete headers, then a body that stops
    ],
    ids=["stalled-headers", "stalled-body"],
)
def test_clients_that_stall_mid_request_neither_block_others_nor_stay_open(server, sent):
    clients = stalled_clients(server, 16, sent)  # four times the server's threads
    try:
        assert_discovery_answers_quickly(server)
        assert all(closed_by_server(c, within=CLIENT_TIMEOUT * 3) for c in clients)
    finally:
        for connection in clients:
            connection.close()


BIG_BODY = json.dumps({"hook": "patient-view", "padding": "x" * 200_000}).encode()  # > 64 KiB, never read


@pytest.mark.parametrize(
    "path, headers, status",
    [
        ("/cds-services/no-such-service", {"Content-Type": "application/json"}, 404),  # before the body is read
        (SERVICE, {"Content-Type": "application/json"}, 401),  # no token
        (SERVICE, {"Content-Type": "text/plain", "Authorization": "Bearer x"}, 401),  # 401 comes before 415
        (SERVICE, {"Content-Type": "text/plain"}, 415),  # with a valid token (added below), but not JSON
    ],
    ids=["404", "401", "401-text-plain", "415"],
)
def test_a_kept_alive_connection_survives_an_early_refusal_of_a_large_body(server, ec_key, path, headers, status):
    connection = http.client.HTTPConnection(server.host, server.port, timeout=5)
    try:
        for _ in range(3):
            sent = dict(headers)
            if status == 415:  # a fresh jti each time: a replayed token would be a 401
                sent.update(bearer(ec_key.sign(claims(server.base_url + SERVICE))))
            connection.request("POST", path, body=BIG_BODY, headers=sent)
            refused = connection.getresponse()
            assert refused.status == status
            assert refused.getheader("Content-Type") == "application/json"
            refused.read()
            connection.request("GET", "/cds-services")  # the next request on the same connection
            answered = connection.getresponse()
            assert answered.status == 200
            assert json.loads(answered.read())["services"]
    finally:
        connection.close()


def test_a_request_line_the_server_cannot_parse_gets_a_json_4xx(server):
    with socket.create_connection((server.host, server.port), timeout=5) as connection:
        connection.sendall(b"GET /cds-services HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n")
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert json.loads(body)["error"] == "bad-request"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_host_and_forwarded_headers_of_a_client_change_neither_the_audience_nor_the_card_links(
    server, ec_key, scheme
):
    """No proxy is configured: Host and X-Forwarded-* are the client's word, not the service's URL."""
    spoofed = f"{scheme}://other-cds.example" + SERVICE
    headers = {"Host": "other-cds.example", "X-Forwarded-Proto": scheme, "X-Forwarded-Host": "other-cds.example"}
    body = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"patientId": "p1", "userId": "Practitioner/1"},
        "prefetch": {"patient": {"resourceType": "Patient", "id": "p1"}},
    }
    response = requests.post(
        server.base_url + SERVICE, json=body, headers={**headers, **bearer(ec_key.sign(claims(spoofed)))}, timeout=5
    )
    assert response.status_code in (401, 421)
    assert "other-cds.example" not in response.text


def test_behind_a_configured_proxy_its_forwarded_headers_name_the_public_url(tmp_path, ec_key):
    with live_server(
        tmp_path,
        JWT_REQUIRED="true",
        TRUSTED_ISSUERS=json.dumps({ISSUER: {"jwks": jwks(ec_key)}}),
        ALLOWED_HOSTS="cds.example.org",
        TRUSTED_PROXY_COUNT="1",
    ) as proxied:
        body = json.loads((ROOT / "docs" / "examples" / "patient-view-request.json").read_text(encoding="utf-8"))
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "cds.example.org", "X-Forwarded-For": "10.0.0.7"}
        token = ec_key.sign(claims("https://cds.example.org" + SERVICE))
        response = requests.post(
            proxied.base_url + SERVICE, json=body, headers={**forwarded, **bearer(token)}, timeout=10
        )
        assert response.status_code == 200, response.text
        assert "https://cds.example.org/rules/" in response.text  # card links name the public URL


def test_a_body_announced_over_the_limit_is_refused_with_the_services_json_413(server):
    with socket.create_connection((server.host, server.port), timeout=5) as connection:
        connection.sendall(
            f"POST {SERVICE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {50 * 1024 * 1024}\r\n\r\n".encode()
        )
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert json.loads(body)["error"] == "payload-too-large"


def worker_pids(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def wait_until_serving(master: int, workers: int) -> list[int]:
    """The worker pids once each has started its request threads (a worker still booting is not watched)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        pids = worker_pids(master)
        if len(pids) == workers and all(len(list(Path(f"/proc/{pid}/task").iterdir())) > 4 for pid in pids):
            return pids
        time.sleep(0.1)
    raise AssertionError("the workers did not start serving")


def test_a_worker_that_stops_answering_is_replaced_while_the_other_serves(tmp_path):
    """A request holding the interpreter stops the worker's heartbeat; SIGSTOP does the same from outside."""
    with live_server(tmp_path, WORKERS="2", WORKER_TIMEOUT_SECONDS="2") as live:
        stuck = wait_until_serving(live.process.pid, 2)[0]
        os.kill(stuck, signal.SIGSTOP)
        try:
            deadline = time.monotonic() + 10
            while stuck in worker_pids(live.process.pid) and time.monotonic() < deadline:
                asked = time.monotonic()
                assert requests.get(live.base_url + "/cds-services", timeout=5).status_code == 200
                assert time.monotonic() - asked < 1.0  # the other worker answers meanwhile
                time.sleep(0.2)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(stuck, signal.SIGCONT)
        assert stuck not in worker_pids(live.process.pid)  # killed by the master for missing its heartbeat
        replaced = wait_until_serving(live.process.pid, 2)  # and replaced
        assert stuck not in replaced
        assert requests.get(live.base_url + "/cds-services", timeout=5).status_code == 200
