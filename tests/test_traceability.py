"""Traceability of REFERENCE.md section A: every rule computed or explained once; docs/rules.md up to date;
every rule module keeps the contract of guideline/rules/__init__.py."""

from __future__ import annotations

import importlib.util
import types
from pathlib import Path

import pytest

from cards.text import catalogue
from guideline.engine import rule_modules
from guideline.recommendation import Rule
from guideline.traceability import NOT_COMPUTED, NotComputed, contract_problems, problems, reference_rules
from tests.conftest import ROOT, SHARED

REFERENCE_TEXT = (SHARED / "guideline" / "REFERENCE.md").read_text("utf-8")
REFERENCE = reference_rules(REFERENCE_TEXT)


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_md_section_a_has_the_68_rules_it_counts():
    assert len(REFERENCE) == 68
    assert list(REFERENCE)[:3] == ["BM-OV-01", "BM-OV-02", "BM-OV-03"] and list(REFERENCE)[-1] == "BM-HC-04"
    assert REFERENCE["BM-HC-01"].section == "一(三)6"
    assert "2.75" in REFERENCE["BM-HC-01"].anchor


def test_every_rule_is_computed_or_explained_exactly_once():
    assert problems(REFERENCE, rule_modules(), NOT_COMPUTED, messages=catalogue()) == []


def _fake_rule_module(*ids: str) -> types.ModuleType:
    module = types.ModuleType("guideline.rules.fake")
    module.RULE = Rule(ids=ids, topic="hypercalcemia", section="一(三)6")
    return module


def test_a_rule_of_reference_md_that_nobody_claims_is_reported():
    row = next(line for line in REFERENCE_TEXT.splitlines() if line.startswith("| BM-HC-04 |"))
    reference = reference_rules(
        REFERENCE_TEXT.replace(row, row + "\n| BM-HC-05 | 一(三)6 | new rule | 新 | must | — |")
    )
    found = problems(reference, rule_modules(), NOT_COMPUTED)
    assert found == ["BM-HC-05 is unaccounted for: no RULE.ids claims it and NOT_COMPUTED does not list it"]


def test_an_id_both_computed_and_listed_as_not_computed_is_reported():
    entries = (*NOT_COMPUTED, NotComputed(("BM-HC-01",), "contradiction"))
    assert any("BM-HC-01 is computed by" in p for p in problems(REFERENCE, rule_modules(), entries))


def test_an_id_listed_twice_as_not_computed_is_reported():
    entries = (*NOT_COMPUTED, NotComputed((NOT_COMPUTED[0].ids[0],), "again"))
    assert f"{NOT_COMPUTED[0].ids[0]} is listed twice in NOT_COMPUTED" in problems(REFERENCE, rule_modules(), entries)


def test_an_id_that_is_not_in_reference_md_is_reported():
    modules = (*rule_modules(), _fake_rule_module("BM-HC-99"))
    assert "BM-HC-99 is not a rule of REFERENCE.md section A" in problems(REFERENCE, modules, NOT_COMPUTED)


def test_a_not_computed_rule_must_name_card_text_that_exists():
    entries = (*NOT_COMPUTED, NotComputed(("BM-XX-01",), "x", ("no-such-message",)))
    assert any("no card message 'no-such-message'" in p for p in problems({}, (), entries, messages=catalogue()))


@pytest.mark.parametrize("module", rule_modules(), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_each_rule_module_keeps_the_contract(module):
    assert contract_problems(module) == []


@pytest.mark.parametrize(
    "attribute, expected",
    [
        ("RULE", "RULE is not a guideline.recommendation.Rule"),
        ("HOOKS", "HOOKS must be a non-empty tuple"),
        ("READS", "READS must be a non-empty frozenset"),
        ("evaluate", "evaluate(facts, settings) is missing"),
        ("__doc__", "the docstring must name its rule ids"),
    ],
)
def test_a_rule_module_missing_a_part_of_the_contract_is_reported(attribute, expected):
    module = _fake_rule_module("BM-HC-01")
    module.__doc__ = "BM-HC-01 — 高钙血症"
    module.HOOKS = ("patient-view",)
    module.READS = frozenset({"observations"})
    module.evaluate = lambda facts, settings: None
    setattr(module, attribute, None)
    assert any(expected in p for p in contract_problems(module))


def test_a_rule_module_whose_topic_is_not_in_the_catalogue_is_reported():
    module = _fake_rule_module("BM-HC-01")
    module.RULE = Rule(ids=("BM-HC-01",), topic="no-such-topic", section="一(三)6")
    assert "guideline.rules.fake: topic 'no-such-topic' is not in guideline/catalogue.py" in contract_problems(module)


def test_docs_rules_md_is_what_the_generator_makes_from_the_code():
    expected = _generator().render(REFERENCE_TEXT)
    current = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert current == expected, "docs/rules.md is out of date: run .venv/bin/python scripts/gen_rules_doc.py"


def test_the_generated_page_lists_every_rule_with_its_card_inputs_and_thresholds():
    page = _generator().render(REFERENCE_TEXT)
    for rule_id in REFERENCE:
        assert f"| {rule_id} |" in page
    assert "**unaccounted for**" not in page
    assert "`calcium_moderate_min` = 3.0" in page  # hypercalcaemia threshold with its default
    assert "### BM-OV-01" in page  # a rule not computed, with its reason


def test_the_generator_check_mode_fails_on_a_stale_page(tmp_path, monkeypatch):
    generator = _generator()
    monkeypatch.setattr(generator, "OUTPUT", tmp_path / "rules.md")
    (tmp_path / "rules.md").write_text("stale", "utf-8")
    reference = Path(SHARED / "guideline" / "REFERENCE.md")
    assert generator.main(["--check", "--reference", str(reference)]) == 1
    assert generator.main(["--reference", str(reference)]) == 0
    assert generator.main(["--check", "--reference", str(reference)]) == 0
