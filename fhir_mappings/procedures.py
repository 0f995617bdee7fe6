"""Procedure and ServiceRequest → ProcedureFact (dental checks, extractions, radiotherapy ...).

Procedure: completed → done, in-progress, preparation → planned, not-done kept as not-done;
entered-in-error dropped. ServiceRequest: draft/active/on-hold → planned, completed → done;
revoked and entered-in-error dropped.
"""

from __future__ import annotations

from datetime import datetime

from fhir_mappings import terminology as t
from fhir_mappings import text_match
from fhir_mappings.body_sites import resource_body_site
from fhir_mappings.dates import parse_datetime, period_point
from fhir_mappings.reading import Unusable, codings, concept_text, source_of
from guideline.facts import ProcedureFact, ProcedureStatus

_PROCEDURE_STATUS = {
    "completed": ProcedureStatus.DONE,
    "in-progress": ProcedureStatus.IN_PROGRESS,
    "preparation": ProcedureStatus.PLANNED,
    "not-done": ProcedureStatus.NOT_DONE,
    "stopped": ProcedureStatus.NOT_DONE,  # started and abandoned: not a completed examination
}
_REQUEST_STATUS = {
    "draft": ProcedureStatus.PLANNED,
    "active": ProcedureStatus.PLANNED,
    "on-hold": ProcedureStatus.PLANNED,
    "completed": ProcedureStatus.DONE,
}


def map_procedure(resource: dict, *, draft_order: bool = False) -> ProcedureFact | None:
    code = resource.get("code")
    if not isinstance(code, dict):
        if draft_order:
            return None
        raise Unusable("no code")
    kind = resource.get("resourceType")
    entry = next(
        (
            e
            for system, value, _ in codings(code)
            if (e := t.INDEX.lookup(system, value, t.PROCEDURE_GROUPS)) and (not e.only_in or kind in e.only_in)
        ),
        None,
    )
    matched_text = None
    if entry is None:  # no coding recognised: the text, if it names a procedure plainly
        found = text_match.fallback([code], "procedures", resource_type=kind)
        if found is None:
            return None
        concept, matched_text = found.concept, found.text
    else:
        concept = entry.concept
    if resource.get("resourceType") == "ServiceRequest":
        status = _REQUEST_STATUS.get(str(resource.get("status")))
    else:
        status = _PROCEDURE_STATUS.get(str(resource.get("status")))
    when = procedure_time(resource)
    if draft_order and status is None and resource.get("status") in (None, "draft", "proposed", "requested"):
        status = ProcedureStatus.PLANNED  # STU3 ProcedureRequest statuses too
    if status is None:  # entered-in-error, revoked, unknown
        return None
    return ProcedureFact(
        concept=concept,
        status=status,
        when=when,
        source=source_of(resource, concept_text(code) or (entry.display if entry else None), matched_text),
        body_site=(entry.body_site if entry else None) or resource_body_site(resource),
    )


def procedure_time(resource: dict) -> datetime | None:
    """When a Procedure was performed; a ServiceRequest's occurrence, else the day it was ordered."""
    if resource.get("resourceType") == "ServiceRequest":
        return (
            parse_datetime(resource.get("occurrenceDateTime"))
            or period_point(resource.get("occurrencePeriod"))
            or parse_datetime(resource.get("authoredOn"))
        )
    return parse_datetime(resource.get("performedDateTime")) or period_point(resource.get("performedPeriod"))
