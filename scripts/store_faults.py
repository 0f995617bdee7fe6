"""Store faults against the real server: fresh databases, replays, a hung database. Prints the figures.

Not part of the test suite (it takes about a minute). For each database the real server (gunicorn,
as `make run` starts it, 2 workers x 4 threads) is started on a free 127.0.0.1 port, then:

- a burst of fresh valid tokens at once on the fresh database (all must be accepted);
- the same tokens again (all must be refused: replays);
- one feedback post (stored; on a hung database 503 with Retry-After);
- figures: status counts, slowest answer, feedback rows stored vs expected.

Databases: a fresh SQLite file; a fresh schema on PostgreSQL (TEST_POSTGRES_URL, skipped when it is
not running); and a "black hole" PostgreSQL (a TCP server on 127.0.0.1 that accepts and never
answers), by default and with JWT_REPLAY_FAIL_CLOSED=true. While the database is down, replays that
reach the other worker are accepted by default (docs/auth.md says why); with fail-closed every call
is refused. Everything listens on 127.0.0.1 and stops at the end.

    .venv/bin/python scripts/store_faults.py [--burst 40]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from jwt_helpers import ISSUER, bearer, claims, ec_p384_key, jwks  # noqa: E402 (the tests' client keys)

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SERVICE = "/cds-services/bm-patient-view"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1958-04-02"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BlackHole:
    """Accepts connections and never answers."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.server.getsockname()[1]}/cds"

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.server.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        for sock in self.held:
            sock.close()
        self.server.close()


def prefetch(base: str) -> dict:
    services = requests.get(base + "/cds-services", timeout=10).json()["services"]
    keys = next(s for s in services if s["id"] == "bm-patient-view").get("prefetch", {})
    empty = {"resourceType": "Bundle", "type": "searchset", "entry": []}
    return {**{key: empty for key in keys}, "patient": PATIENT}


def scenario(name: str, database_url: str, burst: int, **settings: str) -> dict:
    key = ec_p384_key()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PORT": str(port),
        "WORKERS": "2",
        "THREADS": "4",
        "DATABASE_URL": database_url,
        "TRUSTED_ISSUERS": json.dumps({ISSUER: {"jwks": jwks(key)}}),
        "PUBLIC_BASE_URL": base,
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    started = time.monotonic()
    server = subprocess.Popen([sys.executable, "-m", "cds_service"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            try:
                body = {
                    "hook": "patient-view",
                    "hookInstance": str(uuid.uuid4()),
                    "context": {"patientId": "p1", "userId": "Practitioner/1"},
                    "prefetch": prefetch(base),
                }
                break
            except requests.RequestException:
                if time.monotonic() - started > 60:
                    raise RuntimeError(f"{name}: the server did not start; see {log.name}") from None
                time.sleep(0.1)
        ready = time.monotonic() - started
        tokens = [key.sign(claims(base + SERVICE)) for _ in range(burst)]

        def call(token: str) -> tuple[int, float]:
            sent = time.monotonic()
            response = requests.post(base + SERVICE, json=body, headers=bearer(token), timeout=120)
            return response.status_code, time.monotonic() - sent

        with ThreadPoolExecutor(burst) as pool:
            first = list(pool.map(call, tokens))
        with ThreadPoolExecutor(burst) as pool:
            again = list(pool.map(call, tokens))
        item = {
            "card": str(uuid.uuid4()),
            "outcome": "accepted",
            "acceptedSuggestions": [{"id": str(uuid.uuid4())}],
            "outcomeTimestamp": "2026-01-01T00:00:00Z",
        }
        sent = time.monotonic()
        feedback = requests.post(
            base + SERVICE + "/feedback",
            json={"feedback": [item]},
            headers=bearer(key.sign(claims(base + SERVICE + "/feedback"))),
            timeout=120,
        )
        feedback_took = time.monotonic() - sent
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {
        "database": name,
        "ready_s": round(ready, 1),
        "fresh_tokens": dict(Counter(status for status, _ in first)),
        "fresh_slowest_s": round(max(took for _, took in first), 2),
        "replays": dict(Counter(status for status, _ in again)),
        "replays_slowest_s": round(max(took for _, took in again), 2),
        "feedback": feedback.status_code,
        "feedback_retry_after": feedback.headers.get("Retry-After"),
        "feedback_s": round(feedback_took, 2),
        "rows_stored": rows(database_url),
        "log": log.name,
    }


def rows(database_url: str) -> int | None:
    if "127.0.0.1:5432" not in database_url and not database_url.startswith("sqlite"):
        return None  # the hung database
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM cds_feedback")).scalar_one()
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=40, help="concurrent fresh tokens (default 40)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as directory:
        results.append(scenario("sqlite (fresh file)", f"sqlite:///{directory}/cds.sqlite3", args.burst))
    admin = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        psycopg.connect(admin, connect_timeout=2).close()
    except psycopg.Error:
        print("PostgreSQL not running: its scenario skipped", file=sys.stderr)
    else:
        schema = f"faults_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
            results.append(scenario("postgresql (fresh schema)", url.render_as_string(False), args.burst))
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    hole = BlackHole()
    try:
        results.append(scenario("postgresql (hung: accepts, never answers)", hole.url, args.burst))
        results.append(
            scenario("same, JWT_REPLAY_FAIL_CLOSED=true", hole.url, args.burst, JWT_REPLAY_FAIL_CLOSED="true")
        )
    finally:
        hole.close()
    for result in results:
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
