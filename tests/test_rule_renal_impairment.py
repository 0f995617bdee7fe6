"""renal-impairment rule (BM-BP-09/10; labels B.1-B.3, B.5, B.6): dose by creatinine clearance band."""

from __future__ import annotations

import pytest

from guideline.facts import MedicationStatus
from guideline.recommendation import Indicator
from guideline.rules import renal_impairment
from guideline.settings import Settings
from tests.rule_facts import (
    SETTINGS,
    bisphosphonate,
    cancer,
    confirmed_metastasis,
    denosumab,
    drug,
    facts,
    lab,
)

# The before-start situation belongs to the bisphosphonate-start card; this card takes it when that one is off.
START_OFF = Settings.from_mapping({"enabled_topics": ["renal-check", "dental-review", "renal-impairment"]})


def evaluate(*measurements, medications=(), settings=START_OFF, **overrides):
    base = {**confirmed_metastasis(), **overrides}
    patient = facts(measurements=measurements, medications=medications, **base)
    return renal_impairment.evaluate(patient, settings)


def test_before_the_first_dose_the_start_card_carries_the_renal_doses():
    assert evaluate(crcl(45), settings=SETTINGS) is None


def crcl(value: float, days: float = 2):
    return lab("creatinine-clearance", value, days=days)


# About to start (confirmed metastasis, no bone agent): the note per agent at each label band edge.
@pytest.mark.parametrize(
    "clearance, notes, zoledronic_dose",
    [
        (60.1, None, None),
        (60, ["zoledronic-acid.reduce"], 3.5),
        (50, ["zoledronic-acid.reduce", "clodronate.check"], 3.5),
        (49.9, ["zoledronic-acid.reduce", "ibandronate.reduce", "clodronate.check"], 3.3),
        (40, ["zoledronic-acid.reduce", "ibandronate.reduce", "clodronate.check"], 3.3),
        (39.9, ["zoledronic-acid.reduce", "ibandronate.reduce", "clodronate.check"], 3.0),
        (30, ["zoledronic-acid.reduce", "ibandronate.reduce", "clodronate.check"], 3.0),
        (29.9, ["zoledronic-acid.avoid", "pamidronate.avoid", "ibandronate.avoid", "clodronate.check"], None),
    ],
)
def test_before_the_first_dose_each_crcl_band_gives_the_labels_dose(clearance, notes, zoledronic_dose):
    recommendation = evaluate(crcl(clearance))
    if notes is None:
        assert recommendation is None
        return
    assert recommendation.message == "renal-impairment.before-start"
    assert recommendation.indicator is Indicator.WARNING
    agents = ("zoledronic-acid", "pamidronate", "ibandronate", "clodronate")
    agent_notes = [n.removeprefix("renal-impairment.") for n in recommendation.notes if n.split(".")[1] in agents]
    assert agent_notes == notes
    assert recommendation.values.get("zoledronic_acid_dose") == zoledronic_dose
    assert recommendation.proposals == ()


@pytest.mark.parametrize(
    "dose_mg, clearance, fires",
    [
        (4.0, 60.1, False),
        (4.0, 60, True),
        (3.5, 60, False),
        (4.0, 45, True),
        (3.3, 45, False),
        (3.5, 45, True),
        (None, 45, True),
        (3.0, 29.9, True),
    ],
)
def test_on_zoledronic_acid_a_dose_above_the_crcl_band_is_flagged(dose_mg, clearance, fires):
    recommendation = evaluate(crcl(clearance), medications=(bisphosphonate(dose_mg=dose_mg),))
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.message == "renal-impairment.on-therapy"
        # The test's order is a fact without its FHIR resource: no order to change, so the next dose is named.
        assert "renal-impairment.next-dose" in recommendation.notes


@pytest.mark.parametrize("clearance, fires", [(29.9, True), (30, False)])
def test_pamidronate_is_only_flagged_below_30(clearance, fires):
    medication = bisphosphonate("pamidronate", dose_mg=90)
    assert (evaluate(crcl(clearance), medications=(medication,)) is not None) is fires


def test_oral_alendronate_for_osteoporosis_is_outside_the_tables():
    alendronate = bisphosphonate("alendronate", dose_mg=70, route="oral")
    assert evaluate(crcl(25), medications=(alendronate,)) is None


def test_zoledronic_acid_without_cancer_or_bone_metastasis_is_not_judged_by_the_oncology_table():
    assert evaluate(crcl(25), medications=(bisphosphonate(dose_mg=5),), diagnoses=(), imaging=()) is None


@pytest.mark.parametrize("clearance, fires", [(29.9, True), (30, False)])
def test_denosumab_below_crcl_30_asks_for_close_calcium_monitoring(clearance, fires):
    recommendation = evaluate(crcl(clearance), medications=(denosumab(),))
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.message == "renal-impairment.on-denosumab"
        assert "renal-impairment.monitor" not in recommendation.notes


def test_cockcroft_gault_is_calculated_from_age_sex_weight_and_creatinine():
    # Woman aged 69 on the creatinine's date, 60 kg, creatinine 100 µmol/L (1.131 mg/dL):
    # (140 − 69) × 60 / (72 × 1.131) × 0.85 = 44.5 mL/min.
    recommendation = evaluate(lab("creatinine", 100, original="100 umol/L"), lab("body-weight", 60))
    assert recommendation.values["crcl"] == pytest.approx(44.5, abs=0.1)
    assert recommendation.values["zoledronic_acid_dose"] == 3.3
    assert recommendation.values["age"] == 69 and recommendation.values["sex"] == "female"
    assert "renal-impairment.basis.cockcroft-gault" in recommendation.notes


def test_a_reported_crcl_newer_than_the_creatinine_is_preferred():
    recommendation = evaluate(lab("creatinine", 100, days=5), lab("body-weight", 60), crcl(25, days=1))
    assert recommendation.values["crcl"] == 25
    assert "renal-impairment.basis.reported" in recommendation.notes


def test_a_newer_creatinine_wins_over_an_older_reported_crcl():
    recommendation = evaluate(lab("creatinine", 100, days=1), lab("body-weight", 60), crcl(25, days=5))
    assert "renal-impairment.basis.cockcroft-gault" in recommendation.notes


def test_a_crcl_older_than_the_lab_window_is_not_used():
    assert evaluate(crcl(25, days=91)) is None


@pytest.mark.parametrize("egfr, fires", [(59.9, True), (60, False)])
def test_without_crcl_a_low_egfr_asks_for_the_weight_and_gives_no_dose(egfr, fires):
    recommendation = evaluate(lab("creatinine", 150), lab("egfr", egfr))  # no weight: CrCl cannot be computed
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.message == "renal-impairment.egfr-only"
        assert not any(key.endswith("_dose") for key in recommendation.values)


def test_denosumab_with_an_egfr_below_30_and_no_crcl_asks_for_calcium_monitoring():
    recommendation = evaluate(lab("egfr", 25), medications=(denosumab(),))
    assert recommendation.message == "renal-impairment.on-denosumab-egfr"


def test_no_renal_data_at_all_is_left_to_the_renal_check_card():
    assert evaluate(medications=(bisphosphonate(dose_mg=4),)) is None


def test_a_stopped_bisphosphonate_is_not_judged():
    stopped = drug("zoledronic-acid", "bisphosphonate", "bone-modifying-agent", dose_mg=4, status="stopped")
    assert evaluate(crcl(45), medications=(stopped,), diagnoses=(cancer(),), imaging=()) is None


def test_a_course_whose_infusion_orders_are_closed_after_each_dose_is_judged_as_on_therapy():
    # EHRs complete each infusion order; the course is still under way (bone_agent_course_days).
    given = drug(
        "zoledronic-acid", "bisphosphonate", "bone-modifying-agent", dose_mg=4, status=MedicationStatus.COMPLETED
    )
    recommendation = evaluate(crcl(45), medications=(given,))
    assert recommendation is not None and recommendation.message == "renal-impairment.on-therapy"
