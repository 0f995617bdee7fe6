"""Bone-modifying-agent regimens of the guideline and their renal adjustment.

Regimens: guideline 一(三)3 (BM-BP-05..08), "常用于骨转移治疗的双膦酸盐药物的用量与用法". Denosumab is not
in the guideline: 120 mg SC every 4 weeks is ASCO 2017's bone-metastasis regimen (REFERENCE B.5, B.13); the
60 mg product is the osteoporosis one.
Renal adjustment goes beyond the guideline, which only says to assess renal function
and choose the drug by it (BM-BP-09/10): the numbers are the labels' (REFERENCE B.1
zoledronic acid, B.2 pamidronate, B.3 ibandronate). Oral clodronate: Bonefos tablets SmPC (MHRA, Bayer 2017,
section 4.2 "Renal impairment", reproduced at https://www.rxreasoner.com/monographs/bonefos/usage; contraindicated
below 10 mL/min, /precautions): REFERENCE B.4 had found no table. IV clodronate has no verified table.
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
    # Beyond the guideline (B.5, B.13): denosumab 120 mg SC every 4 weeks.
    "denosumab": Regimen("denosumab", 120.0, "sc", (28.0, 28.0), None),
}

# Products of the same ingredient made for osteoporosis, not bone metastasis: a bone-metastasis patient given one
# receives the wrong product (issue 9 item 2). Zoledronic acid 5 mg once a year (Reclast/Aclasta: contraindicated
# below CrCl 35 mL/min, B.1); denosumab 60 mg (Prolia, B.5).
OSTEOPOROSIS_DOSE_MG = {"zoledronic-acid": 5.0, "denosumab": 60.0}
OSTEOPOROSIS_CRCL_CONTRAINDICATED_BELOW = {"zoledronic-acid": 35.0}


@dataclass(frozen=True)
class SingleDose:
    """A one-off dose outside the maintenance regimens (its words and FHIR are cards/orders.py's)."""

    agent: str
    dose_mg: float
    route: str
    infusion_minutes: float
    indication: str  # "hypercalcaemia": dosed by serum creatinine, not by the CrCl table (B.1)


# Zoledronic acid for hypercalcaemia of malignancy: 4 mg IV over no less than 15 min, once (label, B.1).
SINGLE_DOSES: dict[str, SingleDose] = {
    "zoledronic-acid-hcm": SingleDose("zoledronic-acid", 4.0, "iv", 15, "hypercalcaemia"),
}


def template_drug(template: str | None) -> tuple[str, float, str | None] | None:
    """(agent, dose mg, regimen key or None for a single dose) of an order template naming a bone agent."""
    if template in REGIMENS:
        regimen = REGIMENS[template]
        return regimen.agent, regimen.per_day_mg or regimen.dose_mg, template
    if template in SINGLE_DOSES:
        single = SINGLE_DOSES[template]
        return single.agent, single.dose_mg, None
    return None


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


def clodronate_oral_dose_mg(crcl_ml_min: float) -> float | None:
    """Bonefos tablets SmPC 4.2: 50-80 → 1600 mg/d (no reduction); 30-<50 → 1200; 10-<30 → 800; < 10 contraindicated."""
    if crcl_ml_min >= 50:
        return 1600.0
    if crcl_ml_min >= 30:
        return 1200.0
    if crcl_ml_min >= 10:
        return 800.0
    return None


RENAL_DOSE = {
    "zoledronic-acid": zoledronic_acid_dose_mg,
    "pamidronate": pamidronate_dose_mg,
    "ibandronate": ibandronate_dose_mg,
}

# The renal table of each regimen (REGIMENS key). IV clodronate has none verified: below
# UNTABLED_CHECK_BELOW_CRCL a pharmacist checks the dose (B.4); denosumab has no CrCl dose table (B.5).
RENAL_DOSE_BY_REGIMEN = {**RENAL_DOSE, "clodronate-oral": clodronate_oral_dose_mg}
UNTABLED_CHECK_BELOW_CRCL = 60.0
# Ibandronate at a reduced dose: the EU SmPC lengthens the infusion (B.3, not re-read: WEAK), so a reduced-dose
# ibandronate order says "pharmacist to confirm the infusion time" rather than a number the service cannot source.
REDUCED_DOSE_INFUSION_UNVERIFIED = frozenset({"ibandronate"})


def renal_dose_mg(regimen_key: str, crcl_ml_min: float) -> float | None:
    """The label dose of a regimen at this CrCl (None: not recommended); the regimen dose where no table applies."""
    regimen = REGIMENS[regimen_key]
    full = regimen.per_day_mg or regimen.dose_mg
    table = RENAL_DOSE_BY_REGIMEN.get(regimen_key)
    if table is None:
        return full
    dose = table(crcl_ml_min)
    return None if dose is None else min(full, dose)


def renal_advice(regimen_key: str, crcl_ml_min: float) -> tuple[str, float | None]:
    """One regimen at this CrCl, by the tables above: (verdict, dose mg) as the order checks apply them.

    Verdicts: "full" (the regimen dose), "reduced" (the table's lower dose), "not-recommended" (None), "check"
    (IV clodronate below UNTABLED_CHECK_BELOW_CRCL: no verified table, a pharmacist checks), "no-table" (denosumab).
    """
    regimen = REGIMENS[regimen_key]
    full = regimen.per_day_mg or regimen.dose_mg
    if regimen_key not in RENAL_DOSE_BY_REGIMEN:
        if regimen.agent == "denosumab":
            return "no-table", full
        return ("check", None) if crcl_ml_min < UNTABLED_CHECK_BELOW_CRCL else ("full", full)
    dose = renal_dose_mg(regimen_key, crcl_ml_min)
    if dose is None:
        return "not-recommended", None
    return ("full" if dose >= full else "reduced"), dose
