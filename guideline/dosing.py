"""Bisphosphonate regimens of the guideline and their renal adjustment.

Regimens: guideline 一(三)3 (BM-BP-05..08), "常用于骨转移治疗的双膦酸盐药物的用量与用法".
Renal adjustment goes beyond the guideline, which only says to assess renal function
and choose the drug by it (BM-BP-09/10): the numbers are the labels' (REFERENCE B.1
zoledronic acid, B.2 pamidronate, B.3 ibandronate; clodronate has no verified table, B.4).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Regimen:
    agent: str
    dose_mg: float
    route: str  # "iv" or "oral"
    every_days: tuple[float, float] | None  # allowed interval (21-28 days = every 3-4 weeks)
    min_infusion_minutes: float | None  # "not less than" (REFERENCE 0.3: ">2小时" read as ≥ 2 h)
    per_day_mg: float | None = None  # daily regimens (clodronate)
    course_days: int | None = None  # clodronate IV: 5 consecutive days, then oral


EVERY_3_TO_4_WEEKS = (21.0, 28.0)

REGIMENS: dict[str, Regimen] = {
    "zoledronic-acid": Regimen("zoledronic-acid", 4.0, "iv", EVERY_3_TO_4_WEEKS, 15),  # BM-BP-07
    "pamidronate": Regimen("pamidronate", 90.0, "iv", EVERY_3_TO_4_WEEKS, 120),  # BM-BP-06
    # BM-BP-08: infusion time not in the guideline; EU SmPC ≥ 15 min (B.3).
    "ibandronate": Regimen("ibandronate", 6.0, "iv", EVERY_3_TO_4_WEEKS, 15),
    "clodronate-oral": Regimen("clodronate", 1600.0, "oral", None, None, per_day_mg=1600.0),  # BM-BP-05
    "clodronate-iv": Regimen("clodronate", 300.0, "iv", None, 120, per_day_mg=300.0, course_days=5),  # BM-BP-05
}


def zoledronic_acid_dose_mg(crcl_ml_min: float) -> float | None:
    """Zometa label table (B.1): >60 → 4.0; 50-60 → 3.5; 40-49 → 3.3; 30-39 → 3.0; <30 → not recommended (None)."""
    if crcl_ml_min > 60:
        return 4.0
    if crcl_ml_min >= 50:
        return 3.5
    if crcl_ml_min >= 40:
        return 3.3
    if crcl_ml_min >= 30:
        return 3.0
    return None


def pamidronate_dose_mg(crcl_ml_min: float) -> float | None:
    """Aapro 2008 table (B.2): CrCl ≥ 30 → 90 mg (no step-down); < 30 → not recommended."""
    return 90.0 if crcl_ml_min >= 30 else None


def ibandronate_dose_mg(crcl_ml_min: float) -> float | None:
    """Aapro 2008 table (B.3): ≥ 50 → 6 mg; 30-49 → 4 mg; < 30 → 2 mg or avoid (we say avoid)."""
    if crcl_ml_min >= 50:
        return 6.0
    if crcl_ml_min >= 30:
        return 4.0
    return None


RENAL_DOSE = {
    "zoledronic-acid": zoledronic_acid_dose_mg,
    "pamidronate": pamidronate_dose_mg,
    "ibandronate": ibandronate_dose_mg,
}
