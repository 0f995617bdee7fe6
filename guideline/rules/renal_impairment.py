"""BM-BP-09, BM-BP-10 — bisphosphonate dose for reduced creatinine clearance (labels B.1-B.3; denosumab B.5).

Guideline 一(三)3: "建议根据患者的具体情况，如肾功能、胃肠功能、给药途径及患者意愿决定药物的选择及给药途径。"
"肾功能不良是少见的严重不良反应。建议在双膦酸盐治疗前评估肾功能，对长期接受双膦酸盐治疗的患者应定期检查肾功能。"
The guideline names renal function as the basis of the choice but gives no numbers; these are the labels':
zoledronic acid > 60 → 4 mg, 50-60 → 3.5, 40-49 → 3.3, 30-39 → 3.0, < 30 not recommended (B.1); pamidronate
90 mg, < 30 not recommended (B.2); ibandronate ≥ 50 → 6 mg, 30-49 → 4 mg, < 30 avoid (B.3); clodronate has no
verified renal table (B.4: pharmacist check below 60). Denosumab (not in the guideline) at CrCl < 30: close
calcium monitoring (B.5).

Renal function: a reported creatinine clearance, else Cockcroft-Gault from age, sex, recent weight and creatinine
(B.6), whichever is newer, both within ``lab_window_days``. eGFR is a documented fall-back only to *flag*: the
labels dose by CrCl in mL/min, and eGFR (mL/min/1.73 m², indexed to body surface) is not interchangeable, so an
eGFR below ``egfr_fallback_below`` with no computable CrCl gives a card that asks for the weight (to calculate
CrCl) instead of a dose. No creatinine at all is renal-check's card, not this one.

When: a patient with cancer or (suspected) bone metastasis who is on zoledronic acid, pamidronate, ibandronate
IV or clodronate above the dose for their CrCl band (dose unknown counts), or for whom a bisphosphonate is
indicated (about to start) with CrCl ≤ 60; or on denosumab with CrCl below ``denosumab_hypocalcaemia_below``.
Oral alendronate/risedronate (osteoporosis) are outside this guideline's tables.
Then: warning naming the dose per agent, or "avoid"; no order is suggested here: bisphosphonate-start already
offers renally adjusted orders, and an active order is changed in the order itself (order hooks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_agents_in_course, bone_metastasis
from guideline.calculators import creatinine_clearance
from guideline.dosing import REGIMENS, RENAL_DOSE
from guideline.facts import Medication, PatientFacts
from guideline.recommendation import Indicator, Recommendation, Rule
from guideline.rules.bisphosphonate_start import start_due
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-09", "BM-BP-10"),
    topic="renal-impairment",
    section="一(三)3",
    beyond_guideline="zoledronic acid, pamidronate and ibandronate prescribing information, Aapro 2008; ASCO "
    "2017 on denosumab; Cockcroft-Gault",
    digest="REFERENCE B.1-B.3, B.5, B.6",
)
HOOKS = ("patient-view",)
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS | inputs.MEDICATIONS

# The labels' full dose applies above this CrCl (zoledronic acid B.1: "> 60 → 4 mg").
FULL_DOSE_ABOVE = 60.0
TABLED = ("zoledronic-acid", "pamidronate", "ibandronate")


@dataclass(frozen=True)
class RenalFunction:
    crcl: float  # mL/min
    basis: str  # "reported" or "cockcroft-gault"
    when: datetime
    inputs: dict[str, Any]  # what the card cites: age, sex, weight, creatinine for Cockcroft-Gault


def renal_function(facts: PatientFacts, settings: Settings) -> RenalFunction | None:
    """The newest of a reported CrCl and a Cockcroft-Gault CrCl; None when neither is available."""
    window = settings.days("lab_window_days")
    reported = facts.latest(c.CREATININE_CLEARANCE, within=window)
    computed = creatinine_clearance(facts, creatinine_window=window, weight_window=settings.days("weight_window_days"))
    if reported is not None and (computed is None or reported.when >= computed.creatinine.when):
        return RenalFunction(round(reported.value, 1), "reported", reported.when, {})
    if computed is None:
        return None
    creatinine = computed.creatinine
    cited = {
        "age": computed.age,
        "sex": computed.sex,
        "weight": f"{computed.weight.value:g} kg",
        "creatinine": creatinine.original or f"{creatinine.value:g} {creatinine.unit}",
    }
    return RenalFunction(computed.ml_min, "cockcroft-gault", creatinine.when, cited)


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


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not facts.has_diagnosis(c.MALIGNANCY) and bone_metastasis(facts).status is MetastasisStatus.NONE:
        return None
    # A course under way includes infusions whose orders the EHR closed after each dose (as bisphosphonate-start).
    agents = bone_agents_in_course(facts, settings.days("bone_agent_course_days"))
    on_bisphosphonate = [m for m in agents if c.BISPHOSPHONATE in m.classes and _in_scope(m)]
    on_denosumab = [m for m in agents if m.agent == "denosumab"]
    starting = not agents and start_due(facts, settings)
    if not (on_bisphosphonate or on_denosumab or starting):
        return None

    renal = renal_function(facts, settings)
    if renal is None:
        return _egfr_only(facts, settings, on_bisphosphonate, on_denosumab, starting)

    notes: list[str] = [f"renal-impairment.basis.{renal.basis}"]
    values: dict[str, Any] = {"crcl": renal.crcl, "crcl_date": renal.when, **renal.inputs}
    if on_bisphosphonate:
        for medication in on_bisphosphonate:
            note = _agent_note(medication.agent, renal.crcl, medication)
            if note is not None:
                notes.append(note[0])
                values[f"{medication.agent.replace('-', '_')}_dose"] = note[1]
    elif starting:
        for agent in (*TABLED, "clodronate"):
            note = _agent_note(agent, renal.crcl, None)
            if note is not None:
                notes.append(note[0])
                values[f"{agent.replace('-', '_')}_dose"] = note[1]
    if on_denosumab and renal.crcl < settings.denosumab_hypocalcaemia_below:
        values["denosumab"] = on_denosumab[0].source.display or "denosumab"
        notes.append("renal-impairment.denosumab")
    if len(notes) == 1:
        return None
    if notes[-1] == "renal-impairment.denosumab" and len(notes) == 2:
        situation = "on-denosumab"
    else:
        situation = "on-therapy" if on_bisphosphonate else "before-start"
        notes.append("renal-impairment.monitor")
    return Recommendation(
        rule=RULE,
        indicator=Indicator.WARNING,
        message=f"renal-impairment.{situation}",
        values=values,
        notes=tuple(notes),
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
    values = {"egfr": egfr.original or f"{egfr.value:g} {egfr.unit}", "egfr_date": egfr.when}
    notes = []
    if on_denosumab and egfr.value < settings.denosumab_hypocalcaemia_below:
        values["denosumab"] = on_denosumab[0].source.display or "denosumab"
        notes.append("renal-impairment.denosumab-egfr")
    if on_bisphosphonate or starting:
        message = "renal-impairment.egfr-only"
        notes.append("renal-impairment.monitor")
    elif notes:
        message = "renal-impairment.on-denosumab-egfr"
    else:
        return None
    return Recommendation(
        rule=RULE,
        indicator=Indicator.WARNING,
        message=message,
        values=values,
        notes=tuple(notes),
    )
