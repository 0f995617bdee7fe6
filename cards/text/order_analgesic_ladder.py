"""Text of the analgesic-ladder card on the order hooks (guideline 一(三)2; NRS bands B.9)."""

MESSAGES = {
    "analgesic-ladder.order-below-step": {
        "en": {
            "summary": "Pain {pain}/10 calls for step {ladder_step_needed} of the analgesic ladder; {drug} is step "
            "{ladder_step_ordered}",
            "detail": "The latest pain score is {pain}/10 ({pain_date}). The guideline chooses the analgesic "
            "by pain severity (WHO ladder): {ladder_step_needed_text} No analgesic of that step is current or "
            "ordered; {drug} alone is a step-{ladder_step_ordered} drug.",
        },
        "zh": {
            "summary": "疼痛评分 {pain}/10 需第{ladder_step_needed}阶梯止痛药；{drug}属第{ladder_step_ordered}阶梯",
            "detail": "最近疼痛评分 {pain}/10（{pain_date}）。规范要求针对患者的疼痛程度选择不同“阶梯”的镇痛药物："
            "{ladder_step_needed_text}目前未使用或开具该阶梯的止痛药；{drug}单用属第{ladder_step_ordered}阶梯。",
        },
    },
    "analgesic-ladder.ladder_step_needed.2": {
        "en": "moderate pain calls for an opioid such as codeine or dihydrocodeine, together with an NSAID, or an "
        "opioid/NSAID combination product.",
        "zh": "中度疼痛选择阿片类镇痛药，如可待因、双氢可待因，同时给予非甾体类抗炎镇痛药，或阿片及非甾体类抗炎镇痛药复方制剂。",
    },
    "analgesic-ladder.ladder_step_needed.3": {
        "en": "severe pain calls for a strong opioid such as immediate- or sustained-release morphine, "
        "sustained-release oxycodone or transdermal fentanyl, together with an NSAID or a combination product, "
        "titrated to the best safe dose.",
        "zh": "重度疼痛选择强阿片类镇痛药，如吗啡即释片、吗啡缓释片或羟考酮缓释片、芬太尼透皮贴剂，同时给予非甾体类抗炎镇痛药"
        "或复方制剂，并将阿片类止痛药剂量调整至最佳止痛的安全用药剂量。",
    },
    "analgesic-ladder.order-principles": {
        "en": "WHO principles the guideline follows: by mouth or other non-invasive routes, by the ladder, by the "
        "clock, individualised, with attention to detail; adjuvant drugs may be added at any step.",
        "zh": "WHO癌症三阶梯止痛治疗五项基本原则：口服及无创途径给药，按阶梯给药，按时给药，个体化给药，注意具体细节；"
        "可酌情联合应用辅助药物。",
    },
}
