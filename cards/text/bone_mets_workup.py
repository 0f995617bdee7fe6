"""Text of the bone-mets-workup card (guideline 一(二), 一(二)1(2)).

The next steps after the scan and the biopsy indications are on the rule page, not on the card.
"""

from cards.text.names import PRIMARIES, phrases

MESSAGES = {
    "bone-mets-workup": {
        "en": {
            "summary": "Cancer with signs of possible bone metastasis: examine further, whole-body bone scan first",
            "detail": "{malignancy} ({malignancy_date}) with the findings below, and no bone imaging since them. The "
            "guideline asks for further examination to exclude bone metastasis: a whole-body bone scan screens; "
            "X-ray, CT or MRI confirms.",
        },
        "zh": {
            "summary": "恶性肿瘤患者出现骨转移相关表现：应进一步检查排除骨转移，首选全身骨显像",
            "detail": "{primary_text}（{malignancy_date}）出现以下表现，此后未见骨影像学检查。规范要求进一步检查排除骨转移："
            "全身骨显像初筛，X线平片、CT或MR扫描确诊。",
        },
    },
    **phrases("bone-mets-workup", PRIMARIES, "primary"),
    "bone-mets-workup.trigger.bone_pain": {
        "en": "Bone pain: {bone_pain} ({bone_pain_date}).",
        "zh": "骨疼痛（{bone_pain_date}）。",
    },
    "bone-mets-workup.trigger.fracture": {
        "en": "Pathological fracture: {fracture} ({fracture_date}).",
        "zh": "病理性骨折（{fracture_date}）。",
    },
    "bone-mets-workup.trigger.alp": {
        "en": "Alkaline phosphatase above the laboratory's upper limit: {alp} ({alp_date}).",
        "zh": "碱性磷酸酶高于检验科参考上限：{alp}（{alp_date}）。",
    },
    "bone-mets-workup.trigger.cord_compression": {
        "en": "Spinal cord compression: {cord_compression} ({cord_compression_date}).",
        "zh": "脊髓压迫（{cord_compression_date}）。",
    },
    "bone-mets-workup.trigger.root_compression": {
        "en": "Spinal nerve-root compression: {root_compression} ({root_compression_date}).",
        "zh": "脊神经根压迫（{root_compression_date}）。",
    },
    "bone-mets-workup.trigger.hypercalcaemia": {
        "en": "Hypercalcaemia: {hypercalcaemia} ({hypercalcaemia_date}).",
        "zh": "高钙血症（{hypercalcaemia_date}）。",
    },
    "bone-mets-workup.trigger.calcium": {
        "en": "Hypercalcaemia: calcium {calcium} ({calcium_date}).",
        "zh": "高钙血症：血钙 {calcium}（{calcium_date}）。",
    },
    "bone-mets-workup.xray-negative": {
        "en": "The X-ray of {xray_date} is negative: it does not exclude metastasis (sensitivity 44-50 %).",
        "zh": "{xray_date} X线平片阴性：X线平片敏感性仅44%~50%，不能排除骨转移。",
    },
    "order-bone-scan": {"en": "Order whole-body bone scan (ECT)", "zh": "开具放射性核素全身骨显像（ECT）"},
}
