#!/usr/bin/env python3
"""Reliability run against the real server: fuzzing, FHIR faults, slow clients, load, a killed worker.

Starts ``python -m cds_service`` (what ``make run`` and the Docker image start) on a free
127.0.0.1 port with JWT verification on (a key made for this run), and a misbehaving FHIR
server on another loopback port. Then, each scenario bounded by a request count and a time
limit:

  fuzz          mutated sandbox calls (and garbage bodies), each with a valid, fresh JWT
  auth          malformed tokens and claims (non-Latin-1, list tenant, 400-digit exp, ...)
  fhir-faults   calls whose data must be fetched from a FHIR server that stalls, trickles,
                resets, answers 500, non-JSON, deep JSON, redirects; discovery timed meanwhile
  slow-clients  stalled headers and stalled bodies; discovery timed meanwhile
  load          concurrent patient-view calls on kept-alive connections, with early-refused
                200 KiB bodies in between (a reset there is issue 13.9)
  kill-worker   SIGKILL one worker during load: the master replaces it

It prints per scenario: status counts, connection errors/resets, p50/p99/max latency,
valid tokens refused, 5xx; and for the run: worker restarts, worker timeouts, RSS of the
server processes before and after. Not part of ``make test``: it takes a few minutes.

Usage: .venv/bin/python scripts/reliability.py [--scale 1.0] [--json out.json]
Only loopback traffic.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import http.client
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from jwt.api_jws import PyJWS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SANDBOX = SHARED / "cds-hooks" / "examples" / "sandbox-captured"
EXAMPLE = ROOT / "docs" / "examples" / "patient-view-request.json"
ISSUER = "https://reliability.example.org"
TENANT = "reliability-hospital"
SERVICE = "/cds-services/bm-patient-view"
WORKERS, THREADS, CLIENT_TIMEOUT, FHIR_DEADLINE = 2, 4, 5, 3


# -- the run's CDS client -------------------------------------------------------------------------
class Client:
    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP384R1())
        public = ECAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**public, "kid": "k1", "use": "sig", "alg": "ES384"}]}

    def token(self, aud: object, **claims: object) -> str:
        """Signed claims, sent as given (also claims PyJWT would refuse to encode: a list iss, a NaN exp)."""
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": aud,
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
            "tenant": TENANT,
            **claims,
        }
        return PyJWS().encode(
            json.dumps(payload).encode(), self.key, algorithm="ES384", headers={"kid": "k1", "typ": "JWT"}
        )


# -- figures ---------------------------------------------------------------------------------------
@dataclass
class Figures:
    name: str
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # connection reset, refused, timeout, ...
    latencies: list[float] = field(default_factory=list)
    valid_refused: int = 0  # a valid token answered 401
    server_errors: Counter = field(default_factory=Counter)  # 5xx by their "error" field
    notes: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(
        self,
        status: int | None,
        seconds: float,
        error: str | None = None,
        valid_token: bool = False,
        body: bytes = b"",
    ) -> None:
        with self.lock:
            if status is not None and status >= 500:
                try:
                    self.server_errors[json.loads(body).get("error", "?")] += 1
                except (ValueError, AttributeError):
                    self.server_errors["(not JSON)"] += 1
            self.latencies.append(seconds)
            if error:
                self.errors[error] += 1
            else:
                self.statuses[status] += 1
                if valid_token and status == 401:
                    self.valid_refused += 1

    def summary(self) -> dict:
        lat = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000, 1)

        return {
            "scenario": self.name,
            "requests": len(self.latencies),
            "statuses": dict(sorted((str(k), v) for k, v in self.statuses.items())),
            "5xx": sum(v for k, v in self.statuses.items() if k and k >= 500),
            "5xx_by_error": dict(self.server_errors),
            "connection_errors": dict(self.errors),
            "valid_tokens_refused": self.valid_refused,
            "p50_ms": pct(50),
            "p99_ms": pct(99),
            "max_ms": round(lat[-1] * 1000, 1),
            **self.notes,
        }


def send(
    base: str,
    method: str,
    path: str,
    body: bytes | None,
    headers: dict,
    timeout: float = 30.0,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int | None, bytes, float, str | None]:
    """One request; (status, body, seconds, error). Uses ``connection`` (kept alive) when given."""
    started = time.monotonic()
    own = connection is None
    host, port = base.removeprefix("http://").split(":")
    conn = connection or http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        reply = conn.getresponse()
        data = reply.read()
        return reply.status, data, time.monotonic() - started, None
    except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected, http.client.IncompleteRead) as exc:
        conn.close()
        return None, b"", time.monotonic() - started, f"reset ({type(exc).__name__})"
    except TimeoutError:
        conn.close()
        return None, b"", time.monotonic() - started, "timeout"
    except OSError as exc:
        conn.close()
        return None, b"", time.monotonic() - started, type(exc).__name__
    finally:
        if own:
            conn.close()


# -- the server under test -------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    kids = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [master, *kids]


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


def start_server(workdir: Path, client: Client, fhir_base: str) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": str(WORKERS),
        "THREADS": str(THREADS),
        "CLIENT_TIMEOUT_SECONDS": str(CLIENT_TIMEOUT),
        "JWT_REQUIRED": "true",
        "TRUSTED_ISSUERS": json.dumps({ISSUER: {"jwks": client.jwks, "tenants": [TENANT]}}),
        "ALLOWED_FHIR_SERVERS": json.dumps([f"{fhir_base}/{fault}" for fault in FAULTS]),
        "FHIR_TOTAL_TIMEOUT_SECONDS": str(FHIR_DEADLINE),
        "FHIR_READ_TIMEOUT_SECONDS": "2",
        "DATABASE_URL": f"sqlite:///{workdir / 'reliability.sqlite3'}",
        "LOG_LEVEL": "INFO",  # the reasons of refused tokens are counted from the log
        "XDG_RUNTIME_DIR": str(workdir),
    }
    log_path = workdir / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen([sys.executable, "-m", "cds_service"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, _, _, _ = send(base, "GET", "/cds-services", None, {}, timeout=1)
        if status == 200:
            return process, base, log_path
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start:\n{log_path.read_text()[-3000:]}")


# -- a misbehaving FHIR server -------------------------------------------------------------------------
FAULTS = [
    "ok",
    "stall",
    "trickle-head",
    "trickle-body",
    "reset",
    "500",
    "not-json",
    "deep-json",
    "redirect",
    "wrong-type",
    "slow-ok",
]


class FaultyFhir(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stop = threading.Event()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        fault = self.path.split("/")[2] if self.path.count("/") >= 2 else ""
        resource_type = self.path.split("/")[3].split("?")[0] if self.path.count("/") >= 3 else ""
        with contextlib.suppress(OSError):
            if fault == "stall":
                self.stop.wait(FHIR_DEADLINE + 5)
            elif fault == "trickle-head":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n\r\n":
                    if self.stop.wait(0.3):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            elif fault == "trickle-body":
                self._head(200, 10_000)
                for _ in range(200):
                    if self.stop.wait(0.2):
                        return
                    self.wfile.write(b" ")
                    self.wfile.flush()
            elif fault == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{"resourceType": ')
                self.wfile.flush()
                self.connection.close()
            elif fault == "500":
                self._send(500, b'{"resourceType": "OperationOutcome"}')
            elif fault == "not-json":
                self._send(200, b"<html>maintenance</html>")
            elif fault == "deep-json":
                self._send(200, b'{"resourceType": "Bundle", "entry": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
            elif fault == "redirect":
                self.send_response(302)
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif fault == "wrong-type":
                self._send(200, json.dumps({"resourceType": "Binary", "id": "x"}).encode())
            elif fault in ("ok", "slow-ok"):
                self.stop.wait(1.0 if fault == "slow-ok" else 0.05)
                if resource_type == "Patient":
                    body = {"resourceType": "Patient", "id": "p1"}
                else:
                    body = {"resourceType": "Bundle", "type": "searchset", "entry": []}
                self._send(200, json.dumps(body).encode())

    def _head(self, status: int, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send(self, status: int, body: bytes) -> None:
        self._head(status, len(body))
        self.wfile.write(body)


# -- call bodies -------------------------------------------------------------------------------------
def sandbox_calls() -> list[tuple[str, dict]]:
    calls = []
    for path in sorted(SANDBOX.glob("0*.json")):
        capture = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(capture, dict) and isinstance(capture.get("body"), dict) and "http" in capture:
            request_path = (
                "/" + capture["http"].get("path", "").lstrip("/") if isinstance(capture["http"], dict) else ""
            )
            if not request_path.startswith("/cds-services/"):
                hook = capture["body"].get("hook", "patient-view")
                request_path = {
                    "patient-view": SERVICE,
                    "order-select": "/cds-services/bm-order-select",
                    "order-sign": "/cds-services/bm-order-sign",
                }.get(hook, SERVICE)
            calls.append((request_path, capture["body"]))
    return calls


ODD_VALUES = [
    "",
    "—",
    "**",
    "(((",
    "1/0",
    "9**9**9",
    "mg/dL",
    "1e400",
    "NaN",
    "-1",
    "0",
    "\u202e",
    "\x00",
    "é" * 50,
    "9999-12-31T23:59:59-14:00",
    "0000-00-00",
    [],
    {},
    None,
    True,
    -1,
    0,
    1e308,
    10**30,
    "x" * 5000,
]


def mutate(value: object, rng: random.Random, depth: int = 0) -> object:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            roll = rng.random()
            if roll < 0.03:
                continue  # drop the key
            out[key] = rng.choice(ODD_VALUES) if roll < 0.08 else mutate(item, rng, depth + 1)
        if rng.random() < 0.02:
            out[rng.choice(["extra", "valueQuantity", "status", "code"])] = rng.choice(ODD_VALUES)
        return out
    if isinstance(value, list):
        items = [mutate(item, rng, depth + 1) for item in value if rng.random() > 0.03]
        if items and rng.random() < 0.03:
            items.append(copy.deepcopy(rng.choice(items)))
        return items
    if rng.random() < 0.04:
        return rng.choice(ODD_VALUES)
    return value


# -- scenarios -----------------------------------------------------------------------------------------
def scenario_fuzz(base: str, client: Client, scale: float) -> dict:
    figures = Figures("fuzz")
    rng = random.Random(13)
    calls = sandbox_calls() + [(SERVICE, json.loads(EXAMPLE.read_text(encoding="utf-8")))]
    total = int(2000 * scale)

    def one(i: int) -> None:
        path, body = calls[i % len(calls)]
        local = random.Random(rng.random() + i)
        if local.random() < 0.1:
            data = local.choice(
                [b"{", b"[]", b"\xff\xfe", b'{"hook": ' * 2000, json.dumps(body).encode()[: local.randint(1, 200)]]
            )
        else:
            data = json.dumps(mutate(copy.deepcopy(body), local), default=str).encode()
        token = client.token(base + path)
        ctype = local.choice(["application/json"] * 9 + ["text/plain"])
        status, reply, seconds, error = send(
            base, "POST", path, data, {"Content-Type": ctype, "Authorization": f"Bearer {token}"}
        )
        figures.record(status, seconds, error, valid_token=True, body=reply)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(total)))
    return figures.summary()


def scenario_auth(base: str, client: Client) -> dict:
    figures = Figures("auth")
    body = json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8"))).encode()
    aud = base + SERVICE
    bad_tokens = [
        "é" * 40,
        "токен",
        "中文令牌",
        "a.b.c",
        "",
        " " * 10,
        "x" * 20000,
        client.token(aud, tenant=["a", "b"]),
        client.token(aud, exp=10**400),
        client.token(aud, iat=10**400),
        client.token(aud, nbf=10**400),
        client.token(aud, exp=float("nan")),
        client.token(aud, exp=-1),
        client.token("https://other-cds.example" + SERVICE),
        client.token(aud, jti=["x"]),
        client.token(aud, iss=["x"]),
        client.token({"x": 1}),
    ]
    for token in bad_tokens:
        raw = ("Bearer " + token).encode("utf-8")
        status, reply, seconds, error = send_raw_auth(base, raw, body)
        figures.record(status, seconds, error, body=reply.partition(b"\r\n\r\n")[2])
    # The Host-header audience trick of issue 13.6, with X-Forwarded-Proto.
    spoof = client.token("https://other-cds.example" + SERVICE)
    status, reply, seconds, error = send(
        base,
        "POST",
        SERVICE,
        body,
        {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {spoof}",
            "Host": "other-cds.example",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "other-cds.example",
        },
    )
    figures.record(status, seconds, error, body=reply)
    figures.notes["spoofed_host_accepted"] = int(status not in (401, 421))
    figures.notes["accepted_bad_tokens"] = sum(v for k, v in figures.statuses.items() if k and k < 400)
    return figures.summary()


def send_raw_auth(base: str, authorization: bytes, body: bytes) -> tuple[int | None, bytes, float, str | None]:
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    request = (
        (
            f"POST {SERVICE} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n"
        ).encode()
        + b"Authorization: "
        + authorization
        + b"\r\n\r\n"
        + body
    )
    try:
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(request)
            reply = b""
            while chunk := conn.recv(65536):
                reply += chunk
        status = int(reply.split(b" ", 2)[1])
        return status, reply, time.monotonic() - started, None
    except OSError as exc:
        return None, b"", time.monotonic() - started, type(exc).__name__


def timed_discovery(base: str, stop: threading.Event, figures: Figures) -> None:
    while not stop.is_set():
        status, _, seconds, error = send(base, "GET", "/cds-services", None, {}, timeout=30)
        with figures.lock:
            figures.notes.setdefault("_discovery", []).append(seconds)
            if error or status != 200:
                figures.notes["discovery_failures"] = figures.notes.get("discovery_failures", 0) + 1
        stop.wait(0.2)


def discovery_notes(figures: Figures) -> None:
    times = sorted(figures.notes.pop("_discovery", []) or [0.0])
    figures.notes["discovery_p99_ms"] = round(times[min(len(times) - 1, int(0.99 * len(times)))] * 1000, 1)
    figures.notes["discovery_max_ms"] = round(times[-1] * 1000, 1)
    figures.notes.setdefault("discovery_failures", 0)


def scenario_fhir_faults(
    base: str, client: Client, fhir_base: str, *, name: str, faults: list[str], rounds: int, concurrency: int
) -> dict:
    """Calls whose observations and conditions must come from a faulty FHIR server; discovery timed meanwhile."""
    figures = Figures(name)
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    stop = threading.Event()
    watcher = threading.Thread(target=timed_discovery, args=(base, stop, figures))
    watcher.start()

    def one(i: int) -> None:
        fault = faults[i % len(faults)]
        body = copy.deepcopy(example)
        body["fhirServer"] = f"{fhir_base}/{fault}"
        body["fhirAuthorization"] = {
            "access_token": "opaque-token",
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "reliability",
        }
        for key in ("observations", "conditions"):
            body.get("prefetch", {}).pop(key, None)
        token = client.token(base + SERVICE)
        status, reply, seconds, error = send(
            base,
            "POST",
            SERVICE,
            json.dumps(body).encode(),
            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        figures.record(status, seconds, error, valid_token=True, body=reply)
        with figures.lock:
            figures.notes.setdefault("by_fault", {}).setdefault(fault, Counter())[str(status or error)] += 1

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(len(faults) * rounds)))
    stop.set()
    watcher.join()
    discovery_notes(figures)
    figures.notes["by_fault"] = {k: dict(v) for k, v in figures.notes.get("by_fault", {}).items()}
    return figures.summary()


def scenario_slow_clients(base: str) -> dict:
    figures = Figures("slow-clients")
    host, port = base.removeprefix("http://").split(":")
    stalled = []
    for i in range(32):
        conn = socket.create_connection((host, int(port)), timeout=5)
        if i % 2:
            conn.sendall(f"POST {SERVICE} HTTP/1.1\r\nHost: {host}:{port}\r\n".encode())
        else:
            conn.sendall(
                f"POST {SERVICE} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                f'Content-Length: 5000\r\n\r\n{{"hook": '.encode()
            )
        stalled.append(conn)
    stop = threading.Event()
    watcher = threading.Thread(target=timed_discovery, args=(base, stop, figures))
    watcher.start()
    started = time.monotonic()
    closed = 0
    for conn in stalled:
        conn.settimeout(max(0.1, CLIENT_TIMEOUT * 3 - (time.monotonic() - started)))
        try:
            while conn.recv(4096):
                pass
            closed += 1
        except ConnectionResetError:
            closed += 1
        except TimeoutError:
            pass
        finally:
            conn.close()
    figures.notes["stalled_connections"] = len(stalled)
    figures.notes["closed_by_server"] = closed
    figures.notes["seconds_to_close_all"] = round(time.monotonic() - started, 1)
    stop.set()
    watcher.join()
    figures.latencies = list(figures.notes.get("_discovery", []))
    figures.statuses[200] = len(figures.latencies) - figures.notes.get("discovery_failures", 0)
    discovery_notes(figures)
    return figures.summary()


def scenario_load(base: str, client: Client, scale: float, name: str = "load", during: object = None) -> dict:
    figures = Figures(name)
    body = json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8"))).encode()
    big = json.dumps({"hook": "patient-view", "padding": "x" * 200_000}).encode()
    total, concurrency = int(3000 * scale), 32
    host, port = base.removeprefix("http://").split(":")
    counter = iter(range(total))
    lock = threading.Lock()
    deadline = time.monotonic() + 300

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            if i % 10 == 5:  # an early refusal of a large unread body, then the next request on this connection
                path, data, valid = "/cds-services/no-such-service", big, False
                headers = {"Content-Type": "application/json"}
            else:
                path, data, valid = SERVICE, body, True
                headers = {
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {client.token(base + SERVICE)}",
                }
            status, reply, seconds, error = send(base, "POST", path, data, headers, connection=conn)
            figures.record(status, seconds, error, valid_token=valid, body=reply)
            if error:
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    if callable(during):
        during()
    for thread in threads:
        thread.join()
    figures.notes["requests_per_second"] = round(len(figures.latencies) / (time.monotonic() - started), 1)
    return figures.summary()


SCENARIOS = ["fuzz", "auth", "fhir-faults", "fhir-hang", "fhir-ok-burst", "slow-clients", "load", "kill-worker"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the request counts")
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, default=SCENARIOS, help="run these scenarios only")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep-log", type=Path, help="copy the server's log here")
    args = parser.parse_args()

    client = Client()
    fhir = ThreadingHTTPServer(("127.0.0.1", 0), FaultyFhir)
    fhir.daemon_threads = True
    threading.Thread(target=fhir.serve_forever, daemon=True).start()
    fhir_base = f"http://127.0.0.1:{fhir.server_address[1]}/fhir"

    with tempfile.TemporaryDirectory() as tmp:
        process, base, log_path = start_server(Path(tmp), client, fhir_base)

        def kill_one_worker() -> None:
            time.sleep(2)
            victims = server_pids(process.pid)[1:]
            if victims:
                os.kill(victims[0], signal.SIGKILL)

        scenarios = {
            "fuzz": lambda: scenario_fuzz(base, client, args.scale),
            "auth": lambda: scenario_auth(base, client),
            # each fault alone: what a call gets from it
            "fhir-faults": lambda: scenario_fhir_faults(
                base,
                client,
                fhir_base,
                name="fhir-faults",
                faults=FAULTS,
                rounds=max(1, int(3 * args.scale)),
                concurrency=1,
            ),
            # 16 calls at once on servers that hang: the rest of the service must keep answering
            "fhir-hang": lambda: scenario_fhir_faults(
                base,
                client,
                fhir_base,
                name="fhir-hang",
                faults=["stall", "trickle-head", "trickle-body"],
                rounds=max(1, int(16 * args.scale)),
                concurrency=16,
            ),
            # 16 calls at once fetching from a healthy server (50 ms an answer): what the fetch limit costs
            "fhir-ok-burst": lambda: scenario_fhir_faults(
                base,
                client,
                fhir_base,
                name="fhir-ok-burst",
                faults=["ok"],
                rounds=max(1, int(160 * args.scale)),
                concurrency=16,
            ),
            "slow-clients": lambda: scenario_slow_clients(base),
            "load": lambda: scenario_load(base, client, args.scale),
            "kill-worker": lambda: scenario_load(
                base, client, args.scale / 3, name="kill-worker", during=kill_one_worker
            ),
        }
        try:
            time.sleep(1)
            rss_before = rss_mb(server_pids(process.pid))
            results = [scenarios[name]() for name in SCENARIOS if name in args.only]
            time.sleep(1)
            rss_after = rss_mb(server_pids(process.pid))
        finally:
            process.terminate()
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
            FaultyFhir.stop.set()
            fhir.shutdown()
        if args.keep_log:
            args.keep_log.write_bytes(log_path.read_bytes())
        log = log_path.read_text(errors="replace")
    run = {
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "server": f"bone-mets-cds, WORKERS={WORKERS} THREADS={THREADS} CLIENT_TIMEOUT_SECONDS={CLIENT_TIMEOUT} "
        f"FHIR_TOTAL_TIMEOUT_SECONDS={FHIR_DEADLINE}, JWT required, SQLite",
        "worker_boots": log.count("Booting worker with pid"),
        "worker_restarts": log.count("Booting worker with pid") - WORKERS,
        "workers_killed_on_purpose": int("kill-worker" in args.only),
        "worker_timeouts": log.count("WORKER TIMEOUT"),
        "tracebacks_in_log": log.count("Traceback"),
        "jwt_refusals_in_log_by_reason": {
            reason: sum(1 for line in log.splitlines() if "jwt rejected" in line and reason in line)
            for reason in ("already used (replay)", "replay store unavailable", "does not name", "is not allowed")
        },
        "replay_store_warnings": sorted(
            {line.split("WARNING", 1)[1][:200] for line in log.splitlines() if "replay store unavailable (" in line}
        )[:3],
        "rss_mb_before": rss_before,
        "rss_mb_after": rss_after,
        "scenarios": results,
    }
    print(json.dumps(run, indent=2, default=str))
    if args.json:
        args.json.write_text(json.dumps(run, indent=2, default=str))


if __name__ == "__main__":
    main()
