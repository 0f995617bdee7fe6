"""Text of the bisphosphonate-dose card (guideline 一(三)3 regimens; denosumab ASCO 2017; order hooks)."""

MESSAGES = {
    "bisphosphonate-dose": {
        "en": {
            "summary": "The {drug} order differs from the regimen: correct it to {regimen_text}",
            "detail": "The {drug} order differs from the regimen for bone metastasis, {regimen_text}:",
        },
        "zh": {
            "summary": "{drug}医嘱与规范用法不符：请改为{regimen_text}",
            "detail": "{drug}医嘱与骨转移治疗的规范用法（{regimen_text}）不符：",
        },
    },
    "bisphosphonate-dose.overdose": {
        "en": {
            "summary": "The {drug} dose {ordered_amount} mg is above the {standard_dose} mg for bone metastasis: correct it",
            "detail": "The {drug} order is above the regimen for bone metastasis, {regimen_text}:",
        },
        "zh": {
            "summary": "{drug} {ordered_amount} mg 超过骨转移治疗剂量 {standard_dose} mg：请更正",
            "detail": "{drug}医嘱剂量超过骨转移治疗的规范用法（{regimen_text}）：",
        },
    },
    "bisphosphonate-dose.osteoporosis-product.zoledronic-acid": {
        "en": "This is the osteoporosis product (5 mg once a year), not the 4 mg bone-metastasis product.",
        "zh": "此为骨质疏松用制剂（5 mg，每年一次），并非骨转移治疗用的4 mg制剂。",
    },
    "bisphosphonate-dose.osteoporosis-product.denosumab": {
        "en": "This is the osteoporosis product (60 mg), not the 120 mg bone-metastasis product.",
        "zh": "此为骨质疏松用制剂（60 mg），并非骨转移治疗用的120 mg制剂。",
    },
    "bisphosphonate-dose.osteoporosis-product.zoledronic-acid.contraindicated": {
        "en": "This is the osteoporosis product (5 mg once a year), contraindicated below creatinine clearance "
        "{product_floor} mL/min; it is {crcl} mL/min.",
        "zh": "此为骨质疏松用制剂（5 mg，每年一次），肌酐清除率低于 {product_floor} mL/min 禁用；患者为 {crcl} mL/min。",
    },
    "bisphosphonate-dose.amount": {
        "en": "Dose: ordered {ordered_amount} {ordered_unit}; the regimen gives {target_dose} mg.",
        "zh": "剂量：医嘱 {ordered_amount} {ordered_unit}，规范为 {target_dose} mg。",
    },
    "bisphosphonate-dose.route": {
        "en": "Route: ordered {ordered_route_text}; the regimen is {regimen_route_text}.",
        "zh": "给药途径：医嘱为{ordered_route_text}，规范为{regimen_route_text}。",
    },
    "bisphosphonate-dose.frequency": {
        "en": "Interval: ordered every {ordered_every_days} days.",
        "zh": "给药间隔：医嘱为每 {ordered_every_days} 天一次。",
    },
    "bisphosphonate-dose.course": {
        "en": "Course: the IV course is 5 days, then by mouth; the order does not end after 5 days.",
        "zh": "疗程：静脉给药连续5天后改为口服，医嘱未限定5天。",
    },
    "bisphosphonate-dose.infusion": {
        "en": "Infusion: ordered {ordered_infusion} min; at least {min_infusion} min.",
        "zh": "滴注时间：医嘱 {ordered_infusion} 分钟，规范不少于 {min_infusion} 分钟。",
    },
    "bisphosphonate-dose.renal": {
        "en": "The corrected dose is the label's for creatinine clearance {crcl} mL/min.",
        "zh": "更正剂量为说明书按肌酐清除率 {crcl} mL/min 给出的剂量。",
    },
    "bisphosphonate-dose.reduced-infusion-check": {
        "en": "The label lengthens the infusion at reduced doses: pharmacist to confirm the infusion time.",
        "zh": "说明书规定减量时延长滴注时间：滴注时间请药师核对。",
    },
}
