"""BM-BP-11, BM-BP-13 — the first bisphosphonate (or denosumab) order without a dental examination.

Guideline 一(三)3: "建议双膦酸盐治疗前，常规口腔检查及预先处理口腔疾病". Osteonecrosis of the jaw, "报告发生该
不良反应的病例大多为长期接受高活性双膦酸盐治疗，近期接受过拔牙及口腔外科手术治疗的患者" (BM-BP-13).
Denosumab carries the same risk and gets the same check (A.11-14; ASCO 2017, REFERENCE B.13 item 5).
This is the order-hook variant of dental_review (same topic).

When: a selected order for a guideline bisphosphonate regimen, or for denosumab in a patient with cancer
or bone metastasis, that will be given (bone metastasis confirmed or hypercalcaemia of malignancy, and the drug
not "not recommended" at this CrCl: otherwise bisphosphonate-not-indicated or renal-impairment says remove it,
and a dental card beside "remove" would contradict it), while the patient has had no bone-modifying agent
within ``bone_agent_recent_days`` (current or recent on record; drafts are not exposure), and no dental
examination done within ``dental_exam_window_days`` nor one already ordered (on record or among this session's orders).
Then: info card; suggest a dental referral. Bisphosphonates rest on the guideline alone; only a denosumab card
cites ASCO 2017. The conclusion rests on absences (no bone agent, no dental examination): when medications,
procedures or service requests were not fully read, the card still fires (info) with the record-incomplete note.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import (
    MetastasisStatus,
    bone_metastasis,
    dental_examination_pending,
    last_dental_examination,
)
from guideline.facts import Medication, PatientFacts
from guideline.orders import (
    bone_agent_exposure,
    hypercalcaemia_of_malignancy,
    in_oncology_care,
    selected_medication_orders,
)
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, Term
from guideline.regimen_review import oncology_regimen, review_regimen
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-11", "BM-BP-13"),
    topic="dental-review",
    section="一(三)3",
    beyond_guideline="denosumab: ASCO 2017",
    digest="REFERENCE B.13, A.11-14",
)
HOOKS = ("order-select", "order-sign")
READS = (
    frozenset({inputs.PATIENT, inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)


def _indicated(medication: Medication, facts: PatientFacts, settings: Settings) -> bool:
    """The order will be given: bone metastasis confirmed (or hypercalcaemia of malignancy), and the drug is not
    "not recommended" at this CrCl. Otherwise another card says remove it, and "examine before the first dose"
    beside "remove" would contradict it (issue 9 item 11)."""
    if bone_metastasis(facts).status is not MetastasisStatus.CONFIRMED and not hypercalcaemia_of_malignancy(
        facts, settings
    ):
        return False
    review = review_regimen(medication, facts, settings, bone_metastasis=True)
    return review is None or review.renal is None or review.renal.dose_mg is not None


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    oncology = in_oncology_care(facts)
    starting = [
        (o, m)
        for o, m in selected_medication_orders(facts, c.BONE_MODIFYING_AGENT)
        if (oncology_regimen(m, bone_metastasis=True) or (m.agent == "denosumab" and oncology))
        and _indicated(m, facts, settings)
    ]
    if not starting:
        return None
    _, medication = starting[0]
    if bone_agent_exposure(facts, settings):
        return None  # not the first: during therapy the patient-view card keeps up the regular checks
    if dental_examination_pending(facts) is not None or any(
        o.procedure is not None and o.procedure.concept == c.DENTAL_EXAMINATION for o in facts.orders
    ):
        return None
    window = settings.dental_exam_window_days
    last = last_dental_examination(facts)
    if last is not None and last.when is not None and (facts.as_of - last.when).days <= window:
        return None
    values: dict[str, Any] = {"drug": Term("drug", medication.agent), "window_days": window}
    if last is not None:
        values["last_exam_date"] = last.when
    gaps = facts.gaps_in(inputs.MEDICATIONS | {inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    return Recommendation(
        rule=replace(RULE, beyond_guideline=RULE.beyond_guideline if medication.agent == "denosumab" else None),
        indicator=Indicator.INFO,
        message="dental-review.order-first-dose",
        values=values,
        proposals=(
            Proposal(ProposalKind.CREATE, "order-dental-referral", template="dental-referral", recommended=True),
        ),
        incomplete=gaps,
    )
