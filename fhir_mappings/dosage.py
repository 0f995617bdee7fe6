"""Dosage (R4, and the STU3/DSTU2 shapes of draft orders) → Dose. Structured fields only.

Free-text instructions are never parsed: a dose the EHR did not structure stays unknown. A dose in
units of the product ("1 {pill}" of RxNorm 1049683 oxyCODONE 10 MG Oral Tablet, "5 mL" of a 1 MG/ML
solution) is converted to mg with the strength the product's code carries (value sets built from
RxNorm product names); without a known strength it stays in the units it was given.
"""

from __future__ import annotations

from fhir_mappings import terminology as t
from fhir_mappings.reading import as_dict, as_list, as_number, as_str, codings
from fhir_mappings.units import duration_minutes, mass_to_mg, minutes_at_rate, period_days
from guideline.facts import Dose

# Units that count whole product units (UCUM annotations, HL7 v3 orderableDrugForm words, Chinese 片/粒/支).
_PRODUCT_UNITS = frozenset(
    "1 {pill} {pills} {tbl} {tablet} {tablets} {capsule} {capsules} {cap} {dose} {vial} {syringe} {each} {ea} "
    "tab tabs cap caps tablet tablets capsule capsules pill pills each ea vial syringe 片 粒 支 瓶".split()
)
_VOLUME_UNITS = frozenset({"ml", "mL", "mls", "milliliter", "millilitre"})


def map_dosage(dosages: object, product: t.Entry | None = None) -> Dose | None:
    """The first structured dosage instruction as a Dose; None when nothing usable is structured.

    ``product``: the value-set entry of the ordered product, whose strength converts a dose given in
    product units (tablets, mL) into mg.
    """
    for dosage in as_list(dosages) if isinstance(dosages, list) else [dosages]:
        if isinstance(dosage, dict):
            dose = _dose(dosage, product)
            if dose is not None:
                return dose
    return None


def _dose(dosage: dict, product: t.Entry | None = None) -> Dose | None:
    quantity, rate = _quantities(dosage)
    amount, unit = None, None
    raw_value = as_number(quantity.get("value"))
    raw_unit = as_str(quantity.get("code")) or as_str(quantity.get("unit"))
    if raw_value is not None:
        in_mg = mass_to_mg(raw_value, raw_unit)
        if in_mg is None:
            in_mg = _from_product_strength(raw_value, raw_unit, product)
        amount, unit = (in_mg, "mg") if in_mg is not None else (raw_value, raw_unit)
    repeat = as_dict(as_dict(dosage.get("timing")).get("repeat"))
    every_days = _every_days(repeat)
    infusion = _infusion_minutes(repeat, raw_value, raw_unit, rate)
    dose = Dose(
        amount=amount,
        unit=unit,
        route=_route(dosage.get("route")),
        every_days=every_days,
        infusion_minutes=infusion,
        per_day=amount / every_days if amount is not None and unit == "mg" and every_days and every_days <= 1 else None,
        course_days=_course_days(repeat, every_days),
    )
    return None if dose == Dose() else dose


def _from_product_strength(value: float, unit: str | None, product: t.Entry | None) -> float | None:
    if product is None or unit is None:
        return None
    if unit.strip().casefold() in _PRODUCT_UNITS and product.unit_dose_mg is not None:
        return value * product.unit_dose_mg
    if unit.strip() in _VOLUME_UNITS and product.mg_per_ml is not None:
        return value * product.mg_per_ml
    return None


def _quantities(dosage: dict) -> tuple[dict, dict]:
    """(doseQuantity, rateQuantity) from R4 doseAndRate or the older flat fields."""
    for dose_and_rate in as_list(dosage.get("doseAndRate")):
        dose_and_rate = as_dict(dose_and_rate)
        if dose_and_rate.get("doseQuantity") or dose_and_rate.get("rateQuantity"):
            return as_dict(dose_and_rate.get("doseQuantity")), as_dict(dose_and_rate.get("rateQuantity"))
    return as_dict(dosage.get("doseQuantity")), as_dict(dosage.get("rateQuantity"))


def _every_days(repeat: dict) -> float | None:
    period = as_number(repeat.get("period"))
    unit = as_str(repeat.get("periodUnit")) or as_str(repeat.get("periodUnits"))  # DSTU2 spelling
    if period is None or period <= 0:
        return None
    frequency = as_number(repeat.get("frequency")) or 1.0
    days = period_days(period, unit)
    return days / frequency if days is not None and frequency > 0 else None


def _course_days(repeat: dict, every_days: float | None) -> float | None:
    """How long the order runs: boundsDuration, else count administrations at the interval (5 daily doses = 5 days)."""
    bounds = as_dict(repeat.get("boundsDuration"))
    value = as_number(bounds.get("value"))
    if value is not None and value > 0:
        return period_days(value, as_str(bounds.get("code")) or as_str(bounds.get("unit")))
    count = as_number(repeat.get("count"))
    if count is not None and count > 0 and every_days is not None:
        return count * every_days
    return None


def _infusion_minutes(repeat: dict, value: float | None, unit: str | None, rate: dict) -> float | None:
    duration = as_number(repeat.get("duration"))
    if duration is not None and duration > 0:
        return duration_minutes(duration, as_str(repeat.get("durationUnit")) or as_str(repeat.get("durationUnits")))
    rate_value = as_number(rate.get("value"))
    if value is not None and rate_value is not None:
        return minutes_at_rate(value, unit, rate_value, as_str(rate.get("code")) or as_str(rate.get("unit")))
    return None


def _route(route: object) -> str | None:
    for system, code, _ in codings(route):
        entry = t.INDEX.lookup(system, code, t.ROUTE_GROUPS)
        if entry:
            return entry.concept
    text = as_str(as_dict(route).get("text"))
    entry = t.INDEX.lookup_text(text, t.ROUTE_GROUPS, whole_word=True)
    return entry.concept if entry else None
