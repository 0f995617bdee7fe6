"""Text of the bisphosphonate-start card (guideline 一(三)3): start or resume, with the pre-dose checks.

The regimen list, duration and stop criteria are on the rule page behind the card's link; the card says why and
what now in two or three short lines.
"""

from itertools import combinations

from cards.text.drug_names import phrases

_INPUTS = {
    "creatinine": {"en": "a recent creatinine", "zh": "近期血肌酐"},
    "weight": {"en": "a weight", "zh": "体重"},
    "age": {"en": "the age", "zh": "年龄"},
    "sex": {"en": "the sex", "zh": "性别"},
}


def _missing_phrases() -> dict[str, dict[str, str]]:
    """``bisphosphonate-start.missing.<a-b>``: what Cockcroft-Gault lacks, in words."""
    found = {}
    names = list(_INPUTS)
    for size in range(1, len(names) + 1):
        for combo in combinations(names, size):
            en = [_INPUTS[n]["en"] for n in combo]
            found[f"bisphosphonate-start.missing.{'-'.join(combo)}"] = {
                "en": ", ".join(en[:-1]) + " and " + en[-1] if len(en) > 1 else en[0],
                "zh": "、".join(_INPUTS[n]["zh"] for n in combo),
            }
    found["bisphosphonate-start.missing.none"] = {"en": "a reported clearance", "zh": "肌酐清除率报告"}
    return found


MESSAGES = {
    "bisphosphonate-start": {
        "en": {
            "summary": "Confirmed bone metastasis: start a bisphosphonate (grade A){first_text}",
            "detail": "Bone metastasis is confirmed ({basis_text}); no bisphosphonate or denosumab is on record. "
            "The guideline recommends one from diagnosis (grade A), for at least 6 months.",
        },
        "zh": {
            "summary": "骨转移已确诊：建议开始双膦酸盐治疗（A级推荐）{first_text}",
            "detail": "骨转移已确诊（{basis_text}），未见双膦酸盐或地舒单抗用药记录。规范建议确诊后即开始双膦酸盐治疗"
            "（A级推荐），用药时间应在6个月以上。",
        },
    },
    "bisphosphonate-start.unverified": {
        "en": {
            "summary": "Confirmed bone metastasis: no bisphosphonate found in the records read; check the chart, "
            "then start one",
            "detail": "Bone metastasis is confirmed ({basis_text}); no bisphosphonate or denosumab was found in the "
            "medication records read. If none is given, the guideline recommends one (grade A).",
        },
        "zh": {
            "summary": "骨转移已确诊：已读取的记录中未见双膦酸盐，请核对病历后开始治疗",
            "detail": "骨转移已确诊（{basis_text}）；已读取的用药记录中未见双膦酸盐或地舒单抗。如确未使用，规范建议开始双膦酸盐治疗"
            "（A级推荐）。",
        },
    },
    "bisphosphonate-start.resume": {
        "en": {
            "summary": "Last {drug_text} dose {days_since} days ago, no course under way: consider resuming "
            "bone-modifying therapy{first_text}",
            "detail": "Bone metastasis is confirmed; last {drug_text} dose {last_date} ({doses} dose records), no "
            "bone-modifying agent since. The guideline advises at least 6 months unless not tolerated or no longer "
            "of benefit.",
        },
        "zh": {
            "summary": "{drug_text}末次用药距今{days_since}天，目前未在用药：可考虑恢复骨改良药物治疗{first_text}",
            "detail": "骨转移已确诊；{drug_text}末次用药为{last_date}（共{doses}条用药记录），此后未再使用骨改良药物。"
            "规范建议用药6个月以上，除非不可耐受或预期不再获益。",
        },
    },
    "bisphosphonate-start.resume-unverified": {
        "en": {
            "summary": "Last {drug_text} dose found {days_since} days ago: check the chart for a current course, "
            "else resume",
            "detail": "Bone metastasis is confirmed; the newest {drug_text} dose in the medication records read is "
            "of {last_date}. The guideline advises at least 6 months unless not tolerated or of no further benefit.",
        },
        "zh": {
            "summary": "已读取记录中{drug_text}末次用药距今{days_since}天：请核对病历是否正在用药，否则恢复治疗",
            "detail": "骨转移已确诊；已读取的用药记录中，{drug_text}最近一次用药为{last_date}。"
            "规范建议用药6个月以上，除非不可耐受或预期不再获益。",
        },
    },
    "bisphosphonate-start.resume-undated": {
        "en": {
            "summary": "Earlier {drug_text} on record, no course under way: consider resuming bone-modifying therapy"
            "{first_text}",
            "detail": "Bone metastasis is confirmed; {drug_text} is on record without a date, no course under way. "
            "The guideline advises at least 6 months unless not tolerated or no longer of benefit.",
        },
        "zh": {
            "summary": "有{drug_text}用药记录但目前未在用药：可考虑恢复骨改良药物治疗{first_text}",
            "detail": "骨转移已确诊；有{drug_text}用药记录（无日期），目前未在用药。规范建议用药6个月以上，"
            "除非不可耐受或预期不再获益。",
        },
    },
    "bisphosphonate-start.basis.biopsy": {"en": "bone biopsy", "zh": "骨病灶活检"},
    "bisphosphonate-start.basis.imaging": {
        "en": "imaging of {imaging_date} with a confirmed cancer",
        "zh": "{imaging_date}影像学检查，恶性肿瘤已确诊",
    },
    "bisphosphonate-start.basis.diagnosis": {
        "en": "diagnosis of {diagnosis_date}",
        "zh": "诊断已确认，{diagnosis_date}",
    },
    "bisphosphonate-start.first.both": {
        "en": "; creatinine and dental check first",
        "zh": "；用药前先查血肌酐并行口腔检查",
    },
    "bisphosphonate-start.first.creatinine": {"en": "; creatinine first", "zh": "；用药前先查血肌酐"},
    "bisphosphonate-start.first.dental": {"en": "; dental check first", "zh": "；用药前先行口腔检查"},
    "bisphosphonate-start.first.none": {"en": "", "zh": ""},
    "bisphosphonate-start.crcl": {
        "en": "Creatinine clearance {crcl} mL/min ({crcl_date}): doses follow the labels' renal tables.",
        "zh": "肌酐清除率 {crcl} mL/min（{crcl_date}）：所列剂量已按说明书肾功能剂量表调整。",
    },
    "bisphosphonate-start.crcl-unknown": {
        "en": "No creatinine clearance yet (needs {missing_text}): no drug offered. Zoledronic acid by CrCl "
        "(mL/min): > 60 4 mg, 50-60 3.5, 40-49 3.3, 30-39 3.0, < 30 none.",
        "zh": "无法计算肌酐清除率（缺少{missing_text}）：暂不开药。唑来膦酸按肌酐清除率（mL/min）：> 60 4 mg，"
        "50~60 3.5 mg，40~49 3.3 mg，30~39 3.0 mg，< 30 不推荐。",
    },
    "bisphosphonate-start.doses-by-band": {
        "en": "Creatinine clearance {crcl} mL/min ({crcl_date}); no drug offered until the medication record is "
        "checked. Zoledronic acid by CrCl: > 60 mL/min 4 mg; 50-60 3.5; 40-49 3.3; 30-39 3.0; < 30 none.",
        "zh": "肌酐清除率 {crcl} mL/min（{crcl_date}）；核对用药记录前不提供开药。唑来膦酸按肌酐清除率：> 60 mL/min 4 mg，"
        "50~60 3.5 mg，40~49 3.3 mg，30~39 3.0 mg，< 30 不推荐。",
    },
    "bisphosphonate-start.renal-30": {
        "en": "Below 30 mL/min zoledronic acid, pamidronate and ibandronate are not recommended (labels); clodronate "
        "only with a pharmacist's dose check.",
        "zh": "肌酐清除率 < 30 mL/min 时说明书不推荐唑来膦酸、帕米膦酸及伊班膦酸；氯膦酸二钠须经药师核对剂量。",
    },
    "bisphosphonate-start.renal-60": {
        "en": "Clodronate not offered: no verified renal table; below 60 mL/min a pharmacist sets the dose.",
        "zh": "未提供氯膦酸二钠：无经核实的肾功能剂量表，肌酐清除率 < 60 mL/min 时由药师确定剂量。",
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
        "zh": "开具氯膦酸二钠 1600 mg/d 口服",
    },
    "source:zoledronic acid, pamidronate and ibandronate labels": {
        "en": "zoledronic acid, pamidronate and ibandronate labels",
        "zh": "唑来膦酸、帕米膦酸、伊班膦酸说明书",
    },
    **phrases("bisphosphonate-start", "drug"),
    **_missing_phrases(),
}
