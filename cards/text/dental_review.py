"""Text of the dental-review card (guideline 一(三)3)."""

from cards.text.drug_names import phrases

_DURING = {
    "en": "During therapy the guideline asks for regular oral checks and caution with invasive dental treatment: "
    "osteonecrosis of the jaw is rare but serious.",
    "zh": "规范建议治疗期间保持口腔清洁、定期检查口腔并慎行创伤性口腔科治疗：颌骨坏死罕见但严重。",
}

MESSAGES = {
    "dental-review.before-start": {
        "en": {
            "summary": "Dental examination before starting a bisphosphonate",
            "detail": "A bisphosphonate is indicated and no dental examination is recorded in the last "
            "{window_days} days. The guideline recommends a routine oral examination, and treatment of oral "
            "disease, before bisphosphonate therapy.",
        },
        "zh": {
            "summary": "开始双膦酸盐治疗前请行口腔检查",
            "detail": "有双膦酸盐治疗指征，近 {window_days} 天内未见口腔检查记录。规范建议双膦酸盐治疗前常规口腔检查"
            "及预先处理口腔疾病。",
        },
    },
    "dental-review.on-therapy.dated": {
        "en": {
            "summary": "On {drug_text}, no dental examination for this course: arrange one",
            "detail": "No dental examination is recorded since this course began ({course_start}). " + _DURING["en"],
        },
        "zh": {
            "summary": "正在使用{drug_text}，本疗程无口腔检查记录：请安排口腔检查",
            "detail": "本疗程（{course_start}开始）以来未见口腔检查记录。" + _DURING["zh"],
        },
    },
    "dental-review.on-therapy": {
        "en": {
            "summary": "On {drug_text}, no dental examination on record for this course: arrange one",
            "detail": "No dental examination is recorded for the current course. " + _DURING["en"],
        },
        "zh": {
            "summary": "正在使用{drug_text}，本疗程无口腔检查记录：请安排口腔检查",
            "detail": "当前疗程未见口腔检查记录。" + _DURING["zh"],
        },
    },
    "dental-review.last-exam": {
        "en": "Last dental examination on record: {last_exam_date}.",
        "zh": "最近一次口腔检查记录：{last_exam_date}。",
    },
    # Used by the order hooks' dental card (order_dental_review).
    "dental-review.onj": {
        "en": "Osteonecrosis of the jaw is rare but serious; most cases had long-term potent bisphosphonate "
        "therapy and a recent tooth extraction or oral surgery.",
        "zh": "颌骨坏死是罕见的严重不良反应，报告病例大多为长期接受高活性双膦酸盐治疗、近期接受过拔牙及口腔外科手术治疗的患者。",
    },
    "order-dental-referral": {"en": "Refer for dental examination", "zh": "转诊口腔科检查"},
    **phrases("dental-review", "drug"),
}
