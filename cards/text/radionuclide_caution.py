"""Text of the radionuclide-caution card (guideline 一(三)4(2); strontium-89 label marrow limits; order hooks)."""

from cards.text.drug_names import phrases

MESSAGES = {
    "radionuclide-caution.contraindicated": {
        "en": {
            "summary": "{radionuclide_text} is contraindicated here (epidural disease or marrow suppression): remove it",
            "detail": "The guideline contraindicates radionuclide therapy in epidural disease and in bone-marrow "
            "suppression. Found:",
        },
        "zh": {
            "summary": "该患者禁用{radionuclide_text}：硬脑脊膜外病变或骨髓抑制，请删除医嘱",
            "detail": "规范：放射性核素治疗禁忌用于硬脑脊膜外的病变、骨髓抑制的骨转移患者。发现：",
        },
    },
    "radionuclide-caution.counts-needed": {
        "en": {
            "summary": "Check blood counts before {radionuclide_text}: no {missing_text} in {window_days} days",
            "detail": "Marrow suppression, a contraindication, cannot be excluded without the counts. Found:",
        },
        "zh": {
            "summary": "{radionuclide_text}前请查血常规：{window_days}天内无{missing_text}",
            "detail": "骨髓抑制为禁忌证，缺少血细胞计数则无法排除。发现：",
        },
    },
    "radionuclide-caution.recount": {
        "en": {
            "summary": "Repeat blood counts before {radionuclide_text}: the last count was low",
            "detail": "A low count this old may have recovered or fallen further; marrow suppression is a "
            "contraindication. Found:",
        },
        "zh": {
            "summary": "{radionuclide_text}前请复查血常规：上次血细胞计数偏低",
            "detail": "计数结果已久，可能已恢复或进一步下降；骨髓抑制为禁忌证。发现：",
        },
    },
    "radionuclide-caution.caution": {
        "en": {
            "summary": "Use {radionuclide_text} with caution: marked spinal destruction or pathological fracture risk",
            "detail": "The guideline advises caution with radionuclide therapy in marked spinal destruction or a "
            "marked risk of pathological fracture. Found:",
        },
        "zh": {
            "summary": "慎用{radionuclide_text}：脊柱明显破坏或有明显的病理性骨折风险",
            "detail": "规范：放射性核素治疗慎用于脊柱明显破坏或有明显的病理性骨折风险的患者。发现：",
        },
    },
    "radionuclide-caution.epidural": {
        "en": "Spinal cord compression recorded on {compression_date}: epidural disease, a contraindication.",
        "zh": "{compression_date} 记录脊髓压迫：属硬脑脊膜外病变，为禁忌证。",
    },
    "radionuclide-caution.marrow-failure": {
        "en": "Bone-marrow failure is recorded: marrow suppression, a contraindication.",
        "zh": "已记录骨髓衰竭：属骨髓抑制，为禁忌证。",
    },
    "radionuclide-caution.platelets-low": {
        "en": "Platelets {platelets} × 10⁹/L on {platelets_date}, below {platelets_min}: marrow suppression.",
        "zh": "{platelets_date} 血小板 {platelets} × 10⁹/L，低于 {platelets_min}：骨髓抑制。",
    },
    "radionuclide-caution.leukocytes-low": {
        "en": "Leukocytes {leukocytes} × 10⁹/L on {leukocytes_date}, below {leukocytes_min}: marrow suppression.",
        "zh": "{leukocytes_date} 白细胞 {leukocytes} × 10⁹/L，低于 {leukocytes_min}：骨髓抑制。",
    },
    "radionuclide-caution.platelets-low-old": {
        "en": "Platelets {platelets} × 10⁹/L on {platelets_date}, below {platelets_min}: recount before treating.",
        "zh": "{platelets_date} 血小板 {platelets} × 10⁹/L，低于 {platelets_min}：治疗前请复查。",
    },
    "radionuclide-caution.leukocytes-low-old": {
        "en": "Leukocytes {leukocytes} × 10⁹/L on {leukocytes_date}, below {leukocytes_min}: recount before treating.",
        "zh": "{leukocytes_date} 白细胞 {leukocytes} × 10⁹/L，低于 {leukocytes_min}：治疗前请复查。",
    },
    "radionuclide-caution.counts-missing": {
        "en": "No {missing_text}; label limits: platelets {platelets_min}, leukocytes {leukocytes_min} × 10⁹/L.",
        "zh": "无{missing_text}；说明书界值：血小板 {platelets_min}、白细胞 {leukocytes_min} × 10⁹/L。",
    },
    "radionuclide-caution.missing.platelets": {"en": "platelet count", "zh": "血小板计数"},
    "radionuclide-caution.missing.leukocytes": {"en": "leukocyte count", "zh": "白细胞计数"},
    "radionuclide-caution.missing.both": {"en": "platelet or leukocyte count", "zh": "血小板及白细胞计数"},
    "radionuclide-caution.spine": {
        "en": "Spinal instability is recorded: use with caution.",
        "zh": "已记录脊柱不稳定：慎用。",
    },
    "radionuclide-caution.sins": {
        "en": "SINS {sins}: marked spinal destruction, use with caution.",
        "zh": "SINS评分 {sins}分：脊柱明显破坏，慎用。",
    },
    "radionuclide-caution.fracture": {
        "en": "A pathological fracture is recorded: use with caution.",
        "zh": "已记录病理性骨折：慎用。",
    },
    "radionuclide-caution.mirels": {
        "en": "Mirels score {mirels}: high fracture risk, use with caution.",
        "zh": "Mirels评分 {mirels}分：骨折风险高，慎用。",
    },
    "radionuclide-caution.after-treatment": {
        "en": "After it, marrow suppression is common and takes about 12 weeks to recover; 10 % get a pain flare.",
        "zh": "治疗后骨髓抑制较常见，恢复约需12周；约10%的患者骨疼痛短暂加重。",
    },
    "remove-radionuclide-order": {"en": "Remove the {radionuclide_text} order", "zh": "删除{radionuclide_text}医嘱"},
    "order-blood-count": {"en": "Order a complete blood count", "zh": "开具血常规检查"},
    **phrases("radionuclide-caution", "radionuclide"),
}
