"""BM-DX-04, 05, 07, 08, 10, 11 and BM-BP-02 — confirm a bone metastasis that is only suspected.

Guideline 一(二)1(1): "ECT是恶性肿瘤骨转移的初筛诊断方法，但不作为转移性骨肿瘤的诊断依据。" 一(二)1(2): "X线平片
检查是确诊恶性肿瘤骨转移的主要方法……敏感性低，仅44%〜50%" (a negative X-ray does not exclude it). 一(二)1(4):
"专家组对MR用于骨转移确诊检查存在争议。" 一(二)1(5): PET-CT "不推荐作为常规检查方法". 一(二)1(6): bone-turnover
markers "目前该类指标尚不能作为骨转移诊断的可靠方法". 一(二)2: "恶性肿瘤骨转移诊断标准需同时具备两项条件：（1）经
组织病理学或细胞学检查诊断为恶性肿瘤，或骨病灶穿刺活检或细胞学诊断为恶性肿瘤骨转移；（2）骨病灶经X线平片、或MR
扫描、或CT扫描、或PET-CT扫描诊断为恶性肿瘤骨转移。" 一(三)3 (BM-BP-02): "对于仅放射性核素骨显像阳性疑似骨转移的
患者，不推荐常规给予双膦酸盐治疗。"

When: guideline.assessments.bone_metastasis() says SUSPECTED (a positive bone scan alone, a diagnosis resting on a
bone scan, or a provisional/unverified bone-metastasis diagnosis: A.11-5).
Then: info card whose action is the next step (guideline.assessments.confirmation, from studies dated since the
suspicion and read as negative by fhir_mappings/imaging_conclusions.py): no study read yet → X-ray (the main method),
CT or MRI as the site requires; X-ray negative → CT (一(二)1(3), CT order offered); CT negative → MRI (the most
sensitive, 一(二)1(4); MRI order offered); MRI or PET-CT negative too → imaging evidence is insufficient, the first
biopsy indication (一(二)1(6)①), no order (the clinician decides between biopsy and follow-up); imaging shows the
lesion but the malignancy is unproven → biopsy is diagnostic. In every case: no bisphosphonate before confirmation
(BM-BP-02). Short notes only for what the record shows (a bisphosphonate already given, a solitary lesion, MRI as
the only positive study, a confirmatory study whose report we cannot read). The biopsy indications, PET-CT's place
(not routine, cost) and bone-turnover markers (not diagnostic) stay on this page.
Incomplete record: when imaging, reports or results could not all be read, the card still fires (it is info, and
its advice holds unless a later study already confirmed it) with the note that the record was incomplete.
"""

from __future__ import annotations

from typing import Any

from guideline import inputs
from guideline.assessments import ConfirmStep, MetastasisStatus, bone_metastasis, confirmation, malignancy_confirmed
from guideline.facts import ImagingKind, PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-DX-04", "BM-DX-05", "BM-DX-07", "BM-DX-08", "BM-DX-10", "BM-DX-11", "BM-BP-02"),
    topic="bone-mets-confirm",
    section="一(二)1-2; 一(三)3",
)
HOOKS = ("patient-view",)
# The data an absence of confirmation rests on: a later study or report may be on a page not read.
_EVIDENCE = inputs.EVIDENCE_OF_BONE_METASTASIS | inputs.IMAGING_RECORD | {inputs.OBSERVATIONS}
READS = _EVIDENCE | {inputs.PATIENT} | inputs.MEDICATIONS

# The order each step offers (cards/orders.py SERVICES); biopsy is the clinician's call, not a one-click order.
_ORDER = {
    ConfirmStep.CT: Proposal(ProposalKind.CREATE, "order-confirmatory-ct", template="ct-bone", recommended=True),
    ConfirmStep.MRI: Proposal(ProposalKind.CREATE, "order-confirmatory-mri", template="mri-bone", recommended=True),
}


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    status = bone_metastasis(facts)
    if status.status is not MetastasisStatus.SUSPECTED:
        return None
    step = confirmation(facts, status)
    values: dict[str, Any] = {"why": status.why}
    if status.bone_scan is not None:
        values["bone_scan_date"] = status.bone_scan.when
    if status.diagnosis is not None:
        values.update(diagnosis_date=status.diagnosis.when)
    for study in reversed(step.negatives):  # oldest first: the newest of each kind wins
        values[f"{study.kind.value.replace('-', '_')}_date"] = study.when
    if step.negatives:
        values.update(negative_kind=step.negatives[0].kind.value, negative_date=step.negatives[0].when)

    notes = []
    if step.unread:
        values.update(unread_kind=step.unread[0].kind.value, unread_date=step.unread[0].when)
        notes.append("bone-mets-confirm.unread")
    positive = {i.kind for i in facts.imaging if i.shows_bone_metastasis}
    if ImagingKind.MRI in positive and not positive & {ImagingKind.XRAY, ImagingKind.CT, ImagingKind.PET_CT}:
        notes.append("bone-mets-confirm.mri-positive")
    if (
        step.step is not ConfirmStep.PATHOLOGY
        and positive - {ImagingKind.BONE_SCAN}
        and not malignancy_confirmed(facts)
    ):
        notes.append("bone-mets-confirm.primary-unproven")
    if any(f.value == "solitary" for f in facts.findings_of("lesion-count")):
        notes.append("bone-mets-confirm.solitary")
    bisphosphonates = facts.medications_in("bisphosphonate")
    if bisphosphonates:
        values["agent"] = bisphosphonates[0].agent
        notes.append("bone-mets-confirm.on-bisphosphonate")
    order = _ORDER.get(step.step)
    return Recommendation(
        rule=RULE,
        indicator=Indicator.INFO,
        message=f"bone-mets-confirm.{step.step.value}",
        values=values,
        proposals=(order,) if order else (),
        notes=tuple(notes),
        incomplete=facts.gaps_in(_EVIDENCE),
    )
