"""Names a card shows in its own language (guideline.recommendation.Term): drugs and card topics.

Drug names: English INN; Chinese as in the guideline (唑来膦酸, 帕米膦酸, 伊班膦酸, 氯膦酸) or the Chinese
approved names (氯膦酸二钠, 地舒单抗, 氯化锶[89Sr]). Every medication concept of fhir_mappings/valuesets has
one (tests/test_response_safety.py checks it). Topic names are what a clinician calls the card, for
"the order is on the ... card".
"""

_DRUGS = {
    "zoledronic-acid": ("zoledronic acid", "唑来膦酸"),
    "pamidronate": ("pamidronate", "帕米膦酸"),
    "ibandronate": ("ibandronate", "伊班膦酸"),
    "clodronate": ("clodronate", "氯膦酸二钠"),
    "alendronate": ("alendronate", "阿仑膦酸"),
    "risedronate": ("risedronate", "利塞膦酸"),
    "etidronate": ("etidronate", "依替膦酸"),
    "bisphosphonate": ("bisphosphonate", "双膦酸盐"),
    "denosumab": ("denosumab", "地舒单抗"),
    "calcitonin": ("calcitonin", "降钙素"),
    "strontium-89": ("strontium-89 chloride", "氯化锶[89Sr]"),
    "samarium-153": ("samarium-153 lexidronam", "钐[153Sm]来昔决南"),
    "radium-223": ("radium-223 dichloride", "二氯化镭[223Ra]"),
    "rhenium-186": ("rhenium-186 etidronate", "铼[186Re]依替膦酸"),
    "radionuclide": ("bone-seeking radionuclide", "亲骨性放射性核素药物"),
    "morphine": ("morphine", "吗啡"),
    "oxycodone": ("oxycodone", "羟考酮"),
    "fentanyl": ("fentanyl", "芬太尼"),
    "hydromorphone": ("hydromorphone", "氢吗啡酮"),
    "codeine": ("codeine", "可待因"),
    "dihydrocodeine": ("dihydrocodeine", "双氢可待因"),
    "tramadol": ("tramadol", "曲马多"),
    "opioid": ("opioid", "阿片类镇痛药"),
    "ibuprofen": ("ibuprofen", "布洛芬"),
    "naproxen": ("naproxen", "萘普生"),
    "diclofenac": ("diclofenac", "双氯芬酸"),
    "celecoxib": ("celecoxib", "塞来昔布"),
    "nsaid": ("NSAID", "非甾体类抗炎药"),
    "paracetamol": ("paracetamol", "对乙酰氨基酚"),
    "non-opioid": ("non-opioid analgesic", "非阿片类镇痛药"),
    "adjuvant": ("adjuvant analgesic", "辅助镇痛药"),
}

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
    **{f"drug:{code}": {"en": en, "zh": zh} for code, (en, zh) in _DRUGS.items()},
    **{f"topic:{code}": {"en": en, "zh": zh} for code, (en, zh) in _TOPICS.items()},
}
