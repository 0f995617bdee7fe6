"""BM-BP-09, BM-BP-10 — a bisphosphonate dose above what the patient's creatinine clearance allows.

Guideline 一(三)3: "肾功能不良是少见的严重不良反应。建议在双膦酸盐治疗前评估肾功能" and "建议根据患者的具体
情況，如肾功能……决定药物的选择及给药途径". The guideline gives no dose table; the numbers are the labels'
(REFERENCE B.1 zoledronic acid: CrCl > 60 → 4 mg, 50-60 → 3.5, 40-49 → 3.3, 30-39 → 3.0, < 30 not
recommended; B.2 pamidronate and B.3 ibandronate: Aapro 2008). CrCl is Cockcroft-Gault (B.6), never eGFR.

When: a selected zoledronic acid, pamidronate or IV ibandronate order (guideline regimens) while the
patient's CrCl calls for a lower dose, and the ordered dose is higher or not stated; or CrCl < 30 mL/min.
Oral clodronate: Bonefos tablets SmPC (50-80 → 1600 mg/d, 30-<50 → 1200, 10-<30 → 800, < 10 contraindicated;
guideline.dosing). IV clodronate has no verified table: not judged here (the response-level pass withholds a
one-click IV clodronate order below 60 mL/min).
A rise in serum creatinine since the last IV dose (the zoledronic acid and pamidronate labels' withhold rule,
guideline.creatinine_rise.rise_since_last_dose: +0.5 mg/dL from a normal baseline, +1.0 from an abnormal one,
until back within 10 % of baseline) comes first: critical, remove the draft or hold the active order, with the
patient-view card's words.
Then: warning (critical where the drug is not recommended at this CrCl); suggest updating the draft to the label
dose (the same correction bisphosphonate-dose would propose, guideline.regimen_review.review_regimen), or, where
not recommended, removing a draft or holding an active order being re-signed (status on-hold, item 10). In
hypercalcaemia of malignancy the label keeps 4 mg below a creatinine of 400 µmol/L (B.1): the card says so,
since the order's purpose is not recorded. The card cites only the ordered drug's sources. The CrCl is the
newest within ``lab_window_days``: the card rests on a value present, not on an absence, so incomplete data
changes nothing here (renal-check speaks about a missing or old creatinine).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis
from guideline.creatinine_rise import CreatinineRise, rise_since_last_dose
from guideline.dosing import REDUCED_DOSE_INFUSION_UNVERIFIED
from guideline.facts import Medication, MedicationStatus, Order, PatientFacts
from guideline.orders import hypercalcaemia_of_malignancy, selected_medication_orders
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, Term
from guideline.regimen_review import oncology_regimen, review_regimen
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-BP-09", "BM-BP-10"),
    topic="renal-impairment",
    section="一(三)3",
    beyond_guideline="zoledronic acid, pamidronate and ibandronate labels, Aapro et al. 2008; Cockcroft-Gault",
    digest="REFERENCE B.1-B.3, B.6",
)
HOOKS = ("order-select", "order-sign")
READS = (
    frozenset({inputs.PATIENT, inputs.CONDITIONS, inputs.OBSERVATIONS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS  # the last dose, for a creatinine rise since it
)
# Sources beyond the guideline by drug: a card on oral clodronate does not cite the zoledronic acid label.
SOURCES = {
    "zoledronic-acid": "zoledronic acid label; Cockcroft-Gault",
    "pamidronate": "pamidronate label, Aapro et al. 2008; Cockcroft-Gault",
    "ibandronate": "ibandronate: Aapro et al. 2008; EU SmPC; Cockcroft-Gault",
    "clodronate": "clodronate (Bonefos) SmPC; Cockcroft-Gault",
}


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    metastatic = bone_metastasis(facts).status is not MetastasisStatus.NONE
    rise = rise_since_last_dose(facts, settings)
    if rise is not None:
        for order, medication in selected_medication_orders(facts, c.BISPHOSPHONATE):
            key = oncology_regimen(medication, bone_metastasis=metastatic)
            if key is not None and key != "clodronate-oral":
                return _rise(order, medication, rise)
    for order, medication in selected_medication_orders(facts, c.BISPHOSPHONATE):
        review = review_regimen(medication, facts, settings, bone_metastasis=metastatic)
        if review is None or review.renal is None or not review.renal_excess:
            continue
        limit = review.renal
        renal, dose = limit.renal, medication.dose
        daily = limit.regimen.per_day_mg is not None
        values: dict[str, Any] = {
            "drug": Term("drug", medication.agent),
            "crcl": renal.crcl,
            "crcl_date": renal.when,
            **renal.inputs,
            "ordered_amount": (dose.per_day if daily else dose.amount) if dose and dose.unit == "mg" else None,
            "standard_dose": limit.regimen.per_day_mg or limit.regimen.dose_mg,
            "regimen": review.wording,
        }
        notes = [f"renal-impairment.basis.{renal.basis}"]
        if medication.agent == "zoledronic-acid" and hypercalcaemia_of_malignancy(facts, settings):
            notes.append("renal-impairment.order-hypercalcaemia")
            values["hcm_creatinine_below"] = settings.hcm_zoledronic_creatinine_below
        changes: dict[str, Any]
        if limit.dose_mg is None:
            indicator, message = Indicator.CRITICAL, "renal-impairment.order-not-recommended"
            if medication.status is MedicationStatus.DRAFT:
                kind, label, changes = ProposalKind.DELETE, "remove-bisphosphonate-order", {}
            else:  # an active order being re-signed: hold it (the EHR keeps its history), do not delete it
                kind, label = ProposalKind.UPDATE, "response-safety.hold"
                changes = {"status": "on-hold", "reason": "response-safety.hold-reason", "drug": values["drug"]}
        else:
            indicator, message = Indicator.WARNING, "renal-impairment.order-reduce"
            values["target_dose"] = limit.dose_mg
            kind, label, changes = ProposalKind.UPDATE, "update-renal-dose", review.changes
            if medication.agent in REDUCED_DOSE_INFUSION_UNVERIFIED:
                notes.append("bisphosphonate-dose.reduced-infusion-check")
        proposals: tuple[Proposal, ...] = ()
        if order.reference is not None:  # a draft without an id cannot be changed by reference
            proposals = (Proposal(kind, label, order_ref=order.reference, changes=changes, recommended=True),)
        return Recommendation(
            rule=replace(RULE, beyond_guideline=SOURCES.get(medication.agent, RULE.beyond_guideline)),
            indicator=indicator,
            message=message,
            values=values,
            proposals=proposals,
            notes=tuple(notes),
        )
    return None


# The withhold rule is the zoledronic acid and pamidronate labels' (B.1, B.2); other IV agents are held by analogy.
RISE_SOURCES = {"pamidronate": "pamidronate prescribing information"}


def _rise(order: Order, medication: Medication, rise: CreatinineRise) -> Recommendation:
    """A new IV dose while creatinine has risen since the last one: the label withholds it (guideline.creatinine_rise,
    the same function patient-view's renal-impairment card reads, and the same words)."""
    drug = Term("drug", medication.agent)
    values: dict[str, Any] = {
        "drug": medication.agent,  # the renal-impairment texts name it through {drug_text}
        **rise.card_values(),
    }
    changes: dict[str, Any] = {"drug": drug}
    if medication.status is MedicationStatus.DRAFT:
        kind, label = ProposalKind.DELETE, "remove-bisphosphonate-order"
    else:  # an active order being re-signed: hold it
        kind, label = ProposalKind.UPDATE, "response-safety.hold"
        changes.update(status="on-hold", reason="renal-impairment.hold-reason.rise")
    proposals: tuple[Proposal, ...] = ()
    if order.reference is not None:
        proposals = (Proposal(kind, label, order_ref=order.reference, changes=changes, recommended=True),)
    source = RISE_SOURCES.get(medication.agent, "zoledronic acid prescribing information")
    return Recommendation(
        rule=replace(RULE, beyond_guideline=source),
        indicator=Indicator.CRITICAL,
        message="renal-impairment.creatinine-rise",
        values=values,
        proposals=proposals,
        notes=("renal-impairment.resume",),
    )
