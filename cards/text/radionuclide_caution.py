"""Text of the radionuclide-caution card (guideline 一(三)4(2); strontium-89 label B.15; order hooks)."""

MESSAGES = {
    "radionuclide-caution.contraindicated": {
        "en": {
            "summary": "{radionuclide} is contraindicated here (epidural disease or marrow suppression): remove it",
            "detail": "The guideline contraindicates radionuclide therapy in patients with epidural disease or "
            "bone-marrow suppression. Findings:",
        },
        "zh": {
            "summary": "该患者禁用{radionuclide}（硬脑脊膜外病变或骨髓抑制）：请删除医嘱",
            "detail": "规范指出：放射性核素治疗禁忌用于硬脑脊膜外的病变、骨髓抑制的骨转移患者。依据：",
        },
    },
    "radionuclide-caution.counts-needed": {
        "en": {
            "summary": "Check blood counts before {radionuclide}: no platelet/leukocyte count in {window_days} days",
            "detail": "Radionuclide therapy is contraindicated in bone-marrow suppression, and the counts needed "
            "to exclude it are missing. Findings:",
        },
        "zh": {
            "summary": "{radionuclide}治疗前请查血常规：{window_days}天内无血小板/白细胞计数",
            "detail": "放射性核素治疗禁忌用于骨髓抑制的患者，但缺少排除骨髓抑制所需的血细胞计数。依据：",
        },
    },
    "radionuclide-caution.caution": {
        "en": {
            "summary": "Use {radionuclide} with caution: marked spinal destruction or pathological fracture risk",
            "detail": "The guideline advises caution with radionuclide therapy in patients with marked spinal "
            "destruction or a marked risk of pathological fracture. Findings:",
        },
        "zh": {
            "summary": "慎用{radionuclide}：脊柱明显破坏或有明显的病理性骨折风险",
            "detail": "规范指出：放射性核素治疗慎用于脊柱明显破坏或有明显的病理性骨折风险的患者。依据：",
        },
    },
    "radionuclide-caution.epidural": {
        "en": "Spinal cord compression recorded ({compression_date}): epidural disease, a contraindication.",
        "zh": "已记录脊髓压迫（{compression_date}）：属硬脑脊膜外病变，为禁忌证。",
    },
    "radionuclide-caution.marrow-failure": {
        "en": "Bone-marrow failure (pancytopenia or aplasia) is recorded: marrow suppression, a contraindication.",
        "zh": "已记录骨髓衰竭（全血细胞减少或再生障碍）：属骨髓抑制，为禁忌证。",
    },
    "radionuclide-caution.platelets-low": {
        "en": "Platelets {platelets} × 10⁹/L on {platelets_date}, below {platelets_min} × 10⁹/L: marrow suppression.",
        "zh": "血小板 {platelets} × 10⁹/L（{platelets_date}），低于 {platelets_min} × 10⁹/L：骨髓抑制。",
    },
    "radionuclide-caution.leukocytes-low": {
        "en": "Leukocytes {leukocytes} × 10⁹/L on {leukocytes_date}, below {leukocytes_min} × 10⁹/L: marrow "
        "suppression.",
        "zh": "白细胞 {leukocytes} × 10⁹/L（{leukocytes_date}），低于 {leukocytes_min} × 10⁹/L：骨髓抑制。",
    },
    "radionuclide-caution.counts-missing": {
        "en": "A platelet or leukocyte count within {window_days} days is missing: marrow suppression cannot be excluded "
        "(limits from the strontium-89 label: platelets {platelets_min}, leukocytes {leukocytes_min} × 10⁹/L).",
        "zh": "缺少{window_days}天内的血小板或白细胞计数，无法排除骨髓抑制（锶-89说明书界值：血小板 {platelets_min}、"
        "白细胞 {leukocytes_min} × 10⁹/L）。",
    },
    "radionuclide-caution.spine": {
        "en": "Spinal instability or marked spinal destruction is recorded (SINS: {sins}): use with caution.",
        "zh": "已记录脊柱不稳定或脊柱明显破坏（SINS：{sins}）：慎用。",
    },
    "radionuclide-caution.fracture-risk": {
        "en": "Pathological fracture or high fracture risk is recorded (fracture: {fracture}; Mirels: {mirels}): "
        "use with caution.",
        "zh": "已记录病理性骨折或骨折高风险（骨折：{fracture}；Mirels评分：{mirels}）：慎用。",
    },
    "radionuclide-caution.after-treatment": {
        "en": "After radionuclide therapy marrow suppression is relatively common and slow to recover (about 12 "
        "weeks), severe after prior high-dose chemotherapy; about 10 % of patients have a transient pain flare.",
        "zh": "放射性核素治疗后骨髓抑制发生率相对较高且恢复较慢（约12周），曾接受过大剂量化疗的患者容易发生严重的骨髓抑制；"
        "约10%的患者可能出现骨疼痛短暂加重。",
    },
    "remove-radionuclide-order": {"en": "Remove the {radionuclide} order", "zh": "删除{radionuclide}医嘱"},
    "order-blood-count": {"en": "Order a complete blood count", "zh": "开具血常规检查"},
}
