"""Scores and formulas, each keeping its inputs so a card can show its working.

Sources: Mirels (guideline Table 1-4, 一(三)5; A.11-1..3), SINS (REFERENCE B.10,
Fourney et al. J Clin Oncol 2011), Cockcroft-Gault (B.6), albumin-corrected
calcium (B.7). The formulas go beyond the guideline's text where it names a
check without its arithmetic; each function says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from guideline import concepts as c
from guideline.facts import Measurement, PatientFacts

# Molar mass of creatinine 113.12 g/mol: 1 mg/dL = 88.4 umol/L (REFERENCE B.8).
UMOL_PER_MG_DL_CREATININE = 88.4


@dataclass(frozen=True)
class CreatinineClearance:
    """Cockcroft-Gault CrCl in mL/min and what it was computed from (B.6)."""

    ml_min: float
    age: int
    sex: str
    weight: Measurement
    creatinine: Measurement


def creatinine_clearance(
    facts: PatientFacts, *, creatinine_window: timedelta, weight_window: timedelta
) -> CreatinineClearance | None:
    """CrCl = (140 − age) × weight / (72 × SCr mg/dL), × 0.85 if female; None when an input is missing.

    Beyond the guideline: it asks for renal function (一(三)3) but the dose table that
    uses CrCl is the zoledronic-acid label's (B.1). Age at the creatinine's date; actual
    body weight (B.1 leaves the weight choice open). A reported CrCl is preferred.
    """
    creatinine = facts.latest(c.CREATININE, within=creatinine_window)
    weight = facts.latest(c.BODY_WEIGHT, within=weight_window)
    sex = facts.person.sex
    if creatinine is None or weight is None or sex not in ("male", "female") or creatinine.value <= 0:
        return None
    age = facts.person.age_on(creatinine.when.date())
    if age is None or age < 18:
        return None  # Cockcroft-Gault is an adult formula
    scr_mg_dl = creatinine.value / UMOL_PER_MG_DL_CREATININE
    ml_min = (140 - age) * weight.value / (72 * scr_mg_dl)
    if sex == "female":
        ml_min *= 0.85
    return CreatinineClearance(round(ml_min, 1), age, sex, weight, creatinine)


@dataclass(frozen=True)
class CorrectedCalcium:
    mmol_l: float
    calcium: Measurement
    albumin: Measurement | None  # None: no albumin on the same day, total calcium used as is


def corrected_calcium(calcium: Measurement, albumin: Measurement | None) -> CorrectedCalcium:
    """Ca + 0.02 × (40 − albumin g/L), mmol/L (B.7); albumin must be from within a day of the calcium."""
    if albumin is None or abs((albumin.when - calcium.when).total_seconds()) > 86400:
        return CorrectedCalcium(round(calcium.value, 2), calcium, None)
    return CorrectedCalcium(round(calcium.value + 0.02 * (40 - albumin.value), 2), calcium, albumin)


# Mirels (guideline Table 1-4). Each component scores 1, 2 or 3.
MIRELS_SITE = {"upper-limb": 1, "humerus": 1, "radius-ulna": 1, "lower-limb": 2, "femur": 2, "tibia-fibula": 2}
MIRELS_SITE["peritrochanteric"] = 3
MIRELS_PAIN = {"mild": 1, "moderate": 2, "functional": 3}
MIRELS_LESION = {"blastic": 1, "mixed": 2, "lytic": 3}
MIRELS_SIZE = {"lt-1/3": 1, "1/3-2/3": 2, "gt-2/3": 3}


@dataclass(frozen=True)
class MirelsScore:
    total: int
    site: int
    pain: int
    lesion: int
    size: int


def mirels(site: str, pain: str, lesion: str, size: str) -> MirelsScore | None:
    """Table 1-4 total (4-12), only for long bones (A.11-3); None if any part is unknown."""
    s, p, le, z = MIRELS_SITE.get(site), MIRELS_PAIN.get(pain), MIRELS_LESION.get(lesion), MIRELS_SIZE.get(size)
    if s is None or p is None or le is None or z is None:
        return None
    return MirelsScore(s + p + le + z, s, p, le, z)


def mirels_band(total: int, threshold: int) -> str:
    """A.11-1: ≤ threshold−1 defer; threshold (8) borderline-high; above it high."""
    if total < threshold:
        return "low"
    return "borderline" if total == threshold else "high"


def sins_band(total: int) -> str:
    """B.10: 0-6 stable, 7-12 potentially unstable, 13-18 unstable."""
    if total <= 6:
        return "stable"
    return "potentially-unstable" if total <= 12 else "unstable"
