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
Then: info card: confirm with X-ray, CT or MRI (MRI flagged as disputed) or a biopsy; no bisphosphonate until it
is confirmed; notes for a negative X-ray (CT next), a positive MRI alone, an unproven primary, a solitary lesion,
raised ALP and a bisphosphonate already recorded. No order is suggested: the right study depends on the site the
scan shows, which the clinician chooses.
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, malignancy_confirmed
from guideline.facts import ImagingKind, PatientFacts
from guideline.recommendation import Indicator, Recommendation, Rule
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-DX-04", "BM-DX-05", "BM-DX-07", "BM-DX-08", "BM-DX-10", "BM-DX-11", "BM-BP-02"),
    topic="bone-mets-confirm",
    section="一(二)1-2; 一(三)3",
)
HOOKS = ("patient-view",)
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS | inputs.MEDICATIONS


def _imaging_notes(facts: PatientFacts) -> list[str]:
    studies = [i for i in facts.imaging if i.when is None or i.when <= facts.as_of]
    positive = {i.kind for i in studies if i.shows_bone_metastasis}
    notes = []
    if any(i.kind is ImagingKind.XRAY and i.shows_bone_metastasis is False for i in studies) and not (
        positive & {ImagingKind.CT, ImagingKind.MRI, ImagingKind.PET_CT}
    ):
        notes.append("bone-mets-confirm.xray-negative")
    if ImagingKind.MRI in positive and not positive & {ImagingKind.XRAY, ImagingKind.CT, ImagingKind.PET_CT}:
        notes.append("bone-mets-confirm.mri-positive")
    if positive - {ImagingKind.BONE_SCAN} and not malignancy_confirmed(facts):
        notes.append("bone-mets-confirm.primary-unproven")
    return notes


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    status = bone_metastasis(facts)
    if status.status is not MetastasisStatus.SUSPECTED:
        return None
    values: dict[str, Any] = {"why": status.why}
    if status.bone_scan is not None:
        values["bone_scan_date"] = status.bone_scan.when
    if status.diagnosis is not None:
        values.update(
            diagnosis=status.diagnosis.source.display or "bone metastasis", diagnosis_date=status.diagnosis.when
        )

    notes = ["bone-mets-confirm.no-bisphosphonate", *_imaging_notes(facts)]
    if any(f.value == "solitary" for f in facts.findings_of("lesion-count")):
        notes.append("bone-mets-confirm.solitary")
    alp = facts.latest(c.ALP, within=settings.days("lab_window_days"))
    if facts.latest("bone-alp", within=settings.days("lab_window_days")) is not None or (
        alp is not None and alp.reference_high is not None and alp.value > alp.reference_high
    ):
        notes.append("bone-mets-confirm.markers")
    bisphosphonates = facts.medications_in(c.BISPHOSPHONATE)
    if bisphosphonates:
        values["bisphosphonate"] = bisphosphonates[0].source.display or bisphosphonates[0].agent
        notes.append("bone-mets-confirm.on-bisphosphonate")
    notes += ["bone-mets-confirm.not-pet-ct", "bone-mets-workup.biopsy"]
    return Recommendation(
        rule=RULE,
        indicator=Indicator.INFO,
        message="bone-mets-confirm",
        values=values,
        notes=tuple(notes),
    )
