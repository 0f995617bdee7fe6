"""Text of the bisphosphonate-not-indicated card (guideline 一(三)3, 一(二)2; order hooks)."""

MESSAGES = {
    "bisphosphonate-not-indicated.scan-only": {
        "en": {
            "summary": "Bone metastasis is suspected on bone scan only: bisphosphonate not routinely advised; confirm first",
            "detail": "{drug} is being ordered, but bone metastasis rests on a radionuclide bone scan alone "
            "(bone scan {scan_date}). The guideline does not recommend routine bisphosphonate therapy for patients "
            "whose bone metastasis is only suspected on bone scan; a bone scan is a screening test, not a diagnosis. "
            "Confirm with X-ray, CT or MRI (or a biopsy where needed) before starting.",
        },
        "zh": {
            "summary": "仅放射性核素骨显像阳性疑似骨转移：不推荐常规给予双膦酸盐，请先确诊",
            "detail": "正在开具{drug}，但骨转移仅依据放射性核素骨显像（骨扫描 {scan_date}）。规范指出：对于仅放射性核素"
            "骨显像阳性疑似骨转移的患者，不推荐常规给予双膦酸盐治疗；ECT是初筛诊断方法，不作为转移性骨肿瘤的诊断依据。"
            "请根据情况选择X线平片、MR扫描或CT扫描确诊，必要时骨活检。",
        },
    },
    "bisphosphonate-not-indicated.suspected": {
        "en": {
            "summary": "Bone metastasis is not confirmed ({basis_text}): confirm it before a bisphosphonate",
            "detail": '{drug} is being ordered, but the bone-metastasis diagnosis "{diagnosis}" is {basis_text}. '
            "The guideline starts a bisphosphonate once bone metastasis is confirmed: a proven malignancy and a "
            "lesion diagnosed as metastasis on X-ray, CT, MRI or PET-CT (or a bone biopsy).",
        },
        "zh": {
            "summary": "骨转移尚未确诊（{basis_text}）：请先确诊再用双膦酸盐",
            "detail": "正在开具{drug}，但骨转移诊断“{diagnosis}”{basis_text}。规范建议一旦确诊恶性肿瘤骨转移即开始双膦酸盐"
            "治疗；确诊需同时具备：经病理或细胞学诊断的恶性肿瘤，且骨病灶经X线平片、MR、CT或PET-CT诊断为骨转移（或骨病灶"
            "穿刺活检证实）。",
        },
    },
    "bisphosphonate-not-indicated.no-metastasis": {
        "en": {
            "summary": "No bone metastasis on record: {drug} is not indicated by the bone-metastasis guideline",
            "detail": "{drug} is being ordered for a patient with cancer but no recorded bone metastasis. The "
            "guideline recommends a bisphosphonate once bone metastasis is confirmed.",
        },
        "zh": {
            "summary": "无骨转移记录：按骨转移诊疗规范，{drug}无用药指征",
            "detail": "患者有恶性肿瘤，但未见骨转移记录，正在开具{drug}。规范建议一旦确诊恶性肿瘤骨转移，即开始双膦酸盐治疗。",
        },
    },
    "bisphosphonate-not-indicated.no-malignancy": {
        "en": {
            "summary": "No malignancy on record: {drug} at this oncology regimen is not indicated",
            "detail": "{drug} is being ordered at a regimen the guideline uses for bone metastasis, but no "
            "malignancy and no bone metastasis are recorded.",
        },
        "zh": {
            "summary": "无恶性肿瘤记录：此骨转移治疗方案的{drug}无用药指征",
            "detail": "正在按骨转移治疗方案开具{drug}，但未见恶性肿瘤或骨转移记录。",
        },
    },
    "bisphosphonate-not-indicated.basis.scan-only": {"en": "seen on bone scan only", "zh": "仅放射性核素骨显像阳性"},
    "bisphosphonate-not-indicated.basis.provisional": {"en": "recorded as provisional", "zh": "记录为待确认（暂定）"},
    "bisphosphonate-not-indicated.basis.unverified": {
        "en": "recorded without a verification status",
        "zh": "未记录确认状态",
    },
    "bisphosphonate-not-indicated.hypercalcaemia": {
        "en": "If the order treats hypercalcaemia of malignancy, record it: the guideline recommends a "
        "bisphosphonate promptly for that, and this card will not show.",
        "zh": "如本医嘱用于治疗恶性肿瘤高钙血症，请记录该诊断：规范推荐及时应用双膦酸盐治疗高钙血症，届时本提示不再出现。",
    },
    "order-confirmatory-ct": {"en": "Order CT of the lesion(s) to confirm", "zh": "开具病灶CT检查以确诊"},
    "order-confirmatory-xray": {"en": "Order X-ray of the lesion(s) to confirm", "zh": "开具病灶X线平片检查以确诊"},
}
