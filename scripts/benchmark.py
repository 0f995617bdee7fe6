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
each worker's RSS after warm-up and after the run.

The fetch path: the typical patient sent without prefetch, its data served by scripts/bench_fhir.py
(a FHIR server on 127.0.0.1 answering every read and search after --fhir-delay seconds); the ratio is
the call's p50 ÷ one FHIR round trip's p50 (the client's own GET of one search). Then the deadline:
calls against a FHIR server that answers only after the service's FHIR_TOTAL_TIMEOUT_SECONDS
(--fhir-deadline) has passed; the longest call is reported beside the deadline.

--soak SECONDS then sends typical calls (every tenth a Synthea one) at --soak-rate per second for that
long and prints each worker's RSS every --soak-every seconds: memory should stay flat.

Usage: .venv/bin/python scripts/benchmark.py [--requests 200] [--concurrency 1 8] [--workers 2] [--json]
       .venv/bin/python scripts/benchmark.py --soak 600 [--soak-rate 40] [--soak-every 30]
Only loopback traffic; every load is bounded by --requests and --max-seconds (the soak by --soak). The
client runs on the same machine: on 2 cores, its threads compete with the workers (both sides alike).
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


def start_service(
    port: int, workers: int, threads: int, db: Path, jwks: dict, fhir_servers: list[str], fhir_deadline: float
) -> subprocess.Popen:
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
        "ALLOWED_FHIR_SERVERS": json.dumps(fhir_servers),
        "FHIR_TOTAL_TIMEOUT_SECONDS": str(fhir_deadline),
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


def start_fhir(port: int, data: Path, delay: float) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "scripts" / "bench_fhir.py"), "--port", str(port), "--data", str(data)]
    fhir = subprocess.Popen([*command, "--delay", str(delay)], cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return fhir
        except OSError:
            time.sleep(0.1)
    fhir.terminate()
    raise SystemExit("the benchmark FHIR server did not start within 30 s")


def by_type(body: dict) -> dict[str, list[dict]]:
    """The prefetched resources of a request by resource type: what the benchmark FHIR server serves."""
    found: dict[str, list[dict]] = {}
    for value in body["prefetch"].values():
        items = [e["resource"] for e in value.get("entry", [])] if value.get("resourceType") == "Bundle" else [value]
        for resource in items:
            found.setdefault(resource["resourceType"], []).append(resource)
    return found


def fetch_request(body: dict, fhir_url: str) -> dict:
    """The same call without prefetch: the service reads everything from ``fhir_url``."""
    return {**{k: v for k, v in body.items() if k != "prefetch"}, "fhirServer": fhir_url}


def round_trip_ms(url: str, calls: int = 20) -> float:
    """p50 of one search on the benchmark FHIR server, from this client: what one fetch costs at least."""
    session, took = requests.Session(), []
    for _ in range(calls):
        started = time.perf_counter()
        session.get(url, timeout=30).raise_for_status()
        took.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(took), 1)


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


def run_load(
    url: str, body: dict, tokens: Tokens, total: int, concurrency: int, max_seconds: float, warm: int = 5
) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
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
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code != 200:
                errors += 1

    for call in range(warm):  # warm the workers' caches
        one(call)
    latencies.clear()
    statuses.clear()
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
        "max_ms": round(latencies[-1] * 1000, 1),
        "rps": round(len(latencies) / wall, 1),
        "statuses": statuses,
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


def soak(url: str, bodies: list[dict], tokens: Tokens, master: int, seconds: float, rate: float, every: float) -> list:
    """Calls at ``rate`` per second for ``seconds`` (bodies in turn), RSS of each worker every ``every`` seconds."""
    payloads = [(json.dumps(body).encode(), body["hookInstance"].encode()) for body in bodies]
    samples = [(0, worker_rss_mb(master), 0, 0)]
    started, sent, failed = time.monotonic(), 0, 0

    def one(number: int, at: float) -> int:
        time.sleep(max(0.0, at - time.monotonic()))  # paced, not as fast as possible
        payload, instance = payloads[number % len(payloads)]
        data = payload.replace(instance, str(uuid.uuid4()).encode())
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {tokens.next()}"}
        return requests.post(url, data=data, headers=headers, timeout=60).status_code

    with ThreadPoolExecutor(4) as pool:
        while (elapsed := time.monotonic() - started) < seconds:
            batch = max(1, int(min(every, seconds - elapsed) * rate))
            tokens.sign(url, batch)
            window = time.monotonic()
            codes = list(pool.map(one, range(sent, sent + batch), [window + i / rate for i in range(batch)]))
            sent += len(codes)
            failed += sum(code != 200 for code in codes)
            samples.append((round(time.monotonic() - started), worker_rss_mb(master), sent, failed))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="calls per patient, concurrency and server")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="THREADS of the service (waitress adds 8 for fetches)")
    parser.add_argument("--synthea", default="Vito_Feeney")
    parser.add_argument("--max-seconds", type=float, default=90.0, help="bound on each load")
    parser.add_argument("--fhir-delay", type=float, default=0.05, help="seconds the benchmark FHIR server takes")
    parser.add_argument("--fhir-deadline", type=float, default=2.0, help="the service's FHIR_TOTAL_TIMEOUT_SECONDS")
    parser.add_argument("--soak", type=float, default=0.0, help="seconds of steady load, reporting RSS (0: none)")
    parser.add_argument("--soak-rate", type=float, default=40.0, help="calls per second during the soak")
    parser.add_argument("--soak-every", type=float, default=30.0, help="seconds between RSS samples")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    private = ec.generate_private_key(ec.SECP384R1())
    public_jwk = {**jwt.algorithms.ECAlgorithm.to_jwk(private.public_key(), as_dict=True), "kid": KID, "alg": "ES384"}
    tokens = Tokens(private)
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    service_port, floor_port, fhir_port, stalled_port = free_port(), free_port(), free_port(), free_port()
    fhir_url, stalled_url = f"http://127.0.0.1:{fhir_port}/fhir", f"http://127.0.0.1:{stalled_port}/fhir"
    db = tmp / f"bench-{service_port}.sqlite3"
    pem = tmp / f"bench-{floor_port}.pem"
    fhir_data = tmp / f"bench-{fhir_port}.json"
    pem.write_bytes(
        private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    found = patients(args.synthea)
    typical = found[0][1]
    fhir_data.write_text(json.dumps(by_type(typical)), encoding="utf-8")
    processes: list[subprocess.Popen] = []
    results: list[dict] = []
    fetch: dict = {}
    samples: list = []
    service_url = f"http://127.0.0.1:{service_port}/cds-services/{SERVICE}"
    try:
        processes.append(start_fhir(fhir_port, fhir_data, args.fhir_delay))
        processes.append(start_fhir(stalled_port, fhir_data, args.fhir_deadline + 3))
        jwks, fhir_servers = {"keys": [public_jwk]}, [fhir_url, stalled_url]
        service = start_service(service_port, args.workers, args.threads, db, jwks, fhir_servers, args.fhir_deadline)
        processes.append(service)
        rss = {"service_warm": [], "service": [], "floor": []}
        if args.soak <= 0:
            floor = start_floor(floor_port, args.workers, args.threads + 8, pem)
            processes.append(floor)
            for label, body in found:
                size = response_size(service_url, body, tokens)
                if not rss["service_warm"]:
                    rss["service_warm"] = worker_rss_mb(service.pid)
                floor_url = f"http://127.0.0.1:{floor_port}/cds-services/{SERVICE}?size={size}"
                for concurrency in args.concurrency:
                    row: dict = {"patient": label, "concurrency": concurrency, "response_bytes": size}
                    for name, url in (("service", service_url), ("floor", floor_url)):
                        row[name] = run_load(url, body, tokens, args.requests, concurrency, args.max_seconds)
                    row["rps_ratio"] = round(row["service"]["rps"] / row["floor"]["rps"], 2)
                    row["p50_ratio"] = round(row["service"]["p50_ms"] / row["floor"]["p50_ms"], 2)
                    results.append(row)
            fetch = measure_fetch(service_url, typical, tokens, args, fhir_url, stalled_url)
            rss["floor"] = worker_rss_mb(floor.pid)
        else:
            response_size(service_url, typical, tokens)
            rss["service_warm"] = worker_rss_mb(service.pid)
            bodies = [typical] * 9 + [b for _, b in found[1:2]]
            samples = soak(service_url, bodies, tokens, service.pid, args.soak, args.soak_rate, args.soak_every)
        rss["service"] = worker_rss_mb(service.pid)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        for path in (db, pem, fhir_data):
            path.unlink(missing_ok=True)

    if args.json:
        print(json.dumps({"results": results, "fetch": fetch, "worker_rss_mb": rss, "soak": samples}, indent=2))
        return
    load = os.getloadavg()
    print(
        f"{args.workers} workers × {args.threads}+8 threads (same for both); {args.requests} calls per row; "
        f"{os.cpu_count()} CPUs; load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    if results:
        print_rows(results)
    if fetch:
        print_fetch(fetch, args)
    if samples:
        print(f"soak: {args.soak:.0f} s at {args.soak_rate:g} calls/s (every tenth Synthea); worker RSS (MB)")
        print("| seconds | calls | failed | worker RSS MB |")
        print("|---|---|---|---|")
        for elapsed, sizes, sent, failed in samples:
            print(f"| {elapsed} | {sent} | {failed} | {sizes} |")
    print(
        f"worker RSS (MB): service after warm-up {rss['service_warm']}, after the run {rss['service']}"
        + (f"; floor after the run {rss['floor']}" if rss["floor"] else "")
    )


def measure_fetch(service_url: str, typical: dict, tokens: Tokens, args, fhir_url: str, stalled_url: str) -> dict:
    """The fetch path at each concurrency, against one FHIR round trip; then calls that meet the deadline."""
    trip = round_trip_ms(f"{fhir_url}/Observation?patient=x")
    rows = []
    body = fetch_request(typical, fhir_url)
    for concurrency in args.concurrency:
        load = run_load(service_url, body, tokens, max(20, args.requests // 4), concurrency, args.max_seconds)
        rows.append({"concurrency": concurrency, "service": load, "trip_ratio": round(load["p50_ms"] / trip, 2)})
    stalled = run_load(service_url, fetch_request(typical, stalled_url), tokens, 6, 2, args.max_seconds, warm=0)
    return {"round_trip_ms": trip, "rows": rows, "deadline_s": args.fhir_deadline, "stalled": stalled}


def print_rows(results: list[dict]) -> None:
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


def print_fetch(fetch: dict, args) -> None:
    print(
        f"fetch path (typical patient, no prefetch; each FHIR answer after {args.fhir_delay * 1000:g} ms; "
        f"one round trip p50 {fetch['round_trip_ms']} ms):"
    )
    print("| c | service p50 / p95 / p99 ms | req/s | p50 ÷ one round trip | statuses |")
    print("|---|---|---|---|---|")
    for row in fetch["rows"]:
        s = row["service"]
        print(
            f"| {row['concurrency']} | {s['p50_ms']} / {s['p95_ms']} / {s['p99_ms']} | {s['rps']} "
            f"| **{row['trip_ratio']}** | {s['statuses']} |"
        )
    stalled = fetch["stalled"]
    print(
        f"FHIR server slower than the deadline ({fetch['deadline_s']:g} s): {stalled['requests']} calls, "
        f"longest {stalled['max_ms'] / 1000:.2f} s, statuses {stalled['statuses']}"
    )


if __name__ == "__main__":
    main()
