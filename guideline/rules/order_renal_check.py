"""BM-BP-10 — no recent serum creatinine before the bisphosphonate dose being ordered.

Guideline 一(三)3: "建议在双膦酸盐治疗前评估肾功能，对长期接受双膦酸盐治疗的患者应定期检查肾功能。"
Beyond the guideline, the zoledronic acid and pamidronate labels ask for a serum creatinine before every
dose (REFERENCE B.1, B.2); the window is ``renal_check_window_days`` (7 days by default, A.11-7: neither the
guideline nor the labels give one). This is the order-hook variant of renal_check (same topic).

When: a selected order for a guideline bisphosphonate regimen (guideline.regimen_review.oncology_regimen) and
no serum creatinine within the window before now (the dose being ordered).
Then: warning naming the last creatinine and its date if any; suggest ordering a serum creatinine. The card
cites the ordered drug's label only (oral clodronate: the Bonefos SmPC, "renal function ... monitored before
and during treatment"; ibandronate: the guideline alone). Incomplete observations (a page not read): the
conclusion rests on an absence, so the card fires one step lower (info) with the record-incomplete note.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import creatinine_ordered
from guideline.facts import PatientFacts
from guideline.orders import selected_medication_orders
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, Term, lowered
from guideline.regimen_review import oncology_regimen
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-10",),
    topic="renal-check",
    section="一(三)3",
    beyond_guideline="zoledronic acid and pamidronate prescribing information",
    digest="REFERENCE B.1, B.2",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.SERVICE_REQUESTS})
# The label that asks for a creatinine before each dose, by drug (None: the guideline's own "治疗前评估肾功能").
SOURCES: dict[str, str | None] = {
    "zoledronic-acid": "zoledronic acid prescribing information",
    "pamidronate": "pamidronate prescribing information",
    "clodronate": "clodronate (Bonefos) SmPC",
    "ibandronate": None,
}


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    ordered = [m for _, m in selected_medication_orders(facts, c.BISPHOSPHONATE) if oncology_regimen(m)]
    if not ordered:
        return None
    if facts.latest(c.CREATININE, within=settings.days("renal_check_window_days")) is not None:
        return None
    if creatinine_ordered(facts):
        return None  # the card's action is already taken: the result will come before the dose
    agent = ordered[0].agent
    values: dict[str, Any] = {"drug": Term("drug", agent), "window_days": settings.renal_check_window_days}
    last = facts.latest(c.CREATININE)
    if last is not None:
        values.update(last_creatinine=last.original or f"{last.value:g} {last.unit}", last_date=last.when)
    gaps = facts.gaps_in({inputs.OBSERVATIONS, inputs.SERVICE_REQUESTS})
    return Recommendation(
        rule=replace(RULE, beyond_guideline=SOURCES.get(agent)),
        indicator=lowered(Indicator.WARNING) if gaps else Indicator.WARNING,
        message="renal-check.order-stale" if last is not None else "renal-check.order-missing",
        values=values,
        proposals=(
            Proposal(ProposalKind.CREATE, "order-serum-creatinine", template="serum-creatinine", recommended=True),
        ),
        incomplete=gaps,
    )
