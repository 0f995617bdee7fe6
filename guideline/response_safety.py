"""One kidney verdict and one order point per drug across the cards of one response (issue 9 items 3, 6, 10).

The rules run independently; this pass reads what they propose, all together, and is the last word before
the cards are written (guideline.engine.evaluate calls it after the rules). It works on ``Recommendation``
and ``Proposal`` objects only, never on a rule's internals, so any rule that proposes an order through the
templates of cards/orders.py (guideline.dosing.template_drug) is covered.

Contract: ``reconcile(recommendations, facts, settings) -> list[Recommendation]``
- The same recommendations in the same order with the same indicators: no card is added or removed. Only
  ``proposals``, ``notes`` (keys ``response-safety.*``, cards/text/response_safety.py) and ``values`` (names
  ``safety_*``) change. Idempotent: reconciling twice changes nothing more.
- Kidney safety (items 3, 6). Every CREATE of a bone-agent template and every UPDATE that sets a bone agent's
  dose is checked against the patient's creatinine clearance as the renal rules compute it
  (guideline.regimen_review.order_crcl: reported, or Cockcroft-Gault) and the renal tables of guideline.dosing
  (renal_dose_mg, the tables the renal rules use):
  above the label's renal dose → set to it (note: adjusted); not recommended at this CrCl → withheld (note);
  IV clodronate, which has no verified table, below UNTABLED_CHECK_BELOW_CRCL → withheld for a pharmacist check.
  CrCl unknown → no dose-setting order of a tabled agent (no blind 4 mg): withheld, the note says what is
  missing and gives the zoledronic acid doses by CrCl band, and a serum creatinine order is offered when no
  creatinine is on record within ``lab_window_days`` nor already ordered. Denosumab has no CrCl dose table (B.5):
  not withheld.
  Hypercalcaemia single dose (SingleDose.indication "hypercalcaemia"): the label's rule, no CrCl step-down while
  serum creatinine < ``hcm_zoledronic_creatinine_below`` (B.1); withheld when creatinine is unknown (creatinine
  first), at or above that limit, or when CrCl is below the oncology table's floor (< 30 mL/min, where the renal
  card of the same response says "not recommended"; the label allows it only after weighing risk and benefit);
  kept at 4 mg where the maintenance table would reduce it, with a note saying why.
  Deletions and status changes are never withheld.
- Current therapy (item 10) is the rules' to act on (renal-impairment holds or corrects the record's order on
  patient-view; the order hooks' renal-impairment holds an active order being re-signed); this pass only keeps
  those actions to one card per order.
- One order point (item 6). Proposals are grouped by what they act on: an existing order (draft or record) by
  its reference; every new bone-agent order as one group (two bone agents are themselves a hazard, see
  duplicate-bone-agent); any other new order by its template. One card owns each group: one that stops the order
  (delete, hold) before one that corrects it, then the most urgent, then the first in OWNERS, then the first in
  the response. Other cards lose those proposals and say which card has the order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from guideline import concepts as c
from guideline.assessments import creatinine_ordered
from guideline.dosing import (
    REGIMENS,
    RENAL_DOSE_BY_REGIMEN,
    UNTABLED_CHECK_BELOW_CRCL,
    renal_dose_mg,
    template_drug,
)
from guideline.facts import Medication, PatientFacts
from guideline.recommendation import Proposal, ProposalKind, Recommendation, Term
from guideline.regimen_review import DOSE_TOLERANCE_MG, oncology_regimen, order_crcl
from guideline.renal_function import RenalFunction, missing_for_clearance
from guideline.settings import Settings

# Who keeps an order when several cards propose one, after urgency: treating the emergency first, then whether
# the drug should be given at all, then how much, then starting therapy, then the checks.
OWNERS = (
    "hypercalcemia",
    "bisphosphonate-not-indicated",
    "duplicate-bone-agent",
    "renal-impairment",
    "bisphosphonate-dose",
    "bisphosphonate-start",
    "renal-check",
    "dental-review",
)
NEW_BONE_AGENT = "new-bone-agent"
# The oncology tables' floor (zoledronic acid and pamidronate: not recommended below 30 mL/min, B.1, B.2).
SEVERE_RENAL_BELOW_CRCL = 30.0


@dataclass
class _Card:
    """A recommendation being reconciled (the frozen original is rebuilt at the end)."""

    recommendation: Recommendation
    proposals: list[Proposal]
    notes: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    withheld: dict[str, list[str]] = field(default_factory=dict)  # reason → agents
    adjusted: list[str] = field(default_factory=list)

    def build(self) -> Recommendation:
        original = self.recommendation
        notes = list(original.notes) + [n for n in self.notes if n not in original.notes]
        return replace(original, proposals=tuple(self.proposals), notes=tuple(notes), values=self.values)


@dataclass(frozen=True)
class _Context:
    facts: PatientFacts
    settings: Settings
    renal: RenalFunction | None


def reconcile(recommendations: list[Recommendation], facts: PatientFacts, settings: Settings) -> list[Recommendation]:
    if not recommendations:
        return []
    context = _Context(facts, settings, order_crcl(facts, settings))
    cards = [_Card(r, list(r.proposals), values=dict(r.values)) for r in recommendations]
    for card in cards:
        _check_kidneys(card, context)
    _creatinine_first(cards, context)
    _one_order_point(cards, context)
    for card in cards:
        _explain(card, context)
    return [card.build() for card in cards]


# -- kidney safety ------------------------------------------------------------------------------------------


def _check_kidneys(card: _Card, context: _Context) -> None:
    kept: list[Proposal] = []
    for proposal in card.proposals:
        checked, reason, agent = _kidney_verdict(proposal, context)
        if reason == "adjusted" and agent is not None:
            card.adjusted.append(agent)
        elif reason == "hcm-full-dose":
            card.notes.append("response-safety.hcm-full-dose")
            card.values["safety_creatinine_limit"] = context.settings.hcm_zoledronic_creatinine_below
        elif reason is not None and agent is not None:
            card.withheld.setdefault(reason, []).append(agent)
        if checked is not None:
            kept.append(checked)
    card.proposals = kept


def _kidney_verdict(proposal: Proposal, context: _Context) -> tuple[Proposal | None, str | None, str | None]:
    """(the proposal as it may be offered or None, the reason it changed, the agent)."""
    if proposal.kind is ProposalKind.CREATE:
        drug = template_drug(proposal.template)
        if drug is None:
            return proposal, None, None
        agent, standard, regimen_key = drug
        dose = float(proposal.changes.get("dose_mg", standard))
        if regimen_key is None:
            return _single_dose_verdict(proposal, agent, context)
        return _regimen_verdict(proposal, agent, regimen_key, dose, context)
    if proposal.kind is ProposalKind.UPDATE and "dose_mg" in proposal.changes:
        medication = _medication_of(proposal.order_ref, context.facts)
        if medication is None or c.BONE_MODIFYING_AGENT not in medication.classes:
            return proposal, None, None
        template = proposal.changes.get("template")
        regimen_key = template if template in REGIMENS else oncology_regimen(medication, bone_metastasis=True)
        if regimen_key is None:
            return proposal, None, None
        dose = float(proposal.changes["dose_mg"])
        return _regimen_verdict(proposal, medication.agent, regimen_key, dose, context)
    return proposal, None, None


def _regimen_verdict(
    proposal: Proposal, agent: str, regimen_key: str, dose: float, context: _Context
) -> tuple[Proposal | None, str | None, str | None]:
    tabled = regimen_key in RENAL_DOSE_BY_REGIMEN
    untabled_bisphosphonate = not tabled and REGIMENS[regimen_key].agent != "denosumab"
    renal = context.renal
    if not tabled and not untabled_bisphosphonate:
        return proposal, None, None  # denosumab: no CrCl dose table (B.5)
    if renal is None:
        return None, "crcl-unknown", agent
    if untabled_bisphosphonate:
        if renal.crcl < UNTABLED_CHECK_BELOW_CRCL:
            return None, "untabled", agent
        return proposal, None, None
    allowed = renal_dose_mg(regimen_key, renal.crcl)
    if allowed is None:
        return None, "not-recommended", agent
    if dose > allowed + DOSE_TOLERANCE_MG:
        changes = {**proposal.changes, "dose_mg": allowed}
        if "text_dose_mg" in changes:
            changes["text_dose_mg"] = allowed
        return replace(proposal, changes=changes), "adjusted", agent
    return proposal, None, None


def _single_dose_verdict(
    proposal: Proposal, agent: str, context: _Context
) -> tuple[Proposal | None, str | None, str | None]:
    """The hypercalcaemia dose: serum creatinine below the label's limit, and not in severe renal impairment."""
    settings = context.settings
    creatinine = context.facts.latest(c.CREATININE, within=settings.days("lab_window_days"))
    if creatinine is None:
        return None, "creatinine-unknown", agent
    if creatinine.value >= settings.hcm_zoledronic_creatinine_below:
        return None, "hcm-creatinine-high", agent
    if context.renal is not None and context.renal.crcl < SEVERE_RENAL_BELOW_CRCL:
        return None, "hcm-severe-renal", agent
    renal = context.renal
    if renal is not None and agent in REGIMENS and renal_dose_mg(agent, renal.crcl) != proposal_dose(proposal):
        return proposal, "hcm-full-dose", agent  # kept at 4 mg: say why, beside a renal card that says reduce
    return proposal, None, None


def proposal_dose(proposal: Proposal) -> float | None:
    drug = template_drug(proposal.template)
    return float(proposal.changes.get("dose_mg", drug[1])) if drug else None


def _medication_of(reference: str | None, facts: PatientFacts) -> Medication | None:
    if reference is None:
        return None
    for order in facts.orders:
        if order.reference == reference:
            return order.medication
    return next((m for m in facts.medications if m.source.reference == reference), None)


def _creatinine_first(cards: list[_Card], context: _Context) -> None:
    """Where a dose was withheld for want of renal function, offer the creatinine (once; ownership dedupes)."""
    facts, settings = context.facts, context.settings
    if facts.latest(c.CREATININE, within=settings.days("lab_window_days")) is not None or creatinine_ordered(facts):
        return
    if any(p.template == "serum-creatinine" for card in cards for p in card.proposals):
        return  # a card already offers it (renal-check): that card keeps the order
    for card in cards:
        if {"crcl-unknown", "creatinine-unknown"} & set(card.withheld):
            card.proposals.insert(
                0,
                Proposal(ProposalKind.CREATE, "order-serum-creatinine", template="serum-creatinine", recommended=True),
            )
            return


# -- one order point per drug (item 6) --------------------------------------------------------------------------


def _group(proposal: Proposal) -> str:
    if proposal.kind is ProposalKind.CREATE:
        return NEW_BONE_AGENT if template_drug(proposal.template) else f"new:{proposal.template}"
    return f"order:{proposal.order_ref}"


def _rank(card: _Card, position: int) -> tuple[int, int, int]:
    topic = card.recommendation.topic
    owner = OWNERS.index(topic) if topic in OWNERS else len(OWNERS)
    return (-card.recommendation.indicator.rank, owner, position)


def _stops(proposal: Proposal) -> bool:
    return proposal.kind is ProposalKind.DELETE or "status" in proposal.changes


def _one_order_point(cards: list[_Card], context: _Context) -> None:
    candidates: dict[str, list[tuple[tuple[int, ...], int]]] = {}
    for position, card in enumerate(cards):
        for group in dict.fromkeys(_group(p) for p in card.proposals):
            # A card that stops the order beats one that corrects it: whether to give the drug at all comes
            # before how much (a critical dose card never takes the removal away from a not-indicated card).
            stops = any(_stops(p) for p in card.proposals if _group(p) == group)
            candidates.setdefault(group, []).append(((0 if stops else 1, *_rank(card, position)), position))
    owners = {group: min(ranked)[1] for group, ranked in candidates.items()}
    for position, card in enumerate(cards):
        moved = [p for p in card.proposals if owners[_group(p)] != position]
        if not moved:
            continue
        card.proposals = [p for p in card.proposals if owners[_group(p)] == position]
        elsewhere = list(dict.fromkeys(owners[_group(p)] for p in moved))
        groups = {_group(p) for p in moved}
        # Name what the owning card offers for those groups (the start card's four options become "zoledronic
        # acid" when the hypercalcaemia card owns the bone-agent order), not what this card would have offered.
        offered = [
            agent
            for i in elsewhere
            for p in cards[i].proposals
            if _group(p) in groups and (agent := _agent_of(p, context.facts)) is not None
        ]
        card.values["safety_owner"] = tuple(Term("topic", cards[i].recommendation.topic) for i in elsewhere)
        if offered:
            card.values["safety_referred"] = _terms(offered)
            card.notes.append("response-safety.referred")
        else:
            card.notes.append("response-safety.referred-other")


def _agent_of(proposal: Proposal, facts: PatientFacts) -> str | None:
    drug = template_drug(proposal.template)
    if drug is not None:
        return drug[0]
    medication = _medication_of(proposal.order_ref, facts)
    return medication.agent if medication is not None else None


# -- what the card says about it -----------------------------------------------------------------------------


def _explain(card: _Card, context: _Context) -> None:
    renal = context.renal
    if renal is not None:
        card.values.setdefault("safety_crcl", renal.crcl)
    if card.adjusted:
        card.values["safety_adjusted"] = _terms(card.adjusted)
        card.notes.append("response-safety.adjusted")
    for reason, agents in card.withheld.items():
        card.values[f"safety_withheld_{reason.replace('-', '_')}"] = _terms(agents)
        card.notes.append(f"response-safety.withheld.{reason}")
    if "crcl-unknown" in card.withheld:
        card.values["safety_missing"] = _missing(context)
    if "creatinine-unknown" in card.withheld or "hcm-creatinine-high" in card.withheld:
        card.values["safety_creatinine_limit"] = context.settings.hcm_zoledronic_creatinine_below


def _terms(agents: list[str]) -> tuple[Term, ...]:
    return tuple(Term("drug", a) for a in dict.fromkeys(agents))


def _missing(context: _Context) -> tuple[Term, ...]:
    """What Cockcroft-Gault lacks: a recent creatinine, a recent weight, age or sex."""
    missing = missing_for_clearance(context.facts, context.settings)
    return tuple(Term("missing", m) for m in missing or ["creatinine"])
