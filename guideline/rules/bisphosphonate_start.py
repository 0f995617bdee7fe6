"""BM-BP-01, BM-BP-02, BM-BP-03, BM-BP-05..09 — start a bisphosphonate once bone metastasis is confirmed.

Guideline 一(三)3: "一旦确诊恶性肿瘤骨转移，即建议开始双膦酸盐治疗（表1-2)。对于仅放射性核素骨显像阳性
疑似骨转移的患者，不推荐常规给予双膦酸盐治疗。" Evidence class I, grade A. Duration: "双膦酸盐用药时间应在
6个月以上". Regimens: clodronate 1600 mg/d PO (or 300 mg/d IV ≥ 2 h × 5 d), pamidronate 90 mg IV ≥ 2 h,
zoledronic acid 4 mg IV ≥ 15 min, ibandronate 6 mg IV, each every 3-4 weeks; choice by renal function,
GI function, route and preference (BM-BP-09).

When: bone metastasis confirmed by both diagnostic criteria (guideline.assessments) and no bisphosphonate
or denosumab (A.11-14). A bone scan alone is not enough (BM-BP-02): that patient gets bone-mets-confirm.
Then: recommend a bisphosphonate, offering the guideline's regimens; IV doses follow the patient's
creatinine clearance when it is known (labels, REFERENCE B.1-B.3); renal function and a dental
examination come first (see renal-check, dental-review).
"""

from __future__ import annotations

from guideline import inputs
from guideline.assessments import bisphosphonate_indicated, bone_metastasis
from guideline.calculators import creatinine_clearance
from guideline.dosing import REGIMENS, RENAL_DOSE
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-01", "BM-BP-02", "BM-BP-03", "BM-BP-05", "BM-BP-06", "BM-BP-07", "BM-BP-08", "BM-BP-09"),
    topic="bisphosphonate-start",
    section="一(三)3",
)
HOOKS = ("patient-view",)
READS = frozenset(
    {
        inputs.PATIENT,
        inputs.CONDITIONS,
        inputs.OBSERVATIONS,
        inputs.MEDICATION_REQUESTS,
        inputs.MEDICATION_STATEMENTS,
        inputs.IMAGING_STUDIES,
        inputs.DIAGNOSTIC_REPORTS,
    }
)

# Offered in this order; none is preferred by the guideline ("临床疗效相似").
OPTIONS = ("zoledronic-acid", "pamidronate", "ibandronate", "clodronate-oral")


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not bisphosphonate_indicated(facts):
        return None
    status = bone_metastasis(facts)
    crcl = creatinine_clearance(
        facts,
        creatinine_window=settings.days("lab_window_days"),
        weight_window=settings.days("weight_window_days"),
    )
    proposals = []
    withheld = []
    for option in OPTIONS:
        regimen = REGIMENS[option]
        dose = regimen.dose_mg
        if crcl is not None and option in RENAL_DOSE:
            dose = RENAL_DOSE[option](crcl.ml_min)
            if dose is None:
                withheld.append(option)
                continue
        changes = {"dose_mg": dose} if dose != regimen.dose_mg else {}
        proposals.append(Proposal(ProposalKind.CREATE, f"order-{option}", template=option, changes=changes))

    values = {"basis": status.why}
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
