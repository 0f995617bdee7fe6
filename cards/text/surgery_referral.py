"""Text of the surgery-referral card (guideline 一(三)5)."""

MESSAGES = {
    "surgery-referral.limb": {
        "en": {
            "summary": "High pathological-fracture risk: refer for orthopaedic surgical assessment",
            "detail": "Surgery before a pathological fracture greatly improves quality of life, and prophylactic "
            "fixation is simpler and safer than treating a fracture. Findings:",
        },
        "zh": {
            "summary": "病理性骨折风险高：建议骨科评估手术治疗",
            "detail": "在病理骨折前进行外科治疗能极大地提高生存质量，预防性内固定的治疗比骨折的治疗要简单、安全得多。依据：",
        },
    },
    "surgery-referral.spine": {
        "en": {
            "summary": "Spinal metastasis with neural compromise or instability: refer for spine surgery",
            "detail": "Spinal metastasis surgery is indicated for neurological deficit, spinal instability, "
            "impending fracture or pain. Findings:",
        },
        "zh": {
            "summary": "脊柱转移伴神经受压或不稳定：建议脊柱外科评估",
            "detail": "脊柱转移癌手术适应证：神经功能受损、脊柱不稳定、即将发生骨折、疼痛。依据：",
        },
    },
    "surgery-referral.cord-compression": {
        "en": "Spinal cord compression recorded ({compression_date}): urgent assessment for decompression "
        "and/or radiotherapy.",
        "zh": "已记录脊髓压迫（{compression_date}）：需紧急评估减压手术和/或放射治疗。",
    },
    "surgery-referral.fracture": {
        "en": "Pathological fracture: {fracture} ({fracture_date}).",
        "zh": "已发生病理性骨折：{fracture}（{fracture_date}）。",
    },
    "surgery-referral.mirels-borderline": {
        "en": "Mirels score {mirels} on {mirels_site}: at the guideline's surgical threshold ({mirels_threshold}); "
        "about 15 % fracture risk in Mirels' data, so a surgical opinion is needed.",
        "zh": "{mirels_site} Mirels评分 {mirels} 分：达到规范的手术阈值（{mirels_threshold}分，评分7分以上有高骨折风险）；"
        "Mirels原始数据中骨折风险约15%，需外科意见。",
    },
    "surgery-referral.mirels-high": {
        "en": "Mirels score {mirels} on {mirels_site}: high fracture risk (about 33 % or more at ≥ 9); "
        "prophylactic fixation is recommended.",
        "zh": "{mirels_site} Mirels评分 {mirels} 分：骨折高风险（≥ 9分约33%以上），建议预防性内固定。",
    },
    "surgery-referral.instability": {
        "en": "Spinal instability (SINS {sins}, {sins_band}); SINS ≥ 7 warrants a surgical consultation before "
        "radiotherapy.",
        "zh": "脊柱不稳定（SINS {sins} 分，{sins_band}）；SINS ≥ 7 分应在放疗前请外科会诊。",
    },
    "surgery-referral.gates-unknown": {
        "en": "Before surgery confirm: expected survival > 3 months, and general condition fit for surgery and "
        "anaesthesia.",
        "zh": "手术前请确认：预计可存活三个月以上，全身状况好、能够耐受手术创伤及麻醉。",
    },
    "surgery-referral.gate-survival-failed": {
        "en": "Recorded expected survival is {survival_months} months (≤ 3): surgery is unlikely to be "
        "appropriate; favour radiotherapy and systemic treatment.",
        "zh": "记录的预计生存期为 {survival_months} 个月（≤ 3个月）：不宜手术，宜考虑放疗及全身治疗。",
    },
    "surgery-referral.combine": {
        "en": "Surgery must be combined with other treatment (radiotherapy, systemic therapy, bisphosphonates).",
        "zh": "外科治疗必须与其他治疗（放疗、全身治疗、双膦酸盐）相结合。",
    },
    "order-orthopaedic-referral": {"en": "Refer to orthopaedic surgery", "zh": "转诊骨科"},
    "order-neurosurgery-referral": {"en": "Refer to spine surgery (neurosurgery)", "zh": "转诊脊柱外科（神经外科）"},
}
