#!/usr/bin/env python3
"""Latency and throughput of the running service, against baselines measured in the same run.

Starts the real server (gunicorn, as `make run` does) on a free 127.0.0.1 port, then sends
bounded loads from client threads and reports p50/p90/p99/max latency and requests per second:

  baseline-discovery   GET /cds-services: the HTTP stack alone (no auth, no logic)
  baseline-empty       patient-view for a patient with no data: protocol + pipeline overhead
  pv-synthea-<name>    patient-view with a whole Synthea record prefetched (up to ~2,000 resources)
  order-sign           order-sign with a zoledronic acid draft for a bone-metastasis patient

Usage: .venv/bin/python scripts/benchmark.py [--requests 200] [--concurrency 4] [--workers 2] [--json]
Only loopback traffic; every loop is bounded by --requests and --max-seconds.
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

import requests

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


def bone_metastasis_patient() -> list[dict]:
    pid = "bench-bm"
    subject = {"reference": f"Patient/{pid}"}
    return [
        {"resourceType": "Patient", "id": pid, "gender": "female", "birthDate": "1958-04-02"},
        {
            "resourceType": "Condition",
            "id": "bm",
            "subject": subject,
            "clinicalStatus": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
            },
            "verificationStatus": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}
                ]
            },
            "code": {
                "coding": [
                    {
                        "system": "http://hl7.org/fhir/sid/icd-10-cm",
                        "code": "C79.51",
                        "display": "Secondary malignant neoplasm of bone",
                    }
                ]
            },
            "onsetDateTime": "2026-10-01",
        },
        {
            "resourceType": "Observation",
            "id": "cr",
            "status": "final",
            "subject": subject,
            "code": {
                "coding": [
                    {
                        "system": "http://loinc.org",
                        "code": "2160-0",
                        "display": "Creatinine [Mass/volume] in Serum or Plasma",
                    }
                ]
            },
            "effectiveDateTime": "2026-11-20",
            "valueQuantity": {"value": 0.9, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL"},
        },
    ]


def zoledronic_draft(pid: str) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "MedicationRequest",
                    "id": "draft-zol",
                    "status": "draft",
                    "intent": "order",
                    "subject": {"reference": f"Patient/{pid}"},
                    "medicationCodeableConcept": {
                        "coding": [
                            {
                                "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                "code": "77655",
                                "display": "zoledronic acid",
                            }
                        ]
                    },
                    "dosageInstruction": [
                        {
                            "doseAndRate": [
                                {
                                    "doseQuantity": {
                                        "value": 4,
                                        "unit": "mg",
                                        "system": "http://unitsofmeasure.org",
                                        "code": "mg",
                                    }
                                }
                            ]
                        }
                    ],
                }
            }
        ],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int, db: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": str(workers),
        "THREADS": str(threads),
        "JWT_REQUIRED": "false",
        "DATABASE_URL": f"sqlite:///{db}",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "cds_service"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/cds-services", timeout=1).ok:
                return server
        except requests.RequestException:  # refused, or slow to answer its first request on a busy machine
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the service did not start within 30 s")


def run_load(method: str, url: str, body: dict | None, total: int, concurrency: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    local = threading.local()
    stop_at = time.monotonic() + max_seconds
    payload = json.dumps(body).encode() if body is not None else None

    def one(_: int) -> None:
        nonlocal errors
        if time.monotonic() > stop_at:
            return
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        if payload is not None:
            # A fresh hookInstance per call, as a real client sends.
            data = payload.replace(body["hookInstance"].encode(), str(uuid.uuid4()).encode())
            started = time.perf_counter()
            response = session.post(url, data=data, headers={"Content-Type": "application/json"}, timeout=30)
        else:
            started = time.perf_counter()
            response = session.get(url, timeout=30)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if response.status_code != 200:
                errors += 1

    for warm in range(min(5, total)):  # warm the workers' caches
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
        "p90_ms": round(pct(90), 1),
        "p99_ms": round(pct(99), 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "throughput_rps": round(len(latencies) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=120.0, help="bound on each scenario")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    bm = bone_metastasis_patient()
    pid, bm_prefetch = prefetch_from(bm, "bm-patient-view")
    _, sign_prefetch = prefetch_from(bm, "bm-order-sign")
    empty_pid, empty_prefetch = prefetch_from([{"resourceType": "Patient", "id": "empty"}], "bm-patient-view")
    scenarios = [
        ("baseline-discovery", "GET", "/cds-services", None),
        (
            "baseline-empty",
            "POST",
            "/cds-services/bm-patient-view",
            hook_request("patient-view", empty_pid, empty_prefetch),
        ),
        ("pv-bone-metastasis", "POST", "/cds-services/bm-patient-view", hook_request("patient-view", pid, bm_prefetch)),
        (
            "order-sign",
            "POST",
            "/cds-services/bm-order-sign",
            hook_request("order-sign", pid, sign_prefetch, {"draftOrders": zoledronic_draft(pid)}),
        ),
    ]
    for name in ("Vito_Feeney", "Fletcher_Hyatt"):
        path = next((SHARED / "fhir-data" / "synthea-smart-r4").glob(f"{name}_*.json"), None)
        if path is not None:
            resources = synthea(path)
            spid, sprefetch = prefetch_from(resources, "bm-patient-view")
            count = sum(len(v.get("entry", [])) for v in sprefetch.values() if isinstance(v, dict) and "entry" in v)
            scenarios.append(
                (
                    f"pv-synthea-{name} ({count} res)",
                    "POST",
                    "/cds-services/bm-patient-view",
                    hook_request("patient-view", spid, sprefetch),
                )
            )

    port = free_port()
    db = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{port}.sqlite3"
    server = start_server(port, args.workers, args.threads, db)
    results = {}
    try:
        for name, method, path, body in scenarios:
            results[name] = run_load(
                method, f"http://127.0.0.1:{port}{path}", body, args.requests, args.concurrency, args.max_seconds
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        db.unlink(missing_ok=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"gunicorn workers={args.workers} threads={args.threads}; client concurrency={args.concurrency}; "
        f"{args.requests} requests per scenario; {os.cpu_count()} CPUs"
    )
    header = f"{'scenario':44} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8} {'req/s':>8} {'errors':>6}"
    print(header)
    print("-" * len(header))
    base = results["baseline-discovery"]["p50_ms"] or 1.0
    for name, r in results.items():
        print(
            f"{name:44} {r['p50_ms']:8.1f} {r['p90_ms']:8.1f} {r['p99_ms']:8.1f} {r['max_ms']:8.1f} "
            f"{r['throughput_rps']:8.1f} {r['errors']:6d}   (p50 ×{r['p50_ms'] / base:.1f} baseline)"
        )


if __name__ == "__main__":
    main()
