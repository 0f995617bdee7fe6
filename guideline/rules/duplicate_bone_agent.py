"""A second bone-modifying agent: a bisphosphonate or denosumab ordered while another is current or drafted.

Guideline 一(三)3 treats bisphosphonates as one therapy of several interchangeable drugs ("双膦酸盐的临床
疗效相似", choose one by renal function, route and preference: BM-BP-09); it never combines two. Beyond the
guideline: denosumab is an alternative bone-modifying agent, not an add-on (ASCO 2017 "options, none
preferred", REFERENCE B.5, B.13; A.11-14), and the zoledronic acid label warns against giving its two
products together (B.1: Zometa with Reclast/Aclasta).

When: a selected bone-modifying-agent order while another bone-modifying agent is current on the record
(not the same order re-signed) or is another order of this session.
Then: warning; suggest deleting the new draft, recommended when the other agent is current or an earlier
draft; when both are being signed together either may go: both deletions are offered, neither preferred.
"""

from __future__ import annotations

from guideline import concepts as c
from guideline import inputs
from guideline.facts import PatientFacts
from guideline.orders import other_bone_agents, selected_medication_orders
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, Term
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-09",),
    topic="duplicate-bone-agent",
    section="一(三)3",
    beyond_guideline="ASCO 2017 and ESMO 2020 on denosumab as an alternative; zoledronic acid label",
    digest="REFERENCE B.1, B.5, B.13, A.11-14",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT}) | inputs.MEDICATIONS


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    for order, medication in selected_medication_orders(facts, c.BONE_MODIFYING_AGENT):
        others = other_bone_agents(facts, order)
        if not others:
            continue
        other, other_order = others[0]
        same = other.agent == medication.agent
        values = {
            "drug": Term("drug", medication.agent),
            "other_drug": Term("drug", other.agent),
            "other_start": other.start,
        }
        # Which one goes is clear only when the other is already current or was drafted before this selection.
        both_new = other_order is not None and other_order.selected
        proposals = []
        if order.reference is not None:
            delete_new = Proposal(
                ProposalKind.DELETE, "remove-new-bone-agent", order_ref=order.reference, recommended=not both_new
            )
            proposals.append(delete_new)
        if other_order is not None and other_order.reference is not None:
            proposals.append(Proposal(ProposalKind.DELETE, "remove-other-bone-agent", order_ref=other_order.reference))
        return Recommendation(
            rule=RULE,
            indicator=Indicator.WARNING,
            message="duplicate-bone-agent.draft" if other_order is not None else "duplicate-bone-agent.current",
            values=values,
            proposals=tuple(proposals),
            notes=("duplicate-bone-agent.same-agent",) if same else ("duplicate-bone-agent.why",),
        )
    return None
