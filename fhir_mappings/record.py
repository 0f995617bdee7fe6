"""FHIR data of one patient → PatientFacts: dispatch each resource to its mapper, leniently.

A resource that cannot be read safely (wrong types, no code, unknown resourceType) is
skipped and counted, never fatal; one summary line is logged per call with resource types
and reasons only (no ids, no patient data). Resources are dispatched by their own
``resourceType``, not by the data kind they arrived under, so an ``_include``d Medication or
an OperationOutcome in a search Bundle lands in the right place. fhir.resources only tells a
real resource type from garbage: pydantic validation of every resource costs far more than the
mapping itself (scripts/bench_mapping.py); the value-set index is the filter and readers are defensive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from fhir.resources.R4B import get_fhir_model_class

from fhir_mappings import terminology
from fhir_mappings.conditions import map_conditions
from fhir_mappings.imaging import REPORT_USABLE, map_imaging_procedure, map_imaging_study, map_report, report_time
from fhir_mappings.lesion_findings import is_lesion_code, map_lesion_findings
from fhir_mappings.medications import map_medication
from fhir_mappings.observations import map_observation, observation_time
from fhir_mappings.orders import map_orders
from fhir_mappings.patient import map_patient
from fhir_mappings.procedures import map_procedure
from fhir_mappings.reading import Ledger, Unusable, as_dict, as_list, as_str, codings, log, reference_id
from fhir_mappings.staging import apply_stages, is_stage_code, stage_observation
from guideline.facts import (
    DataGap,
    Diagnosis,
    Finding,
    Imaging,
    ImagingKind,
    Measurement,
    Medication,
    Pathology,
    PatientFacts,
    Person,
    ProcedureFact,
    ProcedureStatus,
)

_IGNORED_TYPES = frozenset({"OperationOutcome", "Bundle", "Medication"})
# What wrong JSON types and values raise in a mapper (a list where a string is due: unhashable; a year 0).
_MALFORMED = (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError)


@dataclass
class PatientData:
    """FHIR resources (JSON dicts) by data kind (guideline.inputs), as gathered from prefetch or fetch."""

    resources: dict[str, list[dict]] = field(default_factory=dict)
    gaps: list[DataGap] = field(default_factory=list)


@dataclass
class _Facts:
    person: Person | None = None
    diagnoses: list[Diagnosis] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    imaging: list[Imaging] = field(default_factory=list)
    pathology: list[Pathology] = field(default_factory=list)
    medications: list[Medication] = field(default_factory=list)
    procedures: list[ProcedureFact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def map_record(data: PatientData, *, context: dict, hook: str, as_of: datetime) -> PatientFacts:
    ledger = Ledger()
    resources = _unique(_all_resources(data, ledger))
    medications = _medications_by_id(resources, as_dict(context).get("draftOrders"))
    facts = _Facts()
    study_kinds: dict[str, ImagingKind] = {}
    study_sites: dict[str, str] = {}
    observations = {r["id"]: r for r in resources if r["resourceType"] == "Observation" and as_str(r.get("id"))}
    result_times = _report_result_times(resources)
    stage_observations: list[tuple[datetime | None, tuple[str | None, str]]] = []

    def run(resource: dict, mapper: Callable[[dict], None]) -> None:
        for system in terminology.unknown_code_systems(resource):  # counted, so a deployer sees what is missed
            ledger.ignore(resource["resourceType"], f"unknown code system {system}")
        try:
            mapper(resource)
        except Unusable as exc:
            ledger.skip(resource["resourceType"], exc.reason)
        except _MALFORMED:
            ledger.skip(resource["resourceType"], "malformed")
        except Exception as exc:  # a mapper bug must cost one resource, not the call: logged without data
            log.error("mapping a %s failed: %s", resource["resourceType"], type(exc).__name__)
            ledger.skip(resource["resourceType"], f"mapper error {type(exc).__name__}")

    def imaging_study(resource: dict) -> None:
        found = map_imaging_study(resource)
        if found is not None:
            facts.imaging.append(found)
            if found.source.resource_id:
                study_kinds[found.source.resource_id] = found.kind
                if found.body_site:
                    study_sites[found.source.resource_id] = found.body_site

    def observation(resource: dict) -> None:
        coded = codings(resource.get("code"))  # read once: staging, Mirels parts and measurements look at it
        if is_stage_code(coded):
            found = stage_observation(resource)
            if found is not None:
                stage_observations.append((observation_time(resource), found))
        elif is_lesion_code(coded):
            facts.findings.extend(map_lesion_findings(resource))
        else:
            report_time = result_times.get(resource.get("id", ""))
            facts.measurements.extend(map_observation(resource, ledger, report_time, coded=coded))

    def procedure(resource: dict) -> None:
        _append(facts.procedures, map_procedure(resource))
        _append(facts.imaging, map_imaging_procedure(resource))  # a study recorded as a procedure (92.14 骨扫描)

    def report(resource: dict) -> None:
        found = map_report(resource, study_kinds, observations, study_sites)
        if isinstance(found, Pathology):
            facts.pathology.append(found)
        elif found is not None:
            facts.imaging.append(found)

    mappers: dict[str, Callable[[dict], None]] = {
        "Patient": lambda r: setattr(facts, "person", facts.person or map_patient(r)),
        "Condition": lambda r: facts.diagnoses.extend(map_conditions(r)),
        "Observation": observation,
        "MedicationRequest": lambda r: _append(facts.medications, map_medication(r, medications)),
        "MedicationStatement": lambda r: _append(facts.medications, map_medication(r, medications)),
        "Procedure": procedure,
        "ServiceRequest": procedure,
        "ImagingStudy": imaging_study,
    }
    reports = []
    for resource in resources:
        resource_type = resource["resourceType"]
        if resource_type == "DiagnosticReport":
            reports.append(resource)  # after the ImagingStudies, whose modality a report may cite
        elif resource_type in mappers:
            run(resource, mappers[resource_type])
        elif resource_type in _IGNORED_TYPES:
            continue
        elif is_fhir_resource_type(resource_type):
            ledger.ignore(resource_type, "resource type not read")
        else:
            ledger.skip("unknown", "unknown resourceType")  # the name itself may be garbage: not logged
    for resource in reports:
        run(resource, report)

    orders = map_orders(as_dict(context), hook, medications, ledger)
    ledger.log_summary()
    return PatientFacts(
        as_of=as_of,
        person=facts.person or Person(),
        diagnoses=tuple(d for d in _staged(facts.diagnoses, stage_observations, as_of) if not _after(d.when, as_of)),
        measurements=tuple(facts.measurements),  # measurements_of() already ignores values after as_of
        findings=tuple(f for f in facts.findings if not _after(f.when, as_of)),
        imaging=tuple(i for i in facts.imaging if not _after(i.when, as_of)),
        pathology=tuple(p for p in facts.pathology if not _after(p.when, as_of)),
        medications=tuple(facts.medications),
        procedures=tuple(p for p in facts.procedures if not _done_later(p, as_of)),
        orders=orders,
        gaps=tuple(data.gaps),
        skipped_resources=ledger.skipped_count,
    )


def _staged(diagnoses: list[Diagnosis], observed: list, as_of: datetime) -> list[Diagnosis]:
    """Stage-group Observations (not after ``as_of``, newest first) attached to their cancers."""
    usable = [(when, found) for when, found in observed if not _after(when, as_of)]
    usable.sort(key=lambda item: item[0] or datetime.min.replace(tzinfo=as_of.tzinfo), reverse=True)
    return apply_stages(diagnoses, [found for _, found in usable])


@lru_cache(maxsize=256)
def is_fhir_resource_type(name: str) -> bool:
    """A real FHIR R4 resource name (fhir.resources R4B models: R4 plus a few additions)?"""
    try:
        get_fhir_model_class(name)
    except (ValueError, KeyError, ImportError):
        return False
    return True


def _append(into: list, item: object) -> None:
    if item is not None:
        into.append(item)


def _done_later(procedure: ProcedureFact, as_of: datetime) -> bool:
    return procedure.status is ProcedureStatus.DONE and _after(procedure.when, as_of)


def _after(when: datetime | None, as_of: datetime) -> bool:
    """Recorded after the moment of the call: replayed or mis-dated data, not known yet."""
    return when is not None and when > as_of


def _all_resources(data: PatientData, ledger: Ledger) -> Iterable[dict]:
    for items in as_dict(data.resources).values():
        for resource in as_list(items):
            if isinstance(resource, dict) and isinstance(resource.get("resourceType"), str):
                yield resource
            else:
                ledger.skip(type(resource).__name__ if not isinstance(resource, dict) else "unknown", "not a resource")


def _unique(resources: Iterable[dict]) -> list[dict]:
    """Each resource once, even if two prefetch keys returned it."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for resource in resources:
        ident = resource.get("id")
        if isinstance(ident, str) and ident and not ident.isspace():  # as_str, inlined: once per resource
            key = (resource["resourceType"], ident)
            if key in seen:
                continue
            seen.add(key)
        unique.append(resource)
    return unique


def _report_result_times(resources: list[dict]) -> dict[str, datetime]:
    """Observation id → time of the usable DiagnosticReport that lists it (directly or via panel hasMember)."""
    times: dict[str, datetime] = {}
    members: dict[str, list[str]] = {}
    for resource in resources:
        if resource["resourceType"] == "Observation":
            if "hasMember" in resource and as_str(resource.get("id")):  # a panel: most Observations are not
                members[resource["id"]] = _observation_ids(resource["hasMember"])
        elif resource["resourceType"] == "DiagnosticReport" and as_str(resource.get("status")) in REPORT_USABLE:
            when = report_time(resource)
            if when is not None:
                for ident in _observation_ids(resource.get("result")):
                    times.setdefault(ident, when)
    pending = list(times)
    while pending:  # panels of panels: each member takes its panel's report time, once
        panel = pending.pop()
        for member in members.get(panel, ()):
            if member not in times:
                times[member] = times[panel]
                pending.append(member)
    return times


def _observation_ids(references: object) -> list[str]:
    found = []
    for reference in as_list(references):
        kind, ident = reference_id(reference)
        if kind == "Observation" and ident:
            found.append(ident)
    return found


def _medications_by_id(resources: list[dict], draft_orders: object) -> Mapping[str, dict]:
    """Medication resources by id, from the data and from the draftOrders Bundle."""
    found = {r["id"]: r for r in resources if r["resourceType"] == "Medication" and as_str(r.get("id"))}
    for entry in as_list(as_dict(draft_orders).get("entry")):
        resource = as_dict(as_dict(entry).get("resource"))
        if resource.get("resourceType") == "Medication" and as_str(resource.get("id")):
            found.setdefault(resource["id"], resource)
    return found
