"""BM-BP-12, BM-BP-13 — tooth extraction, implant or oral surgery ordered during bisphosphonate/denosumab therapy.

Guideline 一(三)3: "双膦酸盐治疗期间，保持口腔清洁，定期检查口腔并慎行创伤性口腔科治疗。" Osteonecrosis of the
jaw: "报告发生该不良反应的病例大多为长期接受高活性双膦酸盐治疗，近期接受过拔牙及口腔外科手术治疗的患者".
"慎行" means be cautious, not never (A.11-8): a warning, not a hard stop. Denosumab gets the same rule
(A.11-14, beyond the guideline: ASCO 2017, REFERENCE B.13).

When: a selected order for invasive dental work (concept dental-invasive) while the patient is on a
bone-modifying agent, or was on one within ``bone_agent_recent_days`` (the risk outlasts the order).
A bisphosphonate only drafted in this session is no exposure: dental work before the first dose is
what the guideline asks for (BM-BP-11).
Then: warning naming the drug and its dates; no suggestion (the dentist decides how to proceed). Only a
denosumab card cites ASCO 2017. The card rests on a drug present in the record, not on an absence.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.facts import PatientFacts
from guideline.orders import bone_agent_exposure, selected_procedure_orders
from guideline.recommendation import Indicator, Recommendation, Rule, Term
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-12", "BM-BP-13"),
    topic="dental-procedure-on-bisphosphonate",
    section="一(三)3",
    beyond_guideline="denosumab: ASCO 2017",
    digest="REFERENCE B.13, A.11-14",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT}) | inputs.MEDICATIONS


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    procedures = list(selected_procedure_orders(facts, c.DENTAL_INVASIVE))
    if not procedures:
        return None
    exposure = bone_agent_exposure(facts, settings)
    if not exposure:
        return None
    current = [m for m in exposure if m.current]
    agent = (current or exposure)[0]
    values: dict[str, Any] = {
        "procedure": Term("procedure", c.DENTAL_INVASIVE),
        "drug": Term("drug", agent.agent),
        "drug_start": agent.start,
        "drug_end": agent.end,
        "recent_days": settings.bone_agent_recent_days,
    }
    return Recommendation(
        rule=replace(RULE, beyond_guideline=RULE.beyond_guideline if agent.agent == "denosumab" else None),
        indicator=Indicator.WARNING,
        message=f"dental-procedure-on-bisphosphonate.{'current' if current else 'recent'}",
        values=values,
        notes=("dental-procedure-on-bisphosphonate.caution",),
    )
