"""Text of the renal-check card on the order hooks (guideline 一(三)3; the ordered drug's label)."""

MESSAGES = {
    "renal-check.order-missing": {
        "en": {
            "summary": "No serum creatinine on record: check renal function before this {drug} dose",
            "detail": "This {drug} order has no serum creatinine on record behind it. Renal function comes before "
            "bisphosphonate therapy, and the creatinine clearance sets the dose.",
        },
        "zh": {
            "summary": "无血肌酐记录：本次{drug}用药前请评估肾功能",
            "detail": "正在开具{drug}，未见血肌酐结果。规范建议双膦酸盐治疗前评估肾功能，肌酐清除率亦决定剂量。",
        },
    },
    "renal-check.order-stale": {
        "en": {
            "summary": "Last creatinine {last_date}: check serum creatinine before this {drug} dose",
            "detail": "For this {drug} order, the last serum creatinine, {last_creatinine} on {last_date}, is more "
            "than {window_days} days old. Check it before each dose.",
        },
        "zh": {
            "summary": "最近血肌酐为{last_date}：本次{drug}用药前请复查血肌酐",
            "detail": "正在开具{drug}；最近一次血肌酐 {last_creatinine}（{last_date}）已超过 {window_days} 天，"
            "每次用药前请复查。",
        },
    },
}
