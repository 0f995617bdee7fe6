"""A bone-agent order against the guideline's regimens (一(三)3) and the labels' renal tables (B.1-B.4).

bisphosphonate-dose and renal-impairment both read ``review_regimen``: one review, one correction, so
the two cards never propose different orders for the same draft. Which card offers it is the response-level
pass's decision (guideline.response_safety).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guideline.dosing import (
    OSTEOPOROSIS_DOSE_MG,
    REGIMENS,
    RENAL_DOSE_BY_REGIMEN,
    Regimen,
    renal_dose_mg,
)
from guideline.facts import Medication, PatientFacts
from guideline.rules.renal_impairment import RenalFunction, renal_function
from guideline.settings import Settings

# Doses within this many mg count as the same dose (a 3.3 mg order is 3.3 mg, not 3.2999).
DOSE_TOLERANCE_MG = 0.05
# "每3~4周": 21-28 days; orders written "every month" (30-31 days) mean the same and are accepted.
EVERY_3_TO_4_WEEKS_DAYS = (21.0, 31.0)
# Zoledronic acid every 12 weeks to 3 months: the de-escalated schedule of ASCO 2017 / ESMO 2020 (B.13, B.14).
TWELVE_WEEKLY_DAYS = (84.0, 92.0)


def osteoporosis_product(medication: Medication) -> bool:
    """Zoledronic acid 5 mg or once a year (Reclast/Aclasta, B.1), denosumab 60 mg (Prolia, B.5)."""
    dose = medication.dose
    amount = dose.amount if dose is not None and dose.unit == "mg" else None
    product = OSTEOPOROSIS_DOSE_MG.get(medication.agent)
    if product is None:
        return False
    if amount is not None and abs(amount - product) <= DOSE_TOLERANCE_MG:
        return True
    return medication.agent == "zoledronic-acid" and dose is not None and (dose.every_days or 0) >= 180


def oncology_regimen(medication: Medication, *, bone_metastasis: bool = False) -> str | None:
    """The regimen (``guideline.dosing.REGIMENS`` key) this bone-agent order is judged against.

    Without bone metastasis, None for the osteoporosis products and drugs (alendronate, risedronate,
    etidronate, oral ibandronate, zoledronic acid 5 mg once a year, denosumab 60 mg), so that an
    osteoporosis order is never "corrected" to an oncology dose. With bone metastasis (suspected or
    confirmed), zoledronic acid and denosumab are judged whatever the product: the osteoporosis
    product given for bone metastasis is the wrong dose (issue 9 item 2).
    """
    dose = medication.dose
    route = dose.route if dose is not None else None
    if medication.agent in ("zoledronic-acid", "denosumab"):
        return None if osteoporosis_product(medication) and not bone_metastasis else medication.agent
    if medication.agent == "pamidronate":
        return "pamidronate"
    if medication.agent == "ibandronate":
        return None if route == "oral" else "ibandronate"
    if medication.agent == "clodronate":
        if route == "iv" or (route is None and daily_amount(medication) == REGIMENS["clodronate-iv"].per_day_mg):
            return "clodronate-iv"
        return "clodronate-oral"
    return None


def daily_amount(medication: Medication) -> float | None:
    """Total mg per day of a daily regimen (clodronate), when the order says it."""
    dose = medication.dose
    if dose is None or dose.unit != "mg":
        return None
    if dose.per_day is not None:
        return dose.per_day
    if dose.amount is not None and dose.every_days is not None and 0 < dose.every_days <= 1:
        return dose.amount / dose.every_days
    return None


def order_crcl(facts: PatientFacts, settings: Settings) -> RenalFunction | None:
    """The CrCl the patient-view renal-impairment card uses (reported or Cockcroft-Gault), so the two never disagree."""
    return renal_function(facts, settings)


@dataclass(frozen=True)
class RenalLimit:
    """The label dose at a reduced creatinine clearance (B.1-B.3); ``dose_mg`` None: not recommended."""

    renal: RenalFunction
    dose_mg: float | None
    regimen: Regimen


def renal_limit(regimen_key: str, facts: PatientFacts, settings: Settings) -> RenalLimit | None:
    """The reduced dose this patient's CrCl calls for; None when CrCl is unknown or needs no reduction.

    Shared by renal-impairment (which owns every renal dose change) and bisphosphonate-dose
    (which proposes the same reduced dose when it corrects anything else), so the two cards
    never propose different doses for one order.
    """
    regimen = REGIMENS[regimen_key]
    if regimen_key not in RENAL_DOSE_BY_REGIMEN:
        return None  # IV clodronate, denosumab: no verified CrCl table (B.4, B.5)
    renal = order_crcl(facts, settings)
    if renal is None:
        return None
    dose = renal_dose_mg(regimen_key, renal.crcl)
    if dose is not None and dose >= (regimen.per_day_mg or regimen.dose_mg):
        return None
    return RenalLimit(renal, dose, regimen)


def _ordered_mg(medication: Medication, regimen: Regimen) -> float | None:
    """The ordered amount the regimen is dosed in: per day for daily regimens, per administration otherwise."""
    if regimen.per_day_mg is not None:
        return daily_amount(medication)
    dose = medication.dose
    return dose.amount if dose is not None and dose.unit == "mg" else None


def exceeds_renal_limit(medication: Medication, limit: RenalLimit) -> bool:
    """True when the ordered dose is above what the CrCl allows, or is not stated where a reduction is due."""
    if limit.dose_mg is None:
        return True
    ordered = _ordered_mg(medication, limit.regimen)
    if ordered is None:
        return True  # the order does not say: the reduced dose must be set
    return ordered > limit.dose_mg + DOSE_TOLERANCE_MG


def renal_adjusted_doses(regimen_key: str) -> frozenset[float]:
    """Every reduced dose the regimen's renal table gives between CrCl 10 and 60 mL/min."""
    if regimen_key not in RENAL_DOSE_BY_REGIMEN:
        return frozenset()
    regimen = REGIMENS[regimen_key]
    doses = {renal_dose_mg(regimen_key, float(crcl)) for crcl in range(10, 61)}
    return frozenset(d for d in doses if d is not None) - {regimen.per_day_mg or regimen.dose_mg}


@dataclass(frozen=True)
class RegimenReview:
    """A bisphosphonate order against the guideline regimen and the renal table.

    ``deviations`` are bisphosphonate-dose's findings (amount, route, frequency, infusion);
    a dose above the renal limit is renal-impairment's (``renal_excess``). ``changes`` is the
    one correction both cards propose (see cards/orders.updated): the guideline's (renal-adjusted)
    dose, and the route, interval and infusion time wherever the draft is wrong or silent.
    """

    regimen_key: str
    deviations: tuple[str, ...]
    renal: RenalLimit | None
    renal_excess: bool
    changes: dict[str, Any] = field(default_factory=dict)
    overdose: bool = False  # above the regimen's dose, whatever the kidneys: critical (issue 9 item 2)
    osteoporosis_product: bool = False  # zoledronic acid 5 mg / yearly, denosumab 60 mg for bone metastasis

    @property
    def wording(self) -> str:
        """The corrected regimen as the cards name it (cards/text/order_regimens.py)."""
        return self.regimen_key + ("-12-weekly" if self.changes.get("interval") == "12-weekly" else "")


def _interval_ok(regimen_key: str, every_days: float, settings: Settings) -> bool:
    regimen = REGIMENS[regimen_key]
    if regimen.every_days is None:  # daily regimens (clodronate)
        return every_days <= 1
    low, high = regimen.every_days[0], max(regimen.every_days[1], EVERY_3_TO_4_WEEKS_DAYS[1])
    if low <= every_days <= high:
        return True
    low, high = TWELVE_WEEKLY_DAYS
    return regimen_key == "zoledronic-acid" and settings.zoledronic_acid_12_weekly and low <= every_days <= high


def review_regimen(
    medication: Medication, facts: PatientFacts, settings: Settings, *, bone_metastasis: bool = False
) -> RegimenReview | None:
    """How a bone-agent order differs from the guideline regimen; None outside the guideline's regimens.

    A field the draft leaves out is unknown, not wrong (order-select drafts are often incomplete),
    so it is no deviation; the correction fills it in when a card offers one anyway. An IV clodronate
    order must say its 5-day course (boundsDuration or count): an open-ended daily infusion is a deviation.
    """
    key = oncology_regimen(medication, bone_metastasis=bone_metastasis)
    if key is None:
        return None
    if medication.agent == "clodronate" and medication.dose is not None and medication.dose.route not in (None, "iv"):
        key = "clodronate-oral"  # any non-IV clodronate order is corrected to the oral regimen
    regimen = REGIMENS[key]
    dose = medication.dose
    limit = renal_limit(key, facts, settings)
    deviations: list[str] = []
    changes: dict[str, Any] = {"template": key}

    daily = regimen.per_day_mg is not None
    standard = regimen.per_day_mg or regimen.dose_mg
    ordered = _ordered_mg(medication, regimen)
    target = limit.dose_mg if limit and limit.dose_mg else standard
    renal_excess = limit is not None and exceeds_renal_limit(medication, limit)
    overdose = ordered is not None and ordered > standard + DOSE_TOLERANCE_MG
    if overdose:
        deviations.append("amount")  # above the regimen whatever the kidneys: this card's, and critical
    if ordered is None or renal_excess:
        changes["dose_mg"] = target
    elif abs(ordered - target) > DOSE_TOLERANCE_MG:
        unknown_kidneys = limit is None and order_crcl(facts, settings) is None
        reduced = any(abs(ordered - d) <= DOSE_TOLERANCE_MG for d in renal_adjusted_doses(key))
        if not (unknown_kidneys and reduced):
            if "amount" not in deviations:
                deviations.append("amount")  # (a label-reduced dose with no CrCl on record is not judged)
            changes["dose_mg"] = target
    changes["text_dose_mg"] = changes.get("dose_mg", ordered)

    route = dose.route if dose else None
    if route != regimen.route:
        changes["route"] = regimen.route
        if route is not None:
            deviations.append("route")

    every = dose.every_days if dose else None
    if every is None or not _interval_ok(key, every, settings):
        changes["interval"] = "regimen"
        if every is not None:
            deviations.append("frequency")
    elif regimen.every_days is not None and every >= TWELVE_WEEKLY_DAYS[0]:
        changes["interval"] = "12-weekly"  # kept, and said so in the dosage text

    if daily and "dose_mg" in changes:
        changes["interval"] = "regimen"  # a daily total is only right once a day

    if regimen.course_days is not None:
        course = dose.course_days if dose else None
        if course is None or course > regimen.course_days + DOSE_TOLERANCE_MG:
            deviations.append("course")  # "连续5天，之后改为口服制剂": an open-ended infusion is not the regimen
            changes["interval"] = "regimen"  # the correction carries the 5-day bound (cards/orders.updated)

    minutes = dose.infusion_minutes if dose else None
    if regimen.min_infusion_minutes is not None and (minutes is None or minutes < regimen.min_infusion_minutes):
        changes["infusion_minutes"] = regimen.min_infusion_minutes
        if minutes is not None:
            deviations.append("infusion")
    return RegimenReview(
        key,
        tuple(deviations),
        limit,
        renal_excess,
        changes,
        overdose=overdose,
        osteoporosis_product=osteoporosis_product(medication),
    )
