"""The patient's FHIR data for one call: prefetch first, then the EHR's FHIR server.

CDS Hooks 2.0.1, "Providing FHIR Resources to a CDS Service": a prefetch key
that is present is used as sent (JSON null means "no data"); a key that is
absent, or holds an OperationOutcome or anything other than the resource its
template asks for, is fetched from ``fhirServer``, and only from a server the
configuration allows. Data that can be neither prefetched nor fetched ends the
call with 412. Data read only in part (page cap, a paginated prefetch whose
remaining pages cannot be read) is kept and recorded as a ``DataGap`` so the
cards can say so. Resources that name another patient are never used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote

from cds_service import observe
from cds_service.errors import DataUnavailable, InvalidRequest
from cds_service.fhir_client import FetchFailed, FhirClient, FhirServer, Query, bundle_resources, next_link
from cds_service.services import PREFETCH_KEYS, QUERIES, Service
from fhir_mappings.record import PatientData
from guideline.facts import DataGap

log = logging.getLogger("cds_service.fhir")
PATIENT_TOKEN = "{{context.patientId}}"


@dataclass(frozen=True)
class Prefetched:
    resources: list[dict]
    next_url: str | None = None  # the client paginated: the rest is on the FHIR server


def _resource_type(template: str) -> str:
    return template.split("?", 1)[0].split("/", 1)[0]


def read_prefetch(key: str, template: str, value: object) -> Prefetched | str:
    """One prefetch value as resources, or why it cannot be used (then the data is fetched)."""
    expected, search = _resource_type(template), "?" in template
    if value is None:
        return Prefetched([])
    if not isinstance(value, dict) or not isinstance(value.get("resourceType"), str):
        return f"prefetch {key!r} is not a FHIR resource"
    found = value["resourceType"]
    if found == "OperationOutcome":
        return f"prefetch {key!r} is an OperationOutcome"
    if found == "Bundle" and search:
        if not isinstance(value.get("entry") or [], list):
            return f"prefetch {key!r} is a malformed Bundle"
        return Prefetched(bundle_resources(value), next_link(value))
    if found == expected:
        return Prefetched([value])
    return f"prefetch {key!r} is a {found}, not a {expected}{' or a Bundle' if search else ''}"


def _reference_target(reference: str) -> tuple[str, str] | None:
    """(type, id) of a literal reference, relative or absolute; None when it names no resource by id."""
    if reference.startswith(("#", "urn:")):
        return None
    parts = reference.split("?", 1)[0].rstrip("/").split("/")
    if len(parts) >= 4 and parts[-2] == "_history":
        parts = parts[:-2]
    return (parts[-2], parts[-1]) if len(parts) >= 2 else None


def names_other_patient(resource: dict, patient_id: str) -> bool:
    """True if the resource is, or is about, someone other than ``patient_id``."""
    if resource.get("resourceType") == "Patient":
        return resource.get("id") not in (None, patient_id)
    own = f"Patient/{patient_id}"
    for element in ("subject", "patient"):
        reference = resource.get(element)
        if isinstance(reference, dict) and isinstance(reference.get("reference"), str):
            if reference["reference"] == own:  # the usual case, without splitting the reference
                continue
            target = _reference_target(reference["reference"])
            if target is not None and target != ("Patient", patient_id):
                return True
    return False


def _own(kind: str, resources: list[dict], patient_id: str) -> list[dict]:
    kept = [r for r in resources if not names_other_patient(r, patient_id)]
    if len(kept) < len(resources):
        # A client or server bug that would put another patient's data on this chart: logged, never used.
        log.warning("left out %d %s resource(s) that name another patient", len(resources) - len(kept), kind)
    return kept


def _access_token(body: dict) -> str | None:
    authorization = body.get("fhirAuthorization")
    token = authorization.get("access_token") if isinstance(authorization, dict) else None
    return token if isinstance(token, str) and token else None


def gather(service: Service, body: dict, fhir: FhirClient) -> PatientData:
    """Resources by data kind for every kind the service reads; raises DataUnavailable (412) if one is missing."""
    patient_id = (body.get("context") or {}).get("patientId")
    if not isinstance(patient_id, str) or not patient_id:
        raise InvalidRequest("context.patientId is required to read the patient's data")
    prefetch = body.get("prefetch") if isinstance(body.get("prefetch"), dict) else {}
    data = PatientData()
    unmet: dict[str, str] = {}  # kind -> why prefetch could not serve it
    more_pages: dict[str, str] = {}  # kind -> next link of a paginated prefetch
    for kind in sorted(service.reads):
        key = PREFETCH_KEYS[kind]
        got = read_prefetch(key, QUERIES[kind], prefetch[key]) if key in prefetch else f"no prefetch for {key!r}"
        if isinstance(got, str):
            unmet[kind] = got
            continue
        kept = _own(kind, got.resources, patient_id)
        if "?" not in QUERIES[kind] and got.resources and not kept:
            unmet[kind] = f"prefetch {key!r} is another patient's record"
            continue
        data.resources[kind] = kept
        if got.next_url:
            more_pages[kind] = got.next_url
    observe.note_data(prefetched=len(service.reads) - len(unmet), fetched=len(unmet) + len(more_pages))
    if unmet or more_pages:
        _fetch(body, fhir, patient_id, unmet, more_pages, data)
    observe.note_gaps(len(data.gaps))
    return data


def _fetch(
    body: dict, fhir: FhirClient, patient_id: str, unmet: dict[str, str], more_pages: dict[str, str], data: PatientData
) -> None:
    """Fill ``data`` from the FHIR server: the unmet kinds, and the rest of paginated prefetches."""
    try:
        server: FhirServer | None = fhir.server(body.get("fhirServer"), _access_token(body))
        why_no_server = ""
    except FetchFailed as failure:
        server, why_no_server = None, str(failure)
    if server is None:
        if unmet:  # nothing can be fetched: answer before making any request
            _unavailable([f"{why} and {why_no_server}" for why in unmet.values()])
        for kind in more_pages:
            data.gaps.append(DataGap(kind, f"only the first page was prefetched; {why_no_server}"))
        return

    queries: dict[str, Query] = {}
    for kind, link in more_pages.items():
        url = server.absolute(link)
        if server.owns(url):
            queries[kind] = Query(_resource_type(QUERIES[kind]), url, search=True, pages_read=1)
        else:
            data.gaps.append(DataGap(kind, "only the first page was prefetched; its next link leaves fhirServer"))
    for kind in unmet:
        queries[kind] = fhir.query(server, QUERIES[kind].replace(PATIENT_TOKEN, quote(patient_id, safe="")))

    failures = []
    for kind, result in sorted(fhir.run(server, queries).items()):
        kept = _own(kind, result.resources, patient_id)
        if kind in more_pages:
            data.resources[kind].extend(kept)
            if result.error:
                data.gaps.append(
                    DataGap(kind, f"only the first page was prefetched; reading the rest failed: {result.error}")
                )
            elif result.incomplete:
                data.gaps.append(DataGap(kind, result.incomplete))
            continue
        if result.error is None and not kept and "?" not in QUERIES[kind]:
            result.error = "the FHIR server returned another patient's record"
        if result.error is not None:
            failures.append(f"{unmet[kind]} and reading it from fhirServer failed: {result.error}")
            continue
        data.resources[kind] = kept
        if result.incomplete:
            data.gaps.append(DataGap(kind, result.incomplete))
    if failures:
        _unavailable(failures)


def _unavailable(reasons: list[str]) -> None:
    raise DataUnavailable("required patient data is unavailable: " + "; ".join(reasons))
