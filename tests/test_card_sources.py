"""Every citation beyond the guideline reads in both card languages."""

from __future__ import annotations

import re

import pytest

from cards.text import catalogue
from guideline.engine import rule_modules

CITED = sorted({m.RULE.beyond_guideline for m in rule_modules() if m.RULE.beyond_guideline})


@pytest.mark.parametrize("source", CITED)
def test_each_source_beyond_the_guideline_has_chinese_text(source):
    text = catalogue()[f"source:{source}"]
    assert text["en"] == source
    assert text["zh"] and text["zh"] != source


# Internal ids mean nothing to a clinician: rule ids and the project's digest sections stay on the rule page.
INTERNAL_ID = re.compile(r"BM-[A-Z]{2}-\d{2}|REFERENCE|\b[ABC]\.\d+\b|\bA\.11-\d+")


def _strings(text):
    if isinstance(text, str):
        yield text
    elif isinstance(text, dict):
        for value in text.values():
            yield from _strings(value)


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_no_card_text_names_an_internal_id(key):
    assert not [s for s in _strings(catalogue()[key]) if INTERNAL_ID.search(s)]


def test_a_rule_records_its_digest_section_apart_from_its_published_source():
    for module in rule_modules():
        if module.RULE.beyond_guideline:
            assert not INTERNAL_ID.search(module.RULE.beyond_guideline), module.__name__


def test_a_card_says_so_when_the_data_it_rests_on_was_incomplete():
    from datetime import UTC, datetime

    from cards.render import render_one
    from guideline.facts import DataGap, PatientFacts
    from guideline.recommendation import Indicator, Recommendation, Rule

    gap = DataGap("observations", "only the first page was prefetched; no fhirServer")
    recommendation = Recommendation(
        Rule(("BM-BP-09",), "renal-check", "一(三)3"),
        Indicator.INFO,
        "renal-check.missing.on-therapy",
        incomplete=(gap,),
    )
    facts = PatientFacts(as_of=datetime(2026, 1, 1, tzinfo=UTC))
    english = render_one(recommendation, facts, language="en", base_url="http://x", patient=None)
    chinese = render_one(recommendation, facts, language="zh", base_url="http://x", patient=None)
    assert "incomplete (laboratory results and observations not fully read)" in english["detail"]
    assert "病历不完整（检验与观察结果未能全部读取）" in chinese["detail"]
    assert "first page" not in chinese["detail"]  # the English reason stays in the log, not in a Chinese card
