"""Notes and labels of the response-level pass (guideline/response_safety.py): kidney safety, one order point."""

MESSAGES = {
    "response-safety.adjusted": {
        "en": "Dose set to the label's renal dose for creatinine clearance {safety_crcl} mL/min: {safety_adjusted}.",
        "zh": "已按肌酐清除率 {safety_crcl} mL/min 调整为说明书肾功能剂量：{safety_adjusted}。",
    },
    "response-safety.withheld.not-recommended": {
        "en": "Not offered: {safety_withheld_not_recommended} is not recommended at creatinine clearance "
        "{safety_crcl} mL/min (label).",
        "zh": "未提供医嘱：肌酐清除率 {safety_crcl} mL/min 时说明书不推荐使用{safety_withheld_not_recommended}。",
    },
    "response-safety.withheld.untabled": {
        "en": "Not offered: {safety_withheld_untabled} has no verified dose at creatinine clearance {safety_crcl} "
        "mL/min; order only after a pharmacist check.",
        "zh": "未提供医嘱：肌酐清除率 {safety_crcl} mL/min 时{safety_withheld_untabled}无经核实的剂量，请经药师核对后再开具。",
    },
    "response-safety.withheld.crcl-unknown": {
        "en": "No dose offered for {safety_withheld_crcl_unknown}: creatinine clearance cannot be calculated "
        "(missing: {safety_missing}). Zoledronic acid by clearance: > 60 mL/min 4 mg, 50-60 3.5 mg, 40-49 3.3 mg, "
        "30-39 3.0 mg, < 30 not recommended.",
        "zh": "未提供{safety_withheld_crcl_unknown}剂量：无法计算肌酐清除率（缺少：{safety_missing}）。唑来膦酸按肌酐清除率："
        "> 60 mL/min 4 mg，50~60 为 3.5 mg，40~49 为 3.3 mg，30~39 为 3.0 mg，< 30 不推荐。",
    },
    "response-safety.withheld.creatinine-unknown": {
        "en": "No {safety_withheld_creatinine_unknown} offered until a serum creatinine is known: the label gives "
        "4 mg in hypercalcaemia only while creatinine is below {safety_creatinine_limit} µmol/L.",
        "zh": "获得血肌酐结果前不提供{safety_withheld_creatinine_unknown}医嘱：说明书规定高钙血症时血肌酐低于 "
        "{safety_creatinine_limit} µmol/L 方可用4 mg。",
    },
    "response-safety.withheld.hcm-creatinine-high": {
        "en": "No {safety_withheld_hcm_creatinine_high} offered: serum creatinine is at or above "
        "{safety_creatinine_limit} µmol/L, beyond the label's hypercalcaemia dosing.",
        "zh": "未提供{safety_withheld_hcm_creatinine_high}医嘱：血肌酐不低于 {safety_creatinine_limit} µmol/L，超出说明书"
        "高钙血症用法范围。",
    },
    "response-safety.withheld.hcm-severe-renal": {
        "en": "No {safety_withheld_hcm_severe_renal} offered: creatinine clearance {safety_crcl} mL/min is below 30; "
        "the label allows it in severe renal impairment only after weighing risk and benefit.",
        "zh": "未提供{safety_withheld_hcm_severe_renal}医嘱：肌酐清除率 {safety_crcl} mL/min 低于30；说明书规定重度肾功能"
        "不全时须权衡利弊后方可使用。",
    },
    "response-safety.hcm-full-dose": {
        "en": "Zoledronic acid 4 mg at creatinine clearance {safety_crcl} mL/min: in hypercalcaemia the label does not "
        "reduce the dose while creatinine is below {safety_creatinine_limit} µmol/L.",
        "zh": "肌酐清除率 {safety_crcl} mL/min 时唑来膦酸仍用4 mg：说明书规定高钙血症时血肌酐低于 {safety_creatinine_limit} "
        "µmol/L 无需减量。",
    },
    "response-safety.referred": {
        "en": "The {safety_referred} order is offered on the {safety_owner} card.",
        "zh": "{safety_referred}医嘱见“{safety_owner}”提示卡。",
    },
    "response-safety.referred-other": {
        "en": "This card's order is offered on the {safety_owner} card.",
        "zh": "本提示的医嘱见“{safety_owner}”提示卡。",
    },
    "response-safety.hold": {
        "en": "Hold the {drug} order (renal function)",
        "zh": "暂停{drug}医嘱（肾功能）",
    },
    "response-safety.hold-reason": {
        "en": "Held: creatinine clearance {crcl} mL/min, below the label's limit for this drug",
        "zh": "暂停：肌酐清除率 {crcl} mL/min，低于该药说明书限值",
    },
    "missing:creatinine": {"en": "a serum creatinine", "zh": "血肌酐"},
    "missing:weight": {"en": "a recent weight", "zh": "近期体重"},
    "missing:age": {"en": "age", "zh": "年龄"},
    "missing:sex": {"en": "sex", "zh": "性别"},
}
