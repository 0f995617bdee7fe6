#!/usr/bin/env python3
"""Where one service call's time goes, in-process (Flask test client, no network), grouped by stage.

    .venv/bin/python scripts/profile_request.py [--requests 50] [--top 15] [--patient typical|synthea|both]

For each patient (the typical oncology patient of scripts/typical_patient.py; a whole Synthea record
from ../shared/fhir-data), it sends ``--requests`` patient-view calls, each with a fresh ES384 JWT
(JWT_REQUIRED on, replay store on the default SQLite file), and prints:
  - the wall time per request without the profiler (p50 / p95),
  - the profiled self time grouped by stage (validation, JSON parse, auth/JWT, replay store,
    fhir_mappings, guideline, cards, response JSON, Flask/Werkzeug, other), built-in functions
    counted in the stage of the Python function that called them,
  - the functions with the most self time.
Signing the tokens happens outside the measured calls.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import SHARED, hook_request, prefetch_from, synthea  # noqa: E402
from jwt_helpers import ISSUER, bearer, claims, ec_p384_key, jwks  # noqa: E402
from typical_patient import typical_request  # noqa: E402

from cds_service import create_app  # noqa: E402

SERVICE = "bm-patient-view"
AUDIENCE = f"http://localhost/cds-services/{SERVICE}"

# (stage, path fragments of its source files); the first match wins.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("validation", ("cds_service/validation.py", "cds_service/schemas", "/jsonschema", "/referencing/", "/rpds")),
    ("auth / JWT", ("cds_service/auth.py", "cds_service/jwks.py", "/jwt/", "/cryptography/")),
    ("replay store", ("cds_service/replay.py", "cds_service/database.py", "/sqlalchemy/", "sqlite3")),
    ("JSON parse", ("json/decoder.py", "_json", "orjson", "api.py:_json_body")),
    ("fetch / prefetch", ("cds_service/fhir_data.py", "cds_service/fhir_client.py")),
    ("fhir_mappings", ("fhir_mappings/", "terminology/")),
    ("guideline", ("guideline/",)),
    ("cards", ("cards/",)),
    ("response JSON", ("json/encoder.py", "flask/json", "jsonify")),
    ("Flask / Werkzeug", ("/flask/", "/werkzeug/")),
]


def stage_of(func: tuple[str, int, str]) -> str | None:
    filename, _, name = func
    if filename == "~" or filename.endswith("/threading.py"):  # built-ins and waits: the caller's stage
        if "scanner" in name.lower() or "_json" in name or "orjson" in name:
            return "JSON parse"
        return None
    where = f"{filename}:{name}"
    for stage, fragments in STAGES:
        if any(fragment in where for fragment in fragments):
            return stage
    return "other"


def grouped(stats: pstats.Stats) -> dict[str, float]:
    """Self time per stage; a built-in's time goes to its callers' stages in proportion to their share."""
    table = stats.stats  # type: ignore[attr-defined]
    totals: dict[str, float] = defaultdict(float)

    def resolve(func: tuple[str, int, str], depth: int = 0) -> dict[str, float]:
        """Shares of ``func``'s self time per stage."""
        stage = stage_of(func)
        if stage is not None:
            return {stage: 1.0}
        callers = table[func][4]
        weight = sum(c[2] for c in callers.values()) or 1.0
        shares: dict[str, float] = defaultdict(float)
        if not callers or depth > 5:
            return {"other": 1.0}
        for caller, caller_stats in callers.items():
            for stage_name, share in (resolve(caller, depth + 1) if caller in table else {"other": 1.0}).items():
                shares[stage_name] += share * caller_stats[2] / weight
        return shares

    for func, (_, _, self_time, _, _) in table.items():
        for stage, share in resolve(func).items():
            totals[stage] += self_time * share
    return totals


def make_client():
    key = ec_p384_key()
    db = Path(tempfile.mkdtemp(prefix="profile-")) / "cds.sqlite3"
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{db}",
            "JWT_REQUIRED": True,
            "TRUSTED_ISSUERS": {ISSUER: {"jwks": jwks(key), "algorithms": ["ES384"]}},
            "LOG_LEVEL": "WARNING",
        }
    )
    gc.freeze()  # as each server worker does after start-up (cds_service.cli.serve)
    return app.test_client(), key


def profile(label: str, body: dict, requests: int, top: int) -> None:
    client, key = make_client()
    raw = json.dumps(body).encode()
    headers = [bearer(key.sign(claims(AUDIENCE))) for _ in range(2 * requests + 5)]

    def call(i: int) -> None:
        response = client.post(
            f"/cds-services/{SERVICE}",
            data=raw,
            headers={**headers[i], "Content-Type": "application/json"},
        )
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code} {response.get_data(as_text=True)[:300]}")

    for i in range(5):  # warm caches (value-set index, schema validators, JWKS)
        call(i)
    wall: list[float] = []
    for i in range(5, 5 + requests):
        started = time.perf_counter()
        call(i)
        wall.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(5 + requests, 5 + 2 * requests):
        call(i)
    profiler.disable()
    stats = pstats.Stats(profiler)
    totals = grouped(stats)
    profiled = sum(totals.values())
    wall.sort()
    print(f"\n== {label}: {len(raw) / 1024:.0f} KB request, {requests} calls")
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    print(f"wall per call (no profiler): p50 {statistics.median(wall):.2f} ms, p95 {p95:.2f} ms")
    print(f"profiled self time per call, by stage (total {profiled / requests * 1000:.2f} ms with profiler overhead):")
    for stage, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {stage:18} {seconds / requests * 1000:7.2f} ms  {100 * seconds / profiled:5.1f} %")
    print(f"top {top} functions by self time (ms per call):")
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:top]  # type: ignore[attr-defined]
    for (filename, line, name), (_, ncalls, self_time, cumulative, _) in rows:
        short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        print(
            f"  {self_time / requests * 1000:6.2f} self {cumulative / requests * 1000:6.2f} cum "
            f"{ncalls // requests:6d}× {short}:{line}({name})"
        )


def synthea_request(name: str) -> tuple[str, dict] | None:
    path = next((SHARED / "fhir-data" / "synthea-smart-r4").glob(f"{name}_*.json"), None)
    if path is None:
        return None
    resources = synthea(path)
    pid, prefetch = prefetch_from(resources, SERVICE)
    count = sum(len(v.get("entry", [])) for v in prefetch.values() if isinstance(v, dict) and "entry" in v)
    return f"Synthea {name} ({count} resources)", hook_request("patient-view", pid, prefetch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--patient", choices=("typical", "synthea", "both"), default="both")
    parser.add_argument("--synthea", default="Vito_Feeney", help="which Synthea record (file name prefix)")
    args = parser.parse_args()
    if args.patient in ("typical", "both"):
        body = typical_request(SERVICE)
        count = sum(len(v.get("entry", [])) for v in body["prefetch"].values() if isinstance(v, dict) and "entry" in v)
        profile(f"typical oncology patient ({count + 1} resources)", body, args.requests, args.top)
    if args.patient in ("synthea", "both"):
        found = synthea_request(args.synthea)
        if found is None:
            print(f"no Synthea record {args.synthea} under {SHARED / 'fhir-data'}", file=sys.stderr)
        else:
            profile(found[0], found[1], max(10, args.requests // 3), args.top)


if __name__ == "__main__":
    main()
