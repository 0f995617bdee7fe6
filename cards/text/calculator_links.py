"""Labels of the card links that open a bedside calculator pre-filled (cards/calculator_links.py)."""

MESSAGES = {
    "calculator-link.mirels": {"en": "Calculate the Mirels score (pre-filled)", "zh": "计算Mirels评分（已预填）"},
    "calculator-link.sins": {"en": "Calculate SINS (spinal instability)", "zh": "计算SINS脊柱不稳定评分"},
    "calculator-link.calcium": {
        "en": "Corrected calcium and grade (pre-filled)",
        "zh": "校正血钙及分级（已预填）",
    },
    "calculator-link.crcl": {
        "en": "Creatinine clearance and dose by drug (pre-filled)",
        "zh": "肌酐清除率及各药剂量（已预填）",
    },
    "calculator-link.pain": {"en": "WHO ladder step from the pain score", "zh": "按疼痛评分确定止痛阶梯"},
}
