"""BM-DX-01, BM-DX-03, BM-DX-06, BM-DX-09 — work up signs of bone metastasis in a patient with cancer.

Guideline 一(二): "确诊为恶性肿瘤的患者，一旦出现骨疼痛、病理性骨折、碱性磷酸酶升高、脊髓压迫或脊神经根压迫或
高钙血症相关症状等临床表现，应进一步检查排除骨转移病变。" (OCR "憐" read as 磷.) 一(二)2: "放射性核素全身骨扫描是
初步诊断骨转移的筛查方法，进一步确诊尚需根据情况选择X线平片、MR扫描或CT扫描等方法检查，必要时还可考虑骨活检。"
一(二)1(3): "CT扫描检查可确诊某些放射性核素骨显像检查阳性而X线平片阴性患者的骨转移病灶……CT引导下病变处穿刺活检".
一(二)1(6): "活检指征：①影像学诊断依据不够；②单一骨病变；③骨病变的确诊决定治疗策略；④以骨病变为首发症状的
骨转移癌；⑤任何有疑问的骨病变，患者要求确诊。骨活检应注意避免病理性骨折的风险。"

When: an active malignancy that is not merely provisional ("确诊": an EHR problem-list cancer without a
verification status counts, a provisional or differential one does not), bone metastasis neither confirmed nor
suspected (those patients get bisphosphonate-start or bone-mets-confirm), and any of: bone pain; pathological
fracture; ALP above the lab's own upper limit (no limit sent → not used: we do not guess one); spinal cord or
nerve-root compression; hypercalcaemia (a coded diagnosis, or calcium graded mild or worse, A.11-6). Symptoms of
hypercalcaemia are rarely coded, so the calcium value stands in for them. Silent once bone imaging is dated on or
after the newest of these findings (the work-up has been done and its report is in the chart), or a bone scan is
ordered, except an X-ray read negative: it does not exclude metastasis (一(二)1(2), sensitivity 44-50 %), so the
card still asks for the scan and says the X-ray was negative.
Then: warning (the guideline says 应); suggest a whole-body bone scan. The card names the findings; the next steps
(ECT screens, X-ray/CT/MRI confirm, CT for scan-positive X-ray-negative lesions, PET-CT not routine) and the biopsy
indications (一(二)1(6)) are on this page, not on the card.
Incomplete record: "no bone imaging since" is a claim of absence. When imaging studies, reports or orders could not
all be read, the card fires one step lower (info) with the note that the record was incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_imaging_ordered, bone_metastasis
from guideline.facts import Diagnosis, Imaging, ImagingKind, PatientFacts, Verification
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.rules.hypercalcemia import grade, latest_calcium, shown_graded
from guideline.settings import Settings

RULE = Rule(ids=("BM-DX-01", "BM-DX-03", "BM-DX-06", "BM-DX-09"), topic="bone-mets-workup", section="一(二)")
HOOKS = ("patient-view",)
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS | inputs.IMAGING_RECORD

# Condition concepts that are work-up triggers, with the value name the card text uses.
TRIGGER_DIAGNOSES = {
    c.BONE_PAIN: "bone_pain",
    c.PATHOLOGICAL_FRACTURE: "fracture",
    c.SPINAL_CORD_COMPRESSION: "cord_compression",
    c.NERVE_ROOT_COMPRESSION: "root_compression",
    c.HYPERCALCAEMIA: "hypercalcaemia",
}


@dataclass(frozen=True)
class Trigger:
    """One finding that calls for a work-up, as the card shows it."""

    name: str  # value name: "bone_pain", "fracture", "alp", ...
    shown: str
    when: datetime | None


def diagnosed_malignancy(facts: PatientFacts) -> Diagnosis | None:
    """An active cancer diagnosis that is not provisional ("确诊为恶性肿瘤的患者")."""
    cancers = [d for d in facts.diagnoses_of(c.MALIGNANCY) if d.verification is not Verification.PROVISIONAL]
    return cancers[0] if cancers else None


def triggers(facts: PatientFacts, settings: Settings) -> list[Trigger]:
    """The BM-DX-01 findings present now (empty when none)."""
    found: dict[str, Trigger] = {}
    for diagnosis in facts.diagnoses:
        name = TRIGGER_DIAGNOSES.get(diagnosis.concept)
        if name is None or not diagnosis.active or name in found:
            continue
        if diagnosis.when is not None and diagnosis.when > facts.as_of:
            continue
        found[name] = Trigger(name, diagnosis.source.display or diagnosis.concept, diagnosis.when)
    alp = facts.latest(c.ALP, within=settings.days("lab_window_days"))
    if alp is not None and alp.reference_high is not None and alp.value > alp.reference_high:
        shown = f"{alp.original or f'{alp.value:g} {alp.unit}'} (> {alp.reference_high:g} {alp.unit})"
        found["alp"] = Trigger("alp", shown, alp.when)
    if "hypercalcaemia" not in found:
        calcium = latest_calcium(facts, settings.days("calcium_window_days"))
        if calcium is not None and grade(calcium.graded, settings, in_mg_dl=calcium.in_mg_dl) is not None:
            shown = shown_graded(calcium)
            found["calcium"] = Trigger("calcium", shown, calcium.measurement.when)
    return sorted(found.values(), key=lambda t: t.name)


def _since(facts: PatientFacts, since: datetime | None) -> list[Imaging]:
    """Bone imaging dated on or after ``since`` (any dated imaging when ``since`` is unknown)."""
    dated = [i for i in facts.imaging if i.when is not None and i.when <= facts.as_of]
    return [i for i in dated if since is None or (i.when is not None and i.when.date() >= since.date())]


def _negative_xray(facts: PatientFacts, study: Imaging) -> bool:
    """An X-ray read negative, or the ImagingStudy of one (same day): it does not exclude metastasis."""
    negatives = {
        i.when.date()
        for i in facts.imaging
        if i.kind is ImagingKind.XRAY and i.shows_bone_metastasis is False and i.when
    }
    if study.kind is not ImagingKind.XRAY or study.shows_bone_metastasis is True or study.when is None:
        return False
    return study.when.date() in negatives


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    cancer = diagnosed_malignancy(facts)
    if cancer is None or bone_metastasis(facts).status is not MetastasisStatus.NONE:
        return None
    found = triggers(facts, settings)
    if not found:
        return None
    dates = [t.when for t in found if t.when is not None]
    newest = max(dates) if dates else None
    since = _since(facts, newest)
    if any(not _negative_xray(facts, study) for study in since) or bone_imaging_ordered(facts):
        return None  # imaged since the finding, or a bone scan is already ordered
    values: dict[str, Any] = {
        "malignancy": cancer.source.display or "malignancy",
        "primary": cancer.primary_site or "unrecorded",
        "malignancy_date": cancer.when,
    }
    for trigger in found:
        values[trigger.name] = trigger.shown
        values[f"{trigger.name}_date"] = trigger.when
    notes = [f"bone-mets-workup.trigger.{t.name}" for t in found]
    if since:
        values["xray_date"] = max(i.when for i in since if i.when is not None)
        notes.append("bone-mets-workup.xray-negative")
    gaps = facts.gaps_in(inputs.IMAGING_RECORD)  # the absence of imaging the card asserts
    return Recommendation(
        rule=RULE,
        indicator=lowered(Indicator.WARNING) if gaps else Indicator.WARNING,
        message="bone-mets-workup",
        values=values,
        proposals=(Proposal(ProposalKind.CREATE, "order-bone-scan", template="bone-scan", recommended=True),),
        notes=tuple(notes),
        incomplete=gaps,
    )
