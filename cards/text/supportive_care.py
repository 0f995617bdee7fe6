"""Text of the supportive-care card (guideline 一(三)1)."""

MESSAGES = {
    "supportive-care": {
        "en": {
            "summary": "Bone metastasis: counsel on safe activity and fall prevention",
            "detail": "To lower the risk of pathological fracture: no sudden twisting of the spine or limbs, no "
            "weight-bearing or heavy lifting; prevent falls (walking aids, home and bathroom safety).",
        },
        "zh": {
            "summary": "骨转移：请指导安全活动并预防跌倒",
            "detail": "为减低病理性骨折风险：活动时避免突然扭转脊柱或肢体，避免负重及提重物；预防跌倒（辅助装置、居家及浴室安全）。",
        },
    },
    "supportive-care.support": {
        "en": "Symptom control and best supportive care, with psychological support; prevent the complications of "
        "long bed rest.",
        "zh": "给予对症处理及最佳支持治疗，提供心理及精神支持；预防长期卧床所致并发症。",
    },
    "supportive-care.scale.ecog": {"en": "ECOG", "zh": "ECOG体能评分"},
    "supportive-care.scale.karnofsky": {"en": "Karnofsky", "zh": "卡氏（KPS）评分"},
    "supportive-care.assisted": {
        "en": "{scale_text} {score}: turning, transfers and walking need a carer's help, with braces or orthoses "
        "where needed.",
        "zh": "{scale_text} {score}分：床上翻身、身体转移和站立行走需医疗陪护人员辅助，必要时配置支具及矫形支具。",
    },
    "supportive-care.bedridden": {
        "en": "{scale_text} {score}, bedridden: suitable in-bed activity as the condition allows.",
        "zh": "{scale_text} {score}分，卧床不起：可酌情进行适当的床上活动。",
    },
}
