"""Text of the analgesic-ladder card on the order hooks (guideline 一(三)2; NRS bands B.9)."""

MESSAGES = {
    "analgesic-ladder.order-below-step": {
        "en": {
            "summary": "Pain {pain}/10 calls for step {ladder_step_needed} of the analgesic ladder; {drug_text} is step "
            "{ladder_step_ordered}",
            "detail": "Pain {pain}/10 on {pain_date}: {ladder_step_needed_text} No analgesic of that step is current "
            "or ordered; {drug_text} alone is step {ladder_step_ordered}.",
        },
        "zh": {
            "summary": "疼痛评分 {pain}/10 需第{ladder_step_needed}阶梯止痛药；{drug_text}属第{ladder_step_ordered}阶梯",
            "detail": "{pain_date} 疼痛评分 {pain}/10：{ladder_step_needed_text}目前未使用或开具该阶梯的止痛药；"
            "{drug_text}单用属第{ladder_step_ordered}阶梯。",
        },
    },
    "analgesic-ladder.ladder_step_needed.2": {
        "en": "moderate pain calls for an opioid such as codeine or dihydrocodeine, together with an NSAID, or an "
        "opioid/NSAID combination product.",
        "zh": "中度疼痛选择阿片类镇痛药，如可待因、双氢可待因，同时给予非甾体类抗炎镇痛药，或阿片及非甾体类抗炎镇痛药复方制剂。",
    },
    "analgesic-ladder.ladder_step_needed.3": {
        "en": "severe pain calls for a strong opioid such as morphine, sustained-release oxycodone or transdermal "
        "fentanyl, with an NSAID, titrated to the best safe dose.",
        "zh": "重度疼痛选择强阿片类镇痛药，如吗啡、羟考酮缓释片、芬太尼透皮贴剂，同时给予非甾体类抗炎镇痛药，"
        "剂量调整至最佳止痛的安全剂量。",
    },
}
