"""Text of the surgery-referral card (guideline 一(三)5; SINS and performance-status limits beyond it)."""

from cards.text.sites import site_phrases

_LIMB_DETAIL = {
    "en": "Surgery before a pathological fracture greatly improves quality of life, and prophylactic fixation is "
    "simpler and safer than treating a fracture. Findings:",
    "zh": "在病理骨折前进行外科治疗能极大地提高生存质量，预防性内固定的治疗比骨折的治疗要简单、安全得多。依据：",
}
_SPINE_DETAIL = {
    "en": "Spinal metastasis surgery is indicated for neurological deficit, spinal instability, impending fracture "
    "or pain. Findings:",
    "zh": "脊柱转移癌手术适应证：神经功能受损、脊柱不稳定、即将发生骨折、疼痛。依据：",
}
_PELVIS_DETAIL = {
    "en": "Pelvic metastasis surgery is indicated for an impending or actual acetabular pathological fracture, "
    "intractable pain, or an impending fracture on the other side that needs surgery. Findings:",
    "zh": "骨盆转移癌手术适应证：髋臼即将或已发生病理骨折；顽固性疼痛；对侧即将发生骨折而需外科治疗。依据：",
}
_GATE_FAILED = {
    "en": "{lead_text}, but a surgical prerequisite is not met: favour non-operative treatment",
    "zh": "{lead_text}，但不具备手术前提：宜考虑非手术治疗",
}


def _main(summary: dict[str, str], detail: dict[str, str]) -> dict:
    return {language: {"summary": summary[language], "detail": detail[language]} for language in ("en", "zh")}


MESSAGES = {
    "surgery-referral.limb": _main(
        {"en": "{lead_text}: refer for orthopaedic surgical assessment", "zh": "{lead_text}：建议骨科评估手术治疗"},
        _LIMB_DETAIL,
    ),
    "surgery-referral.spine": _main(
        {"en": "{lead_text}: refer for spine surgery assessment", "zh": "{lead_text}：建议脊柱外科评估手术治疗"},
        _SPINE_DETAIL,
    ),
    "surgery-referral.pelvis": _main(
        {
            "en": "{lead_text}: refer for pelvic orthopaedic surgical assessment",
            "zh": "{lead_text}：建议骨科评估骨盆转移手术",
        },
        _PELVIS_DETAIL,
    ),
    "surgery-referral.limb-gate-failed": _main(_GATE_FAILED, _LIMB_DETAIL),
    "surgery-referral.spine-gate-failed": _main(_GATE_FAILED, _SPINE_DETAIL),
    "surgery-referral.pelvis-gate-failed": _main(_GATE_FAILED, _PELVIS_DETAIL),
    "surgery-referral.defer": _main(
        {
            "en": "Mirels {mirels} ({mirels_site_text}): low fracture risk, surgery may be deferred; reassess",
            "zh": "Mirels评分{mirels}分（{mirels_site_text}）：骨折风险低，可暂不考虑手术，需动态评估",
        },
        {
            "en": "The guideline's fracture-risk score (Table 1-4, Mirels) is below its surgical threshold. Findings:",
            "zh": "病理性骨折风险评分（表1-4，Mirels）低于规范的手术阈值。依据：",
        },
    ),
    # Summary leads: the most pressing reason, with the patient's own values.
    "surgery-referral.lead.cord-compression": {"en": "Spinal cord compression", "zh": "脊髓压迫"},
    "surgery-referral.lead.fracture": {
        "en": "Pathological fracture ({fracture_site_text})",
        "zh": "病理性骨折（{fracture_site_text}）",
    },
    "surgery-referral.lead.mirels-high": {
        "en": "Mirels {mirels} ({mirels_site_text}), high fracture risk",
        "zh": "Mirels评分{mirels}分（{mirels_site_text}），骨折高风险",
    },
    "surgery-referral.lead.mirels-borderline": {
        "en": "Mirels {mirels} ({mirels_site_text}), at the surgical threshold",
        "zh": "Mirels评分{mirels}分（{mirels_site_text}），达到手术阈值",
    },
    "surgery-referral.lead.instability": {"en": "Spinal instability", "zh": "脊柱不稳定"},
    "surgery-referral.lead.nerve-root": {"en": "Nerve-root compression", "zh": "神经根压迫"},
    "surgery-referral.lead.functional-pain": {
        "en": "Pain on weight-bearing ({functional_site_text})",
        "zh": "负重时疼痛（{functional_site_text}）",
    },
    "surgery-referral.lead.refractory-opioid": {
        "en": "Severe bone pain despite a strong opioid ({refractory_site_text})",
        "zh": "强阿片类镇痛药治疗下仍重度骨痛（{refractory_site_text}）",
    },
    "surgery-referral.lead.refractory-after-rt": {
        "en": "Bone pain persisting after radiotherapy ({refractory_site_text})",
        "zh": "放疗后仍有骨痛（{refractory_site_text}）",
    },
    **site_phrases("surgery-referral", "fracture_site", "mirels_site", "functional_site", "refractory_site"),
    "surgery-referral.sins_band.stable": {"en": "stable", "zh": "稳定"},
    "surgery-referral.sins_band.potentially-unstable": {"en": "potentially unstable", "zh": "潜在不稳定"},
    "surgery-referral.sins_band.unstable": {"en": "unstable", "zh": "不稳定"},
    # Findings (notes)
    "surgery-referral.cord-compression": {
        "en": "Spinal cord compression recorded ({compression_date}): urgent assessment for decompression "
        "and/or radiotherapy.",
        "zh": "已记录脊髓压迫（{compression_date}）：需紧急评估减压手术和/或放射治疗。",
    },
    "surgery-referral.fracture": {
        "en": "Pathological fracture: {fracture} ({fracture_site_text}, {fracture_date}); surgery should be "
        "considered once a pathological fracture has occurred.",
        "zh": "已发生病理性骨折：{fracture}（{fracture_site_text}，{fracture_date}），应考虑外科治疗。",
    },
    "surgery-referral.mirels-borderline": {
        "en": "Mirels score {mirels} on the {mirels_site_text} ({mirels_date}): at the guideline's surgical threshold "
        '({mirels_threshold}; "above 7" means high fracture risk); {mirels_risk_text}, so a surgical opinion is '
        "needed.",
        "zh": "{mirels_site_text} Mirels评分 {mirels} 分（{mirels_date}）：达到规范的手术阈值（{mirels_threshold}分，"
        "评分7分以上有高骨折风险）；{mirels_risk_text}，需外科意见。",
    },
    "surgery-referral.mirels-high": {
        "en": "Mirels score {mirels} on the {mirels_site_text} ({mirels_date}): high fracture risk "
        "({mirels_risk_text}); prophylactic internal fixation is recommended.",
        "zh": "{mirels_site_text} Mirels评分 {mirels} 分（{mirels_date}）：骨折高风险（{mirels_risk_text}），建议预防性内固定。",
    },
    "surgery-referral.mirels-low": {
        "en": "Mirels score {mirels} on the {mirels_site_text} ({mirels_date}): below the threshold of "
        "{mirels_threshold}; surgery can be deferred for now ({mirels_risk_text}); radiotherapy and systemic "
        "treatment.",
        "zh": "{mirels_site_text} Mirels评分 {mirels} 分（{mirels_date}）：低于手术阈值（{mirels_threshold}分），"
        "可暂时不考虑手术（{mirels_risk_text}），宜放疗及全身治疗。",
    },
    "surgery-referral.mirels_risk.up-to-7": {
        "en": "fracture risk about 4 % or less in Mirels' data",
        "zh": "Mirels原始数据中骨折风险约4%以下",
    },
    "surgery-referral.mirels_risk.8": {
        "en": "fracture risk about 15 % in Mirels' data",
        "zh": "Mirels原始数据中骨折风险约15%",
    },
    "surgery-referral.mirels_risk.9-and-above": {
        "en": "fracture risk about 33 % or more in Mirels' data",
        "zh": "Mirels原始数据中骨折风险约33%以上",
    },
    "surgery-referral.mirels-parts": {
        "en": "Mirels computed from the coded lesion findings (site + pain + lesion type + size): {mirels_parts}.",
        "zh": "Mirels评分由编码的病灶资料计算（部位 + 疼痛 + 骨破坏特点 + 病灶大小）：{mirels_parts}。",
    },
    "surgery-referral.reassess": {
        "en": "Reassess when the pain, the lesion or its imaging changes (dynamic reassessment).",
        "zh": "疼痛、病灶或影像学改变时请重新评估（动态评估病情）。",
    },
    "surgery-referral.instability": {
        "en": "Spinal instability is on the problem list (no SINS recorded); SINS 7 or more calls for a surgical "
        "consultation before radiotherapy.",
        "zh": "问题列表记录有脊柱不稳定（未记录SINS评分）；SINS ≥ 7分应在放疗前请外科会诊。",
    },
    "surgery-referral.instability-sins": {
        "en": "Spinal instability: SINS {sins} ({sins_band_text}) on {sins_date}; SINS 7 or more calls for a "
        "surgical consultation before radiotherapy.",
        "zh": "脊柱不稳定：SINS {sins} 分（{sins_band_text}，{sins_date}）；SINS ≥ 7分应在放疗前请外科会诊。",
    },
    "surgery-referral.nerve-root": {
        "en": "Nerve-root compression ({root_date}): patients with symptoms of neural compression should be "
        "considered for surgery.",
        "zh": "神经根压迫（{root_date}）：有神经压迫症状的患者应考虑外科治疗。",
    },
    "surgery-referral.functional-pain": {
        "en": "Pain on weight-bearing in the {functional_site_text}: an indication for internal fixation of a "
        "weight-bearing long bone; complete the Mirels score.",
        "zh": "{functional_site_text}负重时疼痛：属负重长管状骨内固定的适应证；请完成Mirels评分。",
    },
    "surgery-referral.refractory-opioid": {
        "en": "Pain {pain}/10 on {pain_date} at the {refractory_site_text} despite a strong opioid: pain that keeps "
        "increasing after conservative treatment, or intractable pelvic pain, is a reason to consider surgery.",
        "zh": "{refractory_site_text}疼痛 {pain}/10（{pain_date}），已用强阿片类镇痛药：保守治疗后疼痛仍继续加重、"
        "或骨盆顽固性疼痛者应考虑外科治疗。",
    },
    "surgery-referral.refractory-after-rt": {
        "en": "Pain {pain}/10 on {pain_date} at the {refractory_site_text} after radiotherapy: pain after "
        "radiotherapy is an indication for fixation of a weight-bearing long bone, intractable pain one for "
        "pelvic surgery.",
        "zh": "{refractory_site_text}放疗后疼痛 {pain}/10（{pain_date}）：放疗后疼痛是负重长管状骨内固定的适应证，"
        "顽固性疼痛是骨盆转移癌手术的适应证。",
    },
    "surgery-referral.gate-survival-unknown": {
        "en": "Prerequisite: expected survival of more than {survival_min} months - no estimate is recorded; "
        "please assess.",
        "zh": "手术前提：预计可存活{survival_min}个月以上——未记录预计生存期，请评估。",
    },
    "surgery-referral.gate-survival-met": {
        "en": "Prerequisite met: recorded expected survival {survival_months} months ({survival_date}).",
        "zh": "符合手术前提：记录的预计生存期 {survival_months} 个月（{survival_date}）。",
    },
    "surgery-referral.gate-survival-failed": {
        "en": "Recorded expected survival is {survival_months} months ({survival_date}), not more than "
        "{survival_min}: surgery is unlikely to be appropriate; favour radiotherapy and systemic treatment.",
        "zh": "记录的预计生存期为 {survival_months} 个月（{survival_date}），未超过{survival_min}个月：不宜手术，"
        "宜考虑放疗及全身治疗。",
    },
    "surgery-referral.gate-condition-poor": {
        "en": "Poor general condition (ECOG {ecog}, Karnofsky {karnofsky}): a reason for non-operative treatment; "
        "surgery needs a patient fit for surgery and anaesthesia.",
        "zh": "全身一般条件差（ECOG {ecog}，Karnofsky {karnofsky}）：应考虑非手术治疗；手术要求能够耐受手术创伤及麻醉。",
    },
    "surgery-referral.gate-condition-status": {
        "en": "Prerequisite: fit for surgery and anaesthesia - performance status ECOG {ecog}, Karnofsky "
        "{karnofsky}; confirm.",
        "zh": "手术前提：全身状况好、能够耐受手术创伤及麻醉——体能状态 ECOG {ecog}，Karnofsky {karnofsky}；请确认。",
    },
    "surgery-referral.gate-condition-unknown": {
        "en": "Prerequisite: general condition fit for surgery and anaesthesia - no performance status recorded; "
        "please assess.",
        "zh": "手术前提：全身状况好、能够耐受手术创伤及麻醉——未记录体能状态评分，请评估。",
    },
    "surgery-referral.multiple-lesions": {
        "en": "Multiple bone lesions are recorded: widespread bone destruction favours non-operative treatment.",
        "zh": "已记录多发骨病灶：全身多发骨破坏应考虑非手术治疗。",
    },
    "surgery-referral.multiple-blastic": {
        "en": "Multiple osteoblastic lesions are recorded: a reason to favour non-operative treatment.",
        "zh": "已记录多处成骨性转移灶：应考虑非手术治疗。",
    },
    "surgery-referral.solitary": {
        "en": "Solitary bone metastasis: a factor in favour of surgery.",
        "zh": "孤立的骨转移病灶：有利于外科治疗。",
    },
    "surgery-referral.insensitive-primary": {
        "en": "Renal-cell primary: metastases insensitive to radiotherapy and chemotherapy are a reason to consider "
        "surgery.",
        "zh": "肾癌原发：放、化疗不敏感的骨转移灶（如肾癌骨转移）应考虑外科治疗。",
    },
    "surgery-referral.pelvis-sites": {
        "en": "Pelvis: an actual or impending acetabular fracture is a surgical indication; lesions of the iliac wing "
        "or anterior pelvis favour non-operative treatment.",
        "zh": "骨盆：髋臼即将或已发生病理骨折为手术适应证；位于髂骨翼、骨盆前部的病灶应考虑非手术治疗。",
    },
    "surgery-referral.planning": {
        "en": "Planning factors: life expectancy; tumour type and stage; visceral metastases; Karnofsky score; "
        "interval from primary to metastasis; fracture risk; expected sensitivity to chemotherapy, hormones and "
        "radiotherapy.",
        "zh": "制定治疗方案时的考虑因素：预期寿命；肿瘤类型及分期；有无内脏转移；Karnofsky评分；原发灶至出现转移灶的时间；"
        "病理骨折的风险；化疗、激素和放疗敏感程度预测。",
    },
    "surgery-referral.combine": {
        "en": "Surgery must be combined with other treatment (radiotherapy, systemic therapy, bisphosphonates).",
        "zh": "外科治疗必须与其他治疗（放疗、全身治疗、双膦酸盐）相结合。",
    },
    "order-orthopaedic-referral": {"en": "Refer to orthopaedic surgery", "zh": "转诊骨科"},
    "order-neurosurgery-referral": {"en": "Refer to spine surgery (neurosurgery)", "zh": "转诊脊柱外科（神经外科）"},
}
