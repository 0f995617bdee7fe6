"""Reasons a clinician may give for overriding a card (spec: each Coding needs a display).

Codes are this service's own (no standard set exists, spec "Reasons for rejecting a card").
"""

from __future__ import annotations

SYSTEM = "https://bone-metastasis-cds.github.io/CodeSystem/override-reason"

_REASONS = {
    "already-addressed": {"en": "Already addressed or ordered elsewhere", "zh": "已在其他地方处理或开具"},
    "data-outdated": {"en": "Record is incomplete or out of date", "zh": "病历资料不完整或已过时"},
    "clinical-judgement": {
        "en": "Not appropriate for this patient (clinical judgement)",
        "zh": "不适合该患者（临床判断）",
    },
    "patient-declined": {"en": "Patient declined", "zh": "患者拒绝"},
    "goals-of-care": {
        "en": "Not consistent with goals of care / palliative focus",
        "zh": "与治疗目标或姑息治疗方向不符",
    },
}


def override_reasons(language: str) -> list[dict]:
    return [{"system": SYSTEM, "code": code, "display": text[language]} for code, text in _REASONS.items()]
