"""BM-PN-01, BM-PN-03, BM-PN-04, BM-PN-06 — an analgesic ordered below the ladder step the pain calls for.

Guideline 一(三)2: "骨转移疼痛的止痛药治疗应遵循WHO癌症疼痛治疗基本原则，针对患者的疼痛程度选择不同'阶梯'的
镇痛药物。" "轻度疼痛：选择非甾体类抗炎药……中度疼痛：选择阿片类镇痛药，如可待因、双氢可待因，同时给予非甾体类
抗炎镇痛药……重度疼痛：选择强阿片类镇痛药，如吗啡即释片、吗啡缓释片或羟考酮缓释片、芬太尼透皮贴剂。"
Pain severity has no numbers in the guideline: NRS bands from settings (A.11-4, B.9: 1-3 mild, 4-6
moderate, 7-10 severe). This is the order-hook variant of the analgesic-ladder topic.

When: a selected analgesic order in a patient with cancer or bone metastasis, its ladder step (1 non-opioid,
2 weak opioid, 3 strong opioid; an adjuvant alone or an opioid of unstated strength is not judged) is below
the step of the latest pain score within ``analgesic_pain_current_days`` (a score older than that, or one that
predates a current analgesic, says nothing about the pain today: silent), and no analgesic at that step is
current or drafted in this session (the order may be the NSAID that goes with the opioid).
Then: warning naming the score, its date and the step; no suggestion (an opioid dose is titrated to the
patient, "个体化给药", and cannot be proposed from the record). With the medication or observation record
incomplete (facts.gaps_in), the card is info with the "record incomplete" note: an analgesic at the step or a
newer score may sit in the part not read.
"""

from __future__ import annotations

from guideline import concepts as c
from guideline import inputs
from guideline.facts import PatientFacts
from guideline.orders import in_oncology_care, ladder_step, step_for_pain
from guideline.recommendation import Indicator, Recommendation, Rule, lowered
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-PN-01", "BM-PN-03", "BM-PN-04", "BM-PN-06"),
    topic="analgesic-ladder",
    section="一(三)2",
    beyond_guideline="NRS bands as used by NCCN; reassessment: China NHC cancer pain guideline 2018",
    digest="REFERENCE B.9, A.11-4",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS | inputs.MEDICATIONS
ANALGESIC_CLASSES = frozenset({c.OPIOID, c.OPIOID_STRONG, c.OPIOID_WEAK, c.NSAID, c.NON_OPIOID})


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    ordered = [
        (o, o.medication)
        for o in facts.orders
        if o.selected and o.medication is not None and o.medication.classes & ANALGESIC_CLASSES
    ]
    if not ordered or not in_oncology_care(facts):
        return None
    pain = facts.latest(c.PAIN_SCORE, within=settings.days("analgesic_pain_current_days"))
    if pain is None:
        return None  # no score fresh enough to choose a step by: the order is not judged
    needed = step_for_pain(pain.value, settings)
    if needed is None:
        return None
    current = [m for m in facts.medications if m.current and m.classes & ANALGESIC_CLASSES]
    if any(m.start is not None and pain.when < m.start <= facts.as_of for m in current):
        return None  # the regimen changed after the score: the score no longer says what this regimen leaves
    analgesics = (
        current
        + [m for _, m in ordered]
        + [o.medication for o in facts.orders if not o.selected and o.medication is not None]
    )
    if any((ladder_step(m) or 0) >= needed for m in analgesics):
        return None  # the step is covered; this order may be its companion drug
    low = [(o, m, step) for o, m in ordered if (step := ladder_step(m)) is not None and step < needed]
    if not low:
        return None
    _, medication, step = low[0]
    # "No analgesic of that step is current" and the score's recency are claims over these kinds.
    gaps = facts.gaps_in({inputs.OBSERVATIONS} | inputs.MEDICATIONS)
    return Recommendation(
        rule=RULE,
        indicator=lowered(Indicator.WARNING) if gaps else Indicator.WARNING,
        message="analgesic-ladder.order-below-step",
        values={
            "drug": medication.agent,
            "pain": pain.value,
            "pain_date": pain.when,
            "ladder_step_ordered": str(step),
            "ladder_step_needed": str(needed),
        },
        incomplete=gaps,
    )
