"""BM-BP-10 — assess renal function before a bisphosphonate and periodically during it.

Guideline 一(三)3: "建议在双膦酸盐治疗前评估肾功能，对长期接受双膦酸盐治疗的患者应定期检查肾功能。"
"定期" has no interval in the guideline (A.11-7). Beyond the guideline: the labels ask for a serum
creatinine before every IV dose (REFERENCE B.1 zoledronic acid, B.2 pamidronate). On chart review we
therefore ask for a creatinine within one 3-4 week cycle (``renal_monitoring_window_days``); the
order hooks use the tighter ``renal_check_window_days`` before the dose being ordered.

When: a bisphosphonate start is due (BM-BP-01, as bisphosphonate-start decides it) or a bisphosphonate course is
under way (current, or a dose completed within ``bone_agent_course_days``) in a patient with bone metastasis, and
no serum creatinine within the window (a stale one is named with its date) and none ordered. Denosumab is not
renally cleared and needs no creatinine check here (B.5). A bisphosphonate without bone metastasis (oral
alendronate for osteoporosis) is outside this guideline.
Then: warning; suggest a serum creatinine order.
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_agents_in_course, bone_metastasis, creatinine_ordered
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.rules.bisphosphonate_start import start_due
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-10",),
    topic="renal-check",
    section="一(三)3",
    beyond_guideline="zoledronic acid and pamidronate prescribing information",
    digest="REFERENCE B.1, B.2",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    course = bone_agents_in_course(facts, settings.days("bone_agent_course_days"))
    on_bisphosphonate = [m for m in course if c.BISPHOSPHONATE in m.classes]
    if on_bisphosphonate:
        if bone_metastasis(facts).status is MetastasisStatus.NONE:
            return None  # e.g. oral alendronate for osteoporosis: outside this guideline
        situation = "on-therapy"
    elif start_due(facts, settings):
        situation = "before-start"
    else:
        return None
    window = settings.renal_monitoring_window_days
    if facts.latest(c.CREATININE, within=settings.days("renal_monitoring_window_days")) is not None:
        return None
    if creatinine_ordered(facts):
        return None  # the card's action is taken (an accepted suggestion): the result is on its way
    values: dict[str, Any] = {"window_days": window, "situation": situation}
    if on_bisphosphonate:
        values["drug"] = on_bisphosphonate[0].source.display or on_bisphosphonate[0].agent
    last = facts.latest(c.CREATININE)
    if last is not None:
        values.update(last_creatinine=last.original or f"{last.value:g} {last.unit}", last_date=last.when)
        message = "renal-check.stale"
    else:
        message = "renal-check.missing"
    return Recommendation(
        rule=RULE,
        indicator=Indicator.WARNING,
        message=message,
        values=values,
        proposals=(
            Proposal(ProposalKind.CREATE, "order-serum-creatinine", template="serum-creatinine", recommended=True),
        ),
        notes=("renal-check.why",),
    )
