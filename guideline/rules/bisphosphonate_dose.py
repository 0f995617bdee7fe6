"""BM-BP-05..08 — a bisphosphonate order whose dose, route, interval or infusion time is not the guideline's.

Guideline 一(三)3, "常用于骨转移治疗的双膦酸盐药物的用量与用法": "氯膦酸1 600 mg/d，口服；或氯膦酸盐注射液
300mg/d，静脉注射，>2小时，连续5天，之后改为口服制剂"; "帕米膦酸90 mg，静脉注射>2小时，每3〜4周重复";
"唑来膦酸4mg，静脉注射>15分钟，每3〜4周重复"; "伊班膦酸6mg，静脉注射，每3〜4周重复". ">" is read as "not
less than" (REFERENCE 0.3); ibandronate's ≥ 15 min is the EU label's (B.3). Beyond the guideline, zoledronic
acid every 12 weeks is accepted (ASCO 2017, ESMO 2020: B.13, B.14, A.11-9; setting zoledronic_acid_12_weekly).

When: a selected order for one of these regimens, in a patient with cancer or bone metastasis (otherwise
bisphosphonate-not-indicated speaks and a dose correction would seem to endorse the order), whose dose,
route, interval or infusion time differs from the regimen. A field the draft leaves out is unknown, not
wrong: no card for it (order-select drafts are often incomplete, and a card on every order would bury
the ones that matter); when a card fires, its correction fills the field in.
Renal dosing belongs to renal-impairment: this card never flags a dose the CrCl table lowers, and its
correction uses the same renal-adjusted dose (guideline.regimen_review.review_regimen), so the two cards never
propose different doses. When CrCl is below 30 mL/min it stays silent (renal-impairment says remove).
Then: warning; suggest updating the draft to the guideline regimen (same id, full resource).
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.dosing import REGIMENS
from guideline.facts import PatientFacts
from guideline.orders import drug_name, in_oncology_care, selected_medication_orders
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.regimen_review import review_regimen
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-05", "BM-BP-06", "BM-BP-07", "BM-BP-08"),
    topic="bisphosphonate-dose",
    section="一(三)3",
    beyond_guideline="ibandronate infusion time: EU SmPC; 12-weekly zoledronic acid: ASCO 2017, ESMO 2020; renal "
    "doses: zoledronic acid, pamidronate and ibandronate labels",
    digest="REFERENCE B.1-B.3, B.13, B.14",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not in_oncology_care(facts):
        return None
    for order, medication in selected_medication_orders(facts, c.BISPHOSPHONATE):
        review = review_regimen(medication, facts, settings)
        if review is None or not review.deviations:
            continue
        if review.renal is not None and review.renal.dose_mg is None:
            continue  # not recommended at this CrCl: renal-impairment proposes removal
        regimen = REGIMENS[review.regimen_key]
        dose = medication.dose
        values: dict[str, Any] = {
            "drug": drug_name(medication),
            "regimen": review.wording,
            "target_dose": review.changes.get("dose_mg", review.changes["text_dose_mg"]),
            "ordered_amount": dose.amount if dose else None,
            "ordered_unit": dose.unit if dose else None,
            "ordered_daily": dose.per_day if dose else None,
            "ordered_route": dose.route if dose else None,
            "regimen_route": regimen.route,
            "ordered_every_days": dose.every_days if dose else None,
            "ordered_infusion": dose.infusion_minutes if dose else None,
            "min_infusion": regimen.min_infusion_minutes,
        }
        notes = [f"bisphosphonate-dose.{d}" for d in review.deviations]
        if review.renal is not None:
            values.update(crcl=review.renal.renal.crcl)
            notes.append("bisphosphonate-dose.renal")
        proposals: tuple[Proposal, ...] = ()
        if order.reference is not None:
            proposals = (
                Proposal(
                    ProposalKind.UPDATE,
                    "update-bisphosphonate-regimen",
                    order_ref=order.reference,
                    changes=review.changes,
                    recommended=True,
                ),
            )
        return Recommendation(
            rule=RULE,
            indicator=Indicator.WARNING,
            message="bisphosphonate-dose",
            values=values,
            proposals=proposals,
            notes=tuple(notes),
        )
    return None
