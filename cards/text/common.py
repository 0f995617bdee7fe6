"""Text shared by several cards: the source label, citations, the MRI caveat."""

MESSAGES = {
    "source-label": {"en": "Bone metastasis guideline (骨转移瘤诊疗规范)", "zh": "骨转移瘤诊疗规范"},
    "citation": {
        "en": "Guideline 《骨转移瘤诊疗规范》 section {section}; rules {rule_ids}.",
        "zh": "依据《骨转移瘤诊疗规范》{section}；规则 {rule_ids}。",
    },
    "beyond-guideline": {
        "en": "Beyond the guideline: {source}.",
        "zh": "超出本规范的内容，来源：{source}。",
    },
    "not-recorded": {"en": "not recorded", "zh": "未记录"},
    "guideline-link": {"en": "Rule and guideline text", "zh": "规则与规范原文"},
    "bone-metastasis.mri-only": {
        "en": "Bone metastasis is confirmed on MRI only; the expert panel disputes MRI as a confirmatory test "
        "(bone destruction is the reliable sign). Consider X-ray or CT.",
        "zh": "骨转移仅经MR确诊；专家组对MR用于骨转移确诊检查存在争议（影像学确诊的可靠指标是骨破坏），可考虑X线平片或CT。",
    },
}
