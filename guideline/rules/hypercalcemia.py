"""BM-HC-01..04 — grade hypercalcaemia by serum calcium and say how to treat it.

Guideline 一(三)6: "轻度高钙血症为血总钙值2.75〜3mmol/L；中度为3〜3.5mmol/L；重度为>3.5mmol/L，当血钙水平
>3.75mmol/L时称为高钙危象。通常对于轻度高钙血症，一般不采取控制血钙的措施，对有症状、体征的中、重度高钙血症
患者，需立即治疗。……推荐及时应用双膦酸盐治疗高钙血症。降钙素缓解高钙血症起效较快，但疗效不及双膦酸盐。扩容、
促尿钙排泄等其他方法也是缓解高钙血症的简易方法，建议根据病情选择综合治疗。" (OCR "#5"/"f丐"/"妁" read as 钙/的.)

Bands (A.11-6, the overlap at 3.0 resolved half-open): mild 2.75 ≤ Ca < 3.0 (info), moderate 3.0 ≤ Ca ≤ 3.5
(warning: symptoms are not coded, so the card asks), severe > 3.5 (critical), crisis > 3.75 (critical). The
albumin-corrected value is graded when an albumin from the same day exists (B.7), else the lab's reported
corrected calcium, else total calcium; both values are shown, and ionised calcium when present (B.7: it is the
better measure; a normal ionised value points to pseudo-hypercalcaemia). Values between the lab's upper limit and
2.75 get no card: the guideline attaches no action to them and the lab already flags them (alert fatigue).
A result reported in mg/dL is graded against the band edges in mg/dL at the lab's precision (11.0 / 12.0 / 14.0 /
15.0), so that 12 mg/dL counts as 3.0 mmol/L as the zoledronic-acid label equates them (B.1), whatever the 4th
decimal of the conversion.

When: a patient with cancer or (suspected) bone metastasis; the latest calcium within ``calcium_window_days``.
Freshness (issue 9 item 5; windows in guideline/settings.py with their rationale): a value drives "treat now" only
while it is today's value and nothing has been done since.
- current: severe/crisis measured within ``calcium_critical_window_days`` (critical), moderate/mild within
  ``calcium_current_days`` (warning/info), and no calcium-lowering drug (bisphosphonate, denosumab, calcitonin)
  ordered or given after it;
- ageing: severe/crisis 4 days to ``calcium_current_days`` old, untreated since: warning, repeat calcium today;
- stale: moderate or worse older than ``calcium_current_days``: info, repeat calcium;
- superseded: a calcium-lowering drug started after the value: info, repeat calcium to judge the response;
- mild that is not current: silent (BM-HC-02: mild needs no measures).
A serum calcium already ordered after the value (ServiceRequest draft/active, LOINC 17861-6 / 2000-8) silences
the ageing, stale and superseded cards (their one action is that repeat) and replaces the repeat suggestion on a
current card with a note.
Then (current, moderate or worse), one-click drafts of the guideline's measures (一(三)6 "扩容、促尿钙排泄…降钙素…
双膦酸盐…综合治疗"): IV 0.9 % saline (recommended: rehydration comes first), zoledronic acid 4 mg IV once (beyond
the guideline: label hypercalcaemia-of-malignancy regimen from corrected Ca ≥ 3.0 mmol/L) unless the patient is
already on a bone-modifying agent or creatinine ≥ ``hcm_zoledronic_creatinine_below`` (label: no dose adjustment
only below 400 µmol/L), calcitonin 4 IU/kg every 12 h for severe/crisis unless already current (label starting dose;
the dose in IU when a weight within ``weight_window_days`` is known), and a repeat calcium with albumin. The loop
diuretic ("促尿钙排泄") stays in the text: only after rehydration, and its dose depends on the patient. The
zoledronic-acid proposal is left to the response-level kidney pass to adjust or withhold.
Incomplete record (facts.gaps_in): a newer calcium or a treatment since may sit in the part not read, so the card
fires one step lower with the "record incomplete" note; with medications incomplete no zoledronic acid is proposed
(a bone agent may be on the unread page) and with observations incomplete "no recent creatinine" is not claimed.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, current_bone_agents
from guideline.calculators import corrected_calcium
from guideline.facts import Measurement, Medication, MedicationStatus, PatientFacts, ProcedureFact, ProcedureStatus
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-HC-01", "BM-HC-02", "BM-HC-03", "BM-HC-04"),
    topic="hypercalcemia",
    section="一(三)6",
    beyond_guideline="zoledronic acid and calcitonin labels",
    digest="REFERENCE B.1, B.7",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)

# Calcium molar mass 40.078 g/mol: 1 mmol/L = 4.0078 mg/dL (REFERENCE B.8).
MG_DL_PER_MMOL_L = 4.0078
GRADES = ("mild", "moderate", "severe", "crisis")
# Calcitonin-salmon injection, hypercalcaemia starting dose: 4 IU/kg every 12 h (prescribing information, 2.2).
CALCITONIN_IU_PER_KG = 4
INDICATORS = {
    "mild": Indicator.INFO,
    "moderate": Indicator.WARNING,
    "severe": Indicator.CRITICAL,
    "crisis": Indicator.CRITICAL,
}


@dataclass(frozen=True)
class CalciumReading:
    """The calcium value graded, and the results it came from."""

    graded: float  # mmol/L
    basis: str  # "corrected" (from albumin), "reported-corrected", "total"
    measurement: Measurement  # the calcium result graded (total, or the lab's corrected value)
    albumin: Measurement | None = None
    in_mg_dl: bool = False  # reported in mg/dL: graded on the mg/dL grid


def _reported_in_mg_dl(measurement: Measurement) -> bool:
    """True when the lab sent the value in mg/dL (``original`` keeps the value as sent, e.g. "12 mg/dL")."""
    match = re.fullmatch(r"\s*[-+0-9.,]+\s*(\S+)\s*", measurement.original or "")
    return match is not None and match.group(1).lower() == "mg/dl"


def _same_day_albumin(facts: PatientFacts, calcium: Measurement) -> Measurement | None:
    albumins = [a for a in facts.measurements_of(c.ALBUMIN) if abs((a.when - calcium.when).total_seconds()) <= 86400]
    return min(albumins, key=lambda a: abs((a.when - calcium.when).total_seconds()), default=None)


def latest_calcium(facts: PatientFacts, window: timedelta) -> CalciumReading | None:
    """The newest calcium within ``window``, albumin-corrected when possible (A.11-6, B.7)."""
    total = facts.latest(c.CALCIUM, within=window)
    reported = facts.latest(c.CALCIUM_CORRECTED, within=window)
    if reported is not None and (total is None or reported.when >= total.when):
        return CalciumReading(
            round(reported.value, 2), "reported-corrected", reported, None, _reported_in_mg_dl(reported)
        )
    if total is None:
        return None
    corrected = corrected_calcium(total, _same_day_albumin(facts, total))
    basis = "corrected" if corrected.albumin is not None else "total"
    return CalciumReading(corrected.mmol_l, basis, total, corrected.albumin, _reported_in_mg_dl(total))


def grade(value_mmol_l: float, settings: Settings, *, in_mg_dl: bool = False) -> str | None:
    """The A.11-6 band of a calcium value: mild / moderate / severe / crisis, or None below mild."""
    edges: tuple[float, ...] = (
        settings.calcium_mild_min,
        settings.calcium_moderate_min,
        settings.calcium_severe_above,
        settings.calcium_crisis_above,
    )
    value = value_mmol_l
    if in_mg_dl:
        value = round(value_mmol_l * MG_DL_PER_MMOL_L, 1)
        edges = tuple(round(edge * MG_DL_PER_MMOL_L, 1) for edge in edges)
    mild, moderate, severe, crisis = edges
    if value > crisis:
        return "crisis"
    if value > severe:
        return "severe"
    if value >= moderate:
        return "moderate"
    if value >= mild:
        return "mild"
    return None


def shown_graded(reading: CalciumReading) -> str:
    """The graded value in the lab's unit: a 12.0 mg/dL result graded moderate is not shown as "2.99 mmol/L"."""
    if reading.in_mg_dl:
        return f"{reading.graded * MG_DL_PER_MMOL_L:.1f} mg/dL"
    return f"{reading.graded:.2f} mmol/L"


def _shown(measurement: Measurement) -> str:
    return measurement.original or f"{measurement.value:g} {measurement.unit}"


_LATE = {"ageing": Indicator.WARNING, "stale": Indicator.INFO, "superseded": Indicator.INFO}
# What lowers calcium and so makes an earlier value out of date (一(三)6: 双膦酸盐, 降钙素; denosumab as a bone agent).
TREATMENT_CLASSES = frozenset({c.BONE_MODIFYING_AGENT, c.CALCITONIN})
GIVEN = (MedicationStatus.ACTIVE, MedicationStatus.ON_HOLD, MedicationStatus.COMPLETED)


def treatment_since(facts: PatientFacts, when: datetime) -> Medication | None:
    """The first calcium-lowering drug ordered or given after ``when`` (and not after now), or None."""
    after = [
        m
        for m in facts.medications
        if m.classes & TREATMENT_CLASSES and m.status in GIVEN and m.start is not None and when < m.start <= facts.as_of
    ]
    return min(after, key=lambda m: m.start or when, default=None)


def _state(facts: PatientFacts, reading: CalciumReading, band: str, settings: Settings) -> tuple[str, Any]:
    """current / ageing / stale / superseded, with the treatment that superseded the value."""
    treatment = treatment_since(facts, reading.measurement.when)
    if treatment is not None:
        return "superseded", treatment
    age = facts.as_of - reading.measurement.when
    if age > settings.days("calcium_current_days"):
        return "stale", None
    if band in ("severe", "crisis") and age > settings.days("calcium_critical_window_days"):
        return "ageing", None
    return "current", None


def repeat_ordered(facts: PatientFacts, after: datetime) -> ProcedureFact | None:
    """A serum calcium ordered after ``after`` and not yet resulted (ServiceRequest draft/active)."""
    pending = [
        p
        for p in facts.procedures_of(c.CALCIUM_TEST)
        if p.status is ProcedureStatus.PLANNED and p.when is not None and p.when > after
    ]
    return min(pending, key=lambda p: p.when or after, default=None)


def _calcitonin_dose(facts: PatientFacts, settings: Settings) -> dict[str, Any]:
    weight = facts.latest(c.BODY_WEIGHT, within=settings.days("weight_window_days"))
    if weight is None or not 20 <= weight.value <= 300:
        return {}
    return {"dose_iu": round(CALCITONIN_IU_PER_KG * weight.value)}


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not facts.has_diagnosis(c.MALIGNANCY) and bone_metastasis(facts).status is MetastasisStatus.NONE:
        return None  # hypercalcaemia outside cancer is outside this guideline
    reading = latest_calcium(facts, settings.days("calcium_window_days"))
    if reading is None:
        return None
    band = grade(reading.graded, settings, in_mg_dl=reading.in_mg_dl)
    if band is None:
        return None
    state, treatment = _state(facts, reading, band, settings)
    if band == "mild" and state != "current":
        return None  # mild needs no measures (BM-HC-02): an old or treated mild value is not worth a card

    measured = reading.measurement.when
    values: dict[str, Any] = {
        "grade": band,
        "calcium": _shown(reading.measurement),
        "calcium_date": measured,
        "graded": shown_graded(reading),
        "measure": "corrected" if reading.basis != "total" else "total",
        "measure_cap": "corrected" if reading.basis != "total" else "total",
        "grade_lower": band,
        "age_days": (facts.as_of - measured).days,
    }
    notes: list[str] = []
    if reading.basis == "corrected" and reading.albumin is not None:
        values["albumin"] = _shown(reading.albumin)
        notes.append("hypercalcemia.basis.corrected")
    # Recency of the calcium, "no albumin that day" and "no treatment since" are claims over these kinds.
    gaps = facts.gaps_in({inputs.OBSERVATIONS} | inputs.MEDICATIONS)
    if reading.basis == "total":
        unread = facts.gaps_in({inputs.OBSERVATIONS})  # an albumin of that day may be in the part not read
        notes.append("hypercalcemia.basis.uncorrected" if unread else "hypercalcemia.basis.total")
    repeat = Proposal(ProposalKind.CREATE, "order-calcium-albumin", template="calcium-albumin", recommended=True)

    ordered = repeat_ordered(facts, measured)
    if state != "current":
        if ordered is not None:
            return None  # the repeat these cards ask for is already ordered
        if treatment is not None:
            values.update(treatment=treatment.agent, treatment_date=treatment.start)
        return Recommendation(
            rule=RULE,
            indicator=lowered(Indicator.WARNING) if state == "ageing" and gaps else _LATE[state],
            message=f"hypercalcemia.{state}",
            values=values,
            proposals=(repeat,),
            notes=tuple(notes),
            incomplete=gaps,
        )

    ionised = facts.latest(c.CALCIUM_IONISED, within=settings.days("calcium_current_days"))
    if ionised is not None:
        values.update(ionised=_shown(ionised), ionised_date=ionised.when)
        high = ionised.reference_high
        normal = high is not None and ionised.value <= high
        notes.append("hypercalcemia.ionised-normal" if normal else "hypercalcemia.ionised")

    proposals: list[Proposal] = []
    if band == "mild":
        notes.append("hypercalcemia.mild-care")
    else:
        proposals.append(Proposal(ProposalKind.CREATE, "order-saline-iv", template="saline-iv", recommended=True))
        agents = current_bone_agents(facts)
        creatinine = facts.latest(c.CREATININE, within=settings.days("calcium_window_days"))
        if agents:
            values["agent"] = agents[0].agent
            on_bisphosphonate = any(c.BISPHOSPHONATE in a.classes for a in agents)
            notes.append("hypercalcemia.on-bone-agent" if on_bisphosphonate else "hypercalcemia.on-denosumab")
        elif creatinine is not None and creatinine.value >= settings.hcm_zoledronic_creatinine_below:
            values.update(creatinine=_shown(creatinine), creatinine_date=creatinine.when)
            notes.append("hypercalcemia.renal-caution")
        elif not facts.gaps_in(inputs.MEDICATIONS):  # a bone agent may sit in the part of the record not read
            if creatinine is None and not facts.gaps_in({inputs.OBSERVATIONS}):
                notes.append("hypercalcemia.creatinine-unknown")
            proposals.append(
                Proposal(
                    ProposalKind.CREATE, "order-zoledronic-acid-hcm", template="zoledronic-acid-hcm", recommended=True
                )
            )
        if band in ("severe", "crisis") and not facts.medications_in(c.CALCITONIN):  # never a second calcitonin
            proposals.append(
                Proposal(
                    ProposalKind.CREATE,
                    "order-calcitonin",
                    template="calcitonin",
                    changes=_calcitonin_dose(facts, settings),
                )
            )
        notes.append("hypercalcemia.measures")
        if ordered is None:
            proposals.append(dataclasses.replace(repeat, recommended=False))
        else:
            values["repeat_date"] = ordered.when
            notes.append("hypercalcemia.repeat-ordered")
    indicator = INDICATORS[band]
    return Recommendation(
        rule=RULE,
        indicator=lowered(indicator) if gaps else indicator,
        message=f"hypercalcemia.{band}",
        values=values,
        proposals=tuple(proposals),
        notes=tuple(notes),
        selection="any",
        incomplete=gaps,
    )
