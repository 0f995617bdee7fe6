"""Text of the bone-mets-confirm card (guideline 一(二)1-2, 一(三)3)."""

MESSAGES = {
    "bone-mets-confirm": {
        "en": {
            "summary": "Bone metastasis suspected, not confirmed: confirm with X-ray, CT or MRI, or biopsy; no bisphosphonate yet",
            "detail": "Bone metastasis is suspected but not confirmed: {why_text}. The guideline confirms bone "
            "metastasis only when both criteria hold: (1) a malignancy proven by histopathology or cytology, or a "
            "bone biopsy showing metastasis; and (2) the bone lesion diagnosed as metastasis on X-ray, MRI, CT or "
            "PET-CT. A bone scan (ECT) screens but is not a diagnosis. Confirm with X-ray (the main method), CT, or "
            "MRI as the site requires; MRI is sensitive, but the expert panel disputes it as a confirmatory test "
            "because bone destruction is the reliable sign.",
        },
        "zh": {
            "summary": "疑似骨转移尚未确诊：请行X线平片、CT或MR检查或骨活检确诊；暂不推荐双膦酸盐",
            "detail": "骨转移为疑似，尚未确诊：{why_text}。规范的骨转移诊断标准需同时具备两项条件：（1）经组织病理学或细胞学检查"
            "诊断为恶性肿瘤，或骨病灶穿刺活检或细胞学诊断为恶性肿瘤骨转移；（2）骨病灶经X线平片、或MR扫描、或CT扫描、"
            "或PET-CT扫描诊断为恶性肿瘤骨转移。ECT是初筛诊断方法，不作为诊断依据。请根据情况选择X线平片（确诊的主要方法）、"
            "CT或MR扫描确诊；MR敏感性高，但影像学确诊骨转移的可靠指标是骨破坏，专家组对MR用于骨转移确诊检查存在争议。",
        },
    },
    "bone-mets-confirm.why.scan-only": {
        "en": "the evidence is a positive radionuclide bone scan ({bone_scan_date}) only",
        "zh": "依据仅为放射性核素骨显像阳性（{bone_scan_date}）",
    },
    "bone-mets-confirm.why.provisional": {
        "en": 'the diagnosis "{diagnosis}" ({diagnosis_date}) is recorded as provisional',
        "zh": "诊断“{diagnosis}”（{diagnosis_date}）记录为待确认",
    },
    "bone-mets-confirm.why.unverified": {
        "en": 'the diagnosis "{diagnosis}" ({diagnosis_date}) has no verification status and no confirming '
        "imaging or biopsy is recorded",
        "zh": "诊断“{diagnosis}”（{diagnosis_date}）未标明确认状态，且未见确诊性影像学或活检记录",
    },
    "bone-mets-confirm.no-bisphosphonate": {
        "en": "Do not start a bisphosphonate routinely while metastasis is suspected on a bone scan only; start "
        "once it is confirmed.",
        "zh": "对于仅放射性核素骨显像阳性疑似骨转移的患者，不推荐常规给予双膦酸盐治疗；确诊后再开始。",
    },
    "bone-mets-confirm.xray-negative": {
        "en": "A negative X-ray does not exclude bone metastasis (sensitivity 44-50 %; lesions show only after "
        "≥ 50 % trabecular loss and 1.0-1.5 cm): CT can confirm lesions positive on the bone scan but negative "
        "on X-ray.",
        "zh": "X线平片阴性不能排除骨转移（敏感性仅44%~50%，骨小梁破坏达50%以上且直径达1.0~1.5 cm时才可见）："
        "CT扫描可确诊某些骨显像阳性而X线平片阴性的骨转移病灶。",
    },
    "bone-mets-confirm.mri-positive": {
        "en": "Only MRI shows the metastasis: the panel disputes MRI as confirmation; X-ray or CT showing bone "
        "destruction settles it.",
        "zh": "仅MR扫描提示骨转移：专家组对MR用于确诊存在争议，X线平片或CT显示骨破坏可确诊。",
    },
    "bone-mets-confirm.primary-unproven": {
        "en": "No pathology or cytology proves the malignancy (criterion 1): a bone biopsy is diagnostic.",
        "zh": "恶性肿瘤尚无组织病理学或细胞学诊断（条件1）：骨活检有确诊意义。",
    },
    "bone-mets-confirm.solitary": {
        "en": "The lesion is solitary: a single bone lesion is an indication for biopsy.",
        "zh": "单一骨病变：为骨活检指征。",
    },
    "bone-mets-confirm.markers": {
        "en": "Raised alkaline phosphatase or other bone-turnover markers do not confirm bone metastasis.",
        "zh": "碱性磷酸酶等骨代谢生化指标升高尚不能作为骨转移诊断的可靠依据。",
    },
    "bone-mets-confirm.on-bisphosphonate": {
        "en": "{bisphosphonate} is recorded: if it was started for this suspected metastasis, the guideline does "
        "not recommend it before confirmation.",
        "zh": "已记录使用{bisphosphonate}：如系针对本次疑似骨转移开始使用，规范不推荐在确诊前常规使用。",
    },
    "bone-mets-confirm.not-pet-ct": {
        "en": "PET-CT is sensitive and stages the whole body, but is not recommended as a routine test (cost).",
        "zh": "PET-CT敏感并可全面评估肿瘤病变范围，但由于检查费用昂贵，不推荐作为常规检查方法。",
    },
}
