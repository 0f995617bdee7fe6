"""BM-BP-11, BM-BP-12, BM-BP-13 — dental examination before and during bisphosphonate therapy.

Guideline 一(三)3: "建议双膦酸盐治疗前，常规口腔检查及预先处理口腔疾病；双膦酸盐治疗期间，保持口腔清洁，
定期检查口腔并慎行创伤性口腔科治疗。" Osteonecrosis of the jaw is rare but serious, mostly after long
potent bisphosphonate therapy with recent extraction or oral surgery (BM-BP-13). Denosumab carries the
same risk and gets the same rule (A.11-14, beyond the guideline: ASCO 2017, B.13).

When: a bisphosphonate start is due (as bisphosphonate-start decides it) and no dental examination within
``dental_exam_window_days`` (before start); or the patient with bone metastasis is in a bisphosphonate/denosumab
course (current, or a dose completed within ``bone_agent_course_days``) and has had no dental examination within
``dental_followup_window_days`` (during therapy). An examination already ordered counts; one dated after the
chart's date does not.
Then: info card; suggest a dental referral.
"""

from __future__ import annotations

from typing import Any

from guideline import inputs
from guideline.assessments import (
    MetastasisStatus,
    bone_agents_in_course,
    bone_metastasis,
    dental_examination_pending,
    last_dental_examination,
)
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.rules.bisphosphonate_start import start_due
from guideline.settings import Settings

RULE = Rule(ids=("BM-BP-11", "BM-BP-12", "BM-BP-13"), topic="dental-review", section="一(三)3")
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    agents = bone_agents_in_course(facts, settings.days("bone_agent_course_days"))
    if agents and bone_metastasis(facts).status is not MetastasisStatus.NONE:
        situation, window = "on-therapy", settings.dental_followup_window_days
    elif start_due(facts, settings):
        situation, window = "before-start", settings.dental_exam_window_days
    else:
        return None
    if dental_examination_pending(facts) is not None:
        return None
    last = last_dental_examination(facts)
    if last is not None and last.when is not None and (facts.as_of - last.when).days <= window:
        return None
    values: dict[str, Any] = {"window_days": window}
    notes = ["dental-review.onj"]
    if last is not None:
        values["last_exam_date"] = last.when
        notes.insert(0, "dental-review.last-exam")
    if agents:
        values["drug"] = agents[0].source.display or agents[0].agent
    return Recommendation(
        rule=RULE,
        indicator=Indicator.INFO,
        message=f"dental-review.{situation}",
        values=values,
        proposals=(
            Proposal(ProposalKind.CREATE, "order-dental-referral", template="dental-referral", recommended=True),
        ),
        notes=tuple(notes),
    )
