"""Demo patients (``demo/``): date shifting, CDS Hooks requests, upload to a FHIR server, and ``make demo``.

The demo patients are FHIR R4 transaction Bundles written as of an anchor date (``anchor_date`` in
``demo/patients.json``). Loading shifts every date and dateTime in them by (today − anchor) whole days,
so a creatinine written 62 days before the anchor is 62 days old on the day the patient is loaded and the
cards stay the same whatever the day (demo/README.md, "Dates").

    python -m cds_service.demo load --fhir-server URL   # PUT the patients into any FHIR R4 server
    python -m cds_service.demo run                      # make demo: local FHIR server + service + sandbox URLs

The CLI (``bone-mets-cds demo …``) adds this module's parser with ``register``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from cds_service.services import KIND_OF_RESOURCE_TYPE, PREFETCH_KEYS, SERVICES

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "demo"
SANDBOX_JWKS = ROOT / "docs" / "sandbox" / "jwks.json"
SEKMET = ROOT / ".venv-fhir" / "bin" / "sekmet"

# The public CDS Hooks sandbox (docs/auth.md): its issuer, the jku header it sends, and its page's origin.
SANDBOX_URL = "https://sandbox.cds-hooks.org/"
SANDBOX_ISSUER = "https://sandbox.cds-hooks.org"
SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json"
SANDBOX_ORIGIN = "https://sandbox.cds-hooks.org"

# FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) or dateTime/instant: the whole string, nothing around it.
_FHIR_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})(?P<time>T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:\d{2}))?)?)?"
)
# Elements whose strings are identifiers or words, never dates, even when they look like one.
_NOT_DATES = frozenset({"id", "code", "system", "reference", "url", "fullUrl", "value", "text", "display", "div"})


# -- dates ---------------------------------------------------------------------------------------------------------
def shift_date(value: str, days: int) -> str:
    """A FHIR date/dateTime string moved by ``days``, keeping its precision, time and offset; other text unchanged.

    A partial date (YYYY or YYYY-MM) moves as its first day does, and keeps its precision.
    """
    match = _FHIR_DATE.fullmatch(value)
    if match is None or days == 0:
        return value
    year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
    try:
        moved = date(year, month, day) + timedelta(days=days)
    except ValueError:
        return value  # not a real date (2026-02-30): leave it for the server to refuse
    if match["day"] is None:
        return f"{moved:%Y}" if match["month"] is None else f"{moved:%Y-%m}"
    return moved.isoformat() + (match["time"] or "")


def shift_dates(document: Any, days: int) -> Any:
    """A deep copy of a FHIR JSON document with every date and dateTime moved by ``days``."""

    def walk(value: Any, key: str | None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(item, key) for item in value]
        if isinstance(value, str) and key not in _NOT_DATES:
            return shift_date(value, days)
        return value

    return walk(document, None)


# -- the demo patients ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoPatient:
    """One demo patient as loaded today: its Bundle and draft orders date-shifted, and what it should show."""

    file: str
    patient_id: str
    title: str
    shows: str
    bundle: dict  # the transaction Bundle, dates shifted
    draft_orders: dict | None  # a collection Bundle of draft orders (context.draftOrders), dates shifted
    expected: dict[str, list[dict]]  # hook -> [{"topic": ..., "indicator": ...}]

    @property
    def resources(self) -> list[dict]:
        return [entry["resource"] for entry in self.bundle.get("entry", [])]

    @property
    def name(self) -> str:
        patient = next(r for r in self.resources if r["resourceType"] == "Patient")
        name = (patient.get("name") or [{}])[0]
        return name.get("text") or " ".join([*name.get("given", []), name.get("family", "")]).strip()


def manifest(directory: Path = DEMO_DIR) -> dict:
    """``patients.json``: the anchor date and, per patient, its files and the cards each hook should show."""
    return json.loads((directory / "patients.json").read_text(encoding="utf-8"))


def days_since_anchor(directory: Path = DEMO_DIR, today: date | None = None) -> int:
    anchor = date.fromisoformat(manifest(directory)["anchor_date"])
    return ((today or datetime.now(UTC).date()) - anchor).days


def load_patients(directory: Path = DEMO_DIR, today: date | None = None) -> list[DemoPatient]:
    """Every demo patient of ``directory``, dated as if loaded on ``today`` (default: today, UTC)."""
    listing = manifest(directory)
    shift = days_since_anchor(directory, today)
    patients = []
    for entry in listing["patients"]:
        bundle = json.loads((directory / entry["file"]).read_text(encoding="utf-8"))
        orders_file = entry.get("draft_orders")
        orders = json.loads((directory / orders_file).read_text(encoding="utf-8")) if orders_file else None
        patients.append(
            DemoPatient(
                file=entry["file"],
                patient_id=entry["patient_id"],
                title=entry["title"],
                shows=entry["shows"],
                bundle=shift_dates(bundle, shift),
                draft_orders=shift_dates(orders, shift) if orders else None,
                expected=entry["expected_cards"],
            )
        )
    return patients


# -- CDS Hooks requests from a patient's resources ------------------------------------------------------------------
def _searchset(resources: list[dict]) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r, "search": {"mode": "match"}} for r in resources],
    }


def hook_request(patient: DemoPatient, hook: str, *, user: str = "Practitioner/demo") -> dict:
    """The request an EHR that honours prefetch sends for ``hook``: every prefetch key the service asks for.

    Order hooks carry the patient's draft orders; order-select selects all of them.
    """
    service = next(s for s in SERVICES.values() if s.hook == hook)
    by_kind: dict[str, list[dict]] = {kind: [] for kind in service.reads}
    for resource in patient.resources:
        kind = KIND_OF_RESOURCE_TYPE.get(resource["resourceType"])
        if kind in by_kind:
            by_kind[kind].append(resource)
    prefetch: dict[str, Any] = {}
    for kind, resources in by_kind.items():
        if kind == "patient":
            prefetch[PREFETCH_KEYS[kind]] = resources[0]
        else:
            prefetch[PREFETCH_KEYS[kind]] = _searchset(resources)
    context: dict[str, Any] = {"userId": user, "patientId": patient.patient_id}
    if hook in ("order-select", "order-sign"):
        drafts = copy.deepcopy(patient.draft_orders or {"resourceType": "Bundle", "type": "collection", "entry": []})
        context["draftOrders"] = drafts
        if hook == "order-select":
            context["selections"] = [
                f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in drafts.get("entry", [])
            ]
    return {"hookInstance": str(uuid.uuid4()), "hook": hook, "context": context, "prefetch": prefetch}


def service_id(hook: str) -> str:
    return next(s.id for s in SERVICES.values() if s.hook == hook)


def card_topics(response: dict) -> list[dict]:
    """[{"topic", "indicator"}] of a CDS Hooks response, in its order."""
    return [{"topic": c["source"]["topic"]["code"], "indicator": c["indicator"]} for c in response.get("cards", [])]
