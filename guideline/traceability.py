"""Traceability: every rule of REFERENCE.md section A is either computed by a rule module or listed here.

A rule module claims ids in ``RULE.ids``. The rules below are not computed from EHR data, because they are
definitions, goals or efficacy statements, or because the decision rests on a clinical judgement the EHR does
not code. Each says why, and which card text (message keys of ``cards/text``) still carries it to the
clinician; an empty ``reaches`` means no card does and only docs/rules.md shows it.
tests/test_traceability.py fails when an id of REFERENCE.md is in neither place, or in both;
scripts/gen_rules_doc.py turns this and the rule modules into docs/rules.md.

Pure: ``reference_rules`` parses REFERENCE.md text handed to it, and reads no file.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType

from guideline import inputs
from guideline.catalogue import TOPICS
from guideline.recommendation import Rule
from guideline.settings import Settings


@dataclass(frozen=True)
class NotComputed:
    """Rule ids of REFERENCE.md section A that no rule module computes, and why."""

    ids: tuple[str, ...]
    reason: str
    reaches: tuple[str, ...] = ()  # card message keys whose text carries the rule to the clinician


NOT_COMPUTED: tuple[NotComputed, ...] = (
    NotComputed(
        ("BM-OV-01",),
        "Definition of a skeletal-related event, for counting and research; no action follows from it. Each "
        "event has its own card (pathological fracture and cord compression: surgery-referral and "
        "spinal-cord-compression; hypercalcaemia: hypercalcemia; radiotherapy: radiotherapy-referral).",
    ),
    NotComputed(
        ("BM-OV-03",),
        "Descriptive: treatment is usually multimodal. Cards offer options rather than one pathway, and say so.",
        ("bisphosphonate-start", "radiotherapy-referral.after-fixation"),
    ),
    NotComputed(
        ("BM-TX-01",),
        "Treatment goals (relieve pain, prevent and treat skeletal-related events): a statement of intent with no "
        "patient data to test.",
    ),
    NotComputed(
        ("BM-TX-02",),
        "Principle of individualised care with dynamic reassessment. The service meets it by design: every card "
        "is recomputed from the current record each time the chart is opened; no card of its own.",
    ),
)


@dataclass(frozen=True)
class ReferenceRule:
    """One row of a REFERENCE.md section A table."""

    id: str
    section: str
    rule: str
    anchor: str
    strength: str
    inputs: str


_ROW = re.compile(r"^\|\s*(BM-[A-Z]{2}-\d{2})\s*\|(.*)\|\s*$", re.MULTILINE)


def reference_rules(markdown: str) -> dict[str, ReferenceRule]:
    """The rules of section A of REFERENCE.md (id → row), in document order."""
    start = re.search(r"^## A\.", markdown, re.MULTILINE)
    end = re.search(r"^## B\.", markdown, re.MULTILINE)
    if start is None or end is None:
        raise ValueError("REFERENCE.md has no section A (## A. … ## B.)")
    rules: dict[str, ReferenceRule] = {}
    for match in _ROW.finditer(markdown, start.end(), end.start()):
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(2))]
        section, rule, anchor, strength, inputs = (cells + [""] * 5)[:5]
        rules[match.group(1)] = ReferenceRule(match.group(1), section, rule, anchor, strength, inputs)
    return rules


def claims(modules: Iterable[ModuleType]) -> dict[str, list[ModuleType]]:
    """Rule id → the rule modules whose ``RULE.ids`` claim it."""
    found: dict[str, list[ModuleType]] = {}
    for module in modules:
        for rule_id in module.RULE.ids:
            found.setdefault(rule_id, []).append(module)
    return found


def not_computed() -> dict[str, NotComputed]:
    """Rule id → its entry in NOT_COMPUTED (a ValueError if an id is listed twice)."""
    found: dict[str, NotComputed] = {}
    for entry in NOT_COMPUTED:
        for rule_id in entry.ids:
            if rule_id in found:
                raise ValueError(f"{rule_id} is listed twice in guideline.traceability.NOT_COMPUTED")
            found[rule_id] = entry
    return found


def problems(
    reference: Mapping[str, ReferenceRule],
    modules: Iterable[ModuleType],
    entries: Iterable[NotComputed] = NOT_COMPUTED,
    messages: Collection[str] | None = None,
) -> list[str]:
    """What is wrong with the traceability of ``reference``'s rules; empty when every rule is accounted for once.

    ``messages`` (the card message keys) checks that each ``reaches`` key exists; None skips that check.
    """
    found: list[str] = []
    skipped: dict[str, NotComputed] = {}
    for entry in entries:
        for rule_id in entry.ids:
            if rule_id in skipped:
                found.append(f"{rule_id} is listed twice in NOT_COMPUTED")
            skipped[rule_id] = entry
        if messages is not None:
            found += [f"{entry.ids}: no card message {key!r}" for key in entry.reaches if key not in messages]
    claimed = claims(modules)
    for rule_id in reference:
        if rule_id not in claimed and rule_id not in skipped:
            found.append(f"{rule_id} is unaccounted for: no RULE.ids claims it and NOT_COMPUTED does not list it")
        if rule_id in claimed and rule_id in skipped:
            names = ", ".join(m.__name__ for m in claimed[rule_id])
            found.append(f"{rule_id} is computed by {names} and also listed as not computed")
    for rule_id in sorted((set(claimed) | set(skipped)) - set(reference)):
        found.append(f"{rule_id} is not a rule of REFERENCE.md section A")
    return found


_CJK = re.compile(r"[\u4e00-\u9fff]")


def contract_problems(module: ModuleType) -> list[str]:
    """What a rule module lacks of the contract in guideline/rules/__init__.py; empty when it keeps it."""
    name = module.__name__
    rule = getattr(module, "RULE", None)
    if not isinstance(rule, Rule):
        return [f"{name}: RULE is not a guideline.recommendation.Rule"]
    found = []
    if not rule.ids or not all(re.fullmatch(r"BM-[A-Z]{2}-\d{2}", i) for i in rule.ids):
        found.append(f"{name}: RULE.ids must be REFERENCE.md ids, got {rule.ids!r}")
    if not rule.section:
        found.append(f"{name}: RULE.section is empty")
    topic = TOPICS.get(rule.topic)
    hooks = getattr(module, "HOOKS", None)
    if topic is None:
        found.append(f"{name}: topic {rule.topic!r} is not in guideline/catalogue.py")
    if not isinstance(hooks, tuple) or not hooks:
        found.append(f"{name}: HOOKS must be a non-empty tuple")
    elif topic is not None and not set(hooks) <= set(topic.hooks):
        found.append(f"{name}: HOOKS {hooks} are not all hooks of topic {rule.topic!r} {topic.hooks}")
    reads = getattr(module, "READS", None)
    if not isinstance(reads, frozenset) or not reads or not reads <= inputs.ALL:
        found.append(f"{name}: READS must be a non-empty frozenset of guideline.inputs kinds")
    evaluate = getattr(module, "evaluate", None)
    if not callable(evaluate) or list(inspect.signature(evaluate).parameters) != ["facts", "settings"]:
        found.append(f"{name}: evaluate(facts, settings) is missing")
    doc = module.__doc__ or ""
    if not any(i in doc for i in rule.ids) or not _CJK.search(doc):
        found.append(f"{name}: the docstring must name its rule ids and quote the guideline's Chinese text")
    return found


def settings_read(module: ModuleType) -> list[str]:
    """Settings fields a module reads: ``settings.<field>`` and ``settings.days("<field>")`` in its source."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "settings":
            found.add(node.attr)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "days"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return sorted(found & set(Settings.__dataclass_fields__))
