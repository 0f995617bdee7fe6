"""Text of the radiotherapy-referral card (guideline 一(三)4)."""

from cards.text.sites import site_phrases

MESSAGES = {
    "radiotherapy-referral.painful": {
        "en": {
            "summary": "Painful bone metastasis ({site_text}) without radiotherapy: refer for external-beam radiotherapy",
            "detail": "Bone metastasis is confirmed and the patient reports pain {pain}/10 (NRS, {pain_date}); no "
            "radiotherapy, done or planned, is recorded for this site ({site_text}). Radiotherapy is the most effective "
            "treatment of bone-metastasis pain and external-beam irradiation of the painful lesion is the first "
            "choice; it also helps prevent fracture and cord compression.",
        },
        "zh": {
            "summary": "骨转移灶（{site_text}）疼痛且未行放疗：建议转诊体外照射放疗",
            "detail": "骨转移已确诊，患者疼痛评分 {pain}/10（NRS，{pain_date}）；未见该部位（{site_text}）的放疗记录（已完成或已计划）。"
            "放射治疗是治疗骨转移疼痛最有效的方法，针对骨转移局部病灶的体外照射是首选放疗方法，并能预防骨折和脊髓压迫的发生。",
        },
    },
    "radiotherapy-referral.bone-pain": {
        "en": {
            "summary": "Bone pain with confirmed bone metastasis, no radiotherapy: refer for external-beam radiotherapy",
            "detail": "Bone metastasis is confirmed and bone pain is on the problem list (no recent pain score); no "
            "radiotherapy, done or planned, is recorded for this site ({site_text}). Radiotherapy is the most effective "
            "treatment of bone-metastasis pain; external-beam irradiation of the painful lesion is the first choice.",
        },
        "zh": {
            "summary": "骨转移已确诊伴骨疼痛，未行放疗：建议转诊体外照射放疗",
            "detail": "骨转移已确诊，问题列表记录有骨疼痛（近期无疼痛评分）；未见该部位（{site_text}）的放疗记录（已完成或已计划）。"
            "放射治疗是治疗骨转移疼痛最有效的方法，针对骨转移局部病灶的体外照射是首选放疗方法。",
        },
    },
    "radiotherapy-referral.weight-bearing": {
        "en": {
            "summary": "Bone metastasis in a weight-bearing site ({site_text}): consider prophylactic radiotherapy",
            "detail": "Bone metastasis is confirmed in a weight-bearing site ({site_text}) and no radiotherapy to it is "
            "recorded, done or planned. The guideline uses external-beam radiotherapy selectively as prophylaxis for "
            "weight-bearing sites such as the spine or femur, to reduce the risk of pathological fracture.",
        },
        "zh": {
            "summary": "负重部位骨转移（{site_text}）：可考虑预防性放疗",
            "detail": "骨转移已确诊，位于负重部位（{site_text}），未见针对该部位的放疗记录（已完成或已计划）。"
            "规范建议体外照射选择性用于负重部位骨转移（如脊柱或股骨转移）的预防性放疗，以减少病理性骨折的危险。",
        },
    },
    "radiotherapy-referral.poor-response": {
        "en": {
            "summary": "No pain relief 6 weeks after radiotherapy ({site_text}): re-check target and missed lesions",
            "detail": "Pain {pain}/10 on {pain_date}, against {pain_before}/10 on {pain_before_date} before the "
            "radiotherapy of {rt_date}. Relief usually starts within 1-2 weeks, and if pain is still unrelieved "
            "6 weeks after treatment the chance of relief is very small. Do not first assume the tumour is "
            "insensitive: check that the radiotherapy target was accurate and that no lesion was missed.",
        },
        "zh": {
            "summary": "放疗后6周疼痛未缓解（{site_text}）：请复核放疗定位及有无病灶遗漏",
            "detail": "疼痛评分 {pain}/10（{pain_date}），放疗（{rt_date}）前为 {pain_before}/10（{pain_before_date}）。"
            "一般在放疗开始后1~2周内出现疼痛缓解，如果治疗后6周疼痛仍无缓解，表示疼痛缓解的机会非常小。"
            "不要首先认定是肿瘤不敏感，而是要检查放疗定位是否准确、是否有病灶遗漏。",
        },
    },
    **site_phrases("radiotherapy-referral", "site"),
    "radiotherapy-referral.more-sites": {
        "en": "{more_sites} further site(s) with bone metastasis also have no radiotherapy recorded.",
        "zh": "另有 {more_sites} 处骨转移部位亦未见放疗记录。",
    },
    "radiotherapy-referral.schedules": {
        "en": "External-beam schedules (equivalent pain relief and tolerance): 3 Gy × 10, 4 Gy × 5 or 8 Gy × 1. "
        "A single fraction is more often followed by re-treatment. Choose by the patient's condition, the primary, "
        "the site and the technique available.",
        "zh": "体外照射常用剂量及分割：300cGy/次共10次，400cGy/次共5次，800cGy/次单次照射，三种方案缓解骨疼痛的疗效及耐受性"
        "无显著差异；单次照射后需要再程放疗的可能性较高。根据病情、原发肿瘤、病变部位及技术条件综合选择。",
    },
    "radiotherapy-referral.short-survival": {
        "en": "Recorded expected survival is {survival_months} months: the guideline asks for effective treatment "
        "in a short time, so favour a single 8 Gy fraction (re-treatment is more often needed; 3 Gy × 10 and "
        "4 Gy × 5 are the alternatives).",
        "zh": "记录的预计生存期为 {survival_months} 个月：对于预期生存时间短的患者，应争取在短时间内获得有效治疗，"
        "宜选择800cGy单次照射（再程放疗可能性较高；亦可选300cGy×10次或400cGy×5次）。",
    },
    "radiotherapy-referral.onset": {
        "en": "Relief usually starts 1-2 weeks after radiotherapy begins and 90% of responses come within 3 months: "
        "keep analgesics by pain severity meanwhile.",
        "zh": "一般在放疗开始后1~2周内出现疼痛缓解，3个月内取得90%的疼痛缓解；放疗显效前仍需根据疼痛程度使用止痛药。",
    },
    "radiotherapy-referral.radionuclide-option": {
        "en": "Lesions are widespread: systemic radionuclide therapy (strontium-89 is the most used) is an "
        "alternative for patients in good general condition with multiple small, widespread lesions and pain that "
        "is not very severe. Marrow suppression is common and slow to recover (about 12 weeks), worse after "
        "high-dose chemotherapy; about 10% have a transient pain flare.",
        "zh": "骨转移病灶广泛：放射性核素治疗（最常用89锶）可作为一般情况较好、多发转移但病灶小且广泛、疼痛不是十分严重患者的"
        "备选方案。骨髓抑制发生率较高且恢复较慢（约12周），曾接受大剂量化疗者易发生严重骨髓抑制；约10%的患者可出现骨疼痛短暂加重。",
    },
    "radiotherapy-referral.radionuclide-epidural": {
        "en": "Radionuclide therapy is contraindicated: spinal cord compression (epidural disease) is recorded.",
        "zh": "禁用放射性核素治疗：已记录脊髓压迫（硬脊膜外病变）。",
    },
    "radiotherapy-referral.radionuclide-low-platelets": {
        "en": "Radionuclide therapy is contraindicated: marrow suppression, platelets {platelets} ×10⁹/L on "
        "{platelets_date} (below {platelets_min}, strontium-89 label).",
        "zh": "禁用放射性核素治疗：骨髓抑制，血小板 {platelets}×10⁹/L（{platelets_date}），低于 {platelets_min}（89锶说明书）。",
    },
    "radiotherapy-referral.radionuclide-low-leukocytes": {
        "en": "Radionuclide therapy is contraindicated: marrow suppression, leukocytes {leukocytes} ×10⁹/L on "
        "{leukocytes_date} (below {leukocytes_min}, strontium-89 label).",
        "zh": "禁用放射性核素治疗：骨髓抑制，白细胞 {leukocytes}×10⁹/L（{leukocytes_date}），低于 {leukocytes_min}（89锶说明书）。",
    },
    "radiotherapy-referral.radionuclide-marrow-failure": {
        "en": "Radionuclide therapy is contraindicated: marrow suppression is recorded ({marrow_failure}).",
        "zh": "禁用放射性核素治疗：已记录骨髓抑制（{marrow_failure}）。",
    },
    "radiotherapy-referral.radionuclide-counts-missing": {
        "en": "Before any radionuclide therapy, check the blood count: no platelet and leukocyte counts in the last "
        "weeks (contraindicated below {platelets_min} and {leukocytes_min} ×10⁹/L, strontium-89 label).",
        "zh": "放射性核素治疗前须复查血常规：近期无血小板及白细胞计数（89锶说明书：低于 {platelets_min} 与 {leukocytes_min}×10⁹/L 时禁用）。",
    },
    "radiotherapy-referral.radionuclide-caution": {
        "en": "Use radionuclide therapy with caution: marked vertebral destruction or a high pathological-fracture "
        "risk is recorded.",
        "zh": "慎用放射性核素治疗：已记录脊柱明显破坏或明显的病理性骨折风险。",
    },
    "radiotherapy-referral.check-target": {
        "en": "Review the plan with the radiation oncologist; re-treatment is possible, more often after a single "
        "fraction.",
        "zh": "请与放疗科共同复核治疗计划；可考虑再程放疗（单次照射后更常需要）。",
    },
    "radiotherapy-referral.mri": {
        "en": "No MRI is on record: the guideline asks for an MRI and a timely adjustment of the plan.",
        "zh": "未见MRI扫描记录：规范要求给予MRI扫描，及时调整治疗计划。",
    },
    "radiotherapy-referral.analgesia": {
        "en": "When radiotherapy does not fully control the pain, analgesics are still needed by pain severity.",
        "zh": "放疗不能完全控制疼痛时，仍需根据疼痛程度使用止痛药。",
    },
    "radiotherapy-referral.with-compression-referral": {
        "en": "The spinal cord compression card already asks for an urgent radiation-oncology referral: name this "
        "site in it.",
        "zh": "脊髓压迫提示已建议紧急转诊放疗科：请在该转诊中一并注明此部位。",
    },
    "order-radiotherapy-referral": {"en": "Refer to radiation oncology", "zh": "转诊放疗科"},
}
