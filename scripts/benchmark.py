#!/usr/bin/env python3
"""The service against its protocol floor, measured side by side in one run (issue 10).

Starts, each on a free 127.0.0.1 port, under the same server (gunicorn processes serving with waitress,
same workers and threads):
  service  ``python -m cds_service`` as `make run` does, JWT required (an inline ES384 JWK Set),
           replay store on a fresh SQLite file
  floor    scripts/protocol_floor.py: verifies the same ES384 JWT, json.loads the same body, answers
           with as many bytes as the service answered that request
and sends each patient-view body with a fresh, pre-signed JWT (unique jti) and a fresh hookInstance,
at each client concurrency (default 1 and 8), to both. Patients: the typical oncology patient of
scripts/typical_patient.py and a Synthea record (default Vito_Feeney, 1,244 resources). Reports
p50/p95/p99 and req/s of both, the ratio (service req/s ÷ floor req/s; service p50 ÷ floor p50) and
each worker's RSS after the run.

Usage: .venv/bin/python scripts/benchmark.py [--requests 200] [--concurrency 1 8] [--workers 2] [--json]
Only loopback traffic; every load is bounded by --requests and --max-seconds. The client runs on the
same machine: on 2 cores, its threads compete with the workers (both sides alike).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from cds_service.services import KIND_OF_RESOURCE_TYPE, PREFETCH_KEYS, SERVICES  # noqa: E402
from guideline import inputs  # noqa: E402


def prefetch_from(resources: list[dict], service_id: str) -> tuple[str, dict]:
    """Group resources into the service's prefetch keys, as an EHR honouring prefetch would."""
    service = SERVICES[service_id]
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    grouped: dict[str, list[dict]] = {kind: [] for kind in service.reads}
    for resource in resources:
        kind = KIND_OF_RESOURCE_TYPE.get(resource.get("resourceType"))
        if kind in grouped and kind != inputs.PATIENT:
            grouped[kind].append(resource)
    prefetch: dict = {}
    for kind, items in grouped.items():
        key = PREFETCH_KEYS[kind]
        if kind == inputs.PATIENT:
            prefetch[key] = patient
        else:
            entries = [{"fullUrl": f"{r['resourceType']}/{r.get('id')}", "resource": r} for r in items]
            prefetch[key] = {"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries}
    return patient["id"], prefetch


def synthea(path: Path) -> list[dict]:
    bundle = json.loads(path.read_text(encoding="utf-8"))
    resources = [e["resource"] for e in bundle["entry"]]
    # Transaction bundles reference urn:uuid ids; point every subject at the patient as a FHIR server would.
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    for resource in resources:
        for field in ("subject", "patient"):
            if isinstance(resource.get(field), dict):
                resource[field] = {"reference": f"Patient/{patient['id']}"}
    return resources


def hook_request(hook: str, patient_id: str, prefetch: dict, context: dict | None = None) -> dict:
    return {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/bench", "patientId": patient_id, **(context or {})},
        "prefetch": prefetch,
    }


ISSUER = "https://ehr.example.org/bench"
KID = "bench-es384"
SERVICE = "bm-patient-view"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(process: subprocess.Popen, port: int, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/cds-services", timeout=1).ok:
                return
        except requests.RequestException:  # refused, or slow to answer its first request on a busy machine
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the {what} did not start within 30 s")


def start_service(port: int, workers: int, threads: int, db: Path, jwks: dict) -> subprocess.Popen:
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": str(workers),
        "THREADS": str(threads),
        "JWT_REQUIRED": "true",
        "TRUSTED_ISSUERS": json.dumps({ISSUER: {"jwks": jwks, "algorithms": ["ES384"]}}),
        "DATABASE_URL": f"sqlite:///{db}",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "cds_service"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_until_up(server, port, "service")
    return server


def start_floor(port: int, workers: int, threads: int, pem: Path) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "scripts" / "protocol_floor.py"), "--port", str(port)]
    command += ["--public-key-pem", str(pem), "--workers", str(workers), "--threads", str(threads)]
    floor = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(floor, port, "protocol floor")
    return floor


def worker_rss_mb(master: int) -> list[float]:
    """Resident memory of each child process of ``master`` (the gunicorn workers), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


class Tokens:
    """Pre-signed ES384 JWTs, one per call (fresh jti), so signing never competes with the servers."""

    def __init__(self, key: ec.EllipticCurvePrivateKey) -> None:
        self.key = key
        self._tokens: list[str] = []
        self._lock = threading.Lock()

    def sign(self, audience: str, count: int) -> None:
        now = int(time.time())
        self._tokens = [
            jwt.encode(
                {"iss": ISSUER, "aud": audience, "iat": now, "exp": now + 600, "jti": str(uuid.uuid4())},
                self.key,
                algorithm="ES384",
                headers={"kid": KID},
            )
            for _ in range(count)
        ]

    def next(self) -> str:
        with self._lock:
            return self._tokens.pop()


def run_load(url: str, body: dict, tokens: Tokens, total: int, concurrency: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    local = threading.local()
    stop_at = time.monotonic() + max_seconds
    payload = json.dumps(body).encode()
    instance = body["hookInstance"].encode()
    tokens.sign(url.split("?")[0], total + 5)

    def one(_: int) -> None:
        nonlocal errors
        if time.monotonic() > stop_at:
            return
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        data = payload.replace(instance, str(uuid.uuid4()).encode())  # a fresh hookInstance, as a client sends
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {tokens.next()}"}
        started = time.perf_counter()
        response = session.post(url, data=data, headers=headers, timeout=30)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if response.status_code != 200:
                errors += 1

    for warm in range(5):  # warm the workers' caches
        one(warm)
    latencies.clear()
    errors = 0
    wall = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(total)))
    wall = time.perf_counter() - wall
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))] * 1000

    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(pct(50), 1),
        "p95_ms": round(pct(95), 1),
        "p99_ms": round(pct(99), 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "rps": round(len(latencies) / wall, 1),
    }


def patients(synthea_name: str) -> list[tuple[str, dict]]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from typical_patient import typical_request

    typical = typical_request(SERVICE)
    found = [(f"typical ({_count(typical) + 1} res, {len(json.dumps(typical)) // 1024} KB)", typical)]
    path = next((SHARED / "fhir-data" / "synthea-smart-r4").glob(f"{synthea_name}_*.json"), None)
    if path is not None:
        pid, prefetch = prefetch_from(synthea(path), SERVICE)
        body = hook_request("patient-view", pid, prefetch)
        found.append((f"Synthea {synthea_name} ({_count(body) + 1} res, {len(json.dumps(body)) // 1024} KB)", body))
    return found


def _count(body: dict) -> int:
    return sum(len(v.get("entry", [])) for v in body["prefetch"].values() if isinstance(v, dict) and "entry" in v)


def response_size(url: str, body: dict, tokens: Tokens) -> int:
    tokens.sign(url, 1)
    response = requests.post(url, json=body, headers={"Authorization": f"Bearer {tokens.next()}"}, timeout=60)
    if response.status_code != 200:
        raise SystemExit(f"the service answered {response.status_code}: {response.text[:300]}")
    return len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="calls per patient, concurrency and server")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="THREADS of the service (waitress adds 8 for fetches)")
    parser.add_argument("--synthea", default="Vito_Feeney")
    parser.add_argument("--max-seconds", type=float, default=90.0, help="bound on each load")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    private = ec.generate_private_key(ec.SECP384R1())
    public_jwk = {**jwt.algorithms.ECAlgorithm.to_jwk(private.public_key(), as_dict=True), "kid": KID, "alg": "ES384"}
    tokens = Tokens(private)
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    service_port, floor_port = free_port(), free_port()
    db = tmp / f"bench-{service_port}.sqlite3"
    pem = tmp / f"bench-{floor_port}.pem"
    pem.write_bytes(
        private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    service = start_service(service_port, args.workers, args.threads, db, {"keys": [public_jwk]})
    floor = None
    results: list[dict] = []
    try:
        floor = start_floor(floor_port, args.workers, args.threads + 8, pem)
        for label, body in patients(args.synthea):
            service_url = f"http://127.0.0.1:{service_port}/cds-services/{SERVICE}"
            size = response_size(service_url, body, tokens)
            floor_url = f"http://127.0.0.1:{floor_port}/cds-services/{SERVICE}?size={size}"
            for concurrency in args.concurrency:
                row: dict = {"patient": label, "concurrency": concurrency, "response_bytes": size}
                for name, url in (("service", service_url), ("floor", floor_url)):
                    row[name] = run_load(url, body, tokens, args.requests, concurrency, args.max_seconds)
                row["rps_ratio"] = round(row["service"]["rps"] / row["floor"]["rps"], 2)
                row["p50_ratio"] = round(row["service"]["p50_ms"] / row["floor"]["p50_ms"], 2)
                results.append(row)
        rss = {"service": worker_rss_mb(service.pid), "floor": worker_rss_mb(floor.pid)}
    finally:
        for process in (service, floor):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        db.unlink(missing_ok=True)
        pem.unlink(missing_ok=True)

    if args.json:
        print(json.dumps({"results": results, "worker_rss_mb": rss}, indent=2))
        return
    load = os.getloadavg()
    print(
        f"{args.workers} workers × {args.threads}+8 threads (same for both); {args.requests} calls per row; "
        f"{os.cpu_count()} CPUs; load average before the run ended {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        "| patient | c | service p50 / p95 / p99 ms | service req/s | floor p50 / p95 / p99 ms | floor req/s "
        "| req/s ratio | p50 ratio | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in results:
        s, f = row["service"], row["floor"]
        print(
            f"| {row['patient']} | {row['concurrency']} | {s['p50_ms']} / {s['p95_ms']} / {s['p99_ms']} | {s['rps']} "
            f"| {f['p50_ms']} / {f['p95_ms']} / {f['p99_ms']} | {f['rps']} | **{row['rps_ratio']}** "
            f"| {row['p50_ratio']} | {s['errors']} / {f['errors']} |"
        )
    print(f"worker RSS after the run (MB): service {rss['service']}, floor {rss['floor']}")


if __name__ == "__main__":
    main()
