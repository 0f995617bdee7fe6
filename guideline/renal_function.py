"""Renal function for bisphosphonate dosing: a reported creatinine clearance, else Cockcroft-Gault (REFERENCE B.6).

The labels dose by creatinine clearance in mL/min (B.1-B.3); eGFR, indexed to body surface, is not interchangeable.
Whichever of a reported CrCl and a computed one is newer wins, both within ``lab_window_days``. The inputs are kept,
rounded as the laboratory reports them, so a card can show its working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from guideline import concepts as c
from guideline.calculators import creatinine_clearance
from guideline.facts import Measurement, PatientFacts
from guideline.settings import Settings


@dataclass(frozen=True)
class RenalFunction:
    crcl: float  # mL/min
    basis: str  # "reported" or "cockcroft-gault"
    when: datetime
    inputs: dict[str, Any]  # what the card cites: age, sex, weight, creatinine for Cockcroft-Gault


def creatinine_text(creatinine: Measurement) -> str:
    """A creatinine as the lab sent it (up to two decimals, e.g. "0.86 mg/dL"), else in whole µmol/L."""
    if creatinine.original and not re.search(r"\d\.\d{3,}", creatinine.original):
        return creatinine.original
    return f"{round(creatinine.value):d} µmol/L"


def renal_function(facts: PatientFacts, settings: Settings) -> RenalFunction | None:
    """The newest of a reported CrCl and a Cockcroft-Gault CrCl; None when neither is available."""
    window = settings.days("lab_window_days")
    reported = facts.latest(c.CREATININE_CLEARANCE, within=window)
    computed = creatinine_clearance(facts, creatinine_window=window, weight_window=settings.days("weight_window_days"))
    if reported is not None and (computed is None or reported.when >= computed.creatinine.when):
        return RenalFunction(round(reported.value, 1), "reported", reported.when, {})
    if computed is None:
        return None
    creatinine = computed.creatinine
    cited = {
        "age": computed.age,
        "sex": computed.sex,
        "weight": f"{round(computed.weight.value, 1):g} kg",
        "creatinine": creatinine_text(creatinine),
    }
    return RenalFunction(computed.ml_min, "cockcroft-gault", creatinine.when, cited)


def missing_for_clearance(facts: PatientFacts, settings: Settings) -> tuple[str, ...]:
    """What Cockcroft-Gault lacks: "creatinine", "weight", "age", "sex" (in that order)."""
    missing = []
    if facts.latest(c.CREATININE, within=settings.days("lab_window_days")) is None:
        missing.append("creatinine")
    if facts.latest(c.BODY_WEIGHT, within=settings.days("weight_window_days")) is None:
        missing.append("weight")
    if facts.person.birth_date is None:
        missing.append("age")
    if facts.person.sex not in ("male", "female"):
        missing.append("sex")
    return tuple(missing)
