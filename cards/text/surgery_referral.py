"""Text of the surgery-referral card (guideline 一(三)5; SINS and performance-status limits beyond it)."""

from cards.text.sites import site_phrases

_WHY = {"en": "{lead_why_text}", "zh": "{lead_why_text}"}
_GATE_FAILED = {
    "en": "{lead_text}, but a surgical prerequisite is not met: favour non-operative treatment",
    "zh": "{lead_text}，但不具备手术前提：宜考虑非手术治疗",
}


def _main(summary: dict[str, str], detail: dict[str, str]) -> dict:
    return {language: {"summary": summary[language], "detail": detail[language]} for language in ("en", "zh")}


MESSAGES = {
    "surgery-referral.limb": _main(
        {"en": "{lead_text}: refer for orthopaedic surgical assessment", "zh": "{lead_text}：建议骨科评估手术治疗"},
        _WHY,
    ),
    "surgery-referral.spine": _main(
        {"en": "{lead_text}: refer for spine surgery assessment", "zh": "{lead_text}：建议脊柱外科评估手术治疗"},
        _WHY,
    ),
    "surgery-referral.pelvis": _main(
        {
            "en": "{lead_text}: refer for pelvic orthopaedic surgical assessment",
            "zh": "{lead_text}：建议骨科评估骨盆转移手术",
        },
        _WHY,
    ),
    "surgery-referral.limb-gate-failed": _main(_GATE_FAILED, _WHY),
    "surgery-referral.spine-gate-failed": _main(_GATE_FAILED, _WHY),
    "surgery-referral.pelvis-gate-failed": _main(_GATE_FAILED, _WHY),
    "surgery-referral.defer": _main(
        {
            "en": "Mirels {mirels} ({mirels_site_text}): low fracture risk, surgery may be deferred; reassess",
            "zh": "Mirels评分{mirels}分（{mirels_site_text}）：骨折风险低，可暂不考虑手术，需动态评估",
        },
        {
            "en": "Mirels {mirels} on the {mirels_site_text} ({mirels_date}) is below the surgical threshold of "
            "{mirels_threshold} ({mirels_risk_text}): radiotherapy and systemic treatment; reassess when pain or "
            "imaging changes.",
            "zh": "{mirels_site_text} Mirels评分 {mirels} 分（{mirels_date}），低于手术阈值{mirels_threshold}分"
            "（{mirels_risk_text}）：宜放疗及全身治疗；疼痛或影像学改变时重新评估。",
        },
    ),
    # Why surgery, by the leading reason: the card's opening line (guideline 一(三)5).
    "surgery-referral.lead_why.cord-compression": {
        "en": "Spinal cord compression threatens function: decompression and/or radiotherapy are urgent.",
        "zh": "脊髓压迫威胁神经功能：需紧急评估减压手术和/或放射治疗。",
    },
    "surgery-referral.lead_why.fracture": {
        "en": "A pathological fracture has occurred: surgery should be considered where it gives a better quality of "
        "life and immediate mobility.",
        "zh": "已经出现病理骨折的患者应考虑外科治疗，以期术后生活质量更好、能够立即活动。",
    },
    **{
        f"surgery-referral.lead_why.{lead}": {
            "en": "Fixing a bone before it fractures is simpler and safer than treating a fracture.",
            "zh": "在病理骨折前进行预防性内固定，比骨折后的治疗简单、安全得多。",
        }
        for lead in ("mirels-high", "mirels-borderline", "functional-pain")
    },
    "surgery-referral.lead_why.instability": {
        "en": "Spinal instability is an indication for spinal metastasis surgery.",
        "zh": "脊柱不稳定是脊柱转移癌的手术适应证。",
    },
    "surgery-referral.lead_why.nerve-root": {
        "en": "Symptoms of neural compression are a reason to consider surgery.",
        "zh": "有神经压迫症状的患者应考虑外科治疗。",
    },
    **{
        f"surgery-referral.lead_why.{lead}": {
            "en": "Pain that persists or worsens despite conservative treatment is a reason to consider surgery.",
            "zh": "保守治疗后疼痛仍继续加重的患者应考虑外科治疗。",
        }
        for lead in ("refractory-opioid", "refractory-after-rt")
    },
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
        "en": "Spinal cord compression recorded ({compression_date}).",
        "zh": "已记录脊髓压迫（{compression_date}）。",
    },
    "surgery-referral.fracture": {
        "en": "Pathological fracture: {fracture} ({fracture_site_text}, {fracture_date}).",
        "zh": "病理性骨折（{fracture_site_text}，{fracture_date}）。",
    },
    "surgery-referral.mirels-borderline": {
        "en": "Mirels {mirels} on the {mirels_site_text} ({mirels_date}): at the guideline's threshold of {mirels_threshold}; {mirels_risk_text}.",
        "zh": "{mirels_site_text} Mirels评分 {mirels} 分（{mirels_date}）：达到规范手术阈值{mirels_threshold}分；{mirels_risk_text}。",
    },
    "surgery-referral.mirels-high": {
        "en": "Mirels {mirels} on the {mirels_site_text} ({mirels_date}): {mirels_risk_text}; prophylactic fixation, then radiotherapy.",
        "zh": "{mirels_site_text} Mirels评分 {mirels} 分（{mirels_date}）：{mirels_risk_text}；宜预防性内固定，术后放疗。",
    },
    "surgery-referral.mirels-low": {
        "en": "Mirels {mirels} on the {mirels_site_text} ({mirels_date}): below the threshold of {mirels_threshold}.",
        "zh": "{mirels_site_text} Mirels评分 {mirels} 分（{mirels_date}）：低于手术阈值{mirels_threshold}分。",
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
    "surgery-referral.instability": {
        "en": "Spinal instability on the problem list (no SINS): surgical opinion before radiotherapy.",
        "zh": "问题列表记录脊柱不稳定（无SINS评分）：放疗前请外科会诊。",
    },
    "surgery-referral.instability-sins": {
        "en": "SINS {sins} ({sins_band_text}, {sins_date}): surgical opinion before radiotherapy.",
        "zh": "SINS {sins} 分（{sins_band_text}，{sins_date}）：放疗前请外科会诊。",
    },
    "surgery-referral.nerve-root": {
        "en": "Nerve-root compression ({root_date}).",
        "zh": "神经根压迫（{root_date}）。",
    },
    "surgery-referral.functional-pain": {
        "en": "Pain on weight-bearing in the {functional_site_text}: complete the Mirels score.",
        "zh": "{functional_site_text}负重时疼痛：请完成Mirels评分。",
    },
    "surgery-referral.refractory-opioid": {
        "en": "Pain {pain}/10 on {pain_date} at the {refractory_site_text} despite a strong opioid.",
        "zh": "{refractory_site_text}疼痛 {pain}/10（{pain_date}），已用强阿片类镇痛药。",
    },
    "surgery-referral.refractory-after-rt": {
        "en": "Pain {pain}/10 on {pain_date} at the {refractory_site_text} after radiotherapy.",
        "zh": "{refractory_site_text}放疗后疼痛 {pain}/10（{pain_date}）。",
    },
    "surgery-referral.gate-survival-unknown": {
        "en": "Prerequisite: expected survival of {survival_min} months or more (not recorded).",
        "zh": "手术前提：预计可存活{survival_min}个月以上（未记录）。",
    },
    "surgery-referral.gate-survival-failed": {
        "en": "Expected survival {survival_months} months ({survival_date}), under {survival_min}: favour radiotherapy and systemic treatment.",
        "zh": "预计生存期 {survival_months} 个月（{survival_date}），不足{survival_min}个月：宜放疗及全身治疗。",
    },
    "surgery-referral.gate-condition-poor": {
        "en": "Poor general condition (ECOG {ecog}, Karnofsky {karnofsky}): favour non-operative treatment.",
        "zh": "全身一般条件差（ECOG {ecog}，Karnofsky {karnofsky}）：应考虑非手术治疗。",
    },
    "surgery-referral.gate-unknown": {
        "en": "Prerequisites not recorded: expected survival of {survival_min} months or more, fitness for surgery and "
        "anaesthesia.",
        "zh": "手术前提未记录：预计可存活{survival_min}个月以上，能够耐受手术创伤及麻醉。",
    },
    "surgery-referral.gate-condition-unknown": {
        "en": "Prerequisite: fit for surgery and anaesthesia (no performance status recorded).",
        "zh": "手术前提：能够耐受手术创伤及麻醉（未记录体能状态）。",
    },
    "surgery-referral.multiple-lesions": {
        "en": "Multiple bone lesions: widespread destruction favours non-operative treatment.",
        "zh": "多发骨病灶：全身多发骨破坏应考虑非手术治疗。",
    },
    "surgery-referral.multiple-blastic": {
        "en": "Multiple osteoblastic lesions: favour non-operative treatment.",
        "zh": "多处成骨性转移灶：应考虑非手术治疗。",
    },
    "surgery-referral.solitary": {
        "en": "Solitary bone metastasis: a factor in favour of surgery.",
        "zh": "孤立的骨转移病灶：有利于外科治疗。",
    },
    "surgery-referral.insensitive-primary": {
        "en": "Renal-cell primary: insensitive to radiotherapy and chemotherapy, a reason to consider surgery.",
        "zh": "肾癌骨转移：放、化疗不敏感，应考虑外科治疗。",
    },
    "surgery-referral.pelvis-sites": {
        "en": "Pelvis: acetabular fracture (actual or impending) is a surgical indication; iliac wing or anterior pelvis favour non-operative care.",
        "zh": "骨盆：髋臼即将或已发生病理骨折为手术适应证；髂骨翼、骨盆前部病灶应考虑非手术治疗。",
    },
    "order-orthopaedic-referral": {"en": "Refer to orthopaedic surgery", "zh": "转诊骨科"},
    "order-neurosurgery-referral": {"en": "Refer to spine surgery (neurosurgery)", "zh": "转诊脊柱外科（神经外科）"},
}
