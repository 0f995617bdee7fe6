"""Text of the hypercalcemia card (guideline 一(三)6; albumin correction B.7; zoledronic acid label B.1)."""

_BANDS_EN = (
    "Guideline grades by total serum calcium: mild 2.75-3.0, moderate 3.0-3.5, severe > 3.5 mmol/L "
    "(11.0 / 12.0 / 14.0 mg/dL); above 3.75 mmol/L (15.0 mg/dL) is a hypercalcaemic crisis."
)
_BANDS_ZH = (
    "规范按血总钙分级：轻度2.75~3 mmol/L，中度3~3.5 mmol/L，重度>3.5 mmol/L（11.0 / 12.0 / 14.0 mg/dL）；"
    ">3.75 mmol/L（15.0 mg/dL）称为高钙危象。"
)

MESSAGES = {
    "hypercalcemia.mild": {
        "en": {
            "summary": "Mild hypercalcaemia (Ca {graded}): usually no calcium-lowering treatment; monitor",
            "detail": "Calcium {calcium} on {calcium_date}; graded value {graded} is mild hypercalcaemia. " + _BANDS_EN,
        },
        "zh": {
            "summary": "轻度高钙血症（血钙 {graded}）：一般不采取控制血钙的措施，注意监测",
            "detail": "{calcium_date} 血钙 {calcium}；用于分级的血钙值 {graded}，属轻度高钙血症。" + _BANDS_ZH,
        },
    },
    "hypercalcemia.moderate": {
        "en": {
            "summary": "Moderate hypercalcaemia (Ca {graded}): treat now if symptomatic (bisphosphonate, fluids)",
            "detail": "Calcium {calcium} on {calcium_date}; graded value {graded} is moderate hypercalcaemia. "
            + _BANDS_EN,
        },
        "zh": {
            "summary": "中度高钙血症（血钙 {graded}）：有症状、体征者需立即治疗（双膦酸盐、扩容）",
            "detail": "{calcium_date} 血钙 {calcium}；用于分级的血钙值 {graded}，属中度高钙血症。" + _BANDS_ZH,
        },
    },
    "hypercalcemia.severe": {
        "en": {
            "summary": "Severe hypercalcaemia (Ca {graded}): treat immediately with IV bisphosphonate and fluids",
            "detail": "Calcium {calcium} on {calcium_date}; graded value {graded} is severe hypercalcaemia, "
            "a potentially life-threatening complication. " + _BANDS_EN,
        },
        "zh": {
            "summary": "重度高钙血症（血钙 {graded}）：需立即治疗，及时应用双膦酸盐并扩容",
            "detail": "{calcium_date} 血钙 {calcium}；用于分级的血钙值 {graded}，属重度高钙血症，"
            "是可能危及患者生命的严重并发症。" + _BANDS_ZH,
        },
    },
    "hypercalcemia.crisis": {
        "en": {
            "summary": "Hypercalcaemic crisis (Ca {graded}): emergency treatment now, IV bisphosphonate and fluids",
            "detail": "Calcium {calcium} on {calcium_date}; graded value {graded} is above 3.75 mmol/L: "
            "hypercalcaemic crisis, a life-threatening emergency. " + _BANDS_EN,
        },
        "zh": {
            "summary": "高钙危象（血钙 {graded}）：需紧急治疗，立即应用双膦酸盐并扩容",
            "detail": "{calcium_date} 血钙 {calcium}；用于分级的血钙值 {graded}，>3.75 mmol/L，"
            "为高钙危象，可危及生命。" + _BANDS_ZH,
        },
    },
    "hypercalcemia.basis.corrected": {
        "en": "Graded on albumin-corrected calcium: total calcium {calcium} with albumin {albumin} the same day "
        "(Ca + 0.02 × (40 − albumin g/L)).",
        "zh": "按白蛋白校正血钙分级：血总钙 {calcium}，同日白蛋白 {albumin}（校正钙 = 血钙 + 0.02 ×（40 − 白蛋白 g/L））。",
    },
    "hypercalcemia.basis.reported-corrected": {
        "en": "Graded on the laboratory's albumin-corrected calcium.",
        "zh": "按检验科报告的白蛋白校正血钙分级。",
    },
    "hypercalcemia.basis.total": {
        "en": "Graded on total calcium: no albumin from the same day to correct it; a low albumin would make the "
        "true level higher.",
        "zh": "按血总钙分级：无同日白蛋白结果可供校正；低白蛋白时实际血钙水平更高。",
    },
    "hypercalcemia.ionised": {
        "en": "Ionised calcium {ionised} on {ionised_date}.",
        "zh": "{ionised_date} 离子钙 {ionised}。",
    },
    "hypercalcemia.ionised-normal": {
        "en": "Ionised calcium {ionised} on {ionised_date} is within the laboratory's range: it measures the active "
        "calcium better, so check for pseudo-hypercalcaemia (e.g. paraprotein) before treating.",
        "zh": "{ionised_date} 离子钙 {ionised}，在检验科参考范围内：离子钙更能反映活性血钙，治疗前请排除假性高钙血症（如副蛋白血症）。",
    },
    "hypercalcemia.mild-care": {
        "en": "Mild hypercalcaemia usually needs no calcium-lowering measures: keep the patient hydrated and "
        "recheck calcium.",
        "zh": "轻度高钙血症一般不采取控制血钙的措施：保证液体摄入，复查血钙。",
    },
    "hypercalcemia.treat-now": {
        "en": "Moderate or severe hypercalcaemia with symptoms or signs needs immediate treatment.",
        "zh": "有症状、体征的中、重度高钙血症患者，需立即治疗。",
    },
    "hypercalcemia.treatment": {
        "en": "Treatment: a bisphosphonate promptly (effective, recommended); calcitonin acts faster but is weaker; "
        "volume expansion (IV hydration) and calciuresis are simple adjuncts (loop diuretic only after "
        "rehydration); combine as the condition requires.",
        "zh": "治疗：推荐及时应用双膦酸盐（有效）；降钙素起效较快，但疗效不及双膦酸盐；扩容、促尿钙排泄是简易的辅助方法"
        "（充分水化后方可使用袢利尿剂）；根据病情选择综合治疗。",
    },
    "hypercalcemia.on-bone-agent": {
        "en": "The patient is on {agent}: review when the last dose was given; zoledronic acid may be repeated for "
        "hypercalcaemia no sooner than 7 days after the previous dose.",
        "zh": "患者正在使用{agent}：请核对末次给药时间；治疗高钙血症时唑来膦酸再次给药应间隔至少7天。",
    },
    "hypercalcemia.renal-caution": {
        "en": "Serum creatinine {creatinine} on {creatinine_date}: at or above 400 µmol/L (4.5 mg/dL) the "
        "zoledronic-acid label gives no hypercalcaemia dose; weigh risks and benefits before any bisphosphonate.",
        "zh": "{creatinine_date} 血肌酐 {creatinine}：≥ 400 µmol/L（4.5 mg/dL）时唑来膦酸说明书未给出高钙血症剂量，"
        "使用双膦酸盐前请权衡利弊。",
    },
    "hypercalcemia.creatinine-unknown": {
        "en": "No recent serum creatinine: check it before the bisphosphonate (label: no dose change for "
        "hypercalcaemia below 400 µmol/L).",
        "zh": "近期无血肌酐结果：使用双膦酸盐前请检测（说明书：血肌酐 < 400 µmol/L 时治疗高钙血症无需调整剂量）。",
    },
    "order-zoledronic-acid-hcm": {
        "en": "Order zoledronic acid 4 mg IV over ≥ 15 min once, after rehydration",
        "zh": "开具唑来膦酸 4 mg，充分水化后静脉滴注不少于15分钟，单次给药",
    },
}
