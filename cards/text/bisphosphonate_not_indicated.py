"""Text of the bisphosphonate-not-indicated card (guideline 一(三)3, 一(二)2; order hooks)."""

MESSAGES = {
    "bisphosphonate-not-indicated.scan-only": {
        "en": {
            "summary": "Bone metastasis is suspected on bone scan only: bisphosphonate not routinely advised; confirm first",
            "detail": "Bone metastasis rests on a bone scan alone ({scan_date}), a screening test, yet {drug} is "
            "being ordered. Confirm with X-ray, CT or MRI (or biopsy) before starting.",
        },
        "zh": {
            "summary": "仅放射性核素骨显像阳性疑似骨转移：不推荐常规给予双膦酸盐，请先确诊",
            "detail": "正在开具{drug}，但骨转移仅依据骨扫描（{scan_date}），骨扫描为初筛方法。"
            "请先经X线平片、CT或MR扫描确诊，必要时骨活检。",
        },
    },
    "bisphosphonate-not-indicated.suspected": {
        "en": {
            "summary": "Bone metastasis is not confirmed ({basis_text}): confirm it before a bisphosphonate",
            "detail": "The bone-metastasis diagnosis is {basis_text}, yet {drug} is being ordered. Start once a "
            "proven malignancy and a lesion shown on X-ray, CT, MRI or PET-CT (or biopsy) confirm it.",
        },
        "zh": {
            "summary": "骨转移尚未确诊（{basis_text}）：请先确诊再用双膦酸盐",
            "detail": "正在开具{drug}，但骨转移诊断{basis_text}。确诊需病理证实的恶性肿瘤，且骨病灶经X线平片、CT、MR或PET-CT"
            "诊断为骨转移或经活检证实。",
        },
    },
    "bisphosphonate-not-indicated.no-metastasis": {
        "en": {
            "summary": "No bone metastasis on record: {drug} is not indicated by the bone-metastasis guideline",
            "detail": "The patient has cancer but no recorded bone metastasis, yet {drug} is being ordered; the "
            "guideline starts it once bone metastasis is confirmed.",
        },
        "zh": {
            "summary": "无骨转移记录：按骨转移诊疗规范，{drug}无用药指征",
            "detail": "患者有恶性肿瘤但未见骨转移记录，正在开具{drug}；规范建议确诊骨转移后开始用药。",
        },
    },
    "bisphosphonate-not-indicated.no-malignancy": {
        "en": {
            "summary": "No malignancy on record: {drug} at this oncology regimen is not indicated",
            "detail": "No malignancy or bone metastasis is recorded, yet {drug} is being ordered at a bone-metastasis "
            "regimen.",
        },
        "zh": {
            "summary": "无恶性肿瘤记录：此骨转移治疗方案的{drug}无用药指征",
            "detail": "正在按骨转移治疗方案开具{drug}，但未见恶性肿瘤或骨转移记录。",
        },
    },
    "bisphosphonate-not-indicated.basis.scan-only": {"en": "seen on bone scan only", "zh": "仅放射性核素骨显像阳性"},
    "bisphosphonate-not-indicated.basis.provisional": {"en": "recorded as provisional", "zh": "记录为待确认"},
    "bisphosphonate-not-indicated.basis.unverified": {
        "en": "recorded without a verification status",
        "zh": "未记录确认状态",
    },
    "bisphosphonate-not-indicated.hypercalcaemia": {
        "en": "If it treats hypercalcaemia of malignancy, record that diagnosis: this card will not show.",
        "zh": "如用于治疗恶性肿瘤高钙血症，请记录该诊断，本提示即不再出现。",
    },
    "order-confirmatory-ct": {"en": "Order CT of the lesion(s) to confirm", "zh": "开具病灶CT检查以确诊"},
    "order-confirmatory-xray": {"en": "Order X-ray of the lesion(s) to confirm", "zh": "开具病灶X线平片检查以确诊"},
}
