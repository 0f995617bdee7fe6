"""Text of the renal-impairment card (guideline 一(三)3; labels and tables REFERENCE B.1-B.6)."""

MESSAGES = {
    "renal-impairment.on-therapy": {
        "en": {
            "summary": "Creatinine clearance {crcl} mL/min: reduce or stop the bisphosphonate as the label requires",
            "detail": "Creatinine clearance {crcl} mL/min on {crcl_date}. The guideline asks for renal function to guide "
            "the choice of bisphosphonate and for regular renal checks during long-term treatment; renal "
            "impairment is a rare but serious adverse effect. At this creatinine clearance the labels ask for:",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min：请按说明书减量或停用双膦酸盐",
            "detail": "{crcl_date} 肌酐清除率 {crcl} mL/min。规范建议根据肾功能选择双膦酸盐药物，对长期接受双膦酸盐治疗的患者定期检查肾功能；"
            "肾功能不良是少见的严重不良反应。按当前肌酐清除率，说明书要求：",
        },
    },
    "renal-impairment.before-start": {
        "en": {
            "summary": "Creatinine clearance {crcl} mL/min: start the bisphosphonate at a renally adjusted dose",
            "detail": "A bisphosphonate is indicated and creatinine clearance is {crcl} mL/min on {crcl_date}. The guideline "
            "asks for renal function to be assessed before bisphosphonate therapy and to guide the choice of drug. "
            "At this creatinine clearance the labels give:",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min：双膦酸盐需按肾功能调整剂量",
            "detail": "有双膦酸盐治疗指征，{crcl_date} 肌酐清除率 {crcl} mL/min。规范建议双膦酸盐治疗前评估肾功能，并据此选择药物。"
            "按当前肌酐清除率，说明书给出：",
        },
    },
    "renal-impairment.egfr-only": {
        "en": {
            "summary": "eGFR {egfr} is reduced but creatinine clearance is unknown: calculate it before dosing",
            "detail": "eGFR is {egfr} on {egfr_date}, and creatinine clearance cannot be calculated (recent weight, "
            "age, sex or creatinine missing). Bisphosphonate doses are set by creatinine clearance "
            "(Cockcroft-Gault, mL/min), not by eGFR (mL/min/1.73 m²): record the weight so that the dose can be "
            "chosen.",
        },
        "zh": {
            "summary": "eGFR {egfr} 下降但肌酐清除率未知：用药前请计算肌酐清除率",
            "detail": "{egfr_date} eGFR {egfr}，无法计算肌酐清除率（缺少近期体重、年龄、性别或血肌酐）。双膦酸盐剂量按肌酐清除率"
            "（Cockcroft-Gault，mL/min）而非eGFR（mL/min/1.73 m²）确定：请记录体重以便确定剂量。",
        },
    },
    "renal-impairment.on-denosumab": {
        "en": {
            "summary": "On {denosumab} with creatinine clearance {crcl} mL/min: monitor calcium closely",
            "detail": "Creatinine clearance {crcl} mL/min on {crcl_date}. Denosumab is not in the guideline; ASCO "
            "2017 asks for close monitoring for hypocalcaemia below 30 mL/min or on dialysis.",
        },
        "zh": {
            "summary": "使用{denosumab}且肌酐清除率 {crcl} mL/min：请密切监测血钙",
            "detail": "{crcl_date} 肌酐清除率 {crcl} mL/min。地舒单抗不在本规范内；ASCO 2017指南建议肌酐清除率 < 30 mL/min"
            "或透析患者密切监测低钙血症。",
        },
    },
    "renal-impairment.on-denosumab-egfr": {
        "en": {
            "summary": "On {denosumab} with eGFR {egfr}: monitor calcium closely for hypocalcaemia",
            "detail": "eGFR {egfr} on {egfr_date}; creatinine clearance cannot be calculated.",
        },
        "zh": {
            "summary": "使用{denosumab}且eGFR {egfr}：请密切监测血钙，警惕低钙血症",
            "detail": "{egfr_date} eGFR {egfr}；无法计算肌酐清除率。",
        },
    },
    "renal-impairment.basis.reported": {
        "en": "Creatinine clearance as reported by the laboratory.",
        "zh": "肌酐清除率为检验科报告值。",
    },
    "renal-impairment.basis.cockcroft-gault": {
        "en": "Creatinine clearance by Cockcroft-Gault from age {age}, sex {sex_text}, weight {weight} and serum "
        "creatinine {creatinine}.",
        "zh": "肌酐清除率按Cockcroft-Gault公式计算：年龄 {age} 岁，性别{sex_text}，体重 {weight}，血肌酐 {creatinine}。",
    },
    "renal-impairment.sex.male": {"en": "male", "zh": "男"},
    "renal-impairment.sex.female": {"en": "female", "zh": "女"},
    "renal-impairment.zoledronic-acid.reduce": {
        "en": "Zoledronic acid: {zoledronic_acid_dose} mg instead of 4 mg (label: CrCl 50-60 → 3.5, 40-49 → 3.3, "
        "30-39 → 3.0 mg).",
        "zh": "唑来膦酸：{zoledronic_acid_dose} mg，而非4 mg（说明书：肌酐清除率50~60 → 3.5 mg，40~49 → 3.3 mg，30~39 → 3.0 mg）。",
    },
    "renal-impairment.zoledronic-acid.avoid": {
        "en": "Zoledronic acid: not recommended below CrCl 30 mL/min.",
        "zh": "唑来膦酸：肌酐清除率 < 30 mL/min 时不推荐使用。",
    },
    "renal-impairment.pamidronate.avoid": {
        "en": "Pamidronate: not recommended below CrCl 30 mL/min in bone metastases.",
        "zh": "帕米膦酸：骨转移患者肌酐清除率 < 30 mL/min 时不推荐使用。",
    },
    "renal-impairment.ibandronate.reduce": {
        "en": "Ibandronate: {ibandronate_dose} mg instead of 6 mg (CrCl 30-49 mL/min).",
        "zh": "伊班膦酸：{ibandronate_dose} mg，而非6 mg（肌酐清除率30~49 mL/min）。",
    },
    "renal-impairment.ibandronate.avoid": {
        "en": "Ibandronate: avoid below CrCl 30 mL/min (at most 2 mg if it must be given).",
        "zh": "伊班膦酸：肌酐清除率 < 30 mL/min 时避免使用（必须使用时不超过2 mg）。",
    },
    "renal-impairment.clodronate.check": {
        "en": "Clodronate: no verified renal dose table; ask a pharmacist to check the dose below CrCl 60 mL/min.",
        "zh": "氯膦酸：无经核实的肾功能剂量表；肌酐清除率 < 60 mL/min 时请药师核对剂量。",
    },
    "renal-impairment.denosumab": {
        "en": "{denosumab} with CrCl below 30 mL/min: monitor calcium closely for hypocalcaemia (ASCO 2017).",
        "zh": "使用{denosumab}且肌酐清除率 < 30 mL/min：需密切监测血钙，警惕低钙血症（ASCO 2017）。",
    },
    "renal-impairment.denosumab-egfr": {
        "en": "{denosumab} with eGFR below 30: severe hypocalcaemia risk (denosumab label); monitor calcium closely.",
        "zh": "使用{denosumab}且eGFR < 30：有严重低钙血症风险（地舒单抗说明书），需密切监测血钙。",
    },
    "renal-impairment.monitor": {
        "en": "Serum creatinine before every IV dose; withhold if it rises by ≥ 44 µmol/L (0.5 mg/dL) from a normal "
        "baseline or ≥ 88 µmol/L (1.0 mg/dL) from an abnormal one, until back within 10 % of baseline.",
        "zh": "每次静脉给药前检测血肌酐；基线正常者升高 ≥ 44 µmol/L（0.5 mg/dL）、基线异常者升高 ≥ 88 µmol/L（1.0 mg/dL）时暂停用药，"
        "直至恢复到基线值的10%以内。",
    },
}
