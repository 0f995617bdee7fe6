"""Text of the dental-procedure-on-bisphosphonate card (guideline 一(三)3; order hooks)."""

MESSAGES = {
    "dental-procedure-on-bisphosphonate.current": {
        "en": {
            "summary": "Patient is on {drug}: be cautious with invasive dental treatment (osteonecrosis of the jaw)",
            "detail": "{procedure} is being ordered for a patient on {drug} since {drug_start}.",
        },
        "zh": {
            "summary": "患者正在使用{drug}：请慎行创伤性口腔科治疗（颌骨坏死风险）",
            "detail": "患者自 {drug_start} 起使用{drug}，现开具{procedure}。",
        },
    },
    "dental-procedure-on-bisphosphonate.recent": {
        "en": {
            "summary": "{drug} given within {recent_days} days: be cautious with invasive dental treatment",
            "detail": "{procedure} is being ordered for a patient who had {drug} from {drug_start} to {drug_end}.",
        },
        "zh": {
            "summary": "{recent_days}天内使用过{drug}：请慎行创伤性口腔科治疗",
            "detail": "患者于 {drug_start} 至 {drug_end} 使用{drug}，现开具{procedure}。",
        },
    },
    "dental-procedure-on-bisphosphonate.caution": {
        "en": "Caution, not a ban: jaw osteonecrosis is rare but serious, mostly after long potent therapy and a "
        "recent extraction or oral surgery.",
        "zh": "慎行而非禁止：颌骨坏死罕见但严重，多见于长期高活性治疗且近期拔牙或口腔手术者。",
    },
}
