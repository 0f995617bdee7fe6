"""Text of the bisphosphonate-start card (guideline 一(三)3)."""

MESSAGES = {
    "bisphosphonate-start": {
        "en": {
            "summary": "Confirmed bone metastasis without a bisphosphonate: start one (guideline grade A)",
            "detail": "Bone metastasis is confirmed ({basis_text}) and no bisphosphonate or denosumab is recorded. "
            "The guideline recommends starting a bisphosphonate once bone metastasis is confirmed "
            "(evidence class I, grade A), as the basis of multimodal therapy alongside chemotherapy, "
            "radiotherapy, surgery, endocrine therapy and analgesics. Choose the drug and route by renal "
            "function, GI function and the patient's wishes:\n\n"
            "- Zoledronic acid 4 mg IV over ≥ 15 min, every 3-4 weeks\n"
            "- Pamidronate 90 mg IV over ≥ 2 h, every 3-4 weeks\n"
            "- Ibandronate 6 mg IV, every 3-4 weeks\n"
            "- Clodronate 1600 mg/day by mouth (or 300 mg/day IV over ≥ 2 h for 5 days, then by mouth)",
        },
        "zh": {
            "summary": "已确诊骨转移但未用双膦酸盐：建议开始双膦酸盐治疗（A级推荐）",
            "detail": "骨转移已确诊（{basis_text}），未见双膦酸盐或地舒单抗用药记录。规范建议一旦确诊恶性肿瘤骨转移，"
            "即开始双膦酸盐治疗（I类证据，A级推荐），作为骨转移综合治疗的基础用药，可与化疗、放疗、手术、内分泌治疗"
            "及止痛药联合应用。根据肾功能、胃肠功能、给药途径及患者意愿选择药物：\n\n"
            "- 唑来膦酸4 mg，静脉滴注不少于15分钟，每3~4周重复\n"
            "- 帕米膦酸90 mg，静脉滴注不少于2小时，每3~4周重复\n"
            "- 伊班膦酸6 mg，静脉注射，每3~4周重复\n"
            "- 氯膦酸1600 mg/d，口服（或氯膦酸盐注射液300 mg/d，静脉滴注不少于2小时，连续5天，之后改为口服）",
        },
    },
    "bisphosphonate-start.basis.biopsy": {"en": "bone biopsy", "zh": "骨病灶活检"},
    "bisphosphonate-start.basis.imaging": {
        "en": "metastasis on X-ray/CT/MRI/PET-CT of {imaging_date} with a confirmed malignancy",
        "zh": "{imaging_date} X线/CT/MR/PET-CT示骨转移，且恶性肿瘤已确诊",
    },
    "bisphosphonate-start.basis.diagnosis": {
        "en": 'diagnosis "{diagnosis}" recorded as confirmed, {diagnosis_date}',
        "zh": "诊断“{diagnosis}”已确认，{diagnosis_date}",
    },
    "bisphosphonate-start.duration": {
        "en": "Continue for at least 6 months when circumstances allow; stop only for intolerable drug-related "
        "adverse effects or when further benefit is no longer expected.",
        "zh": "情况允许时，双膦酸盐用药时间应在6个月以上；出现不可耐受的药物相关性不良反应，或预期继续用药不再获益时停药。",
    },
    "bisphosphonate-start.before-first-dose": {
        "en": "Before the first dose: assess renal function and arrange a dental examination (treat oral disease first).",
        "zh": "首次用药前：评估肾功能，常规口腔检查并预先处理口腔疾病。",
    },
    "bisphosphonate-start.renal-doses": {
        "en": "Creatinine clearance (Cockcroft-Gault) {crcl} mL/min from creatinine {creatinine} µmol/L on "
        "{creatinine_date}; suggested IV doses follow the labels' renal tables.",
        "zh": "肌酐清除率（Cockcroft-Gault）{crcl} mL/min（{creatinine_date} 血肌酐 {creatinine} µmol/L）；"
        "建议的静脉剂量已按说明书的肾功能剂量表调整。",
    },
    "bisphosphonate-start.crcl-unknown": {
        "en": "Creatinine clearance could not be calculated (recent creatinine, weight, age or sex missing): "
        "the suggested doses assume CrCl > 60 mL/min; check renal function first.",
        "zh": "无法计算肌酐清除率（缺少近期血肌酐、体重、年龄或性别）：建议剂量按肌酐清除率 > 60 mL/min 给出，请先评估肾功能。",
    },
    "bisphosphonate-start.withheld-renal": {
        "en": "Zoledronic acid, pamidronate and ibandronate are not offered: not recommended below a creatinine "
        "clearance of 30 mL/min (labels).",
        "zh": "不推荐唑来膦酸、帕米膦酸及伊班膦酸：肌酐清除率 < 30 mL/min 时说明书不推荐使用。",
    },
    "bisphosphonate-start.clodronate-renal": {
        "en": "Clodronate: no verified renal dose table was found; below a creatinine clearance of 60 mL/min have a "
        "pharmacist check the dose.",
        "zh": "氯膦酸：未找到经核实的肾功能剂量表；肌酐清除率 < 60 mL/min 时请药师核对剂量。",
    },
    "order-zoledronic-acid": {
        "en": "Order zoledronic acid {dose_mg} mg IV over ≥ 15 min, every 3-4 weeks",
        "zh": "开具唑来膦酸 {dose_mg} mg 静脉滴注不少于15分钟，每3~4周",
    },
    "order-pamidronate": {
        "en": "Order pamidronate {dose_mg} mg IV over ≥ 2 h, every 3-4 weeks",
        "zh": "开具帕米膦酸 {dose_mg} mg 静脉滴注不少于2小时，每3~4周",
    },
    "order-ibandronate": {
        "en": "Order ibandronate {dose_mg} mg IV, every 3-4 weeks",
        "zh": "开具伊班膦酸 {dose_mg} mg 静脉注射，每3~4周",
    },
    "order-clodronate-oral": {
        "en": "Order clodronate 1600 mg/day by mouth",
        "zh": "开具氯膦酸 1600 mg/d 口服",
    },
}
