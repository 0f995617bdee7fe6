"""Text of the bone-mets-workup card (guideline 一(二), 一(二)1(3), 一(二)1(6), 一(二)2)."""

MESSAGES = {
    "bone-mets-workup": {
        "en": {
            "summary": "Cancer with signs of possible bone metastasis: examine further, whole-body bone scan first",
            "detail": "The patient has a malignancy ({malignancy}, {malignancy_date}) and the findings below, and no "
            "bone metastasis is confirmed or suspected in the record. The guideline requires further examination "
            "to exclude bone metastasis in a patient with cancer who develops bone pain, a pathological fracture, "
            "raised alkaline phosphatase, spinal cord or nerve-root compression, or hypercalcaemia. No bone "
            "imaging is recorded since these findings.",
        },
        "zh": {
            "summary": "恶性肿瘤患者出现骨转移相关表现：应进一步检查排除骨转移，首选全身骨显像",
            "detail": "患者已确诊恶性肿瘤（{malignancy}，{malignancy_date}），出现以下临床表现，病历中未见已确诊或疑似的骨转移。"
            "规范要求：确诊为恶性肿瘤的患者，一旦出现骨疼痛、病理性骨折、碱性磷酸酶升高、脊髓压迫或脊神经根压迫或高钙血症"
            "相关症状等临床表现，应进一步检查排除骨转移病变。上述表现出现后未见骨影像学检查记录。",
        },
    },
    "bone-mets-workup.trigger.bone_pain": {
        "en": "Bone pain: {bone_pain} ({bone_pain_date}).",
        "zh": "骨疼痛：{bone_pain}（{bone_pain_date}）。",
    },
    "bone-mets-workup.trigger.fracture": {
        "en": "Pathological fracture: {fracture} ({fracture_date}).",
        "zh": "病理性骨折：{fracture}（{fracture_date}）。",
    },
    "bone-mets-workup.trigger.alp": {
        "en": "Alkaline phosphatase above the laboratory's upper limit: {alp} ({alp_date}).",
        "zh": "碱性磷酸酶高于检验科参考上限：{alp}（{alp_date}）。",
    },
    "bone-mets-workup.trigger.cord_compression": {
        "en": "Spinal cord compression: {cord_compression} ({cord_compression_date}).",
        "zh": "脊髓压迫：{cord_compression}（{cord_compression_date}）。",
    },
    "bone-mets-workup.trigger.root_compression": {
        "en": "Spinal nerve-root compression: {root_compression} ({root_compression_date}).",
        "zh": "脊神经根压迫：{root_compression}（{root_compression_date}）。",
    },
    "bone-mets-workup.trigger.hypercalcaemia": {
        "en": "Hypercalcaemia: {hypercalcaemia} ({hypercalcaemia_date}).",
        "zh": "高钙血症：{hypercalcaemia}（{hypercalcaemia_date}）。",
    },
    "bone-mets-workup.next-steps": {
        "en": "Whole-body radionuclide bone scan (ECT) is the screening test, not a diagnosis. Confirm what it "
        "shows with X-ray, CT or MRI as the site requires; CT can confirm lesions that are positive on the bone "
        "scan but negative on X-ray. PET-CT is sensitive but not recommended as a routine test (cost).",
        "zh": "放射性核素全身骨显像（ECT）是骨转移的初筛方法，不作为诊断依据；进一步确诊需根据情况选择X线平片、MR扫描或CT扫描。"
        "CT扫描可确诊某些骨显像阳性而X线平片阴性的骨转移病灶。PET-CT敏感，但费用昂贵，不推荐作为常规检查方法。",
    },
    "bone-mets-workup.biopsy": {
        "en": "Bone biopsy (CT-guided where possible) when: imaging evidence is insufficient; there is a single bone "
        "lesion; confirmation decides treatment; the bone lesion is the first presentation; or any doubtful lesion "
        "whose confirmation the patient wants. It is diagnostic when the primary has no pathology. Avoid "
        "causing a pathological fracture.",
        "zh": "骨活检指征：①影像学诊断依据不够；②单一骨病变；③骨病变的确诊决定治疗策略；④以骨病变为首发症状的骨转移癌；"
        "⑤任何有疑问的骨病变，患者要求确诊。原发灶未获病理学或细胞学诊断者，骨活检有确诊意义；宜CT引导下穿刺活检，"
        "并注意避免病理性骨折的风险。",
    },
    "order-bone-scan": {"en": "Order whole-body bone scan (ECT)", "zh": "开具放射性核素全身骨显像（ECT）"},
}
