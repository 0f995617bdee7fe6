"""BM-BP-01, BM-BP-02, BM-DX-03, BM-DX-11 — a bisphosphonate ordered without confirmed bone metastasis.

Guideline 一(三)3: "一旦确诊恶性肿瘤骨转移，即建议开始双膦酸盐治疗。对于仅放射性核素骨显像阳性疑似骨转移的
患者，不推荐常规给予双膦酸盐治疗。" Confirmation needs both criteria of 一(二)2 (BM-DX-11); a bone scan is
screening only, "进一步确诊尚需根据情况选择X线平片、MR扫描或CT扫描等方法检查" (BM-DX-03).
Hypercalcaemia of malignancy is an indication of its own, "推荐及时应用双膦酸盐治疗高钙血症" (一(三)6, BM-HC-04).

When: a selected order for a bisphosphonate of the guideline's regimens (zoledronic acid, pamidronate,
IV ibandronate, clodronate; osteoporosis regimens are outside this guideline) while bone metastasis is
not confirmed (guideline.assessments.bone_metastasis), and no hypercalcaemia of malignancy.
Then: warning (info when the only doubt is a diagnosis recorded without verification status); suggest
removing the draft and, when metastasis is suspected, a confirmatory X-ray or CT. The conclusion rests on the
absence of confirming evidence: when diagnoses, imaging or reports were not fully read, one step lower with the
record-incomplete note.
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, malignancy_confirmed
from guideline.facts import PatientFacts
from guideline.orders import hypercalcaemia_of_malignancy, selected_medication_orders
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, Term, lowered
from guideline.regimen_review import oncology_regimen
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-01", "BM-BP-02", "BM-DX-03", "BM-DX-11", "BM-HC-04"),
    topic="bisphosphonate-not-indicated",
    section="一(三)3; 一(二)2",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    status = bone_metastasis(facts)
    metastatic = status.status is not MetastasisStatus.NONE
    ordered = [
        (o, m)
        for o, m in selected_medication_orders(facts, c.BISPHOSPHONATE)
        if oncology_regimen(m, bone_metastasis=metastatic)
    ]
    if not ordered:
        return None
    if status.status is MetastasisStatus.CONFIRMED or hypercalcaemia_of_malignancy(facts, settings):
        return None
    order, medication = ordered[0]
    values: dict[str, Any] = {"drug": Term("drug", medication.agent)}
    proposals = []
    if order.reference is not None:  # a draft without an id cannot be removed by reference
        proposals.append(
            Proposal(ProposalKind.DELETE, "remove-bisphosphonate-order", order_ref=order.reference, recommended=True)
        )
    indicator = Indicator.WARNING
    if status.status is MetastasisStatus.SUSPECTED:
        values["basis"] = status.why
        if status.bone_scan is not None:
            values["scan_date"] = status.bone_scan.when
        scan_only = status.why == "scan-only"
        message = f"bisphosphonate-not-indicated.{'scan-only' if scan_only else 'suspected'}"
        if status.why == "unverified":
            indicator = Indicator.INFO  # the EHR did not say: ask, do not warn
        proposals += [
            Proposal(ProposalKind.CREATE, "order-confirmatory-ct", template="ct-bone"),
            Proposal(ProposalKind.CREATE, "order-confirmatory-xray", template="xray-bone"),
        ]
    elif facts.has_diagnosis(c.MALIGNANCY) or malignancy_confirmed(facts):
        message = "bisphosphonate-not-indicated.no-metastasis"
    else:
        message = "bisphosphonate-not-indicated.no-malignancy"
    # "Not confirmed" rests on the absence of confirming evidence: a record not fully read lowers the card.
    gaps = facts.gaps_in(inputs.EVIDENCE_OF_BONE_METASTASIS)
    return Recommendation(
        rule=RULE,
        indicator=lowered(indicator) if gaps else indicator,
        message=message,
        values=values,
        proposals=tuple(proposals),
        notes=("bisphosphonate-not-indicated.hypercalcaemia",),
        selection="any",
        incomplete=gaps,
    )
