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
    "albumin-corrected calcium and zoledronic acid 4 mg for hypercalcaemia of malignancy: zoledronic acid prescribing "
    "information": "白蛋白校正血钙及唑来膦酸4 mg治疗恶性肿瘤高钙血症：唑来膦酸说明书",
    "NRS pain severity bands as used by NCCN (mild 1-3, moderate 4-6, severe 7-10)": "NCCN所用的NRS疼痛程度分级"
    "（轻度1~3分，中度4~6分，重度7~10分）",
    "zoledronic acid and pamidronate prescribing information": "唑来膦酸与帕米膦酸说明书",
    "zoledronic acid, pamidronate and ibandronate labels, Aapro et al. 2008; Cockcroft-Gault": "唑来膦酸、帕米膦酸、"
    "伊班膦酸说明书，Aapro 等 2008；Cockcroft-Gault 公式",
    "marrow limits from the strontium-89 chloride label; SINS (Fourney 2011)": "氯化锶[89Sr]说明书的骨髓抑制界值；"
    "SINS评分（Fourney 2011）",
    "marrow limits from the strontium-89 chloride label": "氯化锶[89Sr]说明书的骨髓抑制界值",
    "zoledronic acid, pamidronate and ibandronate prescribing information, Aapro 2008; ASCO 2017 on denosumab; "
    "Cockcroft-Gault": "唑来膦酸、帕米膦酸、伊班膦酸说明书，Aapro 2008；ASCO 2017 关于地舒单抗的意见；Cockcroft-Gault 公式",
    "NICE NG234 (2023) spinal metastases and metastatic spinal cord compression: whole-spine MRI within 24 hours, "
    "dexamethasone 16 mg (https://www.nice.org.uk/guidance/NG234/chapter/recommendations)": "英国NICE NG234（2023）"
    "脊柱转移及转移性脊髓压迫指南：24小时内全脊柱MR扫描，地塞米松16 mg（https://www.nice.org.uk/guidance/NG234/chapter/recommendations）",
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
    "zoledronic acid prescribing information": "唑来膦酸说明书",
    "pamidronate prescribing information": "帕米膦酸说明书",
    "clodronate (Bonefos) SmPC": "氯膦酸二钠（骨膦）说明书",
}

MESSAGES = {f"source:{english}": {"en": english, "zh": chinese} for english, chinese in _ZH.items()}
