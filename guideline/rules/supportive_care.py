"""BM-SC-01..03 — activity counselling and fall prevention for a patient with bone metastasis.

Guideline 一(三)1: "针对骨转移及其并发症等病情给予对症处理及最佳支持治疗……提供心理及精神支持治疗" (BM-SC-01).
"指导恶性肿瘤骨转移患者在日常活动中如何注意避免对骨骼影响较大的动作和活动，以减低发生病理性骨折的风险。例如：
活动时避免突然扭转脊柱或肢体，避免负重及提重物，预防跌倒（包括必要的装置配备和改装、浴室安全性等）" (BM-SC-02;
OCR "骨髂"/"浴寓" read as 骨骼/浴室). "对于床上翻身、身体转移和站立行走等日常生活活动能力部分受限的患者，需要医疗
陪护人员辅助完成，必要时配置支具及矫形支具等康复器具……对于卧床不起的患者，可酌情进行适当的床上活动。" (BM-SC-03)

Off by default (``Settings.enabled_topics``): it would fire on every chart with bone metastasis (alert fatigue,
issue #3); a deployment switches it on by configuration.
When: bone metastasis confirmed (both criteria, guideline.assessments).
Then: info card with the counselling; with a recent ECOG (or Karnofsky mapped to ECOG, REFERENCE B.12) at
``assisted_activity_ecog_min`` the assisted-activity advice, at ``bedridden_ecog_min`` the in-bed activity advice.
Incomplete record: the card claims no absence and no recency (a performance score only adds advice, and an older
one on a page not read would only have been superseded), so it fires as usual.
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Recommendation, Rule
from guideline.settings import Settings

RULE = Rule(ids=("BM-SC-01", "BM-SC-02", "BM-SC-03"), topic="supportive-care", section="一(三)1")
HOOKS = ("patient-view",)
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS


def ecog_from_karnofsky(karnofsky: float) -> int:
    """B.12 (approximate): KPS 90-100 → 0, 70-80 → 1, 50-60 → 2, 30-40 → 3, 10-20 → 4, 0 → 5."""
    for floor, ecog in ((90, 0), (70, 1), (50, 2), (30, 3), (10, 4)):
        if karnofsky >= floor:
            return ecog
    return 5


def performance(facts: PatientFacts, settings: Settings) -> tuple[int, str, float] | None:
    """(ECOG, source concept, recorded value) from the newer of a recent ECOG or Karnofsky score."""
    window = settings.days("lab_window_days")
    ecog = facts.latest(c.ECOG, within=window)
    karnofsky = facts.latest(c.KARNOFSKY, within=window)
    if ecog is not None and (karnofsky is None or ecog.when >= karnofsky.when):
        return int(ecog.value), "ecog", ecog.value
    if karnofsky is not None:
        return ecog_from_karnofsky(karnofsky.value), "karnofsky", karnofsky.value
    return None


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    status = bone_metastasis(facts)
    if status.status is not MetastasisStatus.CONFIRMED:
        return None
    notes = ["supportive-care.support"]
    values: dict[str, Any] = {}
    scored = performance(facts, settings)
    if scored is not None:
        ecog, scale, value = scored
        values.update(scale=scale, score=f"{value:g}")
        if ecog >= settings.bedridden_ecog_min:
            notes.append("supportive-care.bedridden")
        elif ecog >= settings.assisted_activity_ecog_min:
            notes.append("supportive-care.assisted")
    return Recommendation(
        rule=RULE,
        indicator=Indicator.INFO,
        message="supportive-care",
        values=values,
        notes=tuple(notes),
    )
