"""A CDS Hooks request body built from a patient's FHIR Bundle, as an EHR would send it.

The EHR reads the service's discovery document and runs each prefetch template
against its record; here the "record" is a Bundle file (collection, transaction,
batch or searchset). References to ``urn:uuid:`` entries are rewritten to
``Type/id``, as a FHIR server loading a transaction does. Each prefetch key gets
a searchset Bundle of the resources its template selects (``patient`` and
``code`` parameters), the ``patient`` key the Patient itself. Order hooks add
``draftOrders`` (and ``selections``): from a file, or the bundle's orders in
status ``draft``, which are then not part of the prefetched record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from cds_service.cli.common import CliError

BUNDLE_TYPES = ("collection", "transaction", "batch", "searchset")
HOOKS = ("patient-view", "order-select", "order-sign")
ORDER_TYPES = ("MedicationRequest", "ServiceRequest", "DeviceRequest", "NutritionOrder", "VisionPrescription")
PATIENT_TOKEN = "{{context.patientId}}"
DEFAULT_USER = "Practitioner/bone-mets-cds-cli"


@dataclass
class Record:
    """The resources of one Bundle file, references resolved, and the patient they are about."""

    resources: list[dict]
    patient: dict
    references: dict[str, str] = field(default_factory=dict)  # fullUrl -> Type/id

    @property
    def patient_id(self) -> str:
        return self.patient["id"]


def _entries(document: Any, what: str) -> list[dict]:
    if not isinstance(document, dict) or document.get("resourceType") != "Bundle":
        found = document.get("resourceType") if isinstance(document, dict) else type(document).__name__
        raise CliError(f"{what} must be a FHIR Bundle, not {found!r}")
    entries = document.get("entry", [])
    if not isinstance(entries, list):
        raise CliError(f"{what}: Bundle.entry must be a list")
    return [entry for entry in entries if isinstance(entry, dict)]


def _resources(entries: list[dict], references: dict[str, str]) -> list[dict]:
    """The entries' resources, each with an id (from its urn:uuid fullUrl, as a server would assign one)."""
    resources = []
    for entry in entries:
        resource = entry.get("resource")
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            continue
        full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
        if not isinstance(resource.get("id"), str) or not resource["id"]:
            from_url = full_url.rsplit(":", 1)[-1] if full_url and full_url.startswith("urn:uuid:") else None
            resource["id"] = from_url or str(uuid.uuid4())
        if full_url:
            references[full_url] = f"{resource['resourceType']}/{resource['id']}"
        resources.append(resource)
    return resources


def _resolve(value: Any, references: dict[str, str]) -> None:
    """Rewrite every ``reference`` naming a bundle entry's fullUrl to ``Type/id`` (walked without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            target = item.get("reference")
            if isinstance(target, str) and target in references:
                item["reference"] = references[target]
            stack.extend(child for child in item.values() if isinstance(child, dict | list))
        elif isinstance(item, list):
            stack.extend(child for child in item if isinstance(child, dict | list))


def read_record(document: Any, source: str, patient_id: str | None = None) -> Record:
    """The patient's record from a Bundle file; CliError says what is wrong with it."""
    what = f"the patient bundle {source}"
    entries = _entries(document, what)
    if document.get("type") not in BUNDLE_TYPES:
        raise CliError(f"{what} is a {document.get('type')!r} Bundle; give a {', '.join(BUNDLE_TYPES)} Bundle")
    references: dict[str, str] = {}
    resources = _resources(entries, references)
    _resolve(resources, references)
    patients = [r for r in resources if r["resourceType"] == "Patient"]
    if patient_id is not None:
        patients = [p for p in patients if p["id"] == patient_id]
        if not patients:
            raise CliError(f"{what} holds no Patient with id {patient_id!r}")
    if not patients:
        raise CliError(f"{what} holds no Patient resource; the cards are about one patient")
    if len(patients) > 1:
        ids = ", ".join(sorted({p["id"] for p in patients}))
        raise CliError(f"{what} holds {len(patients)} patients ({ids}); choose one with --patient ID")
    return Record(resources, patients[0], references)


# -- prefetch: each template run against the record ------------------------------------------------------
def _names_patient(resource: dict, patient_id: str) -> bool:
    for element in ("subject", "patient"):
        reference = resource.get(element)
        target = reference.get("reference") if isinstance(reference, dict) else None
        if isinstance(target, str):
            parts = target.split("?", 1)[0].rstrip("/").split("/")
            if len(parts) >= 4 and parts[-2] == "_history":
                parts = parts[:-2]
            return parts[-2:] == ["Patient", patient_id]
    return False


def _has_token(resource: dict, tokens: list[str]) -> bool:
    """FHIR token search on ``code``: ``system|code``, ``|code`` (no system) or ``code`` (any system)."""
    concept = resource.get("code")
    codings = concept.get("coding") if isinstance(concept, dict) else None
    pairs = {
        (coding.get("system"), coding.get("code"))
        for coding in (codings if isinstance(codings, list) else [])
        if isinstance(coding, dict)
    }
    for token in tokens:
        system, bar, code = token.rpartition("|")
        if any(c == code and (not bar or s == (system or None)) for s, c in pairs):
            return True
    return False


def _selected(template: str, resources: list[dict], patient_id: str) -> list[dict]:
    resource_type, _, query = template.replace(PATIENT_TOKEN, patient_id).partition("?")
    chosen = [r for r in resources if r["resourceType"] == resource_type]
    for name, value in parse_qsl(query):
        if name == "patient":
            chosen = [r for r in chosen if _names_patient(r, value)]
        elif name == "code":
            chosen = [r for r in chosen if _has_token(r, value.split(","))]
        # Any other parameter would narrow the result further; keeping more is what a lenient EHR does.
    return chosen


def searchset(resources: list[dict]) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"resource": r, "search": {"mode": "match"}} for r in resources],
    }


def prefetch(templates: dict[str, str], record: Record, leave_out: Iterable[dict] = ()) -> dict:
    """Each prefetch template of the discovery document, answered from the record."""
    left_out = {id(r) for r in leave_out}
    resources = [r for r in record.resources if id(r) not in left_out]
    answers: dict[str, Any] = {}
    for key, template in templates.items():
        if "?" in template:
            answers[key] = searchset(_selected(template, resources, record.patient_id))
        elif template == f"{record.patient['resourceType']}/{PATIENT_TOKEN}":
            answers[key] = record.patient
        else:  # a read of something else: not in a patient file
            answers[key] = None
    return answers


# -- draft orders ----------------------------------------------------------------------------------------
def draft_orders_from_file(document: Any, source: str, record: Record | None) -> list[dict]:
    """The orders in a draft-orders file: a Bundle of them, or one order resource."""
    what = f"the draft orders {source}"
    if isinstance(document, dict) and document.get("resourceType") in ORDER_TYPES:
        entries = [{"resource": document}]
    else:
        entries = _entries(document, what)
    references = dict(record.references) if record else {}
    orders = _resources(entries, references)
    _resolve(orders, references)
    if not orders:
        raise CliError(f"{what} holds no order")
    other = sorted({o["resourceType"] for o in orders} - set(ORDER_TYPES))
    if other:
        raise CliError(f"{what} holds {', '.join(other)}; draft orders are {', '.join(ORDER_TYPES)}")
    return orders


def draft_orders_in(record: Record) -> list[dict]:
    """The record's own orders in status draft: what the clinician is ordering now."""
    return [
        r
        for r in record.resources
        if r["resourceType"] in ORDER_TYPES and r.get("status") == "draft" and _names_patient(r, record.patient_id)
    ]


def context(
    hook: str,
    patient_id: str,
    *,
    user: str = DEFAULT_USER,
    encounter: str | None = None,
    drafts: list[dict] | None = None,
    selections: list[str] | None = None,
) -> dict:
    """The hook's context; order hooks need ``drafts`` (order-select: ``selections``, default every draft)."""
    body: dict[str, Any] = {"userId": user, "patientId": patient_id}
    if encounter:
        body["encounterId"] = encounter
    if hook in ("order-select", "order-sign"):
        if not drafts:
            raise CliError(
                f"{hook} needs the orders being placed: give --draft-orders FILE, or put them in the "
                "patient bundle with status 'draft'"
            )
        body["draftOrders"] = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": d} for d in drafts],
        }
        if hook == "order-select":
            body["selections"] = selections or [f"{d['resourceType']}/{d['id']}" for d in drafts]
        elif selections:
            raise CliError("selections belong to order-select; order-sign checks every draft order")
    elif drafts or selections:
        raise CliError("draft orders and selections belong to order-select and order-sign, not patient-view")
    return body


def body(hook: str, context_: dict, prefetch_: dict | None = None, **extra: Any) -> dict:
    request: dict[str, Any] = {"hook": hook, "hookInstance": str(uuid.uuid4()), "context": context_}
    if prefetch_ is not None:
        request["prefetch"] = prefetch_
    request.update({name: value for name, value in extra.items() if value is not None})
    return request
