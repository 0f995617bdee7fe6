"""Text of the renal-impairment card on the order hooks (labels B.1-B.3; clodronate: Bonefos SmPC)."""

MESSAGES = {
    "renal-impairment.order-reduce": {
        "en": {
            "summary": "CrCl {crcl} mL/min: reduce {drug} to {target_dose} mg (label renal dose)",
            "detail": "Creatinine clearance {crcl} mL/min ({crcl_date}): the label dose of {drug} is {target_dose} mg, "
            "not {standard_dose} mg; the order says {ordered_amount} mg.",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min：{drug}请减量至 {target_dose} mg（说明书肾功能剂量）",
            "detail": "肌酐清除率 {crcl} mL/min（{crcl_date}）：说明书规定此时{drug}剂量为 {target_dose} mg，标准剂量为 "
            "{standard_dose} mg，医嘱为 {ordered_amount} mg。",
        },
    },
    "renal-impairment.order-not-recommended": {
        "en": {
            "summary": "CrCl {crcl} mL/min: {drug} is not recommended at this clearance; stop this order",
            "detail": "Creatinine clearance {crcl} mL/min ({crcl_date}): the label does not recommend {drug} for "
            "bone metastases at this clearance.",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min：该肾功能下不推荐使用{drug}，请停用本医嘱",
            "detail": "肌酐清除率 {crcl} mL/min（{crcl_date}）：说明书不推荐此肾功能的骨转移患者使用{drug}。",
        },
    },
    "renal-impairment.order-hypercalcaemia": {
        "en": "If this dose treats hypercalcaemia of malignancy (recorded), the label keeps 4 mg while serum "
        "creatinine is below {hcm_creatinine_below} µmol/L.",
        "zh": "如本次用药用于治疗已记录的恶性肿瘤高钙血症，说明书规定血肌酐低于 {hcm_creatinine_below} µmol/L 时仍用4 mg。",
    },
}
