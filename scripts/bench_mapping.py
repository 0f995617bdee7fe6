"""Benchmark: FHIR → facts for the largest Synthea patients, against json.loads of the same data.

    .venv/bin/python scripts/bench_mapping.py [--runs 30]

Reports p50 / p95 / max per patient for: json.loads of the bundle (the floor any service pays),
map_record (this package), and, once, pydantic validation of the same resources with
fhir.resources (R4B models): the cost the mapping avoids by filtering on the value-set index.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cds_service.services import KIND_OF_RESOURCE_TYPE  # noqa: E402
from fhir_mappings import PatientData, map_record  # noqa: E402

SYNTHEA = ROOT.parent / "shared" / "fhir-data" / "synthea-smart-r4"
PATIENTS = ("Fletcher_Hyatt", "Vito_Feeney", "Gilbert_Wunsch")


def grouped(bundle: dict) -> PatientData:
    resources: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        kind = KIND_OF_RESOURCE_TYPE.get(entry["resource"]["resourceType"])
        if kind:
            resources.setdefault(kind, []).append(entry["resource"])
    return PatientData(resources=resources)


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):7.2f} ms  p95 {p95:7.2f} ms  max {ordered[-1]:7.2f} ms"


def pydantic_validation_ms(data: PatientData) -> float | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fhir.resources.R4B import get_fhir_model_class
    except ImportError:
        return None
    resources = [r for items in data.resources.values() for r in items]
    start = time.perf_counter()
    for resource in resources:
        try:
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        except Exception:  # noqa: BLE001 - the cost is what we measure, not the verdict
            pass
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    as_of = datetime.now(UTC)
    for name in PATIENTS:
        (path,) = SYNTHEA.glob(f"{name}_*.json")
        raw = path.read_bytes()
        bundle = json.loads(raw)
        data = grouped(bundle)
        count = sum(len(v) for v in data.resources.values())
        map_record(data, context={}, hook="patient-view", as_of=as_of)  # warm-up: value-set index, unit cache
        baseline = timed(lambda raw=raw: json.loads(raw), args.runs)
        mapping = timed(lambda data=data: map_record(data, context={}, hook="patient-view", as_of=as_of), args.runs)
        print(f"{name}: {len(bundle['entry'])} entries, {count} clinical resources, {len(raw) / 1e6:.1f} MB")
        print(f"  json.loads   {summary(baseline)}")
        print(f"  map_record   {summary(mapping)}")
        validation = pydantic_validation_ms(data)
        if validation is not None:
            print(f"  fhir.resources validation of the same resources (once): {validation:7.2f} ms")


if __name__ == "__main__":
    main()
