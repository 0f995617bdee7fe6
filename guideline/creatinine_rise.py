"""A rise in serum creatinine since the last bisphosphonate dose: the labels' withhold rule.

Beyond the guideline (一(三)3 asks only for regular renal checks during long-term therapy): the zoledronic acid
prescribing information (REFERENCE B.1) withholds the drug for renal deterioration, defined as a rise of
≥ 0.5 mg/dL (44 µmol/L) from a normal baseline serum creatinine (< 1.4 mg/dL) or ≥ 1.0 mg/dL (88 µmol/L) from
an abnormal one (> 1.4 mg/dL), and resumes it only when creatinine is back within 10 % of baseline, at the dose
used before. The pamidronate label withholds on the same definition (B.2). The label leaves a baseline of exactly
1.4 mg/dL open: it is read here as normal, the smaller and therefore more cautious rise.

Baseline: the newest creatinine on or before the last dose (the label's pre-dose creatinine), no older than
``baseline_window``. After it, any creatinine at or above baseline + limit means renal deterioration; it stays
withheld until the newest value is within 10 % of baseline. Pure: the caller names the last dose.

The order hooks call ``rise_since_last_dose(facts, settings)`` (order_renal_impairment); patient-view's
renal-impairment rule calls the same function, so both say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from guideline import concepts as c
from guideline.bone_agent_course import bone_agent_course, dose_date, oral
from guideline.calculators import UMOL_PER_MG_DL_CREATININE
from guideline.facts import Measurement, PatientFacts
from guideline.renal_function import creatinine_text
from guideline.settings import Settings

NORMAL_BASELINE_MAX_MG_DL = 1.4  # "normal baseline (< 1.4 mg/dL)"; exactly 1.4 read as normal (more cautious)
RISE_FROM_NORMAL_MG_DL = 0.5
RISE_FROM_ABNORMAL_MG_DL = 1.0
RECOVERED_WITHIN = 0.10  # resume when back within 10 % of baseline


@dataclass(frozen=True)
class CreatinineRise:
    """Renal deterioration since the last dose, as the label defines it (values in µmol/L)."""

    baseline: Measurement  # newest creatinine on or before the last dose
    peak: Measurement  # highest creatinine after the dose
    latest: Measurement  # newest creatinine after the dose (not yet within 10 % of baseline)
    last_dose: datetime
    limit_umol_l: float  # the rise that withholds: 44 (normal baseline) or 88 µmol/L (abnormal)
    baseline_normal: bool

    @property
    def rise_umol_l(self) -> float:
        return self.peak.value - self.baseline.value

    @property
    def resume_below_umol_l(self) -> float:
        """Creatinine at which the label allows the next dose (within 10 % of baseline)."""
        return self.baseline.value * (1 + RECOVERED_WITHIN)

    def card_values(self) -> dict[str, Any]:
        """What a card says of the rise (chart review and order hooks say it in the same words)."""
        return {
            "baseline": creatinine_text(self.baseline),
            "baseline_date": self.baseline.when,
            "peak": creatinine_text(self.peak),
            "peak_date": self.peak.when,
            "last_dose_date": self.last_dose,
            "rise": round(self.rise_umol_l),
            "limit": round(self.limit_umol_l),
            "resume_below": round(self.resume_below_umol_l),
            "baseline_kind": "normal" if self.baseline_normal else "abnormal",
        }


def creatinine_rise(
    creatinines: Iterable[Measurement], last_dose: datetime, *, baseline_window: timedelta
) -> CreatinineRise | None:
    """Renal deterioration after ``last_dose`` against the pre-dose baseline; None when none or not decidable."""
    values = sorted((m for m in creatinines if m.concept == c.CREATININE and m.value > 0), key=lambda m: m.when)
    before = [m for m in values if last_dose - baseline_window <= m.when <= last_dose]
    after = [m for m in values if m.when > last_dose]
    if not before or not after:
        return None  # no baseline, or nothing measured since the dose: nothing to compare
    baseline = before[-1]
    normal = baseline.value / UMOL_PER_MG_DL_CREATININE <= NORMAL_BASELINE_MAX_MG_DL
    # 0.5 mg/dL = 44.2 µmol/L: labs report whole µmol/L, so the limit is the whole number below (44, 88).
    rise_mg_dl = RISE_FROM_NORMAL_MG_DL if normal else RISE_FROM_ABNORMAL_MG_DL
    limit = float(math.floor(rise_mg_dl * UMOL_PER_MG_DL_CREATININE))
    peak = max(after, key=lambda m: m.value)
    if peak.value - baseline.value < limit - 1e-9:
        return None
    latest = after[-1]
    if latest.value <= baseline.value * (1 + RECOVERED_WITHIN):
        return None  # back within 10 % of baseline: the label allows the next dose
    return CreatinineRise(baseline, peak, latest, last_dose, limit, normal)


def rise_since_last_dose(facts: PatientFacts, settings: Settings) -> CreatinineRise | None:
    """The withhold rule for the IV bisphosphonate course under way (none under way, or a daily oral one: None).

    The last dose is the newest dose of the course (a current order counts from its start); the baseline may be
    up to ``lab_window_days`` older than that dose. Creatinines dated after the chart's date are not read.
    """
    course = bone_agent_course(facts, settings)
    dates = [d for m in course.bisphosphonates if not oral(m) and (d := dose_date(m)) is not None]
    if not dates:
        return None
    return creatinine_rise(
        facts.measurements_of(c.CREATININE), max(dates), baseline_window=settings.days("lab_window_days")
    )
