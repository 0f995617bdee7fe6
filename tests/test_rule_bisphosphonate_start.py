"""bisphosphonate-start (BM-BP-01..09, 14): confirmed metastasis, no course under way; renal doses of the labels."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from guideline.dosing import REGIMENS
from guideline.facts import ImagingKind, MedicationStatus, Verification
from guideline.recommendation import Indicator
from guideline.rules import bisphosphonate_start
from tests.rule_facts import (
    SETTINGS,
    bisphosphonate,
    cancer,
    confirmed_metastasis,
    days_ago,
    denosumab,
    facts,
    imaging,
)
from tests.treatment_facts import assert_card_reads_well, card, condition, measure, patient, scan_only

BORN_70 = date(1955, 1, 1)  # 70 on the creatinine's date


def evaluate(chart, settings=SETTINGS):
    return bisphosphonate_start.evaluate(chart, settings)


def options(recommendation):
    """The drug orders offered, by regimen, with their changed dose."""
    return {p.template: p.changes.get("dose_mg") for p in recommendation.proposals if p.template in REGIMENS}


def test_confirmed_bone_metastasis_without_creatinine_gets_creatinine_and_dental_first_and_no_blind_dose():
    recommendation = evaluate(facts(**confirmed_metastasis()))
    assert (recommendation.message, recommendation.indicator) == ("bisphosphonate-start", Indicator.INFO)
    assert [p.template for p in recommendation.proposals] == ["serum-creatinine", "dental-referral"]
    assert recommendation.selection == "any"
    assert recommendation.values["first"] == "both"
    assert "bisphosphonate-start.crcl-unknown" in recommendation.notes


def test_with_renal_function_known_the_card_owns_the_four_regimens():
    recommendation = evaluate(renal_chart(80))
    assert list(options(recommendation)) == ["zoledronic-acid", "pamidronate", "ibandronate", "clodronate-oral"]
    assert [p.template for p in recommendation.proposals][:1] == ["dental-referral"]
    assert recommendation.values["first"] == "dental"


def test_a_bone_scan_alone_does_not_start_a_bisphosphonate():
    diagnosis, scan = scan_only()
    assert evaluate(facts(diagnoses=(diagnosis,), imaging=(scan,))) is None


def test_a_provisional_bone_metastasis_diagnosis_does_not_start_one():
    suspected = condition("bone-metastasis", verification=Verification.PROVISIONAL)
    assert evaluate(facts(diagnoses=(cancer(), suspected))) is None


def test_a_confirmed_diagnosis_in_the_record_is_enough():
    assert evaluate(facts(diagnoses=(cancer(), condition("bone-metastasis")))) is not None


@pytest.mark.parametrize(
    "medication",
    [
        pytest.param(bisphosphonate(), id="zoledronic acid"),
        pytest.param(bisphosphonate("pamidronate"), id="pamidronate"),
        pytest.param(denosumab(), id="denosumab (A.11-14)"),
        pytest.param(replace(bisphosphonate(), status=MedicationStatus.ON_HOLD), id="on hold"),
    ],
)
def test_a_patient_already_on_a_bisphosphonate_or_denosumab_gets_no_start_card(medication):
    assert evaluate(facts(**confirmed_metastasis(), medications=(medication,))) is None


@pytest.mark.parametrize("days, fires", [(20, False), (84, False), (90, False), (91, True), (200, True)])
def test_a_completed_infusion_order_means_the_course_goes_on_for_90_days_then_resume_is_asked(days, fires):
    infusion = replace(bisphosphonate(), status=MedicationStatus.COMPLETED, start=days_ago(days), end=days_ago(days))
    recommendation = evaluate(facts(**confirmed_metastasis(), medications=(infusion,)))
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.message == "bisphosphonate-start.resume"
        assert (recommendation.values["drug"], recommendation.values["days_since"]) == ("zoledronic-acid", days)


@pytest.mark.parametrize("days, fires", [(30, False), (365, False), (366, True)])
def test_a_recent_deliberate_stop_is_respected(days, fires):
    stopped = replace(bisphosphonate(), status=MedicationStatus.STOPPED, end=days_ago(days))
    assert (evaluate(facts(**confirmed_metastasis(), medications=(stopped,))) is not None) is fires


def test_an_active_order_valid_into_the_future_is_a_course_under_way():
    order = replace(bisphosphonate(), start=days_ago(200), end=days_ago(-160))  # validityPeriod ends in the future
    assert evaluate(facts(**confirmed_metastasis(), medications=(order,))) is None


def test_an_order_dated_after_the_chart_date_is_not_yet_therapy():
    later = replace(bisphosphonate(), status=MedicationStatus.COMPLETED, start=days_ago(-5), end=days_ago(-5))
    assert evaluate(facts(**confirmed_metastasis(), medications=(later,))).message == "bisphosphonate-start"


def test_a_draft_order_is_not_yet_a_course():
    draft = replace(bisphosphonate(), status=MedicationStatus.DRAFT)
    assert evaluate(facts(**confirmed_metastasis(), medications=(draft,))) is not None


def renal_chart(crcl: float):
    """A 70-year-old man of 72 kg whose creatinine gives exactly ``crcl`` mL/min (Cockcroft-Gault, B.6)."""
    creatinine = (140 - 70) * 72 * 88.4 / (72 * crcl)
    return patient(
        diagnoses=confirmed_metastasis()["diagnoses"],
        imaging=confirmed_metastasis()["imaging"],
        measurements=(measure("creatinine", creatinine), measure("body-weight", 72)),
        sex="male",
        born=BORN_70,
    )


@pytest.mark.parametrize(
    "crcl, zoledronic, pamidronate, ibandronate",
    [
        (60.1, None, None, None),  # full doses: no change
        (60.0, 3.5, None, None),
        (50.0, 3.5, None, None),
        (49.9, 3.3, None, 4.0),
        (40.0, 3.3, None, 4.0),
        (39.9, 3.0, None, 4.0),
        (30.0, 3.0, None, 4.0),
    ],
)
def test_iv_doses_follow_the_labels_renal_tables(crcl, zoledronic, pamidronate, ibandronate):
    recommendation = evaluate(renal_chart(crcl))
    assert recommendation.values["crcl"] == crcl
    found = options(recommendation)
    assert (found["zoledronic-acid"], found["pamidronate"], found["ibandronate"]) == (
        zoledronic,
        pamidronate,
        ibandronate,
    )


def test_below_30_ml_min_only_oral_clodronate_is_offered_with_a_pharmacist_check():
    recommendation = evaluate(renal_chart(29.9))
    assert options(recommendation) == {}
    assert "bisphosphonate-start.renal-30" in recommendation.notes
    assert recommendation.indicator is Indicator.WARNING


@pytest.mark.parametrize("crcl, offered", [(59.9, False), (60.0, True), (60.1, True)])
def test_clodronate_without_a_verified_renal_table_is_offered_only_from_60(crcl, offered):
    recommendation = evaluate(renal_chart(crcl))
    assert ("clodronate-oral" in options(recommendation)) is offered
    assert ("bisphosphonate-start.renal-60" in recommendation.notes) is not offered


def test_unknown_creatinine_clearance_is_said_and_doses_are_the_guidelines():
    recommendation = evaluate(facts(**confirmed_metastasis()))
    assert "bisphosphonate-start.crcl-unknown" in recommendation.notes
    assert options(recommendation) == {}
    assert recommendation.values["missing"] == "creatinine-weight"


def test_mri_only_confirmation_is_flagged_as_disputed():
    chart = facts(diagnoses=(cancer(),), imaging=(imaging(ImagingKind.MRI),))
    assert "bone-metastasis.mri-only" in evaluate(chart).notes


def test_the_suggestions_are_draft_medication_requests_with_the_renal_dose():
    chart = renal_chart(45)
    suggestions = [s for s in card(evaluate(chart), chart)["suggestions"] if "zoledronic" in s["label"]]
    zoledronic = suggestions[0]["actions"][0]["resource"]
    assert zoledronic["resourceType"] == "MedicationRequest" and zoledronic["status"] == "draft"
    assert zoledronic["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 3.3
    assert "3.3 mg" in suggestions[0]["label"]


@pytest.mark.parametrize("chart", [facts(**confirmed_metastasis()), renal_chart(25), renal_chart(55)])
def test_the_card_reads_well_in_both_languages(chart):
    assert_card_reads_well(evaluate(chart), chart)
