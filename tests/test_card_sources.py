"""Every citation beyond the guideline reads in both card languages."""

from __future__ import annotations

import pytest

from cards.text import catalogue
from guideline.engine import rule_modules

CITED = sorted({m.RULE.beyond_guideline for m in rule_modules() if m.RULE.beyond_guideline})


@pytest.mark.parametrize("source", CITED)
def test_each_source_beyond_the_guideline_has_chinese_text(source):
    text = catalogue()[f"source:{source}"]
    assert text["en"] == source
    assert text["zh"] and text["zh"] != source
