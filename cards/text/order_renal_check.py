"""Text of the renal-check card on the order hooks (guideline 一(三)3; labels B.1/B.2)."""

MESSAGES = {
    "renal-check.order-missing": {
        "en": {
            "summary": "No serum creatinine on record: check renal function before this {drug} dose",
            "detail": "{drug} is being ordered and no serum creatinine is on record. The guideline asks for renal "
            "function to be assessed before bisphosphonate therapy; the creatinine clearance also sets the dose.",
        },
        "zh": {
            "summary": "无血肌酐记录：本次{drug}用药前请评估肾功能",
            "detail": "正在开具{drug}，未见血肌酐检验结果。规范建议双膦酸盐治疗前评估肾功能；肌酐清除率亦决定用药剂量。",
        },
    },
    "renal-check.order-stale": {
        "en": {
            "summary": "Last creatinine {last_date}: check serum creatinine before this {drug} dose",
            "detail": "{drug} is being ordered. The last serum creatinine was {last_creatinine} on {last_date}, "
            "more than {window_days} days before this dose. The guideline asks for renal function before "
            "bisphosphonate therapy and regular checks during long-term treatment.",
        },
        "zh": {
            "summary": "最近血肌酐为{last_date}：本次{drug}用药前请复查血肌酐",
            "detail": "正在开具{drug}。最近一次血肌酐为 {last_creatinine}（{last_date}），距本次用药已超过 {window_days} 天。"
            "规范建议双膦酸盐治疗前评估肾功能，长期治疗期间定期检查肾功能。",
        },
    },
}
