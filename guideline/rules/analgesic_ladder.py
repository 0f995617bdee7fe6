"""BM-PN-01..08 — the WHO analgesic ladder step the patient's bone pain calls for.

Guideline 一(三)2: "骨转移疼痛的止痛药治疗应遵循WHO癌症疼痛治疗基本原则，针对患者的疼痛程度选择不同'阶梯'的镇痛
药物…五项基本原则：口服及无创途径给药，按阶梯给药，按时给药，个体化给药，注意具体细节". "轻度疼痛：选择非甾体类抗炎药，
或选择含有阿片镇痛药、非甾体类抗炎镇痛药的复方制剂"; "中度疼痛：选择阿片类镇痛药，如可待因、双氢可待因，同时给予非甾体类
抗炎镇痛药…当非甾体类抗炎镇痛药用药剂量超过或接近限制剂量时，建议只增加阿片类镇痛药的用药剂量"; "重度疼痛：选择强阿片类
镇痛药，如吗啡即释片、吗啡缓释片或羟考酮缓释片、芬太尼透皮贴剂。同时给予非甾体类抗炎镇痛药…根据病情将阿片类止痛药剂量
调整至最佳止痛的安全用药剂量"; adjuvants "以进一步增强缓解神经病理性疼痛". 一(三)4 (BM-PN-08): "对于放疗显效前
（约3个月内）的患者及放疗不能完全控制疼痛的患者，仍然需根据患者的疼痛程度使用止痛药".
Bands are not in the guideline (Table 1-1 is missing): NRS 1-3 mild, 4-6 moderate, 7-10 severe (A.11-4, B.9);
paracetamol counts with the non-opioid step (A.11-4).

Who: bone metastasis, confirmed or suspected, or a malignancy with a bone-pain diagnosis. The section treats
"骨疼痛" of cancer; a cancer patient whose bone pain is still being worked up needs the same analgesia, while a
pain score in a cancer patient without any bone involvement (post-operative pain, say) is outside this guideline.
When: the latest pain score (NRS 0-10) within ``pain_score_window_days`` calls for a higher step than the current
regimen reaches (strong opioid 3, weak opioid 2, NSAID/paracetamol 1; adjuvants are not a step). A missing score,
or one outside 0-10, says nothing: silent. An NSAID missing beside an opioid that already reaches the step is not
flagged (it may be contraindicated).
Freshness (issue 9 item 5): the score drives the card only when it is within ``analgesic_pain_current_days`` and
no analgesic was started after it. A moderate or severe score that is older ("stale"), or that predates a current
analgesic ("superseded": the regimen changed since), gives an info card asking to reassess pain, never the
escalation warning; a mild one is silent.
Then: warning for moderate or severe pain, info for mild; the step's drugs from the guideline, the NSAID ceiling,
adjuvants for neuropathic pain, and analgesia during radiotherapy's onset (the five principles are on the rule
page). No order is suggested: the guideline gives no doses and opioids are titrated to the patient.
Incomplete record (facts.gaps_in): an analgesic at the step, or a newer score, may sit in the part not read, so the
card fires one step lower with the "record incomplete" note, and never says "no analgesic recorded".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, current_diagnoses
from guideline.facts import Medication, PatientFacts, ProcedureStatus
from guideline.recommendation import Indicator, Recommendation, Rule, lowered
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-PN-01", "BM-PN-02", "BM-PN-03", "BM-PN-04", "BM-PN-05", "BM-PN-06", "BM-PN-07", "BM-PN-08"),
    topic="analgesic-ladder",
    section="一(三)2; 一(三)4",
    beyond_guideline="NRS bands as used by NCCN; reassessment: China NHC cancer pain guideline 2018",
    digest="REFERENCE B.9, A.11-4",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.PROCEDURES})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)

# WHO step each analgesic class reaches; a combination product carries both of its classes.
STEP_OF_CLASS = {c.OPIOID_STRONG: 3, c.OPIOID_WEAK: 2, c.NSAID: 1, c.NON_OPIOID: 1}
STEP_OF_BAND = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}


def pain_band(score: float, settings: Settings) -> str:
    """A.11-4 / B.9 bands: 0 none, up to ``pain_mild_max`` mild, up to ``pain_moderate_max`` moderate, else severe."""
    if score <= 0:
        return "none"
    if score <= settings.pain_mild_max:
        return "mild"
    return "moderate" if score <= settings.pain_moderate_max else "severe"


def current_step(facts: PatientFacts) -> tuple[int, list[Medication]]:
    """The highest WHO step of the current analgesics (a name-only match counts: never double an opioid)."""
    analgesics = [m for m in facts.medications if m.current and m.classes & STEP_OF_CLASS.keys()]
    step = max((STEP_OF_CLASS[k] for m in analgesics for k in m.classes if k in STEP_OF_CLASS), default=0)
    return step, analgesics


def _in_scope(facts: PatientFacts) -> bool:
    if bone_metastasis(facts).status is not MetastasisStatus.NONE:
        return True
    return bool(current_diagnoses(facts, c.MALIGNANCY)) and bool(current_diagnoses(facts, c.BONE_PAIN))


def _neuropathic(facts: PatientFacts, settings: Settings) -> bool:
    """Neuropathic features: a coded finding, or nerve-root or cord compression."""
    window = settings.days("pain_score_window_days")
    coded = any(
        f.value == "present" and (f.when is None or facts.as_of - window <= f.when <= facts.as_of)
        for f in facts.findings_of("neuropathic-pain")
    )
    compression = current_diagnoses(facts, c.NERVE_ROOT_COMPRESSION) or current_diagnoses(
        facts, c.SPINAL_CORD_COMPRESSION
    )
    return coded or bool(compression)


def _started_after(analgesics: list[Medication], when: datetime, facts: PatientFacts) -> Medication | None:
    """The first current analgesic started after the pain score: the score predates the regimen."""
    after = [m for m in analgesics if m.start is not None and when < m.start <= facts.as_of]
    return min(after, key=lambda m: m.start or when, default=None)


def _highest(analgesics: list[Medication]) -> Medication | None:
    return max(
        analgesics,
        key=lambda m: max((STEP_OF_CLASS[k] for k in m.classes if k in STEP_OF_CLASS), default=0),
        default=None,
    )


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not _in_scope(facts):
        return None
    pain = facts.latest(c.PAIN_SCORE, within=settings.days("pain_score_window_days"))
    if pain is None or not 0 <= pain.value <= 10:
        return None
    band = pain_band(pain.value, settings)
    step, analgesics = current_step(facts)
    if step >= STEP_OF_BAND[band]:
        return None

    values: dict[str, Any] = {
        "pain": f"{pain.value:g}",
        "pain_date": pain.when,
        "age_days": (facts.as_of - pain.when).days,
        "band": band,
        "needed_step": STEP_OF_BAND[band],
        "current_step": step,
        "mild_max": settings.pain_mild_max,
        "moderate_from": settings.pain_mild_max + 1,
        "moderate_max": settings.pain_moderate_max,
        "severe_from": settings.pain_moderate_max + 1,
    }
    highest = _highest(analgesics)
    if highest is not None:
        values["current"] = highest.agent
    # The pain score's recency and "no analgesic at this step" are claims over these kinds (facts.gaps_in).
    gaps = facts.gaps_in({inputs.OBSERVATIONS} | inputs.MEDICATIONS)

    started = _started_after(analgesics, pain.when, facts)
    fresh = facts.as_of - pain.when <= settings.days("analgesic_pain_current_days")
    if started is not None or not fresh:
        if band == "mild":
            return None  # an old or superseded mild score is not worth a card
        state = "superseded" if started is not None else "stale"
        if started is not None:
            values.update(started=started.agent, started_date=started.start)
        return Recommendation(RULE, Indicator.INFO, f"analgesic-ladder.{state}", values, (), (), incomplete=gaps)

    notes = []
    if analgesics:
        notes.append("analgesic-ladder.regimen")
    elif not facts.gaps_in(inputs.MEDICATIONS):
        notes.append("analgesic-ladder.no-analgesic")
    if any(m.matched_by_text for m in analgesics):
        notes.append("analgesic-ladder.name-only")
    if band != "mild" and any(m.classes & {c.NSAID, c.NON_OPIOID} for m in analgesics):
        notes.append("analgesic-ladder.nsaid-ceiling")
    if _neuropathic(facts, settings) and not facts.medications_in(c.ADJUVANT_ANALGESIC):
        notes.append("analgesic-ladder.adjuvant")
    radiotherapy = [
        p
        for p in facts.procedures_of(c.RADIOTHERAPY)
        if p.status in (ProcedureStatus.DONE, ProcedureStatus.IN_PROGRESS) and p.when and p.when <= facts.as_of
    ]
    if radiotherapy:
        latest = max(p.when for p in radiotherapy if p.when)
        values["rt_date"] = latest
        recent = facts.as_of - latest <= settings.days("radiotherapy_onset_days")
        notes.append("analgesic-ladder.radiotherapy-onset" if recent else "analgesic-ladder.radiotherapy-incomplete")
    indicator = Indicator.INFO if band == "mild" else Indicator.WARNING
    return Recommendation(
        RULE,
        lowered(indicator) if gaps else indicator,
        f"analgesic-ladder.{band}",
        values,
        (),
        tuple(notes),
        incomplete=gaps,
    )
