"""guideline.creatinine_rise: the zoledronic acid label's withhold rule (REFERENCE B.1), as the rules and the order
hooks call it. Values in µmol/L as the mapping gives them (1 mg/dL = 88.4 µmol/L)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from guideline.creatinine_rise import creatinine_rise, rise_since_last_dose
from guideline.facts import Dose, MedicationStatus
from tests.rule_facts import SETTINGS, bisphosphonate, confirmed_metastasis, days_ago, facts, lab

WINDOW = timedelta(days=90)
DOSE = days_ago(30)


def rise(baseline: float, *after: float, baseline_days: float = 31):
    values = [lab("creatinine", baseline, days=baseline_days)]
    values += [lab("creatinine", v, days=20 - i) for i, v in enumerate(after)]
    return creatinine_rise(values, DOSE, baseline_window=WINDOW)


@pytest.mark.parametrize(
    "baseline, after, withheld",
    [
        (80, (123,), False),  # +43 µmol/L from a normal baseline: below 0.5 mg/dL
        (80, (124,), True),  # +44 µmol/L (0.5 mg/dL, as labs report whole µmol/L)
        (123.76, (167.76,), True),  # baseline exactly 1.4 mg/dL is read as normal: +44 withholds
        (130, (217,), False),  # abnormal baseline (1.47 mg/dL): +87 is below 1.0 mg/dL
        (130, (218,), True),  # +88 µmol/L
        (80, (130, 87), False),  # back within 10 % of baseline (≤ 88): the label allows the next dose
        (80, (130, 89), True),  # not yet within 10 %: still withheld
    ],
)
def test_the_label_thresholds(baseline, after, withheld):
    assert (rise(baseline, *after) is not None) is withheld


def test_the_rise_keeps_what_a_card_cites():
    found = rise(80, 140, 120)
    assert (found.baseline.value, found.peak.value, found.latest.value) == (80, 140, 120)
    assert found.rise_umol_l == 60 and found.limit_umol_l == 44 and found.baseline_normal
    assert found.resume_below_umol_l == pytest.approx(88)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([lab("creatinine", 140, days=5)], id="nothing before the dose: no baseline"),
        pytest.param([lab("creatinine", 80, days=35)], id="nothing after the dose"),
        pytest.param([lab("creatinine", 80, days=200), lab("creatinine", 140, days=5)], id="baseline too old"),
    ],
)
def test_no_conclusion_without_a_baseline_and_a_later_value(values):
    assert creatinine_rise(values, DOSE, baseline_window=WINDOW) is None


def test_since_the_last_dose_of_the_course_under_way():
    infusions = tuple(
        replace(bisphosphonate(), status=MedicationStatus.COMPLETED, start=days_ago(d), end=days_ago(d))
        for d in (58, 30)
    )
    labs = (lab("creatinine", 80, days=60), lab("creatinine", 82, days=31), lab("creatinine", 130, days=3))
    found = rise_since_last_dose(facts(**confirmed_metastasis(), medications=infusions, measurements=labs), SETTINGS)
    assert found is not None and found.last_dose == days_ago(30) and found.baseline.value == 82


def test_no_rule_for_a_daily_oral_course_or_a_draft():
    labs = (lab("creatinine", 80, days=70), lab("creatinine", 140, days=3))
    oral = replace(bisphosphonate("clodronate"), dose=Dose(amount=1600, unit="mg", route="oral"))
    draft = replace(bisphosphonate(), status=MedicationStatus.DRAFT)
    for medication in (oral, draft):
        chart = facts(**confirmed_metastasis(), medications=(medication,), measurements=labs)
        assert rise_since_last_dose(chart, SETTINGS) is None
