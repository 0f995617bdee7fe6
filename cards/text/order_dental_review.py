"""Text of the dental-review card on the order hooks (guideline 一(三)3)."""

MESSAGES = {
    "dental-review.order-first-dose": {
        "en": {
            "summary": "First {drug} order: arrange a dental examination before the first dose",
            "detail": "{drug} is being ordered as the patient's first bone-modifying agent, and no dental "
            "examination is recorded in the last {window_days} days (last: {last_exam_date}). The guideline "
            "recommends a routine oral examination, and treatment of oral disease, before bisphosphonate therapy.",
        },
        "zh": {
            "summary": "首次开具{drug}：首次用药前请安排口腔检查",
            "detail": "正在首次开具骨改良药物{drug}，近 {window_days} 天内未见口腔检查记录（最近一次：{last_exam_date}）。"
            "规范建议双膦酸盐治疗前常规口腔检查及预先处理口腔疾病。",
        },
    },
}
