"""BM-BP-01..09, BM-BP-14 — start a bisphosphonate once bone metastasis is confirmed.

Guideline 一(三)3: "一旦确诊恶性肿瘤骨转移，即建议开始双膦酸盐治疗（表1-2)。对于仅放射性核素骨显像阳性
疑似骨转移的患者，不推荐常规给予双膦酸盐治疗。" Evidence class I, grade A. Duration: "双膦酸盐用药时间应在
6个月以上"; "停药指征：出现不可耐受的药物相关性不良反应，或预期继续用药不再获益" (BM-BP-04). "双膦酸盐虽然不能取代
常规抗肿瘤治疗及止痛治疗，但可作为恶性肿瘤骨转移综合治疗的基础用药" (BM-BP-14). Regimens: clodronate 1600 mg/d
PO (or 300 mg/d IV ≥ 2 h × 5 d), pamidronate 90 mg IV ≥ 2 h, zoledronic acid 4 mg IV ≥ 15 min, ibandronate 6 mg
IV, each every 3-4 weeks; choice by renal function, GI function, route and preference (BM-BP-09).

When: bone metastasis confirmed by both diagnostic criteria (guideline.assessments) and no bisphosphonate
or denosumab (A.11-14): none current, none completed within ``bone_agent_course_days`` (EHRs close each infusion
order while the course goes on), and none stopped within ``bone_agent_recent_days`` (a deliberate stop may be the
guideline's stop criterion; the record rarely says why, so the service does not second-guess it). A bone scan
alone is not enough (BM-BP-02): that patient gets bone-mets-confirm.
Then: recommend a bisphosphonate, offering the guideline's regimens; IV doses follow the patient's
creatinine clearance when it is known (labels, REFERENCE B.1-B.3); renal function and a dental
examination come first (see renal-check, dental-review). Clodronate has no verified renal table (B.4): below
CrCl 60 mL/min the card asks for a pharmacist check.
"""

from __future__ import annotations

from typing import Any

from guideline import inputs
from guideline.assessments import bisphosphonate_start_due, bone_metastasis
from guideline.calculators import creatinine_clearance
from guideline.dosing import REGIMENS, RENAL_DOSE
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
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
        "BM-BP-14",
    ),
    topic="bisphosphonate-start",
    section="一(三)3",
    beyond_guideline="renal dose tables of the zoledronic acid, pamidronate and ibandronate labels",
    digest="REFERENCE B.1-B.3",
)
HOOKS = ("patient-view",)
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS | inputs.MEDICATIONS

# Offered in this order; none is preferred by the guideline ("临床疗效相似").
OPTIONS = ("zoledronic-acid", "pamidronate", "ibandronate", "clodronate-oral")
# Clodronate has no verified renal dose table (REFERENCE B.4): below this CrCl the card asks for a pharmacist check.
CLODRONATE_CHECK_BELOW_CRCL = 60.0


def start_due(facts: PatientFacts, settings: Settings) -> bool:
    """BM-BP-01 on this chart: confirmed, and no bone-modifying course under way or recently stopped."""
    return bisphosphonate_start_due(
        facts, course=settings.days("bone_agent_course_days"), stopped=settings.days("bone_agent_recent_days")
    )


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not start_due(facts, settings):
        return None
    status = bone_metastasis(facts)
    crcl = creatinine_clearance(
        facts,
        creatinine_window=settings.days("lab_window_days"),
        weight_window=settings.days("weight_window_days"),
    )
    proposals = []
    withheld: list[str] = []
    for option in OPTIONS:
        regimen = REGIMENS[option]
        dose: float | None = regimen.dose_mg
        if crcl is not None and option in RENAL_DOSE:
            dose = RENAL_DOSE[option](crcl.ml_min)
            if dose is None:
                withheld.append(option)
                continue
        changes = {"dose_mg": dose} if dose != regimen.dose_mg else {}
        proposals.append(Proposal(ProposalKind.CREATE, f"order-{option}", template=option, changes=changes))

    values: dict[str, Any] = {"basis": status.why}
    notes = ["bisphosphonate-start.duration", "bisphosphonate-start.before-first-dose"]
    if status.diagnosis is not None:
        values["diagnosis"] = status.diagnosis.source.display or "bone metastasis"
        values["diagnosis_date"] = status.diagnosis.when
    if status.confirming_imaging is not None:
        values["imaging_date"] = status.confirming_imaging.when
    if status.mri_only:
        notes.append("bone-metastasis.mri-only")
    if crcl is not None:
        values.update(crcl=crcl.ml_min, creatinine=crcl.creatinine.value, creatinine_date=crcl.creatinine.when)
        notes.append("bisphosphonate-start.renal-doses")
        if crcl.ml_min < CLODRONATE_CHECK_BELOW_CRCL:
            notes.append("bisphosphonate-start.clodronate-renal")
    else:
        notes.append("bisphosphonate-start.crcl-unknown")
    if withheld:
        values["withheld"] = ", ".join(withheld)
        notes.append("bisphosphonate-start.withheld-renal")
    return Recommendation(
        rule=RULE,
        indicator=Indicator.INFO,
        message="bisphosphonate-start",
        values=values,
        proposals=tuple(proposals),
        notes=tuple(notes),
    )
