"""Text of the renal-impairment card (guideline 一(三)3; labels and tables REFERENCE B.1-B.6)."""

from itertools import combinations

from cards.text.drug_names import phrases

# Citations a card may carry (guideline.rules.renal_impairment names only the sources of its agents). The full
# three-part citation is in cards/text/sources.py.
_SOURCE_PARTS = {
    "zoledronic acid, pamidronate and ibandronate prescribing information, Aapro 2008": "唑来膦酸、帕米膦酸、"
    "伊班膦酸说明书，Aapro 2008",
    "ASCO 2017 on denosumab": "ASCO 2017 关于地舒单抗的意见",
    "Cockcroft-Gault": "Cockcroft-Gault 公式",
}
_RISE_SOURCES = {
    "zoledronic acid prescribing information": "唑来膦酸说明书",
    "pamidronate prescribing information": "帕米膦酸说明书",
    "zoledronic acid prescribing information; pamidronate prescribing information": "唑来膦酸说明书；帕米膦酸说明书",
}


def _sources() -> dict[str, dict[str, str]]:
    found = {}
    parts = list(_SOURCE_PARTS)
    for size in (1, 2):
        for combo in combinations(parts, size):
            found["source:" + "; ".join(combo)] = {
                "en": "; ".join(combo),
                "zh": "；".join(_SOURCE_PARTS[p] for p in combo),
            }
    for english, chinese in _RISE_SOURCES.items():
        found["source:" + english] = {"en": english, "zh": chinese}
    return found


MESSAGES = {
    "renal-impairment.on-therapy": {
        "en": {
            "summary": "Creatinine clearance {crcl} mL/min on {drug_text}: reduce or hold it as the label requires",
            "detail": "Creatinine clearance {crcl} mL/min on {crcl_date}. The guideline asks that renal function guide "
            "bisphosphonate therapy; at this clearance the label asks for:",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min，正在使用{drug_text}：请按说明书减量或暂停",
            "detail": "{crcl_date} 肌酐清除率 {crcl} mL/min。规范建议根据肾功能选择和调整双膦酸盐治疗；按此肌酐清除率，说明书要求：",
        },
    },
    "renal-impairment.clodronate-check": {
        "en": {
            "summary": "Creatinine clearance {crcl} mL/min on clodronate: have a pharmacist check the dose",
            "detail": "Creatinine clearance {crcl} mL/min on {crcl_date}. The guideline asks that renal function guide "
            "bisphosphonate therapy.",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min，正在使用氯膦酸二钠：请药师核对剂量",
            "detail": "{crcl_date} 肌酐清除率 {crcl} mL/min。规范建议根据肾功能选择和调整双膦酸盐治疗。",
        },
    },
    "renal-impairment.before-start": {
        "en": {
            "summary": "Creatinine clearance {crcl} mL/min: start the bisphosphonate at a renally adjusted dose",
            "detail": "A bisphosphonate is indicated and creatinine clearance is {crcl} mL/min on {crcl_date}. At this "
            "clearance the labels give:",
        },
        "zh": {
            "summary": "肌酐清除率 {crcl} mL/min：双膦酸盐需按肾功能调整剂量",
            "detail": "有双膦酸盐治疗指征，{crcl_date} 肌酐清除率 {crcl} mL/min。按此肌酐清除率，说明书给出：",
        },
    },
    "renal-impairment.creatinine-rise": {
        "en": {
            "summary": "Creatinine up {rise} µmol/L since the last {drug_text} dose: withhold it (label)",
            "detail": "Serum creatinine {peak} on {peak_date}, against {baseline} before the dose of {last_dose_date}: "
            "a rise of {rise} µmol/L. From a {baseline_kind_text} baseline the label withholds at a rise of "
            "{limit} µmol/L or more.",
        },
        "zh": {
            "summary": "末次{drug_text}用药后血肌酐升高 {rise} µmol/L：请暂停用药（说明书）",
            "detail": "{peak_date} 血肌酐 {peak}，{last_dose_date} 用药前为 {baseline}，升高 {rise} µmol/L。"
            "基线{baseline_kind_text}时，说明书规定升高 ≥ {limit} µmol/L 即暂停用药。",
        },
    },
    "renal-impairment.baseline_kind.normal": {"en": "normal", "zh": "正常"},
    "renal-impairment.baseline_kind.abnormal": {"en": "raised", "zh": "异常"},
    "renal-impairment.resume": {
        "en": "Resume at the previous dose once creatinine is back within 10 % of baseline (≤ {resume_below} µmol/L).",
        "zh": "血肌酐恢复到基线值的10%以内（≤ {resume_below} µmol/L）后，按原剂量恢复用药。",
    },
    "renal-impairment.withhold-resume": {
        "en": "No active order to put on hold: withhold the next dose; resume at the previous dose once creatinine "
        "is within 10 % of baseline (≤ {resume_below} µmol/L).",
        "zh": "无可暂停的有效医嘱：请暂停下一次用药；血肌酐恢复到基线值的10%以内（≤ {resume_below} µmol/L）后按原剂量恢复。",
    },
    "renal-impairment.next-dose": {
        "en": "No active order to change: adjust the next dose as above.",
        "zh": "无可修改的有效医嘱：下一次用药请按上述调整。",
    },
    "renal-impairment.hold-reason.rise": {
        "en": "Serum creatinine rose {rise} µmol/L since the last dose: withheld until within 10 % of baseline "
        "(label).",
        "zh": "末次用药后血肌酐升高 {rise} µmol/L：暂停至恢复到基线值的10%以内（说明书）。",
    },
    "renal-impairment.hold-reason.crcl": {
        "en": "Creatinine clearance {crcl} mL/min: not recommended below 30 mL/min (label).",
        "zh": "肌酐清除率 {crcl} mL/min：低于 30 mL/min 时不推荐使用（说明书）。",
    },
    "hold-bisphosphonate": {"en": "Put {drug_text} on hold", "zh": "暂停{drug_text}"},
    "reduce-bisphosphonate": {"en": "Change {drug_text} to {dose_mg} mg", "zh": "{drug_text}改为 {dose_mg} mg"},
    "renal-impairment.egfr-only": {
        "en": {
            "summary": "eGFR {egfr} is reduced but creatinine clearance is unknown: calculate it before dosing",
            "detail": "eGFR {egfr} on {egfr_date}; creatinine clearance cannot be calculated. Bisphosphonate doses "
            "follow creatinine clearance (mL/min), not eGFR: record the weight so the dose can be chosen.",
        },
        "zh": {
            "summary": "eGFR {egfr} 下降但肌酐清除率未知：用药前请计算肌酐清除率",
            "detail": "{egfr_date} eGFR {egfr}，无法计算肌酐清除率。双膦酸盐剂量按肌酐清除率（mL/min）而非eGFR确定："
            "请记录体重以便确定剂量。",
        },
    },
    "renal-impairment.on-denosumab": {
        "en": {
            "summary": "On {denosumab_text} with creatinine clearance {crcl} mL/min: monitor calcium closely",
            "detail": "Creatinine clearance {crcl} mL/min on {crcl_date}. Denosumab is not in the guideline; ASCO "
            "2017 asks for close monitoring for hypocalcaemia below 30 mL/min or on dialysis.",
        },
        "zh": {
            "summary": "使用{denosumab_text}且肌酐清除率 {crcl} mL/min：请密切监测血钙",
            "detail": "{crcl_date} 肌酐清除率 {crcl} mL/min。地舒单抗不在本规范内；ASCO 2017指南建议肌酐清除率 < 30 mL/min"
            "或透析患者密切监测低钙血症。",
        },
    },
    "renal-impairment.on-denosumab-egfr": {
        "en": {
            "summary": "On {denosumab_text} with eGFR {egfr}: monitor calcium closely for hypocalcaemia",
            "detail": "eGFR {egfr} on {egfr_date}; creatinine clearance cannot be calculated.",
        },
        "zh": {
            "summary": "使用{denosumab_text}且eGFR {egfr}：请密切监测血钙，警惕低钙血症",
            "detail": "{egfr_date} eGFR {egfr}；无法计算肌酐清除率。",
        },
    },
    "renal-impairment.basis.reported": {
        "en": "Creatinine clearance as reported by the laboratory.",
        "zh": "肌酐清除率为检验科报告值。",
    },
    "renal-impairment.basis.cockcroft-gault": {
        "en": "Cockcroft-Gault: age {age}, {sex_text}, {weight}, creatinine {creatinine}.",
        "zh": "Cockcroft-Gault公式：年龄 {age} 岁，{sex_text}，体重 {weight}，血肌酐 {creatinine}。",
    },
    "renal-impairment.sex.male": {"en": "male", "zh": "男"},
    "renal-impairment.sex.female": {"en": "female", "zh": "女"},
    "renal-impairment.zoledronic-acid.reduce": {
        "en": "Zoledronic acid {zoledronic_acid_dose} mg instead of 4 mg.",
        "zh": "唑来膦酸 {zoledronic_acid_dose} mg，而非4 mg。",
    },
    "renal-impairment.zoledronic-acid.avoid": {
        "en": "Zoledronic acid: not recommended below 30 mL/min.",
        "zh": "唑来膦酸：肌酐清除率 < 30 mL/min 时不推荐使用。",
    },
    "renal-impairment.pamidronate.avoid": {
        "en": "Pamidronate: not recommended below 30 mL/min.",
        "zh": "帕米膦酸：肌酐清除率 < 30 mL/min 时不推荐使用。",
    },
    "renal-impairment.ibandronate.reduce": {
        "en": "Ibandronate {ibandronate_dose} mg instead of 6 mg.",
        "zh": "伊班膦酸 {ibandronate_dose} mg，而非6 mg。",
    },
    "renal-impairment.ibandronate.avoid": {
        "en": "Ibandronate: avoid below 30 mL/min (at most 2 mg if it must be given).",
        "zh": "伊班膦酸：肌酐清除率 < 30 mL/min 时避免使用（必须使用时不超过2 mg）。",
    },
    "renal-impairment.clodronate.check": {
        "en": "Clodronate: no verified renal dose table; a pharmacist checks the dose below 60 mL/min.",
        "zh": "氯膦酸二钠：无经核实的肾功能剂量表；肌酐清除率 < 60 mL/min 时请药师核对剂量。",
    },
    "renal-impairment.denosumab": {
        "en": "{denosumab_text} with CrCl below 30 mL/min: monitor calcium closely for hypocalcaemia.",
        "zh": "使用{denosumab_text}且肌酐清除率 < 30 mL/min：需密切监测血钙，警惕低钙血症。",
    },
    "renal-impairment.denosumab-egfr": {
        "en": "{denosumab_text} with eGFR below 30: severe hypocalcaemia risk; monitor calcium closely.",
        "zh": "使用{denosumab_text}且eGFR < 30：有严重低钙血症风险，需密切监测血钙。",
    },
    **phrases("renal-impairment", "drug"),
    **phrases("renal-impairment", "denosumab"),
    **_sources(),
}
