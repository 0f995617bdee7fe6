"""Text of the supportive-care card (guideline 一(三)1)."""

MESSAGES = {
    "supportive-care": {
        "en": {
            "summary": "Bone metastasis: counsel on safe activity and fall prevention",
            "detail": "To lower the risk of pathological fracture, advise the patient to avoid sudden twisting of "
            "the spine or limbs, to avoid bearing weight and lifting heavy objects, and to prevent falls (walking "
            "aids and home adaptations, bathroom safety).",
        },
        "zh": {
            "summary": "骨转移：请指导安全活动并预防跌倒",
            "detail": "为减低发生病理性骨折的风险，指导患者日常活动中避免对骨骼影响较大的动作和活动：活动时避免突然扭转脊柱或肢体，"
            "避免负重及提重物，预防跌倒（包括必要的装置配备和改装、浴室安全性等）。",
        },
    },
    "supportive-care.support": {
        "en": "Give symptom control and best supportive care with psychological and spiritual support, and prevent "
        "the complications of immobility and long bed rest.",
        "zh": "针对骨转移及其并发症给予对症处理及最佳支持治疗，提供心理及精神支持治疗，预防和治疗因活动受限、长期卧床所引起的各种病变。",
    },
    "supportive-care.performance": {
        "en": "Recorded performance status: {scale_text} {score}.",
        "zh": "已记录体能状态：{scale_text} {score}。",
    },
    "supportive-care.scale.ecog": {"en": "ECOG", "zh": "ECOG评分"},
    "supportive-care.scale.karnofsky": {"en": "Karnofsky", "zh": "Karnofsky评分"},
    "supportive-care.assisted": {
        "en": "Daily activities (turning in bed, transfers, standing and walking) are partly limited: they need a "
        "carer's help, with braces or orthoses where needed, to increase activity safely.",
        "zh": "床上翻身、身体转移和站立行走等日常生活活动能力部分受限：需要医疗陪护人员辅助完成，必要时配置支具及矫形支具等康复器具，"
        "帮助患者适当增加活动能力。",
    },
    "supportive-care.bedridden": {
        "en": "The patient is bedridden: suitable in-bed activity as the condition allows.",
        "zh": "卧床不起的患者：可酌情进行适当的床上活动。",
    },
}
