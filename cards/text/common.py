"""Text shared by several cards: the source label, citations, the MRI caveat."""

MESSAGES = {
    "source-label": {"en": "Bone metastasis guideline (骨转移瘤诊疗规范)", "zh": "骨转移瘤诊疗规范"},
    "citation": {
        "en": "Guideline 《骨转移瘤诊疗规范》 section {section}.",
        "zh": "依据《骨转移瘤诊疗规范》{section}。",
    },
    "beyond-guideline": {
        "en": "Beyond the guideline: {source}.",
        "zh": "超出本规范的内容，来源：{source}。",
    },
    "not-recorded": {"en": "not recorded", "zh": "未记录"},
    "record-incomplete": {
        "en": "The record returned to this service was incomplete ({kinds} not fully read): check the chart "
        "before acting on this.",
        "zh": "本服务获取的病历不完整（{kinds}未能全部读取）：请核对完整病历后再处理。",
    },
    # The data kinds of guideline.inputs, as a clinician names them.
    "data-kind.patient": {"en": "demographics", "zh": "患者基本信息"},
    "data-kind.conditions": {"en": "diagnoses", "zh": "诊断"},
    "data-kind.observations": {"en": "laboratory results and observations", "zh": "检验与观察结果"},
    "data-kind.medication-requests": {"en": "medication orders", "zh": "医嘱用药"},
    "data-kind.medication-statements": {"en": "medication history", "zh": "用药记录"},
    "data-kind.procedures": {"en": "procedures", "zh": "操作与治疗记录"},
    "data-kind.service-requests": {"en": "referrals and orders", "zh": "检查与会诊申请"},
    "data-kind.imaging-studies": {"en": "imaging studies", "zh": "影像检查"},
    "data-kind.diagnostic-reports": {"en": "diagnostic reports", "zh": "检查报告"},
    "guideline-link": {"en": "Rule and guideline text", "zh": "规则与规范原文"},
    "bone-metastasis.mri-only": {
        "en": "Bone metastasis is confirmed on MRI only; the expert panel disputes MRI as a confirmatory test "
        "(bone destruction is the reliable sign). Consider X-ray or CT.",
        "zh": "骨转移仅经MR确诊；专家组对MR用于骨转移确诊检查存在争议（影像学确诊的可靠指标是骨破坏），可考虑X线平片或CT。",
    },
}
