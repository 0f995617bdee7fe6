"""Run every enabled rule of a hook over the facts; order the results.

Alert discipline (issue #3): at most one recommendation per topic per call,
the most urgent first; then guideline.response_safety reconciles the orders the
cards propose. A patient recorded as deceased gets none: every card
proposes care, and proposing care for the dead is an error, not advice.
A rule that raises is a bug and is not hidden: the exception propagates and
the service answers 500 (see cds_service/api.py).
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from functools import cache
from types import ModuleType
from typing import Any

from guideline import rules as rules_package
from guideline.facts import Medication, PatientFacts
from guideline.recommendation import Recommendation
from guideline.response_safety import reconcile
from guideline.settings import Settings


@cache
def rule_modules() -> tuple[ModuleType, ...]:
    """Every module in guideline.rules that defines a RULE, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(rules_package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{rules_package.__name__}.{info.name}")
        if hasattr(module, "RULE"):
            found.append(module)
    return tuple(found)


def rules_for(hook: str) -> tuple[ModuleType, ...]:
    return tuple(m for m in rule_modules() if hook in m.HOOKS)


def reads_for(hook: str) -> frozenset[str]:
    """The data kinds (guideline.inputs) the rules of a hook read."""
    return frozenset().union(*(m.READS for m in rules_for(hook)))


def evaluate(facts: PatientFacts, hook: str, settings: Settings | None = None) -> list[Recommendation]:
    settings = settings or Settings()
    if facts.person.deceased:
        return []
    if not settings.text_fallback:
        facts = facts.without_text_matches()
    text_facts = facts.text_matched()
    by_topic: dict[str, Recommendation] = {}
    for module in rules_for(hook):
        if not settings.enabled(module.RULE.topic):
            continue
        recommendation = module.evaluate(facts, settings)
        if recommendation is None:
            continue
        if text_facts:
            recommendation = _with_text_matches(module, recommendation, facts, text_facts, settings)
        kept = by_topic.get(recommendation.topic)
        if kept is None or recommendation.indicator.rank > kept.indicator.rank:
            by_topic[recommendation.topic] = recommendation
    ranked = sorted(by_topic.values(), key=lambda r: -r.indicator.rank)
    # Kidney safety and one order point per drug are properties of the whole response (issue 9 items 3, 6).
    return reconcile(ranked, facts, settings)


MAX_TEXT_CHECKS = 8  # one re-evaluation per text-recognised fact up to this many; beyond, all are named together


def _with_text_matches(
    module: ModuleType, recommendation: Recommendation, facts: PatientFacts, text_facts: list[Any], settings: Settings
) -> Recommendation:
    """The recommendation, naming the text-recognised facts it rests on: those without which it would differ.

    A rule is run again without each such fact (records rarely hold more than a few). Drug names are left to a
    rule's own name-only note where it has one.
    """
    if any(key.endswith(".name-only") for key in recommendation.notes):
        text_facts = [f for f in text_facts if not isinstance(f, Medication)]
    if not text_facts:
        return recommendation
    if len(text_facts) > MAX_TEXT_CHECKS:
        resting = text_facts if module.evaluate(facts.without_text_matches(), settings) != recommendation else []
    else:
        resting = [f for f in text_facts if module.evaluate(facts.without_text_matches(f), settings) != recommendation]
    if not resting:
        return recommendation
    texts = tuple(dict.fromkeys(f.source.matched_text for f in resting))
    return dataclasses.replace(recommendation, text_matches=texts)
