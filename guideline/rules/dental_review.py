"""BM-BP-11, BM-BP-12, BM-BP-13 — dental examination before and during bisphosphonate therapy, once per course.

Guideline 一(三)3: "建议双膦酸盐治疗前，常规口腔检查及预先处理口腔疾病；双膦酸盐治疗期间，保持口腔清洁，
定期检查口腔并慎行创伤性口腔科治疗。" Osteonecrosis of the jaw is rare but serious, mostly after long
potent bisphosphonate therapy with recent extraction or oral surgery (BM-BP-13). Denosumab carries the
same risk and gets the same rule (A.11-14, beyond the guideline: ASCO 2017, B.13).

When (alert fatigue, issue 9: once per course): the patient with bone metastasis is in a bisphosphonate/denosumab
course (guideline.bone_agent_course: current, or a dose completed within the course window) and no dental
examination is recorded for this course: none since ``dental_exam_window_days`` before the course's first dose,
and none within ``dental_followup_window_days``. An examination already ordered counts; one dated after the
chart's date does not. Before a first dose the dental referral is one of the actions of the bisphosphonate-start
card (one card for one decision); this card takes that situation (no examination within
``dental_exam_window_days``) only when a deployment has switched bisphosphonate-start off.
Then: info card; suggest a dental referral worded for the situation (during therapy, not "before").
Incomplete record: the card's only claim is an absence ("no dental examination"): when procedures or
referrals were not fully read it stays silent (it is an info card; one step lower does not exist).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from guideline import inputs
from guideline.assessments import (
    MetastasisStatus,
    bone_metastasis,
    dental_examination_pending,
    last_dental_examination,
)
from guideline.bone_agent_course import bone_agent_course
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.rules import bisphosphonate_start
from guideline.settings import Settings

RULE = Rule(ids=("BM-BP-11", "BM-BP-12", "BM-BP-13"), topic="dental-review", section="一(三)3")
DENOSUMAB_SOURCE = "denosumab: ASCO 2017"
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    course = bone_agent_course(facts, settings)
    last = last_dental_examination(facts)
    if course.under_way and bone_metastasis(facts).status is not MetastasisStatus.NONE:
        situation = "on-therapy"
        counts_from = [facts.as_of - timedelta(days=settings.dental_followup_window_days)]
        if course.start is not None:
            counts_from.append(course.start - timedelta(days=settings.dental_exam_window_days))
    elif not settings.enabled(bisphosphonate_start.RULE.topic) and bisphosphonate_start.start_due(facts, settings):
        situation = "before-start"
        counts_from = [facts.as_of - timedelta(days=settings.dental_exam_window_days)]
    else:
        return None
    if facts.gaps_in({inputs.PROCEDURES, inputs.SERVICE_REQUESTS}):
        return None  # "no dental examination" cannot be claimed on a record known to be incomplete
    if dental_examination_pending(facts) is not None:
        return None
    if last is not None and last.when is not None and last.when >= min(counts_from):
        return None
    values: dict[str, Any] = {"window_days": settings.dental_exam_window_days}
    notes = []
    if last is not None:
        values["last_exam_date"] = last.when
        notes.append("dental-review.last-exam")
    rule = RULE
    if course.under_way:
        agent = course.in_course[0]
        values["drug"] = agent.agent
        if course.start is not None:
            values["course_start"] = course.start
        if all(m.agent == "denosumab" for m in course.in_course):
            rule = dataclasses.replace(RULE, beyond_guideline=DENOSUMAB_SOURCE, digest="REFERENCE B.13")
    template = "dental-referral-on-therapy" if situation == "on-therapy" else "dental-referral"
    return Recommendation(
        rule=rule,
        indicator=Indicator.INFO,
        message=f"dental-review.{situation}" + (".dated" if "course_start" in values else ""),
        values=values,
        proposals=(Proposal(ProposalKind.CREATE, "order-dental-referral", template=template, recommended=True),),
        notes=tuple(notes),
    )
