"""BM-BP-10 — check renal function periodically during bisphosphonate therapy.

Guideline 一(三)3: "建议在双膦酸盐治疗前评估肾功能，对长期接受双膦酸盐治疗的患者应定期检查肾功能。"
"定期" has no interval in the guideline (A.11-7). Beyond the guideline: the labels ask for a serum creatinine
before every IV dose (REFERENCE B.1 zoledronic acid, B.2 pamidronate). On chart review we therefore ask for a
creatinine within one dosing cycle during an IV course: ``renal_monitoring_window_days`` (3-4 weeks), or the
course's own interval when it is longer (every 12 weeks at most, B.13); a daily oral course
(clodronate) has no pre-dose creatinine, so it gets ``renal_monitoring_window_oral_days`` and its card cites only
the guideline (not the IV labels). The order hooks use the tighter ``renal_check_window_days`` before a dose.

When: a bisphosphonate course is under way (guideline.bone_agent_course: current, or a dose completed within the
course window) in a patient with bone metastasis, and no serum creatinine within the window (a stale one is named
with its date) and none ordered. Before a first dose the creatinine is one of the actions of the
bisphosphonate-start card (one card for one decision, issue 9); this card takes that situation only when a
deployment has switched bisphosphonate-start off. Denosumab is not renally cleared and needs no creatinine check
here (B.5). A bisphosphonate without bone metastasis (oral alendronate for osteoporosis) is outside this guideline.
Then: warning; suggest a serum creatinine order.
Incomplete record: when observations or referrals/orders were not fully read, the newest creatinine (or its
order) may be on the part not read, so the card does not name a last date or claim there is none: it fires one
step less urgent (info), says no recent creatinine was found in the part read, and says the record was incomplete.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, creatinine_ordered
from guideline.bone_agent_course import TWELVE_WEEKLY_DAYS, bone_agent_course, oral
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.renal_function import creatinine_text
from guideline.rules import bisphosphonate_start
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
    course = bone_agent_course(facts, settings)
    on_bisphosphonate = course.bisphosphonates
    if on_bisphosphonate:
        if bone_metastasis(facts).status is MetastasisStatus.NONE:
            return None  # e.g. oral alendronate for osteoporosis: outside this guideline
        situation = "on-therapy"
        oral_only = all(oral(m) for m in on_bisphosphonate)
    elif not settings.enabled(bisphosphonate_start.RULE.topic) and bisphosphonate_start.start_due(facts, settings):
        situation, oral_only = "before-start", False
    else:
        return None
    window = settings.renal_monitoring_window_oral_days if oral_only else settings.renal_monitoring_window_days
    if not oral_only:
        # One dosing cycle: a 12-weekly course (accepted, B.13) needs its creatinine before the next dose, not monthly.
        intervals = [m.dose.every_days for m in on_bisphosphonate if m.dose is not None and m.dose.every_days]
        window = round(max([window, *(min(d, TWELVE_WEEKLY_DAYS) for d in intervals)]))
    if facts.latest(c.CREATININE, within=timedelta(days=window)) is not None:
        return None
    if creatinine_ordered(facts):
        return None  # the card's action is taken (an accepted suggestion): the result is on its way
    gaps = facts.gaps_in({inputs.OBSERVATIONS, inputs.SERVICE_REQUESTS})
    values: dict[str, Any] = {"window_days": window}
    if on_bisphosphonate:
        values["drug"] = on_bisphosphonate[0].agent
    last = facts.latest(c.CREATININE)
    if gaps:
        state = "unverified"
    elif last is not None:
        values.update(last_creatinine=creatinine_text(last), last_date=last.when)
        state = "stale"
    else:
        state = "missing"
    return Recommendation(
        rule=dataclasses.replace(RULE, beyond_guideline=None, digest=None) if oral_only else RULE,
        indicator=lowered(Indicator.WARNING) if gaps else Indicator.WARNING,
        message=f"renal-check.{state}.{situation}",
        values=values,
        proposals=(
            Proposal(ProposalKind.CREATE, "order-serum-creatinine", template="serum-creatinine", recommended=True),
        ),
        notes=() if oral_only else ("renal-check.why",),
        incomplete=gaps,
    )
