"""The contract of guideline.response_safety.reconcile on Recommendation objects of any rule (no rule internals).

The behaviour users see is tested through HTTP in tests/test_response_safety.py; these pin the contract other
rules rely on: any topic's bone-agent proposal is reconciled, nothing else changes, reconciling is idempotent.
"""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest

from cards.text import catalogue
from guideline import concepts as c
from guideline.dosing import REGIMENS, SINGLE_DOSES
from guideline.engine import rule_modules
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.response_safety import reconcile
from guideline.settings import Settings
from tests.conftest import ROOT
from tests.rule_facts import confirmed_metastasis, facts, lab

SETTINGS = Settings()


def recommendation(topic: str, indicator: Indicator, *proposals: Proposal) -> Recommendation:
    return Recommendation(Rule(("BM-BP-01",), topic, "一(三)3"), indicator, "message", proposals=proposals)


def zoledronic(**changes) -> Proposal:
    return Proposal(ProposalKind.CREATE, "order-zoledronic-acid", template="zoledronic-acid", changes=changes)


def kidneys(crcl: float):
    return facts(**confirmed_metastasis(), measurements=(lab(c.CREATININE_CLEARANCE, crcl),))


def test_a_bone_agent_proposal_of_any_topic_is_checked_and_nothing_else_changes():
    other = Proposal(ProposalKind.CREATE, "order-x", template="spine-mri")
    unknown_topic = recommendation("some-new-topic", Indicator.WARNING, zoledronic(), other)
    (result,) = reconcile([unknown_topic], kidneys(45), SETTINGS)
    assert [p.changes.get("dose_mg") for p in result.proposals] == [3.3, None]
    assert result.indicator is Indicator.WARNING and result.message == "message" and result.topic == "some-new-topic"
    assert result.notes == ("response-safety.adjusted",)


def test_reconciling_twice_changes_nothing_more():
    cards = [
        recommendation("bisphosphonate-start", Indicator.INFO, zoledronic()),
        recommendation(
            "hypercalcemia",
            Indicator.CRITICAL,
            Proposal(ProposalKind.CREATE, "order-zoledronic-acid-hcm", template="zoledronic-acid-hcm"),
        ),
    ]
    patient = kidneys(45)
    once = reconcile(cards, patient, SETTINGS)
    assert reconcile(once, patient, SETTINGS) == once


def test_the_most_urgent_card_owns_the_new_bone_agent_order_then_the_owner_order():
    start = recommendation("bisphosphonate-start", Indicator.WARNING, zoledronic())
    unknown = recommendation("zzz-later-topic", Indicator.WARNING, zoledronic())
    first, second = reconcile([unknown, start], kidneys(80), SETTINGS)
    assert first.proposals == () and len(second.proposals) == 1  # start is in OWNERS, the unknown topic is not
    assert "response-safety.referred" in first.notes


def test_no_card_is_added_or_removed_and_order_is_kept():
    cards = [recommendation(t, Indicator.INFO) for t in ("a", "b", "c")]
    assert [r.topic for r in reconcile(cards, kidneys(80), SETTINGS)] == ["a", "b", "c"]


@pytest.mark.parametrize("template", sorted(REGIMENS) + sorted(SINGLE_DOSES))
def test_every_bone_agent_template_has_a_drug_and_text(template):
    from cards import orders

    assert template in orders.REGIMENS or template in orders.SINGLE_DOSES


def test_every_medication_concept_of_the_value_sets_has_a_name_in_both_languages():
    concepts = {
        entry["concept"]
        for path in glob.glob(str(ROOT / "fhir_mappings" / "valuesets" / "medication*.json"))
        for entry in json.loads(Path(path).read_text(encoding="utf-8"))["entries"]
    }
    messages = catalogue()
    assert [c for c in sorted(concepts) if f"drug:{c}" not in messages] == []
    assert all(messages[f"drug:{c}"]["zh"] and messages[f"drug:{c}"]["en"] for c in concepts)


def test_every_per_drug_citation_has_its_chinese():
    messages = catalogue()
    for module in rule_modules():
        for source in getattr(module, "SOURCES", {}).values():
            if source is not None:
                assert f"source:{source}" in messages, (module.__name__, source)
