"""PLACEHOLDER — replaced by the prefetch/fetch work (issue #2 item 5)."""

from __future__ import annotations

from cds_service.fhir_client import FhirClient
from cds_service.services import PREFETCH_KEYS, Service
from fhir_mappings.record import PatientData


def gather(service: Service, body: dict, fhir: FhirClient) -> PatientData:
    prefetch = body.get("prefetch") or {}
    resources: dict[str, list[dict]] = {}
    for kind in service.reads:
        value = prefetch.get(PREFETCH_KEYS[kind])
        if isinstance(value, dict) and value.get("resourceType") == "Bundle":
            resources[kind] = [e["resource"] for e in value.get("entry", []) if isinstance(e, dict) and "resource" in e]
        elif isinstance(value, dict) and value.get("resourceType"):
            resources[kind] = [value]
        else:
            resources[kind] = []
    return PatientData(resources=resources)
