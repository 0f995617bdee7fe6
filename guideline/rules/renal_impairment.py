"""BM-BP-09, BM-BP-10 — bisphosphonate dose for reduced creatinine clearance, and a creatinine rise since the last dose.

Guideline 一(三)3: "建议根据患者的具体情况，如肾功能、胃肠功能、给药途径及患者意愿决定药物的选择及给药途径。"
"肾功能不良是少见的严重不良反应。建议在双膦酸盐治疗前评估肾功能，对长期接受双膦酸盐治疗的患者应定期检查肾功能。"
The guideline names renal function as the basis of the choice but gives no numbers; these are the labels':
zoledronic acid > 60 → 4 mg, 50-60 → 3.5, 40-49 → 3.3, 30-39 → 3.0, < 30 not recommended (B.1); pamidronate
90 mg, < 30 not recommended (B.2); ibandronate ≥ 50 → 6 mg, 30-49 → 4 mg, < 30 avoid (B.3); clodronate has no
verified renal table (B.4: pharmacist check below 60). Denosumab (not in the guideline) at CrCl < 30: close
calcium monitoring (B.5). Renal deterioration during an IV course: the zoledronic acid label withholds the drug when
serum creatinine rises ≥ 0.5 mg/dL from a normal baseline or ≥ 1.0 mg/dL from an abnormal one, until it is back
within 10 % of baseline (B.1; pamidronate the same, B.2): guideline.creatinine_rise.

Renal function: a reported creatinine clearance, else Cockcroft-Gault (guideline.renal_function, B.6). eGFR is a
documented fall-back only to *flag*: an eGFR below ``egfr_fallback_below`` with no computable CrCl gives a card that
asks for the weight (to calculate CrCl) instead of a dose. No creatinine at all is renal-check's card.

When: a patient with cancer or (suspected) bone metastasis in a course (guideline.bone_agent_course) of zoledronic
acid, pamidronate, ibandronate IV or clodronate, with (1) a creatinine rise since the last IV dose as the label
defines it, or (2) a dose above the one for their CrCl band (dose unknown counts); or on denosumab with CrCl below
``denosumab_hypocalcaemia_below``. Before a first dose the renal dosing is carried by the bisphosphonate-start card
(its orders are at the band's dose); this card takes that situation only when bisphosphonate-start is switched off.
Oral alendronate/risedronate (osteoporosis) are outside this guideline's tables.
Then: warning. A rise: withhold, with a one-click hold of the active order (status on-hold, the reason in
statusReason.text) and a repeat creatinine; resume within 10 % of baseline. CrCl below the agent's limit: a one-click
hold; a dose above the band's: a one-click update of the active order to the band's dose. A course whose orders are
all closed (each infusion completed) has no order to change: the card says to withhold or reduce the next dose.
Citations name only the labels of the agents the card is about (an oral clodronate course cites no IV label).
Incomplete record: when observations were not fully read a newer creatinine may change the conclusion either way;
the card fires one step less urgent (info) and says the record was incomplete.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, creatinine_ordered
from guideline.bone_agent_course import bone_agent_course, dose_date, oral
from guideline.creatinine_rise import CreatinineRise, rise_since_last_dose
from guideline.dosing import REGIMENS, RENAL_DOSE
from guideline.facts import DataGap, Medication, MedicationStatus, PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.renal_function import RenalFunction, renal_function
from guideline.rules import bisphosphonate_start
from guideline.settings import Settings

__all__ = ["RULE", "HOOKS", "READS", "RenalFunction", "evaluate", "renal_function"]  # renal_function: re-exported

IV_LABELS = "zoledronic acid, pamidronate and ibandronate prescribing information, Aapro 2008"
DENOSUMAB_SOURCE = "ASCO 2017 on denosumab"
COCKCROFT_GAULT = "Cockcroft-Gault"
RULE = Rule(
    ids=("BM-BP-09", "BM-BP-10"),
    topic="renal-impairment",
    section="一(三)3",
    beyond_guideline=f"{IV_LABELS}; {DENOSUMAB_SOURCE}; {COCKCROFT_GAULT}",
    digest="REFERENCE B.1-B.3, B.5, B.6",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)

# The labels' full dose applies above this CrCl (zoledronic acid B.1: "> 60 → 4 mg").
FULL_DOSE_ABOVE = 60.0
TABLED = ("zoledronic-acid", "pamidronate", "ibandronate")


def _citation(agents: list[str], *, cockcroft_gault: bool) -> str | None:
    """Only the sources of the agents the card is about (e.g. no IV label on an oral clodronate course)."""
    parts = []
    if any(a in TABLED for a in agents):
        parts.append(IV_LABELS)
    if "denosumab" in agents:
        parts.append(DENOSUMAB_SOURCE)
    if cockcroft_gault:
        parts.append(COCKCROFT_GAULT)
    return "; ".join(parts) or None


def _agent_note(agent: str, crcl: float, current: Medication | None) -> tuple[str, float | None] | None:
    """The note key (and dose) for one agent at this CrCl, or None when its dose is right."""
    if agent == "clodronate":
        return ("renal-impairment.clodronate.check", None) if crcl < FULL_DOSE_ABOVE else None
    dose = RENAL_DOSE[agent](crcl)
    if dose is None:
        return f"renal-impairment.{agent}.avoid", None
    if dose >= REGIMENS[agent].dose_mg:
        return None
    if current is not None and current.dose is not None and current.dose.unit == "mg" and current.dose.amount:
        if current.dose.amount <= dose + 0.05:
            return None  # already reduced
    return f"renal-impairment.{agent}.reduce", dose


def _in_scope(medication: Medication) -> bool:
    if medication.agent == "ibandronate":
        return medication.dose is None or medication.dose.route != "oral"  # the tables are for 6 mg IV
    return medication.agent in (*TABLED, "clodronate")


def _active_order(medication: Medication) -> str | None:
    """The record's reference of an active order that a card can update, or None (closed, or a statement)."""
    if medication.status is MedicationStatus.ACTIVE and medication.resource is not None:
        return medication.source.reference
    return None


def _one_per_agent(course: list[Medication]) -> list[Medication]:
    """One record per agent: the course lists every dose (a monthly course: several orders), the card one drug.

    The record a card can act on wins (an active order), then the latest dose.
    """
    kept: dict[str, Medication] = {}
    for medication in course:
        held = kept.get(medication.agent)
        if held is None or _rank(medication) > _rank(held):
            kept[medication.agent] = medication
    return list(kept.values())


def _rank(medication: Medication) -> tuple[bool, datetime]:
    when = dose_date(medication) or datetime.min.replace(tzinfo=UTC)
    return (_active_order(medication) is not None, when)


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not facts.has_diagnosis(c.MALIGNANCY) and bone_metastasis(facts).status is MetastasisStatus.NONE:
        return None
    course = bone_agent_course(facts, settings)
    on_bisphosphonate = _one_per_agent([m for m in course.bisphosphonates if _in_scope(m)])
    on_denosumab = [m for m in course.in_course if m.agent == "denosumab"]
    starting = (
        not course.under_way
        and not settings.enabled(bisphosphonate_start.RULE.topic)
        and bisphosphonate_start.start_due(facts, settings)
    )
    if not (on_bisphosphonate or on_denosumab or starting):
        return None
    gaps = facts.gaps_in({inputs.OBSERVATIONS})

    rise = rise_since_last_dose(facts, settings) if on_bisphosphonate else None
    if rise is not None:
        return _rise(facts, rise, [m for m in on_bisphosphonate if not oral(m)], gaps)

    renal = renal_function(facts, settings)
    if renal is None:
        return _egfr_only(facts, settings, on_bisphosphonate, on_denosumab, starting)

    notes: list[str] = [f"renal-impairment.basis.{renal.basis}"]
    values: dict[str, Any] = {"crcl": renal.crcl, "crcl_date": renal.when, **renal.inputs}
    proposals: list[Proposal] = []
    agents: list[str] = []
    if on_bisphosphonate:
        for medication in on_bisphosphonate:
            note = _agent_note(medication.agent, renal.crcl, medication)
            if note is None:
                continue
            key, dose = note
            notes.append(key)
            agents.append(medication.agent)
            values[f"{medication.agent.replace('-', '_')}_dose"] = dose
            values["drug"] = medication.agent
            proposals += _order_change(medication, key, dose)
    elif starting:
        for agent in (*TABLED, "clodronate"):
            note = _agent_note(agent, renal.crcl, None)
            if note is not None:
                notes.append(note[0])
                agents.append(agent)
                values[f"{agent.replace('-', '_')}_dose"] = note[1]
    if on_denosumab and renal.crcl < settings.denosumab_hypocalcaemia_below:
        values["denosumab"] = "denosumab"
        notes.append("renal-impairment.denosumab")
        agents.append("denosumab")
    if len(notes) == 1:
        return None
    if agents == ["denosumab"]:
        situation = "on-denosumab"
    elif on_bisphosphonate and set(agents) == {"clodronate"}:
        situation = "clodronate-check"  # no label table: a pharmacist's check, not "as the label requires"
    else:
        situation = "on-therapy" if on_bisphosphonate else "before-start"
        if situation == "on-therapy" and not proposals:
            notes.append("renal-impairment.next-dose")
    source = _citation(agents, cockcroft_gault=renal.basis == "cockcroft-gault")
    return Recommendation(
        rule=dataclasses.replace(RULE, beyond_guideline=source),
        indicator=lowered(Indicator.WARNING) if gaps else Indicator.WARNING,
        message=f"renal-impairment.{situation}",
        values=values,
        proposals=tuple(proposals),
        notes=tuple(notes),
        selection="any" if len(proposals) > 1 else "at-most-one",
        incomplete=gaps,
    )


def _order_change(medication: Medication, key: str, dose: float | None) -> list[Proposal]:
    """One click on the active order: hold it (not recommended at this CrCl) or set the band's dose."""
    ref = _active_order(medication)
    if ref is None or key.endswith(".check"):
        return []
    if dose is None:
        hold = {"status": "on-hold", "reason": "renal-impairment.hold-reason.crcl"}
        return [Proposal(ProposalKind.UPDATE, "hold-bisphosphonate", order_ref=ref, changes=hold, recommended=True)]
    # The regimen too, so the order's dosage text is rewritten with the new dose (a stale "4 mg" would contradict it).
    changes: dict[str, object] = {"template": medication.agent, "dose_mg": dose, "text_dose_mg": dose}
    if medication.dose is not None and medication.dose.every_days and medication.dose.every_days >= 70:
        changes["interval"] = "12-weekly"  # keep a 12-weekly order 12-weekly (B.13)
    return [Proposal(ProposalKind.UPDATE, "reduce-bisphosphonate", order_ref=ref, changes=changes, recommended=True)]


def _rise(
    facts: PatientFacts, rise: CreatinineRise, iv_course: list[Medication], gaps: tuple[DataGap, ...]
) -> Recommendation:
    """The label's withhold rule: hold the active order, recheck creatinine, resume within 10 % of baseline."""
    values: dict[str, Any] = {
        "drug": iv_course[0].agent if iv_course else "bisphosphonate",
        **rise.card_values(),
    }
    proposals = [
        Proposal(
            ProposalKind.UPDATE,
            "hold-bisphosphonate",
            order_ref=ref,
            changes={"status": "on-hold", "reason": "renal-impairment.hold-reason.rise"},
            recommended=True,
        )
        for m in iv_course
        if (ref := _active_order(m)) is not None
    ]
    if not creatinine_ordered(facts):
        proposals.append(Proposal(ProposalKind.CREATE, "order-serum-creatinine", template="serum-creatinine"))
    agents = [m.agent for m in iv_course]
    source = (
        "; ".join(
            p
            for p in (
                "zoledronic acid prescribing information" if "zoledronic-acid" in agents else None,
                "pamidronate prescribing information" if "pamidronate" in agents else None,
            )
            if p
        )
        or "zoledronic acid prescribing information"
    )
    return Recommendation(
        rule=dataclasses.replace(RULE, beyond_guideline=source, digest="REFERENCE B.1, B.2"),
        indicator=lowered(Indicator.WARNING) if gaps else Indicator.WARNING,
        message="renal-impairment.creatinine-rise",
        values=values,
        proposals=tuple(proposals),
        notes=(
            "renal-impairment.resume"
            if proposals and proposals[0].kind is ProposalKind.UPDATE
            else "renal-impairment.withhold-resume",
        ),
        selection="any" if len(proposals) > 1 else "at-most-one",
        incomplete=gaps,
    )


def _egfr_only(
    facts: PatientFacts,
    settings: Settings,
    on_bisphosphonate: list[Medication],
    on_denosumab: list[Medication],
    starting: bool,
) -> Recommendation | None:
    """No CrCl: an eGFR below the fall-back limit says renal function needs a proper CrCl before dosing."""
    egfr = facts.latest(c.EGFR, within=settings.days("lab_window_days"))
    if egfr is None or egfr.value >= settings.egfr_fallback_below:
        return None
    values: dict[str, Any] = {"egfr": egfr.original or f"{round(egfr.value):d} {egfr.unit}", "egfr_date": egfr.when}
    notes = []
    agents = [m.agent for m in on_bisphosphonate]
    if on_denosumab and egfr.value < settings.denosumab_hypocalcaemia_below:
        values["denosumab"] = "denosumab"
        notes.append("renal-impairment.denosumab-egfr")
        agents.append("denosumab")
    if on_bisphosphonate or starting:
        message = "renal-impairment.egfr-only"
    elif notes:
        message = "renal-impairment.on-denosumab-egfr"
    else:
        return None
    gaps = facts.gaps_in({inputs.OBSERVATIONS})
    return Recommendation(
        rule=dataclasses.replace(RULE, beyond_guideline=_citation(agents or list(TABLED), cockcroft_gault=True)),
        indicator=lowered(Indicator.WARNING) if gaps else Indicator.WARNING,
        message=message,
        values=values,
        notes=tuple(notes),
        incomplete=gaps,
    )
