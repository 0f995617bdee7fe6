"""Text of the analgesic-ladder card (guideline 一(三)2 and 一(三)4)."""

_BANDS_EN = "NRS 1-{mild_max} mild, {moderate_from}-{moderate_max} moderate, above {moderate_max} severe"
_BANDS_ZH = "NRS 1~{mild_max}分为轻度，{moderate_from}~{moderate_max}分为中度，{moderate_max}分以上为重度"

MESSAGES = {
    "analgesic-ladder.mild": {
        "en": {
            "summary": "Mild bone pain (NRS {pain}) without an analgesic: start an NSAID (WHO step 1)",
            "detail": f"Pain {{pain}}/10 on {{pain_date}} is mild ({_BANDS_EN}). For mild pain the guideline "
            "recommends a non-steroidal anti-inflammatory drug (NSAID), or a combination product containing an "
            "opioid and an NSAID, with adjuvants as appropriate.",
        },
        "zh": {
            "summary": "轻度骨痛（NRS {pain}分）且未用止痛药：建议非甾体类抗炎药（第一阶梯）",
            "detail": f"{{pain_date}} 疼痛评分 {{pain}}/10，属轻度疼痛（{_BANDS_ZH}）。规范：轻度疼痛选择非甾体类抗炎药，"
            "或选择含有阿片镇痛药、非甾体类抗炎镇痛药的复方制剂，酌情联合应用辅助药物。",
        },
    },
    "analgesic-ladder.moderate": {
        "en": {
            "summary": "Moderate bone pain (NRS {pain}): a weak opioid such as codeine plus an NSAID (WHO step 2)",
            "detail": f"Pain {{pain}}/10 on {{pain_date}} is moderate ({_BANDS_EN}). For moderate pain the guideline "
            "recommends an opioid such as codeine or dihydrocodeine together with an NSAID, or an opioid/NSAID "
            "combination product, with adjuvants as appropriate.",
        },
        "zh": {
            "summary": "中度骨痛（NRS {pain}分）：建议可待因等阿片类镇痛药联合非甾体类抗炎镇痛药（第二阶梯）",
            "detail": f"{{pain_date}} 疼痛评分 {{pain}}/10，属中度疼痛（{_BANDS_ZH}）。规范：中度疼痛选择阿片类镇痛药，"
            "如可待因、双氢可待因，同时给予非甾体类抗炎镇痛药，或阿片及非甾体类抗炎镇痛药复方制剂，酌情联合应用辅助药物。",
        },
    },
    "analgesic-ladder.severe": {
        "en": {
            "summary": "Severe bone pain (NRS {pain}): a strong opioid such as morphine plus an NSAID (WHO step 3)",
            "detail": f"Pain {{pain}}/10 on {{pain_date}} is severe ({_BANDS_EN}). For severe pain the guideline "
            "recommends a strong opioid - morphine immediate-release or sustained-release tablets, oxycodone "
            "sustained-release tablets or transdermal fentanyl - together with an NSAID or an opioid/NSAID "
            "combination product, titrating the opioid to the dose that gives the best pain relief safely; "
            "adjuvants as appropriate.",
        },
        "zh": {
            "summary": "重度骨痛（NRS {pain}分）：建议吗啡等强阿片类镇痛药联合非甾体类抗炎镇痛药（第三阶梯）",
            "detail": f"{{pain_date}} 疼痛评分 {{pain}}/10，属重度疼痛（{_BANDS_ZH}）。规范：重度疼痛选择强阿片类镇痛药，"
            "如吗啡即释片、吗啡缓释片或羟考酮缓释片、芬太尼透皮贴剂，同时给予非甾体类抗炎镇痛药或阿片及非甾体类抗炎镇痛药复方制剂；"
            "根据病情将阿片类止痛药剂量调整至最佳止痛的安全用药剂量，酌情联合应用辅助药物。",
        },
    },
    "analgesic-ladder.regimen": {
        "en": "Current analgesics: {current} - below the step this pain needs.",
        "zh": "目前止痛药：{current}，低于该疼痛程度所需的阶梯。",
    },
    "analgesic-ladder.no-analgesic": {
        "en": "No current analgesic is on record.",
        "zh": "未见目前使用止痛药的记录。",
    },
    "analgesic-ladder.name-only": {
        "en": "An analgesic was recognised by its name only (no drug code): check the medication list first.",
        "zh": "有止痛药仅按药名识别（无药品编码）：请先核对用药记录。",
    },
    "analgesic-ladder.nsaid-ceiling": {
        "en": "When the NSAID dose is at or near its maximum, increase only the opioid dose.",
        "zh": "当非甾体类抗炎镇痛药用药剂量超过或接近限制剂量时，只增加阿片类镇痛药的用药剂量。",
    },
    "analgesic-ladder.adjuvant": {
        "en": "Neuropathic features (nerve-root or cord compression, or neuropathic pain recorded) and no adjuvant: "
        "consider an antidepressant, anticonvulsant, NMDA-receptor antagonist, corticosteroid or α2-adrenergic "
        "agonist with the NSAID and/or opioid.",
        "zh": "有神经病理性疼痛表现（神经根或脊髓压迫，或已记录神经病理性疼痛）且未用辅助药物：可考虑抗抑郁药、抗惊厥药、"
        "NMDA受体拮抗剂、糖皮质激素类或α2肾上腺素能受体激动剂，与非甾体类抗炎镇痛药和/或阿片类止痛药联合应用。",
    },
    "analgesic-ladder.radiotherapy-onset": {
        "en": "Radiotherapy on {rt_date} takes up to about 3 months to work: keep analgesics by pain severity "
        "meanwhile.",
        "zh": "{rt_date} 已行放疗，放疗显效前（约3个月内）仍需根据疼痛程度使用止痛药。",
    },
    "analgesic-ladder.radiotherapy-incomplete": {
        "en": "Radiotherapy ({rt_date}) has not fully controlled the pain: analgesics are still needed by pain "
        "severity.",
        "zh": "放疗（{rt_date}）未能完全控制疼痛：仍需根据疼痛程度使用止痛药。",
    },
    "analgesic-ladder.principles": {
        "en": "WHO principles: by mouth or another non-invasive route, by the ladder, by the clock, individualised, "
        "with attention to detail.",
        "zh": "WHO癌症三阶梯止痛治疗五项基本原则：口服及无创途径给药，按阶梯给药，按时给药，个体化给药，注意具体细节。",
    },
}
