"""Card text of the analgesic-ladder and radionuclide-caution topics, and the hypercalcaemia drafts' codes."""

from __future__ import annotations

import pytest

from cards import hypercalcaemia_orders
from cards.text import analgesic_ladder, order_analgesic_ladder, radionuclide_caution
from fhir_mappings import terminology as t
from tests.test_card_text_diagnosis_metabolic import LONG, _fields, _texts

MODULES = (analgesic_ladder, order_analgesic_ladder, radionuclide_caution)
MESSAGES = {key: text for module in MODULES for key, text in module.MESSAGES.items()}
LONG_VALUES = {**LONG, "radionuclide_text": "samarium-153 lexidronam", "missing_text": "platelet or leukocyte count"}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_english_and_chinese_with_the_same_placeholders(key):
    message = MESSAGES[key]
    assert set(message) == {"en", "zh"}
    assert [_fields(text) for text in _texts(message, "en")] == [_fields(text) for text in _texts(message, "zh")]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in _texts(message, "zh"))


@pytest.mark.parametrize("key", sorted(k for k, m in MESSAGES.items() if isinstance(m["en"], dict)))
@pytest.mark.parametrize("language", ["en", "zh"])
def test_summaries_stay_under_140_characters_with_long_values(key, language):
    summary = MESSAGES[key][language]["summary"]
    filled = summary.format_map({name: LONG_VALUES.get(name, "x" * 12) for name in _fields(summary)})
    assert len(filled) < 140, filled


CODED = [
    *(service["code"] for service in hypercalcaemia_orders.SERVICES.values()),
    *(coding for drug in hypercalcaemia_orders.MEDICATIONS.values() for coding in drug["coding"]),
]


@pytest.mark.parametrize("coding", [c for c in CODED if c["code"] != "B05BB01"], ids=lambda c: c["code"])
def test_every_drafted_code_is_one_the_service_recognises_with_the_same_display(coding):
    groups = t.OBSERVATION_GROUPS if coding["system"] == t.LOINC else t.MEDICATION_GROUPS
    entry = t.INDEX.lookup(coding["system"], coding["code"], groups)
    assert entry is not None and entry.display == coding["display"]


def test_saline_is_coded_by_its_who_atc_group_and_named_in_text():
    # B05BB01 "electrolytes" (WHO ATC-DDD index): plain saline infusions; no verified RxNorm code, so none is sent.
    [coding] = hypercalcaemia_orders.MEDICATIONS["saline-iv"]["coding"]
    assert (coding["system"], coding["code"], coding["display"]) == (t.ATC, "B05BB01", "electrolytes")
    assert hypercalcaemia_orders.MEDICATIONS["saline-iv"]["text"]["zh"] == "0.9%氯化钠注射液"
