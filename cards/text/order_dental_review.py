"""Text of the dental-review card on the order hooks (guideline 一(三)3)."""

MESSAGES = {
    "dental-review.order-first-dose": {
        "en": {
            "summary": "First {drug} order: arrange a dental examination before the first dose",
            "detail": "This is the patient's first bone-modifying agent ({drug}), and no dental examination is "
            "recorded in the last {window_days} days (last: {last_exam_date}). Examine and treat the mouth first: "
            "osteonecrosis of the jaw is rare but serious.",
        },
        "zh": {
            "summary": "首次开具{drug}：首次用药前请安排口腔检查",
            "detail": "{drug}为患者首次使用的骨改良药物，近 {window_days} 天内未见口腔检查记录（最近一次：{last_exam_date}）。"
            "请先行口腔检查并处理口腔疾病：颌骨坏死罕见但严重。",
        },
    },
}
