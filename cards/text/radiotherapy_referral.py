"""Text of the radiotherapy-referral card (guideline 一(三)4)."""

from cards.text.sites import site_phrases

MESSAGES = {
    "radiotherapy-referral.painful": {
        "en": {
            "summary": "Painful bone metastasis ({site_text}) without radiotherapy: refer for external-beam radiotherapy",
            "detail": "Bone metastasis ({site_text}) with pain {pain}/10 on {pain_date}; no radiotherapy done or planned "
            "there. External-beam radiotherapy is the most effective treatment of this pain; keep analgesics until "
            "it works.",
        },
        "zh": {
            "summary": "骨转移灶（{site_text}）疼痛且未行放疗：建议转诊体外照射放疗",
            "detail": "骨转移已确诊（{site_text}），疼痛评分 {pain}/10（{pain_date}），未见该部位已完成或已计划的放疗。"
            "放射治疗是治疗骨转移疼痛最有效的方法，首选体外照射；放疗显效前仍需根据疼痛程度使用止痛药。",
        },
    },
    "radiotherapy-referral.bone-pain": {
        "en": {
            "summary": "Bone pain with confirmed bone metastasis, no radiotherapy: refer for external-beam radiotherapy",
            "detail": "Confirmed bone metastasis ({site_text}) and bone pain on the problem list (no recent pain score), "
            "with no radiotherapy done or planned there. External-beam radiotherapy is the most effective treatment "
            "of bone-metastasis pain.",
        },
        "zh": {
            "summary": "骨转移已确诊伴骨疼痛，未行放疗：建议转诊体外照射放疗",
            "detail": "骨转移已确诊（{site_text}），问题列表记录骨疼痛（近期无疼痛评分），未见该部位已完成或已计划的放疗。"
            "放射治疗是治疗骨转移疼痛最有效的方法，首选体外照射。",
        },
    },
    "radiotherapy-referral.weight-bearing": {
        "en": {
            "summary": "Bone metastasis in a weight-bearing site ({site_text}): consider prophylactic radiotherapy",
            "detail": "Confirmed bone metastasis in a weight-bearing site ({site_text}), no radiotherapy done or planned "
            "there. The guideline uses external-beam radiotherapy selectively to prevent fracture in weight-bearing "
            "sites such as the spine or femur.",
        },
        "zh": {
            "summary": "负重部位骨转移（{site_text}）：可考虑预防性放疗",
            "detail": "骨转移已确诊，位于负重部位（{site_text}），未见该部位已完成或已计划的放疗。"
            "规范建议体外照射选择性用于负重部位骨转移（如脊柱或股骨）的预防性放疗。",
        },
    },
    "radiotherapy-referral.after-fixation": {
        "en": {
            "summary": "Bone metastasis ({site_text}) with {fixation_reason_text}: surgical fixation first, radiotherapy "
            "after it",
            "detail": "The {site_text} needs radiotherapy, but with {fixation_reason_text} surgery comes first: a "
            "fractured or high-risk bone is fixed before it is irradiated. Refer to the surgeon first; plan "
            "radiotherapy after surgery.",
        },
        "zh": {
            "summary": "骨转移（{site_text}）伴{fixation_reason_text}：先行手术固定，术后再放疗",
            "detail": "{site_text}需要放疗，但伴{fixation_reason_text}，应先手术：已骨折或骨折高风险的骨应先内固定再放疗。"
            "请先转诊外科，术后再安排放疗。",
        },
    },
    "radiotherapy-referral.after-surgical-opinion": {
        "en": {
            "summary": "Spinal metastasis with {fixation_reason_text}: surgical opinion first, then radiotherapy",
            "detail": "The spine needs radiotherapy, but with {fixation_reason_text} a spine surgeon should assess "
            "stability before it is irradiated. Refer to the surgeon first; plan radiotherapy with the result.",
        },
        "zh": {
            "summary": "脊柱转移伴{fixation_reason_text}：先请脊柱外科评估，再行放疗",
            "detail": "脊柱需要放疗，但伴{fixation_reason_text}，放疗前应先请脊柱外科评估稳定性。请先转诊外科，再据评估结果安排放疗。",
        },
    },
    "radiotherapy-referral.fixation_reason.fracture": {"en": "a pathological fracture", "zh": "病理性骨折"},
    "radiotherapy-referral.fixation_reason.mirels": {
        "en": "Mirels {fixation_value} (high fracture risk)",
        "zh": "Mirels评分{fixation_value}分（骨折高风险）",
    },
    "radiotherapy-referral.fixation_reason.sins": {
        "en": "SINS {fixation_value} (spinal instability)",
        "zh": "SINS {fixation_value} 分（脊柱不稳定）",
    },
    "radiotherapy-referral.fixation_reason.instability": {"en": "spinal instability", "zh": "脊柱不稳定"},
    "radiotherapy-referral.poor-response": {
        "en": {
            "summary": "No pain relief 6 weeks after radiotherapy ({site_text}): re-check target and missed lesions",
            "detail": "Pain {pain}/10 on {pain_date}, against {pain_before}/10 on {pain_before_date} before the "
            "radiotherapy of {rt_date}. Pain still unrelieved 6 weeks after treatment will rarely improve: check the "
            "target and look for a missed lesion before calling the tumour insensitive.",
        },
        "zh": {
            "summary": "放疗后6周疼痛未缓解（{site_text}）：请复核放疗定位及有无病灶遗漏",
            "detail": "疼痛评分 {pain}/10（{pain_date}），放疗（{rt_date}）前为 {pain_before}/10（{pain_before_date}）。"
            "治疗后6周疼痛仍无缓解，缓解的机会很小：不要首先认定肿瘤不敏感，应检查放疗定位是否准确、是否有病灶遗漏。",
        },
    },
    **site_phrases("radiotherapy-referral", "site"),
    "radiotherapy-referral.more-sites": {
        "en": "{more_sites} further site(s) with bone metastasis also have no radiotherapy recorded.",
        "zh": "另有 {more_sites} 处骨转移部位亦未见放疗记录。",
    },
    "radiotherapy-referral.short-survival": {
        "en": "Expected survival {survival_months} months: favour a single 8 Gy fraction (effective in a short time).",
        "zh": "预计生存期 {survival_months} 个月：宜800cGy单次照射，争取在短时间内获得有效治疗。",
    },
    "radiotherapy-referral.radionuclide-option": {
        "en": "Widespread small lesions: radionuclide therapy (strontium-89) is an alternative; it suppresses marrow.",
        "zh": "多发小病灶：可考虑放射性核素治疗（89锶），注意骨髓抑制。",
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
        "zh": "禁用放射性核素治疗：已记录骨髓抑制。",
    },
    "radiotherapy-referral.radionuclide-counts-missing": {
        "en": "Before any radionuclide therapy, check the blood count: no recent platelet or leukocyte count "
        "(contraindicated below {platelets_min} and {leukocytes_min} ×10⁹/L).",
        "zh": "放射性核素治疗前须复查血常规：近期无血小板及白细胞计数（低于 {platelets_min} 或 {leukocytes_min}×10⁹/L 时禁用）。",
    },
    "radiotherapy-referral.radionuclide-platelets-missing": {
        "en": "Before any radionuclide therapy, check the platelet count: none recent (contraindicated below "
        "{platelets_min} ×10⁹/L).",
        "zh": "放射性核素治疗前须复查血小板计数：近期无结果（低于 {platelets_min}×10⁹/L 时禁用）。",
    },
    "radiotherapy-referral.radionuclide-leukocytes-missing": {
        "en": "Before any radionuclide therapy, check the leukocyte count: none recent (contraindicated below "
        "{leukocytes_min} ×10⁹/L).",
        "zh": "放射性核素治疗前须复查白细胞计数：近期无结果（低于 {leukocytes_min}×10⁹/L 时禁用）。",
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
        "zh": "未见MR扫描记录：规范要求给予MR扫描，及时调整治疗计划。",
    },
    "radiotherapy-referral.with-compression-referral": {
        "en": "The spinal cord compression card already asks for an urgent radiation-oncology referral: name this "
        "site in it.",
        "zh": "脊髓压迫提示已建议紧急转诊放疗科：请在该转诊中一并注明此部位。",
    },
    "order-radiotherapy-referral": {"en": "Refer to radiation oncology", "zh": "转诊放疗科"},
}
