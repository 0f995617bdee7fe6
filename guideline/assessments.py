"""Clinical judgements several rules share, each stated once.

The central one is the diagnostic status of bone metastasis (guideline 一(二)2,
REFERENCE A.11-5): confirmed only when both criteria hold, suspected when the
evidence is a bone scan or an unverified diagnosis, absent otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from guideline import concepts as c
from guideline.facts import (
    CONFIRMATORY_IMAGING,
    Diagnosis,
    Imaging,
    ImagingKind,
    Measurement,
    Medication,
    MedicationStatus,
    PatientFacts,
    ProcedureFact,
    ProcedureStatus,
    Verification,
)


class MetastasisStatus(StrEnum):
    CONFIRMED = "confirmed"
    SUSPECTED = "suspected"
    NONE = "none"


@dataclass(frozen=True)
class BoneMetastasis:
    """The diagnostic status of bone metastasis and what it rests on."""

    status: MetastasisStatus
    diagnosis: Diagnosis | None = None  # the bone-metastasis Condition, if recorded
    confirming_imaging: Imaging | None = None
    bone_scan: Imaging | None = None
    mri_only: bool = False  # C2 rests on MRI alone: panel disagreement (BM-DX-07, A.11-5)
    why: str = ""  # message key of the reason, for the card detail


def _evidence_imaging(diagnosis: Diagnosis, facts: PatientFacts) -> list[Imaging]:
    refs = set(diagnosis.evidence)
    return [i for i in facts.imaging if i.source.reference in refs]


def malignancy_confirmed(facts: PatientFacts) -> bool:
    """Criterion C1: a malignancy proven by pathology/cytology, or a confirmed cancer diagnosis."""
    if any(p.shows_malignancy or p.shows_bone_metastasis for p in facts.pathology):
        return True
    return any(d.verification is Verification.CONFIRMED for d in facts.diagnoses_of(c.MALIGNANCY))


def bone_metastasis(facts: PatientFacts) -> BoneMetastasis:
    """Apply the two diagnostic criteria of 一(二)2 (BM-DX-04, BM-DX-11, A.11-5).

    Confirmed: (a) a bone-metastasis diagnosis the EHR marks confirmed, unless its
    recorded evidence is a bone scan alone; or (b) C1 plus an X-ray/CT/MRI/PET-CT
    report showing bone metastasis; or (c) a bone biopsy showing metastasis.
    Suspected: a provisional or unverified diagnosis, or a positive bone scan.
    """
    diagnoses = [d for d in facts.diagnoses_of(c.BONE_METASTASIS)]
    bone_scans = [i for i in facts.imaging if i.kind is ImagingKind.BONE_SCAN and i.shows_bone_metastasis]
    confirming = [i for i in facts.imaging if i.kind in CONFIRMATORY_IMAGING and i.shows_bone_metastasis]
    bone_scan = max(bone_scans, key=_when, default=None)

    if any(p.shows_bone_metastasis for p in facts.pathology):
        return BoneMetastasis(MetastasisStatus.CONFIRMED, _first(diagnoses), bone_scan=bone_scan, why="biopsy")

    if confirming and (malignancy_confirmed(facts) or diagnoses):
        imaging = max(confirming, key=_when)
        mri_only = all(i.kind is ImagingKind.MRI for i in confirming)
        return BoneMetastasis(
            MetastasisStatus.CONFIRMED, _first(diagnoses), imaging, bone_scan, mri_only=mri_only, why="imaging"
        )

    for diagnosis in diagnoses:
        if diagnosis.verification is not Verification.CONFIRMED:
            continue
        evidence = _evidence_imaging(diagnosis, facts)
        if evidence and all(i.kind is ImagingKind.BONE_SCAN for i in evidence):
            # Recorded as confirmed, but on a bone scan alone: ECT is not a diagnosis (BM-DX-04).
            return BoneMetastasis(MetastasisStatus.SUSPECTED, diagnosis, bone_scan=evidence[0], why="scan-only")
        return BoneMetastasis(MetastasisStatus.CONFIRMED, diagnosis, bone_scan=bone_scan, why="diagnosis")

    if diagnoses:
        diagnosis = max(diagnoses, key=lambda d: d.when or facts.as_of)
        why = "provisional" if diagnosis.verification is Verification.PROVISIONAL else "unverified"
        return BoneMetastasis(MetastasisStatus.SUSPECTED, diagnosis, bone_scan=bone_scan, why=why)
    if bone_scan is not None:
        return BoneMetastasis(MetastasisStatus.SUSPECTED, bone_scan=bone_scan, why="scan-only")
    return BoneMetastasis(MetastasisStatus.NONE)


class ConfirmStep(StrEnum):
    """The next diagnostic step for a suspected bone metastasis (一(二)1-2), from what imaging has shown since."""

    IMAGE = "image"  # no confirmatory study read since the suspicion: X-ray (the main method), CT or MRI
    CT = "ct"  # X-ray negative → CT (一(二)1(3): CT confirms lesions positive on the bone scan, negative on X-ray)
    MRI = "mri"  # CT negative → MRI, the most sensitive (一(二)1(4): 82-100 %; disputed as sole confirmation)
    BIOPSY = "biopsy"  # MRI or PET-CT negative too: imaging evidence insufficient, biopsy indication ① (一(二)1(6))
    PATHOLOGY = "pathology"  # imaging shows it but the malignancy is unproven: biopsy is diagnostic (一(二)1(6))


@dataclass(frozen=True)
class Confirmation:
    """Where the work-up of a suspected metastasis stands: the next step and the studies read negative since."""

    step: ConfirmStep
    negatives: tuple[Imaging, ...] = ()  # confirmatory studies read negative since the suspicion, newest first
    unread: tuple[Imaging, ...] = ()  # confirmatory studies since the suspicion whose report says nothing we can read


def confirmation(facts: PatientFacts, status: BoneMetastasis) -> Confirmation:
    """The next step after a suspicion (bone scan or unconfirmed diagnosis), from studies dated since it.

    A negative study counts only when dated on or after the suspicion (an old negative X-ray says nothing of a new
    scan); undated studies are left out. A negative X-ray does not exclude metastasis (sensitivity 44-50 %), so it
    leads to CT; a negative CT leads to MRI; a negative MRI or PET-CT leaves imaging insufficient (biopsy ①).
    """
    anchor = status.bone_scan.when if status.bone_scan is not None else None
    if anchor is None and status.diagnosis is not None:
        anchor = status.diagnosis.when
    since = [
        i
        for i in facts.imaging
        if i.kind in CONFIRMATORY_IMAGING
        and i.when is not None
        and i.when <= facts.as_of
        and (anchor is None or i.when.date() >= anchor.date())
    ]
    if any(i.kind in CONFIRMATORY_IMAGING and i.shows_bone_metastasis for i in facts.imaging):
        return Confirmation(ConfirmStep.PATHOLOGY)
    negatives = tuple(sorted((i for i in since if i.shows_bone_metastasis is False), key=_when, reverse=True))
    read = {(i.kind, i.when.date() if i.when else None) for i in negatives}
    unread = tuple(
        i for i in since if i.shows_bone_metastasis is None and (i.kind, i.when.date() if i.when else None) not in read
    )
    kinds = {i.kind for i in negatives}
    if kinds & {ImagingKind.MRI, ImagingKind.PET_CT}:
        step = ConfirmStep.BIOPSY
    elif ImagingKind.CT in kinds:
        step = ConfirmStep.MRI
    elif ImagingKind.XRAY in kinds:
        step = ConfirmStep.CT
    else:
        step = ConfirmStep.IMAGE
    return Confirmation(step, negatives, unread)


def _when(item: Imaging) -> float:
    return item.when.timestamp() if item.when else 0.0


def _first(diagnoses: list[Diagnosis]) -> Diagnosis | None:
    return diagnoses[0] if diagnoses else None


def current_bone_agents(facts: PatientFacts) -> list[Medication]:
    """Bisphosphonates or denosumab the patient is on now (A.11-14: denosumab counts)."""
    return facts.medications_in(c.BONE_MODIFYING_AGENT)


def recent_bone_agents(facts: PatientFacts, within: timedelta) -> list[Medication]:
    """Bone agents current, or ended/started within ``within`` (ONJ risk outlasts the order)."""
    recent = []
    for medication in facts.medications_in(c.BONE_MODIFYING_AGENT, current_only=False):
        last = medication.end or medication.start
        if medication.current or (last is not None and facts.as_of - last <= within):
            recent.append(medication)
    return recent


def current_diagnoses(facts: PatientFacts, concept: str) -> list[Diagnosis]:
    """Active diagnoses of a concept, leaving out any dated after ``as_of`` (the chart as it stood then)."""
    return [d for d in facts.diagnoses_of(concept) if d.when is None or d.when <= facts.as_of]


def bone_agents_in_course(facts: PatientFacts, within: timedelta) -> list[Medication]:
    """Bone agents current, or a dose completed within ``within`` (EHRs close each infusion order, not the course)."""
    found = []
    for medication in facts.medications_in(c.BONE_MODIFYING_AGENT, current_only=False):
        last = medication.end or medication.start
        completed = medication.status is MedicationStatus.COMPLETED
        if medication.current or (completed and last is not None and facts.as_of - last <= within):
            found.append(medication)
    return found


def bone_agents_stopped(facts: PatientFacts, within: timedelta) -> list[Medication]:
    """Bone agents stopped within ``within``: maybe for a stop criterion of BM-BP-04, which the record rarely says."""
    found = []
    for medication in facts.medications_in(c.BONE_MODIFYING_AGENT, current_only=False):
        last = medication.end or medication.start
        if medication.status is MedicationStatus.STOPPED and last is not None and facts.as_of - last <= within:
            found.append(medication)
    return found


def bisphosphonate_start_due(facts: PatientFacts, *, course: timedelta, stopped: timedelta) -> bool:
    """BM-BP-01 for a chart: indicated, no course under way, and no recent deliberate stop to second-guess."""
    return (
        bisphosphonate_indicated(facts)
        and not bone_agents_in_course(facts, course)
        and not bone_agents_stopped(facts, stopped)
    )


def bisphosphonate_indicated(facts: PatientFacts) -> bool:
    """BM-BP-01: confirmed bone metastasis and no bone-modifying agent yet."""
    return bone_metastasis(facts).status is MetastasisStatus.CONFIRMED and not current_bone_agents(facts)


def recent_creatinine(facts: PatientFacts, window: timedelta) -> Measurement | None:
    return facts.latest(c.CREATININE, within=window)


def last_dental_examination(facts: PatientFacts) -> ProcedureFact | None:
    done = [
        p
        for p in facts.procedures_of(c.DENTAL_EXAMINATION)
        if p.status is ProcedureStatus.DONE and p.when is not None and p.when <= facts.as_of
    ]
    return max(done, key=lambda p: p.when or facts.as_of) if done else None  # all dated: ``or`` never applies


def dental_examination_pending(facts: PatientFacts) -> ProcedureFact | None:
    """A dental examination already ordered (planned or in progress)."""
    pending = [
        p
        for p in facts.procedures_of(c.DENTAL_EXAMINATION)
        if p.status in (ProcedureStatus.PLANNED, ProcedureStatus.IN_PROGRESS)
    ]
    return pending[0] if pending else None


def creatinine_ordered(facts: PatientFacts) -> bool:
    """A serum creatinine already ordered: in the record (planned) or among this session's draft orders."""
    in_record = any(p.status is ProcedureStatus.PLANNED for p in facts.procedures_of(c.RENAL_FUNCTION_TEST))
    in_session = any(o.procedure is not None and o.procedure.concept == c.RENAL_FUNCTION_TEST for o in facts.orders)
    return in_record or in_session


def bone_imaging_ordered(facts: PatientFacts) -> bool:
    """A bone scan already ordered and not yet reported: in the record or among this session's drafts."""
    in_record = any(p.status is ProcedureStatus.PLANNED for p in facts.procedures_of(c.BONE_IMAGING))
    in_session = any(o.procedure is not None and o.procedure.concept == c.BONE_IMAGING for o in facts.orders)
    return in_record or in_session
