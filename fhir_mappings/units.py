"""UCUM quantities → each concept's canonical unit, through pint.

Unit strings are UCUM codes as EHRs send them (``mg/dL``, ``umol/L``, ``µmol/L``, ``10*9/L``,
``[lb_av]``, ``mL/min/{1.73_m2}``). Mass ↔ molar conversions use the analyte's molar mass, so
the lab factors of REFERENCE.md B.8 follow from chemistry instead of being typed into rules.
A missing or unknown unit makes the value unusable: it is never assumed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pint

from guideline.concepts import CANONICAL_UNITS

_UREG: pint.UnitRegistry[float] = pint.UnitRegistry()
# eGFR is indexed to 1.73 m² body surface: a distinct dimension, so plain mL/min (a clearance) never converts into it.
_UREG.define("per_bsa_173 = [indexed_bsa]")

# g/mol. Phosphate is reported as inorganic phosphorus; vitamin D as 25-OH-D (25-hydroxycholecalciferol).
MOLAR_MASS: dict[str, float] = {
    "calcium": 40.078,
    "calcium-ionised": 40.078,
    "calcium-corrected": 40.078,
    "creatinine": 113.12,
    "phosphate": 30.974,
    "magnesium": 24.305,
    "vitamin-d": 400.64,
}
SCORE_CONCEPTS = frozenset(c for c, u in CANONICAL_UNITS.items() if u == "{score}")

# Whole unit strings EHRs send that are not UCUM, or need a word pint knows.
_ALIASES = {
    "k/ul": "1e3/uL",
    "x10e3/ul": "1e3/uL",
    "thou/ul": "1e3/uL",
    "x10^9/l": "1e9/L",
    "x10e9/l": "1e9/L",
    "mo": "month",
    "a": "year",
    "mL/min/1.73m2": "mL/min/per_bsa_173",
    "mL/min/1.73 m2": "mL/min/per_bsa_173",
}
_ALIASES_FOLDED = {k.casefold(): v for k, v in _ALIASES.items()}


class UnitError(ValueError):
    """A quantity whose unit is missing, unknown or of the wrong kind for its concept."""


def _to_pint(ucum: str) -> str:
    """Rewrite a UCUM unit code into a pint expression."""
    text = ucum.strip().replace("µ", "u").replace("μ", "u")
    alias = _ALIASES_FOLDED.get(text.casefold())
    if alias:
        return alias
    text = text.replace("{1.73_m2}", "per_bsa_173").replace("[lb_av]", "lb").replace("[in_i]", "inch")
    text = re.sub(r"10\*(-?\d+)", r"1e\1", text)
    text = re.sub(r"10\^(-?\d+)", r"1e\1", text)
    text = re.sub(r"\bIU\b", "U", text)
    if text.startswith("/"):
        text = "1" + text
    if "{" in text or "[" in text:
        raise UnitError(f"unsupported UCUM annotation in {ucum!r}")
    return text


@lru_cache(maxsize=512)
def factor(concept: str, unit: str) -> float:
    """Multiplier from ``unit`` to the canonical unit of ``concept`` (raises UnitError)."""
    canonical = CANONICAL_UNITS.get(concept)
    if canonical is None:
        raise UnitError(f"no canonical unit for {concept!r}")
    if concept in SCORE_CONCEPTS:
        if unit.strip() in ("{score}", "1", "{Score}", "{points}"):
            return 1.0
        raise UnitError(f"score with unit {unit!r}")
    try:
        source = _UREG.parse_expression(_to_pint(unit))
        target = _UREG.parse_expression(_to_pint(canonical))
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError) as exc:
        raise UnitError(f"unknown unit {unit!r}") from exc
    if not isinstance(source, pint.Quantity):
        raise UnitError(f"not a unit: {unit!r}")
    molar_mass = MOLAR_MASS.get(concept)
    try:
        if source.dimensionality == target.dimensionality:
            return float((source / target).to("dimensionless").magnitude)
        if molar_mass is not None:
            per_mole = _UREG.Quantity(molar_mass, "g/mol")
            if (source / per_mole).dimensionality == target.dimensionality:
                return float((source / per_mole / target).to("dimensionless").magnitude)
            if (source * per_mole).dimensionality == target.dimensionality:
                return float((source * per_mole / target).to("dimensionless").magnitude)
    except pint.errors.PintError as exc:
        raise UnitError(f"cannot convert {unit!r} to {canonical!r}") from exc
    raise UnitError(f"{unit!r} is not a unit of {concept} ({canonical})")


def to_canonical(concept: str, value: float, unit: str | None) -> float:
    """``value`` in ``unit`` expressed in the concept's canonical unit (raises UnitError)."""
    if unit is None or not str(unit).strip():
        if concept in SCORE_CONCEPTS:
            return float(value)
        raise UnitError("no unit")
    return float(value) * factor(concept, str(unit))


def mass_to_mg(value: float, unit: str | None) -> float | None:
    """A dose amount in mg (g, mg, ug, mcg, µg); None when it is not a mass (e.g. mL, {tbl})."""
    if not unit:
        return None
    try:
        quantity = _UREG.Quantity(float(value), _to_pint(unit.replace("mcg", "ug")))
        return float(quantity.to("mg").magnitude)
    except (pint.errors.PintError, UnitError, AttributeError, TypeError, ValueError, SyntaxError):
        return None


def minutes_at_rate(amount: float, amount_unit: str | None, rate: float, rate_unit: str | None) -> float | None:
    """How long ``amount`` takes at ``rate`` (e.g. 100 mL at 400 mL/h → 15 min); None if the units do not fit."""
    if not amount_unit or not rate_unit or rate <= 0:
        return None
    try:
        amount_q = _UREG.Quantity(float(amount), _to_pint(amount_unit.replace("mcg", "ug")))
        rate_q = _UREG.Quantity(float(rate), _to_pint(rate_unit.replace("mcg", "ug")))
        return float((amount_q / rate_q).to("minute").magnitude)
    except (pint.errors.PintError, UnitError, AttributeError, TypeError, ValueError, SyntaxError):
        return None


def duration_minutes(value: float, unit: str | None) -> float | None:
    """A UCUM time unit (s, min, h, d, wk, mo, a) in minutes; None if unknown."""
    days = _TIME_IN_DAYS.get(unit or "")
    return value * days * 24 * 60 if days is not None else None


def period_days(value: float, unit: str | None) -> float | None:
    days = _TIME_IN_DAYS.get(unit or "")
    return value * days if days is not None else None


# Timing.repeat.periodUnit / durationUnit (FHIR units-of-time value set). A month is 30 days for intervals.
_TIME_IN_DAYS = {"s": 1 / 86400, "min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.0, "a": 365.0}
