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
    return CreatinineClearance(cockcroft_gault(age, sex, weight.value, creatinine.value), age, sex, weight, creatinine)


def cockcroft_gault(age: int, sex: str, weight_kg: float, creatinine_umol_l: float) -> float:
    """(140 − age) × weight / (72 × SCr mg/dL), × 0.85 if female, mL/min to one decimal (B.6); adults only."""
    scr_mg_dl = creatinine_umol_l / UMOL_PER_MG_DL_CREATININE
    ml_min = (140 - age) * weight_kg / (72 * scr_mg_dl)
    if sex == "female":
        ml_min *= 0.85
    return round(ml_min, 1)


@dataclass(frozen=True)
class CorrectedCalcium:
    mmol_l: float
    calcium: Measurement
    albumin: Measurement | None  # None: no albumin on the same day, total calcium used as is


def corrected_calcium(calcium: Measurement, albumin: Measurement | None) -> CorrectedCalcium:
    """Ca + 0.02 × (40 − albumin g/L), mmol/L (B.7); albumin must be from within a day of the calcium."""
    if albumin is None or abs((albumin.when - calcium.when).total_seconds()) > 86400:
        return CorrectedCalcium(round(calcium.value, 2), calcium, None)
    return CorrectedCalcium(albumin_corrected_mmol_l(calcium.value, albumin.value), calcium, albumin)


def albumin_corrected_mmol_l(calcium_mmol_l: float, albumin_g_l: float) -> float:
    """Ca + 0.02 × (40 − albumin g/L), mmol/L to two decimals (B.7; the label's Ca + 0.8 × (4 − albumin g/dL) in SI)."""
    return round(calcium_mmol_l + 0.02 * (40 - albumin_g_l), 2)


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


def mirels_risk(total: int) -> str:
    """Fracture risk by score in Mirels' data (A.11-1), whatever threshold is configured: ≈0-4 %, ≈15 %, ≈33 %."""
    return "up-to-7" if total <= 7 else "8" if total == 8 else "9-and-above"


# SINS (REFERENCE B.10, Fourney et al., J Clin Oncol 2011;29:3072-7). Six components; total 0-18.
SINS_LOCATION = {"junctional": 3, "mobile": 2, "semi-rigid": 1, "rigid": 0}
SINS_PAIN = {"mechanical": 3, "occasional": 1, "pain-free": 0}
SINS_LESION = {"lytic": 2, "mixed": 1, "blastic": 0}
SINS_ALIGNMENT = {"subluxation": 4, "de-novo-deformity": 2, "normal": 0}
SINS_COLLAPSE = {"over-50": 3, "under-50": 2, "none-over-50-involved": 1, "none": 0}
SINS_POSTEROLATERAL = {"bilateral": 3, "unilateral": 1, "none": 0}
SINS_PARTS = {
    "location": SINS_LOCATION,
    "pain": SINS_PAIN,
    "lesion": SINS_LESION,
    "alignment": SINS_ALIGNMENT,
    "collapse": SINS_COLLAPSE,
    "posterolateral": SINS_POSTEROLATERAL,
}


@dataclass(frozen=True)
class SinsScore:
    total: int
    parts: dict[str, int]


def sins(answers: dict[str, str]) -> SinsScore | None:
    """B.10 total (0-18) from the six components' answers (keys of SINS_PARTS); None if any is unknown."""
    parts = {name: table.get(answers.get(name, "")) for name, table in SINS_PARTS.items()}
    if any(points is None for points in parts.values()):
        return None
    scored = {name: int(points or 0) for name, points in parts.items()}
    return SinsScore(sum(scored.values()), scored)


def sins_band(total: int) -> str:
    """B.10: 0-6 stable, 7-12 potentially unstable, 13-18 unstable."""
    if total <= 6:
        return "stable"
    return "potentially-unstable" if total <= 12 else "unstable"
