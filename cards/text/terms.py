"""Names a card shows in its own language (guideline.recommendation.Term): drugs, procedures and card topics.

Drug names come from the one table in cards/text/drug_names.py. Topic names are what a clinician calls the card,
for "the order is on the ... card".
"""

from cards.text.drug_names import NAMES

_TOPICS = {
    "hypercalcemia": ("hypercalcaemia", "高钙血症"),
    "bisphosphonate-start": ("start bisphosphonate", "开始双膦酸盐治疗"),
    "renal-impairment": ("renal impairment", "肾功能不全"),
    "renal-check": ("renal function check", "肾功能检查"),
    "dental-review": ("dental examination", "口腔检查"),
    "bisphosphonate-dose": ("bisphosphonate dose", "双膦酸盐剂量"),
    "bisphosphonate-not-indicated": ("bisphosphonate not indicated", "双膦酸盐无用药指征"),
    "duplicate-bone-agent": ("second bone-modifying agent", "重复骨改良药物"),
    "dental-procedure-on-bisphosphonate": ("dental procedure on bisphosphonate", "双膦酸盐治疗期间口腔操作"),
    "radionuclide-caution": ("radionuclide caution", "放射性核素治疗注意"),
    "analgesic-ladder": ("analgesic ladder", "三阶梯止痛"),
    "bone-mets-workup": ("bone-metastasis work-up", "骨转移检查"),
    "bone-mets-screening": ("bone-metastasis screening", "骨转移筛查"),
    "bone-mets-confirm": ("confirm bone metastasis", "骨转移确诊"),
    "radiotherapy-referral": ("radiotherapy", "放射治疗"),
    "surgery-referral": ("surgery referral", "外科会诊"),
    "spinal-cord-compression": ("spinal cord compression", "脊髓压迫"),
    "supportive-care": ("supportive care", "支持治疗"),
}

_PROCEDURES = {
    "dental-invasive": ("Invasive dental treatment", "创伤性口腔科治疗"),
}

MESSAGES = {
    **{f"procedure:{code}": {"en": en, "zh": zh} for code, (en, zh) in _PROCEDURES.items()},
    **{f"drug:{code}": names for code, names in NAMES.items()},
    **{f"topic:{code}": {"en": en, "zh": zh} for code, (en, zh) in _TOPICS.items()},
}
