"""BM-BP-01..11, BM-BP-14 — start (or resume) a bisphosphonate for confirmed bone metastasis: one card, three actions.

Guideline 一(三)3: "一旦确诊恶性肿瘤骨转移，即建议开始双膦酸盐治疗（表1-2)。对于仅放射性核素骨显像阳性
疑似骨转移的患者，不推荐常规给予双膦酸盐治疗。" Evidence class I, grade A. Duration: "双膦酸盐用药时间应在
6个月以上"; "停药指征：出现不可耐受的药物相关性不良反应，或预期继续用药不再获益" (BM-BP-04). "双膦酸盐虽然不能取代
常规抗肿瘤治疗及止痛治疗，但可作为恶性肿瘤骨转移综合治疗的基础用药" (BM-BP-14). Regimens: clodronate 1600 mg/d
PO (or 300 mg/d IV ≥ 2 h × 5 d), pamidronate 90 mg IV ≥ 2 h, zoledronic acid 4 mg IV ≥ 15 min, ibandronate 6 mg
IV, each every 3-4 weeks; choice by renal function, GI function, route and preference (BM-BP-09). Before it:
"建议在双膦酸盐治疗前评估肾功能" (BM-BP-10) and "双膦酸盐治疗前，常规口腔检查及预先处理口腔疾病" (BM-BP-11).

When: bone metastasis confirmed by both diagnostic criteria (guideline.assessments), no bone-modifying course under
way (guideline.bone_agent_course: current, or a dose completed within the course window, which covers the
12-weekly interval) and none stopped within ``bone_agent_recent_days`` (a deliberate stop may be the guideline's
stop criterion; the record rarely says why). A bone scan alone is not enough (BM-BP-02): bone-mets-confirm.
Older therapy on record (a course that ended) makes this a "resume?" card that names the drug and its last dose,
never "no bisphosphonate recorded" (issue 9 item 4).
Then (alert fatigue, issue 9): one card for the one decision, carrying up to three actions: a serum creatinine
when none is within ``renal_monitoring_window_days`` (and none ordered), a dental referral when no examination is
within ``dental_exam_window_days`` (and none ordered), and the bisphosphonate orders this card owns, each at the
dose for the patient's creatinine clearance band (labels, REFERENCE B.1-B.3). When CrCl cannot be computed no
agent is offered: the creatinine (and weight) come first, and the text gives the dose by CrCl band (item 6).
Below CrCl 30 zoledronic acid, pamidronate and ibandronate are not offered; clodronate has no verified renal table
(B.4), so below CrCl 60 it is not offered either and the card asks for a pharmacist's dose check. Info card;
warning when CrCl ≤ 60 mL/min (the doses differ from the guideline's). renal-check, dental-review and
renal-impairment leave this situation to this card.

Incomplete record (facts.gaps_in): the card's claim "no bisphosphonate or denosumab on record" rests on the
medication record, its creatinine and dental actions on observations, procedures and referrals. When any of those
is incomplete the card still fires (a grade-A recommendation should not vanish), one step less urgent, says the
record was incomplete and words its claim as "none found in the record read"; with the medication record
incomplete it offers no drug order (a current course may be on the page not read: the order would duplicate it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import (
    MetastasisStatus,
    bone_metastasis,
    creatinine_ordered,
    dental_examination_pending,
    last_dental_examination,
)
from guideline.bone_agent_course import BoneAgentCourse, bone_agent_course
from guideline.dosing import REGIMENS, RENAL_DOSE
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.renal_function import RenalFunction, missing_for_clearance, renal_function
from guideline.settings import Settings

RULE = Rule(
    ids=(
        "BM-BP-01",
        "BM-BP-02",
        "BM-BP-03",
        "BM-BP-04",
        "BM-BP-05",
        "BM-BP-06",
        "BM-BP-07",
        "BM-BP-08",
        "BM-BP-09",
        "BM-BP-10",
        "BM-BP-11",
        "BM-BP-14",
    ),
    topic="bisphosphonate-start",
    section="一(三)3",
    beyond_guideline="zoledronic acid, pamidronate and ibandronate labels",
    digest="REFERENCE B.1-B.4",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)

# Offered in this order; none is preferred by the guideline ("临床疗效相似").
OPTIONS = ("zoledronic-acid", "pamidronate", "ibandronate", "clodronate-oral")
# The labels' full doses apply above this CrCl (B.1); clodronate, with no verified renal table (B.4), is offered
# only at or above it.
FULL_DOSE_ABOVE = 60.0


def situation(facts: PatientFacts, settings: Settings, course: BoneAgentCourse | None = None) -> str | None:
    """ "start" (no bone agent on record), "resume" (older therapy, no course under way), or None."""
    if bone_metastasis(facts).status is not MetastasisStatus.CONFIRMED:
        return None
    course = course or bone_agent_course(facts, settings)
    if course.under_way or course.stopped_recently:
        return None
    return "resume" if course.last is not None else "start"


def start_due(facts: PatientFacts, settings: Settings) -> bool:
    """BM-BP-01 on this chart: confirmed, and no bone-modifying course under way or recently stopped."""
    return situation(facts, settings) is not None


def creatinine_due(facts: PatientFacts, window: timedelta) -> bool:
    """No serum creatinine within ``window`` and none ordered."""
    return facts.latest(c.CREATININE, within=window) is None and not creatinine_ordered(facts)


def dental_due(facts: PatientFacts, since: timedelta) -> bool:
    """No dental examination within ``since`` (one dated after the chart's date does not count) and none ordered."""
    if dental_examination_pending(facts) is not None:
        return False
    last = last_dental_examination(facts)
    return last is None or last.when is None or facts.as_of - last.when > since


def agent_orders(renal: RenalFunction) -> tuple[list[Proposal], bool]:
    """The agents at the dose of this CrCl band, and whether any was left out for renal function."""
    proposals, left_out = [], False
    for option in OPTIONS:
        regimen = REGIMENS[option]
        dose: float | None = regimen.dose_mg
        if option in RENAL_DOSE:
            dose = RENAL_DOSE[option](renal.crcl)
        elif renal.crcl < FULL_DOSE_ABOVE:
            dose = None  # clodronate: no verified renal table
        if dose is None:
            left_out = True
            continue
        changes = {"dose_mg": dose} if dose != regimen.dose_mg else {}
        proposals.append(Proposal(ProposalKind.CREATE, f"order-{option}", template=option, changes=changes))
    return proposals, left_out


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    course = bone_agent_course(facts, settings)
    kind = situation(facts, settings, course)
    if kind is None:
        return None
    status = bone_metastasis(facts)
    medication_gaps = facts.gaps_in(inputs.MEDICATIONS)
    values: dict[str, Any] = {"basis": status.why}
    if status.diagnosis is not None:
        values["diagnosis_date"] = status.diagnosis.when
    if status.confirming_imaging is not None:
        values["imaging_date"] = status.confirming_imaging.when
    if kind == "resume" and course.last is not None:
        values.update(drug=course.last.agent, doses=course.doses, last_date=course.last_date)
        if course.last_date is not None:
            values["days_since"] = (facts.as_of - course.last_date).days
        message = "bisphosphonate-start.resume" + ("" if course.last_date is not None else "-undated")
        if medication_gaps and course.last_date is not None:
            message = "bisphosphonate-start.resume-unverified"  # a newer dose may be on the page not read
    else:
        message = "bisphosphonate-start.unverified" if medication_gaps else "bisphosphonate-start"

    proposals: list[Proposal] = []
    notes: list[str] = []
    incomplete = set(medication_gaps)
    window = settings.renal_monitoring_window_days
    need_creatinine = creatinine_due(facts, settings.days("renal_monitoring_window_days"))
    need_dental = dental_due(facts, settings.days("dental_exam_window_days"))
    if need_creatinine:
        proposals.append(
            Proposal(ProposalKind.CREATE, "order-serum-creatinine", template="serum-creatinine", recommended=True)
        )
        incomplete |= set(facts.gaps_in({inputs.OBSERVATIONS, inputs.SERVICE_REQUESTS}))
    if need_dental:
        proposals.append(
            Proposal(ProposalKind.CREATE, "order-dental-referral", template="dental-referral", recommended=True)
        )
        incomplete |= set(facts.gaps_in({inputs.PROCEDURES, inputs.SERVICE_REQUESTS}))
    first = "both" if need_creatinine and need_dental else "creatinine" if need_creatinine else "dental"
    values.update(first=first if need_creatinine or need_dental else "none", window_days=window)

    indicator = Indicator.INFO
    renal = renal_function(facts, settings)
    if renal is None:
        missing = missing_for_clearance(facts, settings)
        values["missing"] = "-".join(missing) if missing else "none"
        notes.append("bisphosphonate-start.crcl-unknown")
    else:
        incomplete |= set(facts.gaps_in({inputs.OBSERVATIONS}))  # a newer creatinine may change the band
        values.update(crcl=renal.crcl, crcl_date=renal.when)
        if renal.crcl <= FULL_DOSE_ABOVE:
            indicator = Indicator.WARNING
        if medication_gaps:
            notes.append("bisphosphonate-start.doses-by-band")
        else:
            notes.append("bisphosphonate-start.crcl")
            offered, left_out = agent_orders(renal)
            proposals += offered
            if left_out:
                notes.append("bisphosphonate-start.renal-30" if renal.crcl < 30 else "bisphosphonate-start.renal-60")
    if status.mri_only:
        notes.append("bone-metastasis.mri-only")
    gaps = tuple(sorted(incomplete, key=lambda g: (g.what, g.reason)))
    return Recommendation(
        rule=RULE,
        indicator=lowered(indicator) if gaps else indicator,
        message=message,
        values=values,
        proposals=tuple(proposals),
        notes=tuple(notes),
        selection="any" if len(proposals) > 1 else "at-most-one",
        incomplete=gaps,
    )
