#!/usr/bin/env python3
"""A typical oncology patient on zoledronic acid, as an EHR prefetches it (~150 resources, ~100 KB).

Breast cancer with bone metastases, bone pain, a year of monthly labs (creatinine, eGFR, calcium,
albumin, alkaline phosphatase, platelets, leukocytes), weight and pain scores (NRS, ECOG), a monthly
zoledronic acid course with analgesics, a bone scan and its report, a dental examination.
The FHIR JSON is built with tests/fhir_builders.py, the same builders the end-to-end tests use.

    .venv/bin/python scripts/typical_patient.py > typical.json   # a patient-view request body

scripts/profile_request.py and scripts/benchmark.py import ``typical_request``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import fhir_builders as fb  # noqa: E402

from cds_service.services import SERVICES  # noqa: E402

MONTHS = 12


def typical_resources() -> list[dict]:
    resources: list[dict] = [
        fb.condition(fb.BREAST_CANCER, days=420),
        fb.condition(fb.BONE_METASTASIS, days=380),
        fb.condition(fb.BONE_PAIN, days=40),
    ]
    for month in range(MONTHS):
        days = 2 + 30 * month
        resources += [
            fb.observation(fb.CREATININE_MASS, 0.9 + 0.02 * month, "mg/dL", days=days, high=1.1),
            fb.observation(fb.EGFR, 78 - month, "mL/min/{1.73_m2}", days=days),
            fb.observation(fb.CALCIUM_MASS, 9.4, "mg/dL", days=days, high=10.2),
            fb.observation(fb.ALBUMIN, 3.9, "g/dL", days=days),
            fb.observation(fb.ALP, 110 + month, "U/L", days=days, high=120),
            fb.observation(fb.PLATELETS, 230, "10*3/uL", days=days),
            fb.observation(fb.LEUKOCYTES, 6.1, "10*3/uL", days=days),
            fb.observation(fb.BODY_WEIGHT, 64 - 0.2 * month, "kg", days=days, category="vital-signs"),
            fb.score(fb.PAIN_NRS, 3 + month % 3, days=days),
            fb.score(fb.ECOG, 1, days=days),
            fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, status="completed", days=days + 1),
        ]
    resources[-1]["status"] = "active"  # the current cycle
    study = fb.imaging_study("NM", days=370)
    resources += [
        fb.medication_request(fb.IBUPROFEN, days=40),
        fb.medication_request(fb.MORPHINE, days=20),
        study,
        fb.imaging_report(code=fb.BONE_SCAN, study=study, days=370),
        fb.procedure(fb.DENTAL_EXAMINATION, days=400),
    ]
    return resources


def typical_request(service_id: str = "bm-patient-view") -> dict:
    """A patient-view request with every prefetch key the service asks for."""
    keys = list(SERVICES[service_id].prefetch())
    return fb.patient_view(keys, *typical_resources())


if __name__ == "__main__":
    json.dump(typical_request(), sys.stdout)
