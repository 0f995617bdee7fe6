"""Text of the dental-procedure-on-bisphosphonate card (guideline 一(三)3; order hooks)."""

MESSAGES = {
    "dental-procedure-on-bisphosphonate.current": {
        "en": {
            "summary": "Patient is on {drug}: be cautious with invasive dental treatment (osteonecrosis of the jaw)",
            "detail": "{procedure} is being ordered for a patient on {drug} (since {drug_start}).",
        },
        "zh": {
            "summary": "患者正在使用{drug}：请慎行创伤性口腔科治疗（颌骨坏死风险）",
            "detail": "患者正在使用{drug}（自 {drug_start}），现开具{procedure}。",
        },
    },
    "dental-procedure-on-bisphosphonate.recent": {
        "en": {
            "summary": "{drug} given within {recent_days} days: be cautious with invasive dental treatment",
            "detail": "{procedure} is being ordered for a patient who received {drug} recently "
            "({drug_start} to {drug_end}).",
        },
        "zh": {
            "summary": "{recent_days}天内使用过{drug}：请慎行创伤性口腔科治疗",
            "detail": "患者近期使用过{drug}（{drug_start} 至 {drug_end}），现开具{procedure}。",
        },
    },
    "dental-procedure-on-bisphosphonate.caution": {
        "en": "The guideline asks, during bisphosphonate therapy, for good oral hygiene, regular oral examinations "
        "and caution with invasive dental treatment (caution, not a ban). Osteonecrosis of the jaw is rare but "
        "serious; most reported cases had long-term potent bisphosphonate therapy and a recent tooth extraction "
        "or oral surgery. Denosumab carries the same risk.",
        "zh": "规范建议双膦酸盐治疗期间保持口腔清洁，定期检查口腔并慎行创伤性口腔科治疗（慎行，而非禁止）。颌骨坏死是罕见"
        "的严重不良反应，报告病例大多为长期接受高活性双膦酸盐治疗、近期接受过拔牙及口腔外科手术治疗的患者。地舒单抗"
        "有同样风险。",
    },
}
