"""Text of the bisphosphonate-dose card (guideline 一(三)3 regimens; order hooks)."""

MESSAGES = {
    "bisphosphonate-dose": {
        "en": {
            "summary": "{drug}: order differs from the guideline regimen; correct it to {target_dose} mg",
            "detail": "The {drug} order does not follow the guideline regimen for this drug, {regimen_text}. "
            "Differences:",
        },
        "zh": {
            "summary": "{drug}医嘱与规范用法不符：请调整为 {target_dose} mg",
            "detail": "{drug}医嘱与规范推荐的用量与用法（{regimen_text}）不符。差异：",
        },
    },
    "bisphosphonate-dose.amount": {
        "en": "Dose: ordered {ordered_amount} {ordered_unit}; the regimen gives {target_dose} mg.",
        "zh": "剂量：医嘱 {ordered_amount} {ordered_unit}；规范用量 {target_dose} mg。",
    },
    "bisphosphonate-dose.route": {
        "en": "Route: ordered {ordered_route_text}; the regimen is {regimen_route_text}.",
        "zh": "给药途径：医嘱为{ordered_route_text}；规范为{regimen_route_text}。",
    },
    "bisphosphonate-dose.frequency": {
        "en": "Interval: ordered every {ordered_every_days} days; see the regimen above.",
        "zh": "给药间隔：医嘱每 {ordered_every_days} 天；规范用法见上。",
    },
    "bisphosphonate-dose.infusion": {
        "en": "Infusion time: ordered {ordered_infusion} min; the guideline gives no less than {min_infusion} min.",
        "zh": "滴注时间：医嘱 {ordered_infusion} 分钟；规范要求不少于 {min_infusion} 分钟。",
    },
    "bisphosphonate-dose.renal": {
        "en": "Creatinine clearance is {crcl} mL/min: the corrected dose is the label's renal dose (see the "
        "renal-impairment card, which proposes the same order).",
        "zh": "肌酐清除率 {crcl} mL/min：调整后的剂量为说明书按肾功能给出的剂量（与肾功能不全提示建议的医嘱相同）。",
    },
}
