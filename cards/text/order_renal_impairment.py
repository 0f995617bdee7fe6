"""Text of the renal-impairment card on the order hooks (labels B.1-B.3)."""

MESSAGES = {
    "renal-impairment.order-reduce": {
        "en": {
            "summary": "CrCl {crcl} mL/min: reduce {drug} to {target_dose} mg (label renal dose)",
            "detail": "Creatinine clearance is {crcl} mL/min ({crcl_date}). At this clearance the label dose of "
            "{drug} is {target_dose} mg instead of {standard_dose} mg; the order says {ordered_amount} mg. Renal "
            "impairment is a rare but serious adverse effect of bisphosphonates, and the guideline asks for the "
            "drug and dose to be chosen by renal function.",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min：{drug}请减量至 {target_dose} mg（说明书肾功能剂量）",
            "detail": "肌酐清除率 {crcl} mL/min（{crcl_date}）。按说明书，该肌酐清除率下{drug}剂量为 {target_dose} mg，"
            "而非 {standard_dose} mg；医嘱剂量为 {ordered_amount} mg。肾功能不良是双膦酸盐少见的严重不良反应，规范建议"
            "根据肾功能决定药物的选择。",
        },
    },
    "renal-impairment.order-not-recommended": {
        "en": {
            "summary": "CrCl {crcl} mL/min: {drug} is not recommended below 30 mL/min; remove the order",
            "detail": "Creatinine clearance is {crcl} mL/min ({crcl_date}). The label does not recommend {drug} "
            "for bone metastases at a creatinine clearance below 30 mL/min. Renal impairment is a rare but "
            "serious adverse effect of bisphosphonates.",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min：低于30 mL/min不推荐使用{drug}，请删除医嘱",
            "detail": "肌酐清除率 {crcl} mL/min（{crcl_date}）。说明书不推荐肌酐清除率低于30 mL/min的骨转移患者使用{drug}。"
            "肾功能不良是双膦酸盐少见的严重不良反应。",
        },
    },
    "renal-impairment.order-hypercalcaemia": {
        "en": "Hypercalcaemia of malignancy is recorded: if this dose treats it, the zoledronic acid label keeps "
        "4 mg without renal adjustment while serum creatinine is below {hcm_creatinine_below} µmol/L.",
        "zh": "已记录恶性肿瘤高钙血症：如本次用药用于治疗高钙血症，唑来膦酸说明书规定血肌酐低于 {hcm_creatinine_below} µmol/L "
        "时无需按肾功能调整剂量（4 mg）。",
    },
}
