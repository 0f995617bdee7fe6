"""Text of the renal-check card (guideline 一(三)3; labels B.1/B.2 for IV courses)."""

from cards.text.drug_names import phrases

_ON_THERAPY_WHY = {
    "en": "The guideline asks for regular renal checks during long-term bisphosphonate therapy.",
    "zh": "规范建议对长期接受双膦酸盐治疗的患者定期检查肾功能。",
}
_BEFORE_WHY = {
    "en": "The guideline asks for renal function to be assessed before bisphosphonate therapy.",
    "zh": "规范建议在双膦酸盐治疗前评估肾功能。",
}

MESSAGES = {
    "renal-check.missing.on-therapy": {
        "en": {
            "summary": "On {drug_text}, no serum creatinine on record: check renal function",
            "detail": "No serum creatinine result is on record. " + _ON_THERAPY_WHY["en"],
        },
        "zh": {
            "summary": "正在使用{drug_text}，无血肌酐记录：请检查肾功能",
            "detail": "未见血肌酐检验结果。" + _ON_THERAPY_WHY["zh"],
        },
    },
    "renal-check.stale.on-therapy": {
        "en": {
            "summary": "On {drug_text}, last creatinine {last_date}: recheck renal function",
            "detail": "The last serum creatinine was {last_creatinine} on {last_date}, more than {window_days} days "
            "ago. " + _ON_THERAPY_WHY["en"],
        },
        "zh": {
            "summary": "正在使用{drug_text}，最近一次血肌酐为{last_date}：请复查肾功能",
            "detail": "最近一次血肌酐为 {last_creatinine}（{last_date}），已超过 {window_days} 天。"
            + _ON_THERAPY_WHY["zh"],
        },
    },
    "renal-check.unverified.on-therapy": {
        "en": {
            "summary": "On {drug_text}: no creatinine within {window_days} days found in the records read; check "
            "the chart",
            "detail": "No serum creatinine within {window_days} days in the records read. " + _ON_THERAPY_WHY["en"],
        },
        "zh": {
            "summary": "正在使用{drug_text}：已读取的记录中未见{window_days}天内的血肌酐，请核对病历",
            "detail": "已读取的记录中未见 {window_days} 天内的血肌酐结果。" + _ON_THERAPY_WHY["zh"],
        },
    },
    "renal-check.missing.before-start": {
        "en": {
            "summary": "No serum creatinine on record: check renal function before bisphosphonate therapy",
            "detail": "A bisphosphonate is indicated and no serum creatinine result is on record. " + _BEFORE_WHY["en"],
        },
        "zh": {
            "summary": "无血肌酐记录：双膦酸盐治疗前请评估肾功能",
            "detail": "有双膦酸盐治疗指征，未见血肌酐检验结果。" + _BEFORE_WHY["zh"],
        },
    },
    "renal-check.stale.before-start": {
        "en": {
            "summary": "Last creatinine {last_date}: recheck renal function before bisphosphonate therapy",
            "detail": "A bisphosphonate is indicated; the last serum creatinine was {last_creatinine} on {last_date}, "
            "more than {window_days} days ago. " + _BEFORE_WHY["en"],
        },
        "zh": {
            "summary": "最近一次血肌酐为{last_date}：双膦酸盐治疗前请复查肾功能",
            "detail": "有双膦酸盐治疗指征；最近一次血肌酐为 {last_creatinine}（{last_date}），已超过 {window_days} 天。"
            + _BEFORE_WHY["zh"],
        },
    },
    "renal-check.unverified.before-start": {
        "en": {
            "summary": "No creatinine within {window_days} days found in the records read: check before "
            "bisphosphonate therapy",
            "detail": "A bisphosphonate is indicated; no serum creatinine within {window_days} days was found in the "
            "part of the record this service could read. " + _BEFORE_WHY["en"],
        },
        "zh": {
            "summary": "已读取的记录中未见{window_days}天内的血肌酐：双膦酸盐治疗前请核对",
            "detail": "有双膦酸盐治疗指征；本服务读取到的部分病历中未见 {window_days} 天内的血肌酐结果。"
            + _BEFORE_WHY["zh"],
        },
    },
    "renal-check.why": {
        "en": "The zoledronic acid and pamidronate labels: a serum creatinine before every dose.",
        "zh": "唑来膦酸与帕米膦酸说明书要求每次用药前检测血肌酐。",
    },
    "order-serum-creatinine": {"en": "Order serum creatinine", "zh": "开具血清肌酐检测"},
    **phrases("renal-check", "drug"),
}
