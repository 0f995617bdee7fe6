"""Chinese for the sources rules cite when they go beyond the guideline (Rule.beyond_guideline).

Keyed "source:" + the English citation, which stays the English text of the card. Citations name
published sources only; where the project's digest records them (Rule.digest) is for the rule page.
A test checks every rule's citation has its Chinese here.
"""

_ZH = {
    "ibandronate infusion time: EU SmPC; 12-weekly zoledronic acid: ASCO 2017, ESMO 2020; renal doses: zoledronic "
    "acid, pamidronate and ibandronate labels": "伊班膦酸输注时间：欧盟说明书；唑来膦酸每12周方案：ASCO 2017、ESMO 2020；"
    "肾功能剂量：唑来膦酸、帕米膦酸、伊班膦酸说明书",
    "renal dose tables of the zoledronic acid, pamidronate and ibandronate labels": "唑来膦酸、帕米膦酸、伊班膦酸说明书的肾功能剂量表",
    "denosumab: ASCO 2017": "地舒单抗：ASCO 2017",
    "ASCO 2017 and ESMO 2020 on denosumab as an alternative; zoledronic acid label": "ASCO 2017 与 ESMO 2020 "
    "关于地舒单抗作为替代药物的意见；唑来膦酸说明书",
    "zoledronic acid and calcitonin labels": "唑来膦酸、降钙素说明书",
    "NRS bands as used by NCCN; reassessment: China NHC cancer pain guideline 2018": "NRS疼痛分级：NCCN；疼痛再评估："
    "国家卫生健康委《癌症疼痛诊疗规范》2018年版",
    "zoledronic acid and pamidronate prescribing information": "唑来膦酸与帕米膦酸说明书",
    "zoledronic acid, pamidronate and ibandronate labels, Aapro et al. 2008; Cockcroft-Gault": "唑来膦酸、帕米膦酸、"
    "伊班膦酸说明书，Aapro 等 2008；Cockcroft-Gault 公式",
    "marrow limits from the strontium-89 chloride label; SINS (Fourney 2011)": "氯化锶[89Sr]说明书的骨髓抑制界值；"
    "SINS评分（Fourney 2011）",
    "marrow limits from the strontium-89 chloride label": "氯化锶[89Sr]说明书的骨髓抑制界值",
    "strontium-89 label (marrow limits); Mirels 1989 and SINS (surgery before radiotherapy)": "氯化锶[89Sr]说明书"
    "（骨髓抑制界值）；Mirels 1989与SINS评分（先手术后放疗）",
    "zoledronic acid, pamidronate and ibandronate prescribing information, Aapro 2008; ASCO 2017 on denosumab; "
    "Cockcroft-Gault": "唑来膦酸、帕米膦酸、伊班膦酸说明书，Aapro 2008；ASCO 2017 关于地舒单抗的意见；Cockcroft-Gault 公式",
    "NICE NG234 (2023): MRI within 24 hours, dexamethasone": "英国NICE NG234（2023）：24小时内MR扫描，地塞米松",
    "SINS (Fourney 2011); performance-status limits": "SINS评分（Fourney 2011）；体能状态界值",
    # Per-drug citations of the order cards (SOURCES in guideline/rules/*.py): a card cites its own drug's sources.
    "zoledronic acid label (renal doses; the 5 mg product); 12-weekly: ASCO 2017, ESMO 2020": "唑来膦酸说明书"
    "（肾功能剂量、5 mg制剂）；每12周方案：ASCO 2017、ESMO 2020",
    "pamidronate label, Aapro et al. 2008 (renal doses)": "帕米膦酸说明书，Aapro 等 2008（肾功能剂量）",
    "ibandronate EU SmPC (infusion time), Aapro et al. 2008 (renal doses)": "伊班膦酸欧盟说明书（滴注时间），"
    "Aapro 等 2008（肾功能剂量）",
    "clodronate (Bonefos) SmPC (renal doses)": "氯膦酸二钠（骨膦）说明书（肾功能剂量）",
    "denosumab: ASCO 2017 (120 mg every 4 weeks); the 60 mg product (Prolia)": "地舒单抗：ASCO 2017"
    "（120 mg，每4周一次）；60 mg制剂（普罗力）",
    "zoledronic acid label; Cockcroft-Gault": "唑来膦酸说明书；Cockcroft-Gault 公式",
    "pamidronate label, Aapro et al. 2008; Cockcroft-Gault": "帕米膦酸说明书，Aapro 等 2008；Cockcroft-Gault 公式",
    "ibandronate: Aapro et al. 2008; EU SmPC; Cockcroft-Gault": "伊班膦酸：Aapro 等 2008；欧盟说明书；"
    "Cockcroft-Gault 公式",
    "clodronate (Bonefos) SmPC; Cockcroft-Gault": "氯膦酸二钠（骨膦）说明书；Cockcroft-Gault 公式",
    # ("zoledronic acid prescribing information" and the pamidronate one: cards/text/renal_impairment.py)
    "clodronate (Bonefos) SmPC": "氯膦酸二钠（骨膦）说明书",
}

MESSAGES = {f"source:{english}": {"en": english, "zh": chinese} for english, chinese in _ZH.items()}
