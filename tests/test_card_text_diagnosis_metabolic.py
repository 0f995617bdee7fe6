"""Card text of the diagnosis and metabolic topics: both languages, same placeholders, summaries under 140."""

from __future__ import annotations

import string

import pytest

from cards.text import (
    bone_mets_confirm,
    bone_mets_screening,
    bone_mets_workup,
    hypercalcemia,
    renal_impairment,
    supportive_care,
)

MODULES = (bone_mets_workup, bone_mets_screening, bone_mets_confirm, hypercalcemia, renal_impairment, supportive_care)
MESSAGES = {key: text for module in MODULES for key, text in module.MESSAGES.items()}
# Long but realistic values, to test the summary limit (spec: "<140-character summary").
LONG = {
    "graded": "15.1 mg/dL",
    "stage": "IIIB",
    "crcl": 59.9,
    "crcl_date": "2025-12-31",
    "egfr": "59.9 mL/min/{1.73_m2}",
    "denosumab": "denosumab 120 mg/1.7 mL injection",
}


# Values that hold an EHR's display text (English): Chinese cards name the concept instead.
EHR_DISPLAYS = {
    "malignancy",
    "bone_pain",
    "fracture",
    "cord_compression",
    "root_compression",
    "hypercalcaemia",
    "diagnosis",
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(message: dict, language: str) -> list[str]:
    text = message[language]
    return [text["summary"], text["detail"]] if isinstance(text, dict) else [text]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_english_and_chinese_with_the_same_placeholders(key):
    message = MESSAGES[key]
    assert set(message) == {"en", "zh"}
    for english, chinese in zip(_texts(message, "en"), _texts(message, "zh"), strict=True):
        # Chinese names the concept (a "_text" phrase) where English quotes the EHR's English display.
        assert _fields(chinese) - _fields(english) <= {f for f in _fields(chinese) if f.endswith("_text")}
        assert _fields(english) - _fields(chinese) <= EHR_DISPLAYS
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in _texts(message, "zh"))


@pytest.mark.parametrize("key", sorted(k for k, m in MESSAGES.items() if isinstance(m["en"], dict)))
@pytest.mark.parametrize("language", ["en", "zh"])
def test_summaries_stay_under_140_characters_with_long_values(key, language):
    summary = MESSAGES[key][language]["summary"]
    filled = summary.format_map({name: LONG.get(name, "x" * 12) for name in _fields(summary)})
    assert len(filled) < 140, filled
