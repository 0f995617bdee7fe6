"""Cancer stage: Condition.stage.summary and stage-group Observations → Diagnosis.stage.

The stage is read, not inferred: a stage-group value ("IIIB", AJCC "3B", "Stage IV") is
normalised to Roman numerals, and a TNM string keeps its M category ("T2N1M1"). An
Observation applies to the Condition its ``focus`` names, or to the patient's only
malignancy; with several malignancies and no focus it is not attached (ambiguous).
"""

from __future__ import annotations

import re
from dataclasses import replace

from fhir_mappings import terminology as t
from fhir_mappings.observations import USABLE_STATUS
from fhir_mappings.reading import as_dict, as_list, codings, reference_id
from guideline.concepts import MALIGNANCY
from guideline.facts import Diagnosis

STAGING_GROUPS = ("observations-staging",)
_ROMAN = {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}
_GROUP = re.compile(r"^(?:STAGE\s*)?(0|IV|I{1,3}|[0-4])([A-C]\d?)?$")
_TNM_M = re.compile(r"(?:^|[^A-Z])([CP]?M[01][A-D]?)(?:$|[^A-Z0-9])")


def normalise_stage(value: str | None) -> str | None:
    """'Stage IIIb' → 'IIIB', AJCC '3C' → 'IIIC', 'T2N1M1c' → 'M1C'; None when not a recognisable stage."""
    if not value:
        return None
    text = value.strip().upper().replace("期", "")
    group = _GROUP.match(text)
    if group:
        return _ROMAN.get(group.group(1), group.group(1)) + (group.group(2) or "")
    m_category = _TNM_M.search(text)
    if m_category:
        return m_category.group(1).lstrip("CP")
    return None


def stage_of(concept: object) -> str | None:
    """The stage a CodeableConcept states: its text, displays or codes, first recognisable wins."""
    concept = as_dict(concept)
    candidates = [concept.get("text")]
    for _, code, display in codings(concept):
        candidates += [display, code]
    return next((s for c in candidates if isinstance(c, str) and (s := normalise_stage(c))), None)


def condition_stage(resource: dict) -> str | None:
    return next((s for stage in as_list(resource.get("stage")) if (s := stage_of(as_dict(stage).get("summary")))), None)


def is_stage_observation(resource: dict) -> bool:
    return is_stage_code(codings(resource.get("code")))


def is_stage_code(coded: list[tuple[str | None, str | None, str | None]]) -> bool:
    """Whether an Observation's code (its codings, as ``reading.codings`` gives them) is a stage group."""
    for system, value, _ in coded:  # a loop, not any(): every Observation asks (a generator costs more than the probe)
        if t.INDEX.lookup(system, value, STAGING_GROUPS) is not None:
            return True
    return False


def stage_observation(resource: dict) -> tuple[str | None, str] | None:
    """(focused Condition id or None, stage) of a usable stage-group Observation (dated or not)."""
    if resource.get("status") not in USABLE_STATUS or resource.get("dataAbsentReason") is not None:
        return None
    stage = stage_of(resource.get("valueCodeableConcept")) or normalise_stage(resource.get("valueString"))
    if stage is None:
        return None
    focus = next(
        (ident for ref in as_list(resource.get("focus")) for kind, ident in [reference_id(ref)] if ident), None
    )
    return focus, stage


def apply_stages(diagnoses: list[Diagnosis], observed: list[tuple[str | None, str]]) -> list[Diagnosis]:
    """Diagnoses with the stage observations attached (a Condition's own stage is kept if it has one).

    ``observed`` must be newest first: the first observation that applies to a cancer wins.
    """
    cancers = [d for d in diagnoses if d.concept == MALIGNANCY]
    stages: dict[int, str] = {}
    for focus, stage in observed:
        if focus is not None:
            targets = [d for d in cancers if d.source.resource_id == focus]
        else:
            targets = cancers if len(cancers) == 1 else []
        for target in targets:
            stages.setdefault(id(target), stage)
    return [replace(d, stage=stages[id(d)]) if id(d) in stages and not d.stage else d for d in diagnoses]


def search_codes() -> list[str]:
    """``system|code`` of the stage-group Observations, for the Observation prefetch query."""
    return [f"{e.system}|{e.code}" for e in t.INDEX.entries if e.group in STAGING_GROUPS]
