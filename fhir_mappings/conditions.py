"""Condition → Diagnosis, with verification, clinical status and dates interpreted.

refuted and entered-in-error never become facts; resolved, inactive and remission give
``active=False``; an absent verificationStatus is ``Verification.UNKNOWN`` (the EHR did not say).
"""

from __future__ import annotations

from dataclasses import replace

from fhir_mappings import terminology as t
from fhir_mappings import text_match
from fhir_mappings.body_sites import resource_body_site
from fhir_mappings.dates import parse_datetime, period_point
from fhir_mappings.reading import (
    Unusable,
    as_dict,
    as_list,
    coded_status,
    codings,
    concept_text,
    reference_id,
    source_of,
)
from fhir_mappings.staging import condition_stage
from guideline.concepts import BONE_METASTASIS, MALIGNANCY
from guideline.facts import Diagnosis, Verification

_DROPPED = frozenset({"refuted", "entered-in-error"})
_VERIFICATION = {
    "confirmed": Verification.CONFIRMED,
    "provisional": Verification.PROVISIONAL,
    "differential": Verification.PROVISIONAL,
    "unconfirmed": Verification.PROVISIONAL,
}
_INACTIVE = frozenset({"inactive", "remission", "resolved"})


def map_conditions(resource: dict) -> list[Diagnosis]:
    """The Diagnoses a Condition states: "X metastatic to bone" also states the primary cancer X."""
    found = map_condition(resource)
    if found is None:
        return []
    if found.concept == BONE_METASTASIS and found.primary_site not in (None, "unknown-primary"):
        return [found, replace(found, concept=MALIGNANCY, body_site=None)]
    return [found]


def map_condition(resource: dict) -> Diagnosis | None:
    """The Diagnosis a Condition states, or None when it is not one the guideline reads."""
    code = resource.get("code")
    if not isinstance(code, dict):
        raise Unusable("no code")
    verification_code = coded_status(resource.get("verificationStatus"))
    if verification_code in _DROPPED:
        return None
    entry = next(
        (e for system, value, _ in codings(code) if (e := t.INDEX.lookup(system, value, t.CONDITION_GROUPS))),
        None,
    )
    verification = _VERIFICATION.get(verification_code or "", Verification.UNKNOWN)
    matched_text: str | None = None
    if entry is not None:
        concept, primary_site, code_site, code_stage = entry.concept, entry.primary_site, entry.body_site, entry.stage
    else:  # no coding recognised: the text, if it names one plainly (suspected → provisional)
        found = text_match.fallback([code], "conditions")
        if found is None:
            return None
        concept, primary_site, code_site, code_stage = found.concept, found.primary_site, None, None
        matched_text = found.text
        if found.suspected:
            verification = Verification.PROVISIONAL
    clinical = coded_status(resource.get("clinicalStatus"))
    abatement = resource.get("abatementDateTime") or as_dict(resource.get("abatementPeriod")).get("end")
    onset = parse_datetime(resource.get("onsetDateTime")) or period_point(resource.get("onsetPeriod"))
    return Diagnosis(
        concept=concept,
        source=source_of(resource, concept_text(code) or (entry.display if entry else None), matched_text),
        verification=verification,
        # No clinicalStatus but an abatement date means it ended (FHIR: clinicalStatus SHALL be present unless
        # entered-in-error; a missing one with abatement is read as not active rather than guessed active).
        active=clinical not in _INACTIVE and not (clinical is None and abatement),
        onset=onset,
        recorded=parse_datetime(resource.get("recordedDate")),
        primary_site=primary_site,
        body_site=code_site or resource_body_site(resource),  # an ICD code's own site is the diagnosis
        stage=condition_stage(resource) or code_stage,  # the recorded stage is more specific than the code's
        evidence=_evidence(resource),
    )


def _evidence(resource: dict) -> tuple[str, ...]:
    refs = []
    for evidence in as_list(resource.get("evidence")):
        for detail in as_list(as_dict(evidence).get("detail")):
            kind, ident = reference_id(detail)
            if kind and ident:
                refs.append(f"{kind}/{ident}")  # the form Source.reference has, for matching
    return tuple(refs)
