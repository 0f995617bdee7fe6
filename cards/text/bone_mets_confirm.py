"""Text of the bone-mets-confirm card (guideline 一(二)1-2, 一(三)3): one main message per next step."""

from cards.text import drug_names
from cards.text.names import IMAGING, phrases

_CRITERIA = {
    "en": "Confirmation needs a proven cancer and the lesion on X-ray, CT, MRI or PET-CT (a bone scan only screens); "
    "no bisphosphonate before then.",
    "zh": "确诊需同时具备：恶性肿瘤经病理或细胞学证实，且骨病灶经X线平片、CT、MR或PET-CT诊断；骨显像仅为初筛。确诊前不推荐常规使用双膦酸盐。",
}


def _main(summary: dict[str, str], detail: dict[str, str]) -> dict:
    return {lang: {"summary": summary[lang], "detail": f"{detail[lang]} {_CRITERIA[lang]}"} for lang in ("en", "zh")}


MESSAGES = {
    "bone-mets-confirm.image": _main(
        {
            "en": "Bone metastasis suspected, not confirmed: confirm with X-ray, CT or MRI; no bisphosphonate yet",
            "zh": "疑似骨转移尚未确诊：请行X线平片、CT或MR检查确诊；暂不用双膦酸盐",
        },
        {
            "en": "Suspected: {why_text}. X-ray is the main confirmatory method; choose CT or MRI as the site "
            "requires.",
            "zh": "疑似：{why_text}。X线平片是确诊的主要方法，亦可根据部位选择CT或MR扫描。",
        },
    ),
    "bone-mets-confirm.ct": _main(
        {
            "en": "Suspected bone metastasis, X-ray negative ({xray_date}): CT next to confirm; no bisphosphonate yet",
            "zh": "疑似骨转移，X线平片阴性（{xray_date}）：下一步行CT扫描确诊；暂不用双膦酸盐",
        },
        {
            "en": "Suspected: {why_text}; the X-ray of {xray_date} is negative. A negative X-ray does not exclude "
            "metastasis (sensitivity 44-50 %); CT can confirm lesions positive on the bone scan but negative on X-ray.",
            "zh": "疑似：{why_text}；{xray_date} X线平片阴性。X线平片敏感性仅44%~50%，阴性不能排除骨转移；"
            "CT扫描可确诊骨显像阳性而X线平片阴性的病灶。",
        },
    ),
    "bone-mets-confirm.mri": _main(
        {
            "en": "Suspected bone metastasis, CT negative ({ct_date}): MRI next, biopsy if doubt remains; no "
            "bisphosphonate yet",
            "zh": "疑似骨转移，CT阴性（{ct_date}）：下一步行MR扫描，仍有疑问时骨活检；暂不用双膦酸盐",
        },
        {
            "en": "Suspected: {why_text}; the CT of {ct_date} is negative. MRI is the most sensitive test (82-100 %) "
            "and shows early marrow lesions; if imaging stays inconclusive, insufficient imaging evidence is an "
            "indication for biopsy.",
            "zh": "疑似：{why_text}；{ct_date} CT扫描阴性。MR扫描敏感性最高（82%~100%），可显示骨髓腔内早期转移灶；"
            "影像学仍不能确诊时，影像学诊断依据不够为骨活检指征。",
        },
    ),
    "bone-mets-confirm.biopsy": _main(
        {
            "en": "Suspected bone metastasis not shown on {negative_kind_text} ({negative_date}): biopsy if doubt "
            "remains, else follow up",
            "zh": "疑似骨转移，{negative_kind_text}未见（{negative_date}）：仍有疑问时骨活检，否则随访",
        },
        {
            "en": "Suspected: {why_text}; {negative_kind_text} of {negative_date} is negative. Imaging evidence is "
            "insufficient: a CT-guided biopsy confirms or excludes it (mind the fracture risk); bone scans are "
            "false positive in 33-40 %.",
            "zh": "疑似：{why_text}；{negative_date} {negative_kind_text}阴性。影像学诊断依据不够：可行CT引导下穿刺活检确诊"
            "（注意避免病理性骨折）；骨显像假阳性率为33%~40%。",
        },
    ),
    "bone-mets-confirm.pathology": _main(
        {
            "en": "Bone lesion on imaging but the malignancy is unproven: biopsy to confirm; no bisphosphonate yet",
            "zh": "影像学示骨病灶但恶性肿瘤未经病理证实：请行骨活检确诊；暂不用双膦酸盐",
        },
        {
            "en": "Imaging shows a bone lesion, but no pathology or cytology proves the malignancy: a bone biopsy is "
            "diagnostic (CT-guided where possible).",
            "zh": "影像学显示骨病灶，但恶性肿瘤尚无组织病理学或细胞学诊断：骨活检有确诊意义（宜CT引导下穿刺）。",
        },
    ),
    "bone-mets-confirm.why.scan-only": {
        "en": "positive bone scan ({bone_scan_date}) only",
        "zh": "仅放射性核素骨显像阳性（{bone_scan_date}）",
    },
    "bone-mets-confirm.why.provisional": {
        "en": "the bone-metastasis diagnosis ({diagnosis_date}) is provisional",
        "zh": "骨转移诊断（{diagnosis_date}）为待确认",
    },
    "bone-mets-confirm.why.unverified": {
        "en": "the bone-metastasis diagnosis ({diagnosis_date}) has no verification status and no confirming study",
        "zh": "骨转移诊断（{diagnosis_date}）未标明确认状态，且无确诊性检查",
    },
    **phrases("bone-mets-confirm", IMAGING, "negative_kind", "unread_kind"),
    **drug_names.phrases("bone-mets-confirm", "agent"),
    "bone-mets-confirm.unread": {
        "en": "The {unread_kind_text} of {unread_date} has no conclusion this service can read: check its report.",
        "zh": "{unread_date} {unread_kind_text}的结论无法自动读取：请查看报告。",
    },
    "bone-mets-confirm.mri-positive": {
        "en": "Only MRI shows it: the panel disputes MRI as confirmation; X-ray or CT showing bone destruction "
        "settles it.",
        "zh": "仅MR扫描提示骨转移：专家组对MR用于确诊存在争议，X线平片或CT显示骨破坏可确诊。",
    },
    "bone-mets-confirm.primary-unproven": {
        "en": "No pathology or cytology proves the malignancy: a bone biopsy is diagnostic.",
        "zh": "恶性肿瘤尚无组织病理学或细胞学诊断：骨活检有确诊意义。",
    },
    "bone-mets-confirm.solitary": {
        "en": "Solitary lesion: an indication for biopsy.",
        "zh": "单一骨病变：为骨活检指征。",
    },
    "bone-mets-confirm.on-bisphosphonate": {
        "en": "Recorded: {agent_text}. If started for this suspected metastasis, it is not recommended before "
        "confirmation.",
        "zh": "已记录使用{agent_text}：如系针对本次疑似骨转移开始使用，确诊前不推荐常规使用。",
    },
    "order-confirmatory-mri": {"en": "Order MRI of the lesion(s) seen on bone scan", "zh": "开具骨扫描所示病灶MR扫描"},
}
