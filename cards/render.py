"""Recommendations → CDS Hooks cards (spec "Card Attributes").

A card's summary says the action, its detail says why with the patient's own
values and dates, then the notes, then the guideline citation. Suggestions carry
real FHIR resources (cards/orders.py). Text comes from cards/text in the
configured language.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from cards import orders
from cards.calculator_links import calculator_links
from cards.override_reasons import override_reasons
from cards.text import catalogue
from guideline.catalogue import TOPIC_SYSTEM, topic
from guideline.facts import PatientFacts
from guideline.recommendation import Proposal, ProposalKind, Recommendation, Term

SUMMARY_LIMIT = 139  # spec: "<140-character summary"


class _Values(dict):
    """Format values that say "not recorded" rather than fail when a placeholder has no value."""

    def __init__(self, values: Mapping[str, Any], missing: str) -> None:
        super().__init__(values)
        self.missing = missing

    def __missing__(self, key: str) -> str:
        return self.missing


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _text(key: str, language: str) -> Any:
    return catalogue()[key][language]


def _fill(template: str, values: Mapping[str, Any], language: str) -> str:
    return template.format_map(_Values(values, _text("not-recorded", language)))


def _term(value: Any, language: str) -> str | None:
    """A Term (or a tuple of Terms) in the card's language; None for any other value."""
    if isinstance(value, Term):
        return str(catalogue()[value.key][language])
    if isinstance(value, tuple) and value and all(isinstance(v, Term) for v in value):
        return ("、" if language == "zh" else ", ").join(str(catalogue()[v.key][language]) for v in value)
    return None


def _values(recommendation: Recommendation, language: str) -> dict[str, str]:
    """The recommendation's values as text, with ``<name>_text`` for values that have their own phrase."""
    shown = {
        name: _term(value, language) or _show(value)
        for name, value in recommendation.values.items()
        if value is not None
    }
    messages = catalogue()
    root = recommendation.topic
    for name, value in recommendation.values.items():
        phrase = f"{root}.{name}.{value}"
        if isinstance(value, str) and phrase in messages:
            shown[f"{name}_text"] = _fill(messages[phrase][language], shown, language)
    return shown


def _summary(text: str) -> str:
    # A summary that opens with a filled-in drug name ("strontium-89 chloride is ...") starts a sentence.
    if text[:1].islower() and text[1:2].islower():
        text = text[0].upper() + text[1:]
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _citation(recommendation: Recommendation, language: str) -> str:
    rule = recommendation.rule
    lines = [_fill(_text("citation", language), {"section": rule.section}, language)]
    if rule.beyond_guideline:
        source = catalogue().get(f"source:{rule.beyond_guideline}", {}).get(language, rule.beyond_guideline)
        lines.append(_fill(_text("beyond-guideline", language), {"source": source}, language))
    return " ".join(lines)


def _incomplete_note(recommendation: Recommendation, language: str) -> str:
    kinds = sorted({gap.what for gap in recommendation.incomplete})
    separator = "、" if language == "zh" else ", "
    names = separator.join(_text(f"data-kind.{kind}", language) for kind in kinds)
    return _fill(_text("record-incomplete", language), {"kinds": names}, language)


def _order_resource(reference: str | None, facts: PatientFacts) -> dict | None:
    """The draft order, or the record's order (e.g. an active MedicationRequest a card puts on hold)."""
    for order in facts.orders:
        if order.reference == reference and order.resource is not None:
            return order.resource
    for medication in facts.medications:
        if medication.source.reference == reference and medication.resource is not None:
            return medication.resource
    return None


def _with_status(resource: dict, changes: Mapping[str, Any], values: Mapping[str, str], language: str) -> dict:
    """The whole resource with a new status (e.g. on-hold) and the reason in words (no code fits: text only)."""
    updated = copy.deepcopy(resource)
    updated["status"] = changes["status"]
    if changes.get("reason"):
        updated["statusReason"] = {"text": _fill(_text(changes["reason"], language), values, language)}
    return updated


def _suggestion(
    proposal: Proposal, values: Mapping[str, str], facts: PatientFacts, patient: str | None, language: str
) -> dict:
    label_values = {**values, **{k: _term(v, language) or _show(v) for k, v in proposal.changes.items()}}
    if proposal.template in orders.REGIMENS and "dose_mg" not in proposal.changes:
        label_values["dose_mg"] = _show(orders.REGIMENS[proposal.template].dose_mg)
    label = _fill(_text(proposal.label, language), label_values, language)
    action: dict[str, Any] = {"type": proposal.kind.value, "description": label}
    actions = [action]
    if proposal.kind is ProposalKind.CREATE and proposal.template:
        resources = orders.create_all(proposal.template, proposal.changes, patient, language)
        actions = [{**action, "resource": resource} for resource in resources]
    elif proposal.kind is ProposalKind.UPDATE:
        draft = _order_resource(proposal.order_ref, facts)
        if draft is None:
            raise ValueError(f"update proposal names no draft order: {proposal.order_ref}")
        if "status" in proposal.changes:
            action["resource"] = _with_status(draft, proposal.changes, values, language)
        else:
            action["resource"] = orders.updated(draft, proposal.changes, language)
    elif proposal.kind is ProposalKind.DELETE:
        action["resourceId"] = proposal.order_ref
    suggestion: dict[str, Any] = {"label": label, "uuid": str(uuid.uuid4()), "actions": actions}
    if proposal.recommended:
        suggestion["isRecommended"] = True
    return suggestion


def render_one(
    recommendation: Recommendation, facts: PatientFacts, *, language: str, base_url: str, patient: str | None
) -> dict:
    values = _values(recommendation, language)
    main = _text(recommendation.message, language)
    notes = [_fill(_text(key, language), values, language) for key in recommendation.notes]
    if recommendation.incomplete:
        notes.append(_incomplete_note(recommendation, language))
    if recommendation.text_matches:
        texts = ("”、“" if language == "zh" else "', '").join(recommendation.text_matches)
        notes.append(_fill(_text("text-match", language), {"texts": texts}, language))
    detail = "\n\n".join(
        [_fill(main["detail"], values, language), *(f"- {n}" for n in notes), _citation(recommendation, language)]
    )
    entry = topic(recommendation.topic)
    url = f"{base_url}/rules/{entry.code}?lang={language}"  # the topic's rule page, in the card's language
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(_fill(main["summary"], values, language)),
        "detail": detail,
        "indicator": recommendation.indicator.value,
        "source": {
            "label": _text("source-label", language),
            "url": url,
            "topic": {"system": TOPIC_SYSTEM, "code": entry.code, "display": entry.display},
        },
        "links": [{"label": _text("guideline-link", language), "url": url, "type": "absolute"}],
        "overrideReasons": override_reasons(language),
    }
    card["links"] += calculator_links(recommendation, facts, language=language, base_url=base_url)
    suggestions = [_suggestion(p, values, facts, patient, language) for p in recommendation.proposals]
    if suggestions:
        card["suggestions"] = suggestions
        card["selectionBehavior"] = recommendation.selection
    return card


def render(
    recommendations: Iterable[Recommendation],
    facts: PatientFacts,
    *,
    language: str,
    base_url: str,
    patient: str | None = None,
) -> list[dict]:
    """Cards in the order given (the engine puts the most urgent first)."""
    return [render_one(r, facts, language=language, base_url=base_url, patient=patient) for r in recommendations]
