"""Chinese for the sources rules cite when they go beyond the guideline (Rule.beyond_guideline).

Keyed "source:" + the English citation, which stays the English text of the card.
A test checks every rule's citation has its Chinese here.
"""

_ZH = {
    "ibandronate infusion time: EU SmPC (REFERENCE B.3); 12-weekly zoledronic acid: ASCO 2017, ESMO 2020 (B.13, B.14); "
    "renal doses: zoledronic acid, pamidronate and ibandronate labels (B.1-B.3)": "伊班膦酸输注时间：欧盟说明书（REFERENCE B.3）；唑来膦酸每12周方案：ASCO 2017、ESMO 2020（B.13、B.14）；肾功能剂量：唑来膦酸、帕米膦酸、伊班膦酸说明书（B.1-B.3）",
    "renal dose tables of the zoledronic acid, pamidronate and ibandronate labels (REFERENCE B.1-B.3)": "唑来膦酸、帕米膦酸、伊班膦酸说明书的肾功能剂量表（REFERENCE B.1-B.3）",
    "denosumab: ASCO 2017 (REFERENCE B.13, A.11-14)": "地舒单抗：ASCO 2017（REFERENCE B.13、A.11-14）",
    "ASCO 2017 and ESMO 2020 on denosumab as an alternative (REFERENCE B.5, B.13, A.11-14); zoledronic acid label (B.1)": "ASCO 2017 与 ESMO 2020 关于地舒单抗作为替代药物的意见（REFERENCE B.5、B.13、A.11-14）；唑来膦酸说明书（B.1）",
    "albumin correction (REFERENCE B.7); zoledronic acid 4 mg for hypercalcaemia of malignancy (prescribing information, REFERENCE B.1)": "白蛋白校正血钙（REFERENCE B.7）；唑来膦酸4 mg治疗恶性肿瘤高钙血症（说明书，REFERENCE B.1）",
    "NRS severity bands (REFERENCE B.9, A.11-4)": "NRS疼痛程度分级（REFERENCE B.9、A.11-4）",
    "zoledronic acid and pamidronate prescribing information (REFERENCE B.1, B.2)": "唑来膦酸与帕米膦酸说明书（REFERENCE B.1、B.2）",
    "zoledronic acid, pamidronate and ibandronate labels and Aapro et al. 2008 (REFERENCE B.1-B.3); Cockcroft-Gault (B.6)": "唑来膦酸、帕米膦酸、伊班膦酸说明书及 Aapro 等 2008（REFERENCE B.1-B.3）；Cockcroft-Gault 公式（B.6）",
    "marrow limits from the strontium-89 chloride label (REFERENCE B.15, A.11-11); SINS (B.10)": "氯化锶[89Sr]说明书的骨髓抑制界值（REFERENCE B.15、A.11-11）；SINS评分（B.10）",
    "strontium-89 label marrow limits (REFERENCE B.15, A.11-11)": "氯化锶[89Sr]说明书的骨髓抑制界值（REFERENCE B.15、A.11-11）",
    "zoledronic acid, pamidronate and ibandronate prescribing information and Aapro 2008 (REFERENCE B.1-B.3); "
    "ASCO 2017 on denosumab (B.5); Cockcroft-Gault (B.6)": "唑来膦酸、帕米膦酸、伊班膦酸说明书及 Aapro 2008（REFERENCE B.1-B.3）；ASCO 2017 关于地舒单抗的意见（B.5）；Cockcroft-Gault 公式（B.6）",
    "NICE NG234 (2023) spinal metastases and metastatic spinal cord compression: whole-spine MRI within 24 hours, "
    "dexamethasone 16 mg (https://www.nice.org.uk/guidance/NG234/chapter/recommendations)": "英国NICE NG234（2023）脊柱转移及转移性脊髓压迫指南：24小时内全脊柱MR扫描，地塞米松16 mg（https://www.nice.org.uk/guidance/NG234/chapter/recommendations）",
    "SINS (REFERENCE B.10, Fourney 2011); performance-status limits (REFERENCE B.12)": "SINS评分（REFERENCE B.10，Fourney 2011）；体能状态界值（REFERENCE B.12）",
}

MESSAGES = {f"source:{english}": {"en": english, "zh": chinese} for english, chinese in _ZH.items()}
