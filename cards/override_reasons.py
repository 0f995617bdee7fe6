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


CODES = tuple(_REASONS)

# Reasons that say the matter is settled for this patient for now: an override with one of them hides the
# card's topic for that patient for CARD_SUPPRESSION_DAYS (cards/suppression.py, docs/feedback.md). Not
# "data-outdated" (the record was wrong or late: once it is corrected the card must be judged again) nor
# "clinical-judgement" (a judgement on today's data, which the next results may change).
SUPPRESSING = ("already-addressed", "patient-declined", "goals-of-care")


def override_reasons(language: str) -> list[dict]:
    return [{"system": SYSTEM, "code": code, "display": text[language]} for code, text in _REASONS.items()]
