"""Text of the analgesic-ladder card (guideline 一(三)2 and 一(三)4).

Short by design: the score, its band and the step the guideline names. The five WHO principles and the full drug
lists are on the rule page the card links to.
"""

from cards.text.drug_names import phrases

# Each card names only the band its score falls in; the three bands never overlap (1-3 / 4-6 / 7-10 by default).

MESSAGES = {
    "analgesic-ladder.mild": {
        "en": {
            "summary": "Mild bone pain (NRS {pain}): an NSAID, WHO step 1",
            "detail": "Pain {pain}/10 on {pain_date} is mild (NRS 1-{mild_max}). Guideline: an NSAID, or an "
            "opioid/NSAID combination product.",
        },
        "zh": {
            "summary": "轻度骨痛（NRS {pain}分）：建议非甾体类抗炎药，第一阶梯",
            "detail": "{pain_date} 疼痛评分 {pain}/10，属轻度疼痛（NRS 1~{mild_max}分）。规范：选择非甾体类抗炎药，"
            "或含有阿片镇痛药、非甾体类抗炎镇痛药的复方制剂。",
        },
    },
    "analgesic-ladder.moderate": {
        "en": {
            "summary": "Moderate bone pain (NRS {pain}): a weak opioid such as codeine plus an NSAID (WHO step 2)",
            "detail": "Pain {pain}/10 on {pain_date} is moderate (NRS {moderate_from}-{moderate_max}). Guideline: an opioid such as "
            "codeine or dihydrocodeine with an NSAID, or an opioid/NSAID combination product.",
        },
        "zh": {
            "summary": "中度骨痛（NRS {pain}分）：建议可待因等阿片类镇痛药联合非甾体类抗炎镇痛药，第二阶梯",
            "detail": "{pain_date} 疼痛评分 {pain}/10，属中度疼痛（NRS {moderate_from}~{moderate_max}分）。规范：选择阿片类镇痛药，"
            "如可待因、双氢可待因，同时给予非甾体类抗炎镇痛药，或选择复方制剂。",
        },
    },
    "analgesic-ladder.severe": {
        "en": {
            "summary": "Severe bone pain (NRS {pain}): a strong opioid such as morphine plus an NSAID (WHO step 3)",
            "detail": "Pain {pain}/10 on {pain_date} is severe (NRS {severe_from}-10). Guideline: a strong opioid - "
            "morphine, sustained-release oxycodone or transdermal fentanyl - with an NSAID, titrated to the best "
            "safe dose.",
        },
        "zh": {
            "summary": "重度骨痛（NRS {pain}分）：建议吗啡等强阿片类镇痛药联合非甾体类抗炎镇痛药，第三阶梯",
            "detail": "{pain_date} 疼痛评分 {pain}/10，属重度疼痛（NRS {severe_from}~10分）。规范：选择强阿片类镇痛药，"
            "如吗啡即释片或缓释片、羟考酮缓释片、芬太尼透皮贴剂，同时给予非甾体类抗炎镇痛药，剂量调整至最佳止痛的安全剂量。",
        },
    },
    # The score is not today's pain: ask for a reassessment, never an escalation.
    "analgesic-ladder.stale": {
        "en": {
            "summary": "Last pain score {pain}/10 is {age_days} days old: reassess pain before choosing the analgesic "
            "step",
            "detail": "Pain {pain}/10 on {pain_date} would call for WHO step {needed_step}, but the ladder follows "
            "today's pain. Reassess pain (NRS 0-10) and choose the step from the new score.",
        },
        "zh": {
            "summary": "最近疼痛评分 {pain}/10 已是{age_days}天前：请重新评估疼痛后再选择止痛阶梯",
            "detail": "{pain_date} 疼痛评分 {pain}/10，对应第{needed_step}阶梯；但止痛药应针对目前的疼痛程度选择。"
            "请重新评估疼痛（NRS 0~10分），按新评分选择阶梯。",
        },
    },
    "analgesic-ladder.superseded": {
        "en": {
            "summary": "Pain {pain}/10 was scored before {started_text} was started: reassess pain",
            "detail": "Pain {pain}/10 on {pain_date} predates {started_text}, started on {started_date}. Reassess "
            "pain (NRS 0-10) on the new regimen before changing the step.",
        },
        "zh": {
            "summary": "疼痛评分 {pain}/10 早于开始使用{started_text}：请重新评估疼痛",
            "detail": "{pain_date} 疼痛评分 {pain}/10，早于{started_date}开始使用的{started_text}。"
            "请在新方案下重新评估疼痛（NRS 0~10分），再决定是否调整阶梯。",
        },
    },
    "analgesic-ladder.regimen": {
        "en": "Current analgesic: {current_text}, WHO step {current_step}.",
        "zh": "目前止痛药：{current_text}，属第{current_step}阶梯。",
    },
    "analgesic-ladder.no-analgesic": {
        "en": "No current analgesic is recorded.",
        "zh": "未见目前使用止痛药的记录。",
    },
    "analgesic-ladder.name-only": {
        "en": "An analgesic was recognised by its name only, without a drug code: check the medication list.",
        "zh": "有止痛药仅按药名识别，无药品编码：请核对用药记录。",
    },
    "analgesic-ladder.nsaid-ceiling": {
        "en": "If the NSAID dose is at or near its maximum, increase only the opioid.",
        "zh": "非甾体类抗炎镇痛药剂量超过或接近限制剂量时，只增加阿片类镇痛药的剂量。",
    },
    "analgesic-ladder.adjuvant": {
        "en": "Neuropathic features and no adjuvant: consider an antidepressant, anticonvulsant or corticosteroid "
        "with the analgesic.",
        "zh": "有神经病理性疼痛表现且未用辅助药物：可考虑抗抑郁药、抗惊厥药或糖皮质激素类联合应用。",
    },
    "analgesic-ladder.radiotherapy-onset": {
        "en": "Radiotherapy on {rt_date} takes about 3 months to work: keep analgesics by pain severity meanwhile.",
        "zh": "{rt_date} 已行放疗，放疗显效前约3个月内仍需根据疼痛程度使用止痛药。",
    },
    "analgesic-ladder.radiotherapy-incomplete": {
        "en": "Radiotherapy on {rt_date} has not fully controlled the pain: analgesics are still needed.",
        "zh": "{rt_date} 放疗未能完全控制疼痛：仍需根据疼痛程度使用止痛药。",
    },
    **phrases("analgesic-ladder", "current"),
    **phrases("analgesic-ladder", "started"),
    **phrases("analgesic-ladder", "drug"),
}
