"""Text of the hypercalcemia card (guideline 一(三)6; albumin correction and zoledronic acid from its label).

Short by design: the value, its grade and what to do now. The band table, the correction formula and the evidence
are on the rule page the card links to.
"""

from cards.text.drug_names import phrases

_SUMMARY_SEVERE_EN = "{grade_text} ({measure_text} {graded}): treat now - IV fluids, bisphosphonate, calcitonin"
_SUMMARY_SEVERE_ZH = "{grade_text}（{measure_text} {graded}）：需立即治疗，扩容、双膦酸盐、降钙素"
_DETAIL_EN = "{measure_cap_text} {graded} on {calcium_date} is {grade_lower_text}."
_DETAIL_ZH = "{calcium_date} {measure_cap_text} {graded}，属{grade_lower_text}。"

MESSAGES = {
    "hypercalcemia.mild": {
        "en": {
            "summary": "Mild hypercalcaemia ({measure_text} {graded}): usually no calcium-lowering treatment; monitor",
            "detail": _DETAIL_EN,
        },
        "zh": {
            "summary": "轻度高钙血症（{measure_text} {graded}）：一般不采取控制血钙的措施，注意监测",
            "detail": _DETAIL_ZH,
        },
    },
    "hypercalcemia.moderate": {
        "en": {
            "summary": "Moderate hypercalcaemia ({measure_text} {graded}): if symptomatic, treat now - IV fluids, "
            "bisphosphonate",
            "detail": _DETAIL_EN + " With symptoms or signs, treat now.",
        },
        "zh": {
            "summary": "中度高钙血症（{measure_text} {graded}）：有症状、体征者需立即治疗，扩容、双膦酸盐",
            "detail": _DETAIL_ZH + "有症状、体征者需立即治疗。",
        },
    },
    "hypercalcemia.severe": {
        "en": {
            "summary": _SUMMARY_SEVERE_EN,
            "detail": _DETAIL_EN + " Potentially life-threatening: treat now.",
        },
        "zh": {"summary": _SUMMARY_SEVERE_ZH, "detail": _DETAIL_ZH + "可能危及生命，需立即治疗。"},
    },
    "hypercalcemia.crisis": {
        "en": {
            "summary": _SUMMARY_SEVERE_EN.replace("treat now", "emergency"),
            "detail": _DETAIL_EN + " Life-threatening: emergency treatment.",
        },
        "zh": {
            "summary": _SUMMARY_SEVERE_ZH.replace("需立即治疗", "需紧急治疗"),
            "detail": _DETAIL_ZH + ">3.75 mmol/L，可危及生命，需紧急治疗。",
        },
    },
    # The value is no longer today's: ask for a repeat, never "treat now".
    "hypercalcemia.ageing": {
        "en": {
            "summary": "{grade_text} {age_days} days ago ({measure_text} {graded}): repeat calcium today, treat if "
            "confirmed",
            "detail": "{measure_cap_text} {graded} on {calcium_date} was {grade_lower_text}, too old to treat on. "
            "Repeat calcium with albumin today; if it is still this high, treat at once.",
        },
        "zh": {
            "summary": "{age_days}天前{grade_text}（{measure_text} {graded}）：今日复查血钙，确认后立即治疗",
            "detail": "{calcium_date} {measure_cap_text} {graded}，属{grade_lower_text}，结果已非当前值。"
            "请今日复查血钙及白蛋白；复查仍高者立即治疗。",
        },
    },
    "hypercalcemia.stale": {
        "en": {
            "summary": "Last calcium was {grade_lower_text} {age_days} days ago ({measure_text} {graded}): repeat it",
            "detail": "{measure_cap_text} {graded} on {calcium_date} was {grade_lower_text}. A value this old does not "
            "show today's calcium: repeat calcium with albumin before deciding on treatment.",
        },
        "zh": {
            "summary": "{age_days}天前血钙为{grade_lower_text}（{measure_text} {graded}）：请复查血钙",
            "detail": "{calcium_date} {measure_cap_text} {graded}，属{grade_lower_text}。"
            "结果已久，不能反映目前血钙：请复查血钙及白蛋白后再决定治疗。",
        },
    },
    "hypercalcemia.superseded": {
        "en": {
            "summary": "Calcium {graded} was measured before {treatment_text} on {treatment_date}: repeat calcium to "
            "judge the response",
            "detail": "{measure_cap_text} {graded} on {calcium_date}, {grade_lower_text}, was measured before "
            "{treatment_text} on {treatment_date}. Repeat calcium with albumin to judge the response; "
            "zoledronic acid is not repeated for hypercalcaemia within 7 days of a dose.",
        },
        "zh": {
            "summary": "血钙 {graded} 测于{treatment_date}使用{treatment_text}之前：请复查血钙评估疗效",
            "detail": "{calcium_date} {measure_cap_text} {graded}，属{grade_lower_text}，测于{treatment_date}使用{treatment_text}"
            "之前。请复查血钙及白蛋白评估疗效；治疗高钙血症时唑来膦酸再次给药应间隔至少7天。",
        },
    },
    "hypercalcemia.grade.mild": {"en": "Mild hypercalcaemia", "zh": "轻度高钙血症"},
    "hypercalcemia.grade.moderate": {"en": "Moderate hypercalcaemia", "zh": "中度高钙血症"},
    "hypercalcemia.grade.severe": {"en": "Severe hypercalcaemia", "zh": "重度高钙血症"},
    "hypercalcemia.grade.crisis": {"en": "Hypercalcaemic crisis", "zh": "高钙危象"},
    "hypercalcemia.grade_lower.mild": {"en": "mild hypercalcaemia", "zh": "轻度高钙血症"},
    "hypercalcemia.grade_lower.moderate": {"en": "moderate hypercalcaemia", "zh": "中度高钙血症"},
    "hypercalcemia.grade_lower.severe": {"en": "severe hypercalcaemia", "zh": "重度高钙血症"},
    "hypercalcemia.grade_lower.crisis": {"en": "a hypercalcaemic crisis", "zh": "高钙危象"},
    "hypercalcemia.measure.corrected": {"en": "corrected Ca", "zh": "校正血钙"},
    "hypercalcemia.measure.total": {"en": "Ca", "zh": "血总钙"},
    "hypercalcemia.measure_cap.corrected": {"en": "Albumin-corrected calcium", "zh": "校正血钙"},
    "hypercalcemia.measure_cap.total": {"en": "Total calcium", "zh": "血总钙"},
    "hypercalcemia.basis.corrected": {
        "en": "From total calcium {calcium} and albumin {albumin} the same day.",
        "zh": "由同日血总钙 {calcium}、白蛋白 {albumin} 校正。",
    },
    "hypercalcemia.basis.total": {
        "en": "Not albumin-corrected: no albumin that day (low albumin hides a higher level).",
        "zh": "未经白蛋白校正：无同日白蛋白，低白蛋白时实际血钙更高。",
    },
    "hypercalcemia.basis.uncorrected": {
        "en": "Graded on total calcium, not albumin-corrected.",
        "zh": "按血总钙分级，未经白蛋白校正。",
    },
    "hypercalcemia.ionised": {
        "en": "Ionised calcium {ionised} on {ionised_date}.",
        "zh": "{ionised_date} 离子钙 {ionised}。",
    },
    "hypercalcemia.ionised-normal": {
        "en": "Ionised calcium {ionised} on {ionised_date} is within the laboratory's range: exclude "
        "pseudo-hypercalcaemia, e.g. a paraprotein, before treating.",
        "zh": "{ionised_date} 离子钙 {ionised}，在检验科参考范围内：治疗前请排除假性高钙血症，如副蛋白血症。",
    },
    "hypercalcemia.mild-care": {
        "en": "Mild hypercalcaemia usually needs no calcium-lowering measures: keep the patient hydrated and recheck.",
        "zh": "轻度高钙血症一般不采取控制血钙的措施：保证液体摄入，复查血钙。",
    },
    "hypercalcemia.measures": {
        "en": "Rehydrate IV first, then the bisphosphonate; calcitonin acts faster but is weaker; a loop diuretic only "
        "after rehydration.",
        "zh": "先静脉补液扩容，再及时应用双膦酸盐；降钙素起效较快但疗效不及双膦酸盐；充分水化后方可用袢利尿剂。",
    },
    "hypercalcemia.on-bone-agent": {
        "en": "On {agent_text}: check the last dose; another zoledronic acid dose needs 7 days since it.",
        "zh": "正在使用{agent_text}：请核对末次给药时间；唑来膦酸再次给药需间隔至少7天。",
    },
    "hypercalcemia.on-denosumab": {
        "en": "On {agent_text}: check when the last dose was given.",
        "zh": "正在使用{agent_text}：请核对末次给药时间。",
    },
    "hypercalcemia.repeat-ordered": {
        "en": "A repeat calcium is ordered for {repeat_date}.",
        "zh": "已开具复查血钙，{repeat_date}。",
    },
    "hypercalcemia.renal-caution": {
        "en": "Creatinine {creatinine} on {creatinine_date}: from 400 µmol/L (4.5 mg/dL) the zoledronic-acid label "
        "gives no hypercalcaemia dose; weigh any bisphosphonate.",
        "zh": "{creatinine_date} 血肌酐 {creatinine}：≥ 400 µmol/L（4.5 mg/dL）时唑来膦酸说明书无高钙血症剂量，"
        "使用双膦酸盐前请权衡利弊。",
    },
    "hypercalcemia.creatinine-unknown": {
        "en": "No recent creatinine: check it; below 400 µmol/L the dose is not changed.",
        "zh": "近期无血肌酐结果：请检测；血肌酐 < 400 µmol/L 无需调整剂量。",
    },
    "order-zoledronic-acid-hcm": {
        "en": "Zoledronic acid 4 mg IV over ≥ 15 min once, after rehydration",
        "zh": "唑来膦酸 4 mg，充分水化后静脉滴注不少于15分钟，单次",
    },
    "order-saline-iv": {
        "en": "IV sodium chloride 0.9% to rehydrate (volume expansion)",
        "zh": "0.9%氯化钠注射液静脉补液扩容",
    },
    "order-calcitonin": {
        "en": "Calcitonin 4 IU/kg SC or IM every 12 h (acts within hours)",
        "zh": "降钙素 4 IU/kg，皮下或肌内注射，每12小时一次，起效快",
    },
    "order-calcium-albumin": {
        "en": "Repeat serum calcium with albumin",
        "zh": "复查血钙及白蛋白",
    },
    **phrases("hypercalcemia", "treatment"),
    **phrases("hypercalcemia", "agent"),
}
