"""BM-BP-05..08 — a bone-agent order whose dose, route, interval, course or infusion time is not the regimen's.

Guideline 一(三)3, "常用于骨转移治疗的双膦酸盐药物的用量与用法": "氯膦酸1 600 mg/d，口服；或氯膦酸盐注射液
300mg/d，静脉注射，>2小时，连续5天，之后改为口服制剂"; "帕米膦酸90 mg，静脉注射>2小时，每3〜4周重复";
"唑来膦酸4mg，静脉注射>15分钟，每3〜4周重复"; "伊班膦酸6mg，静脉注射，每3〜4周重复". ">" is read as "not
less than" (REFERENCE 0.3); ibandronate's ≥ 15 min is the EU label's (B.3). Beyond the guideline, zoledronic
acid every 12 weeks is accepted (ASCO 2017, ESMO 2020: B.13, B.14, A.11-9; setting zoledronic_acid_12_weekly).

Denosumab (beyond the guideline, ASCO 2017, B.5/B.13): 120 mg SC every 4 weeks.

When: a selected order for one of these regimens, in a patient with cancer or bone metastasis (otherwise
bisphosphonate-not-indicated speaks and a dose correction would seem to endorse the order), whose dose,
route, interval, course or infusion time differs from the regimen. In a patient with (suspected or confirmed)
bone metastasis every zoledronic acid and denosumab order is judged, including the osteoporosis products
(zoledronic acid 5 mg / yearly, denosumab 60 mg): the wrong product is the wrong dose (issue 9 item 2). An IV
clodronate order without its 5-day bound is a deviation (连续5天). A field the draft leaves out is otherwise
unknown, not wrong: no card for it (order-select drafts are often incomplete); when a card fires, its
correction fills the field in.
Renal dosing belongs to renal-impairment: a dose the CrCl table lowers is not this card's finding unless it
is also above the regimen dose, and the correction uses the same renal-adjusted dose
(guideline.regimen_review.review_regimen). When the drug is not recommended at this CrCl it stays silent
(renal-impairment says remove). Which card offers the correction is the response-level pass's decision.
Then: critical when the dose is above the regimen's (e.g. zoledronic acid above 4 mg: the osteoporosis product,
or 8 mg), else warning; suggest updating the draft to the regimen (same id, full resource). The record is read
for dose facts only: the card does not rest on the absence of anything, so incomplete data changes nothing here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis
from guideline.dosing import OSTEOPOROSIS_CRCL_CONTRAINDICATED_BELOW, REDUCED_DOSE_INFUSION_UNVERIFIED, REGIMENS
from guideline.facts import PatientFacts
from guideline.orders import in_oncology_care, selected_medication_orders
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, Term
from guideline.regimen_review import order_crcl, review_regimen
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-05", "BM-BP-06", "BM-BP-07", "BM-BP-08"),
    topic="bisphosphonate-dose",
    section="一(三)3",
    beyond_guideline="ibandronate infusion time: EU SmPC; 12-weekly zoledronic acid: ASCO 2017, ESMO 2020; renal "
    "doses: zoledronic acid, pamidronate and ibandronate labels",
    digest="REFERENCE B.1-B.5, B.13, B.14",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS


# Sources beyond the guideline by drug: a card on one drug cites that drug's sources only.
SOURCES = {
    "zoledronic-acid": "zoledronic acid label (renal doses; the 5 mg product); 12-weekly: ASCO 2017, ESMO 2020",
    "pamidronate": "pamidronate label, Aapro et al. 2008 (renal doses)",
    "ibandronate": "ibandronate EU SmPC (infusion time), Aapro et al. 2008 (renal doses)",
    "clodronate": "clodronate (Bonefos) SmPC (renal doses)",
    "denosumab": "denosumab: ASCO 2017 (120 mg every 4 weeks); the 60 mg product (Prolia)",
}


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if not in_oncology_care(facts):
        return None
    metastatic = bone_metastasis(facts).status is not MetastasisStatus.NONE
    for order, medication in selected_medication_orders(facts, c.BONE_MODIFYING_AGENT):
        review = review_regimen(medication, facts, settings, bone_metastasis=metastatic)
        if review is None or not review.deviations:
            continue
        if review.renal is not None and review.renal.dose_mg is None:
            continue  # not recommended at this CrCl: renal-impairment proposes removal
        regimen = REGIMENS[review.regimen_key]
        dose = medication.dose
        values: dict[str, Any] = {
            "drug": Term("drug", medication.agent),
            "regimen": review.wording,
            "target_dose": review.changes.get("dose_mg", review.changes["text_dose_mg"]),
            "standard_dose": regimen.per_day_mg or regimen.dose_mg,
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
        renal = order_crcl(facts, settings)
        if review.osteoporosis_product:
            # The product note says the dose: it replaces the amount line (2-3 lines a card).
            notes = [n for n in notes if n != "bisphosphonate-dose.amount"]
            product = f"bisphosphonate-dose.osteoporosis-product.{medication.agent}"
            floor = OSTEOPOROSIS_CRCL_CONTRAINDICATED_BELOW.get(medication.agent)
            if floor is not None and renal is not None and renal.crcl < floor:
                values.update(crcl=renal.crcl, product_floor=floor)
                product += ".contraindicated"
            notes.insert(0, product)
        if review.renal is not None:
            values.update(crcl=review.renal.renal.crcl)
            notes.append("bisphosphonate-dose.renal")
            if medication.agent in REDUCED_DOSE_INFUSION_UNVERIFIED:
                notes.append("bisphosphonate-dose.reduced-infusion-check")
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
            rule=replace(RULE, beyond_guideline=SOURCES.get(medication.agent)),
            indicator=Indicator.CRITICAL if review.overdose else Indicator.WARNING,
            message="bisphosphonate-dose.overdose" if review.overdose else "bisphosphonate-dose",
            values=values,
            proposals=proposals,
            notes=tuple(notes),
        )
    return None
