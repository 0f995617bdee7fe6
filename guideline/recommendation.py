"""What a rule says: the output of the guideline logic, before any card text.

A ``Recommendation`` names its rule, how urgent it is, and holds the patient's
own values (``values``) that the card text cites. ``proposals`` are the actions
a clinician could take, still abstract (which order, not which FHIR JSON):
the ``cards`` package turns them into FHIR resources and words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from guideline.facts import DataGap


class Indicator(StrEnum):
    """Card urgency, in the spec's order of increasing urgency."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return ("info", "warning", "critical").index(self.value)


@dataclass(frozen=True)
class Rule:
    """A rule's identity: guideline ids, card topic, guideline section."""

    ids: tuple[str, ...]  # REFERENCE.md rule ids, e.g. ("BM-BP-01",)
    topic: str  # card topic code from guideline.catalogue
    section: str  # guideline section, e.g. "一(三)3"
    beyond_guideline: str | None = None  # published source, by name, when the rule goes beyond the guideline
    digest: str | None = None  # where REFERENCE.md records those facts: for the rule page, never for a card


@dataclass(frozen=True)
class Term:
    """A value the card names in its own language, e.g. ``Term("drug", "zoledronic-acid")`` → 唑来膦酸.

    The text catalogue holds the words under ``"<kind>:<code>"`` (cards/text/terms.py); a rule never spells a
    drug name itself, so a Chinese card never shows the English display of a code.
    """

    kind: str
    code: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.code}"


class ProposalKind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Proposal:
    """An action the card may offer.

    ``template`` names an order in ``cards/orders.py`` (for create), ``order_ref``
    the draft to update or delete, ``changes`` the corrected fields of an update
    (e.g. ``{"dose_mg": 3.5}``). ``recommended`` marks the safest choice.
    """

    kind: ProposalKind
    label: str  # message key for the button label
    template: str | None = None
    order_ref: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    recommended: bool = False


@dataclass(frozen=True)
class Recommendation:
    rule: Rule
    indicator: Indicator
    message: str  # message key: the card's summary and detail text
    values: dict[str, Any] = field(default_factory=dict)  # the patient's values, cited in text
    proposals: tuple[Proposal, ...] = ()
    notes: tuple[str, ...] = ()  # extra message keys appended to the detail (reasons, cautions)
    selection: str = "at-most-one"  # or "any"
    # Data this conclusion would need but could not see (a page not fetched, a query failed): the card says so.
    incomplete: tuple[DataGap, ...] = ()
    # The texts of facts recognised from free text (no code) this conclusion rests on: the card says so.
    text_matches: tuple[str, ...] = ()

    @property
    def topic(self) -> str:
        return self.rule.topic


def lowered(indicator: Indicator) -> Indicator:
    """One step less urgent: for a conclusion that rests on a record known to be incomplete."""
    return Indicator(("info", "info", "warning")[indicator.rank])
