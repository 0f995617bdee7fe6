"""Text of the renal-check card (guideline 一(三)3; labels B.1/B.2)."""

MESSAGES = {
    "renal-check.missing": {
        "en": {
            "summary": "No serum creatinine on record: check renal function before bisphosphonate therapy",
            "detail": "No serum creatinine result is on record ({situation_text}). The guideline asks for renal "
            "function to be assessed before bisphosphonate therapy and checked regularly during long-term "
            "treatment.",
        },
        "zh": {
            "summary": "无血肌酐记录：双膦酸盐治疗前请评估肾功能",
            "detail": "未见血肌酐检验结果（{situation_text}）。规范建议在双膦酸盐治疗前评估肾功能，"
            "对长期接受双膦酸盐治疗的患者应定期检查肾功能。",
        },
    },
    "renal-check.stale": {
        "en": {
            "summary": "Last creatinine is from {last_date}: recheck renal function for bisphosphonate therapy",
            "detail": "The last serum creatinine was {last_creatinine} on {last_date}, older than {window_days} days "
            "({situation_text}). The guideline asks for renal function before bisphosphonate therapy and "
            "regular checks during long-term treatment.",
        },
        "zh": {
            "summary": "最近一次血肌酐为{last_date}：双膦酸盐治疗需复查肾功能",
            "detail": "最近一次血肌酐为 {last_creatinine}（{last_date}），已超过 {window_days} 天（{situation_text}）。"
            "规范建议在双膦酸盐治疗前评估肾功能，长期治疗期间定期检查肾功能。",
        },
    },
    "renal-check.situation.before-start": {"en": "a bisphosphonate is indicated", "zh": "有双膦酸盐治疗指征"},
    "renal-check.situation.on-therapy": {"en": "on {drug}", "zh": "正在使用{drug}"},
    "renal-check.why": {
        "en": "Beyond the guideline's wording, the zoledronic acid and pamidronate labels require a serum "
        "creatinine before every dose and reduce or withhold the dose by creatinine clearance.",
        "zh": "唑来膦酸与帕米膦酸说明书要求每次用药前检测血肌酐，并按肌酐清除率减量或暂停用药（超出本规范的内容）。",
    },
    "order-serum-creatinine": {"en": "Order serum creatinine", "zh": "开具血清肌酐检测"},
}
