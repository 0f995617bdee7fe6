"""hypercalcemia rule (BM-HC-01..04, A.11-6): grading at every band edge, correction, treatment suggestion."""

from __future__ import annotations

import dataclasses

import pytest

from guideline.facts import DataGap, MedicationStatus
from guideline.recommendation import Indicator
from guideline.rules import hypercalcemia
from guideline.settings import Settings
from tests.rule_facts import (
    SETTINGS,
    bisphosphonate,
    cancer,
    confirmed_metastasis,
    days_ago,
    denosumab,
    drug,
    facts,
    lab,
)

INDICATOR = {None: None, "mild": "info", "moderate": "warning", "severe": "critical", "crisis": "critical"}


def evaluate(*measurements, diagnoses=None, medications=(), settings=SETTINGS, **extra):
    patient = facts(diagnoses=diagnoses or (cancer(),), measurements=measurements, medications=medications, **extra)
    return hypercalcemia.evaluate(patient, settings)


@pytest.mark.parametrize(
    "calcium, grade",
    [
        (2.60, None),
        (2.74, None),
        (2.75, "mild"),
        (2.99, "mild"),
        (3.0, "moderate"),
        (3.5, "moderate"),
        (3.51, "severe"),
        (3.75, "severe"),
        (3.76, "crisis"),
    ],
)
def test_total_calcium_in_mmol_per_litre_is_graded_with_half_open_bands(calcium, grade):
    recommendation = evaluate(lab("calcium", calcium, original=f"{calcium} mmol/L"))
    assert (recommendation and recommendation.values["grade"]) == (grade if grade else None)
    assert (recommendation and recommendation.indicator.value) == INDICATOR[grade]


# mg/dL results as the mapping converts them (B.8: × 0.2495, or the exact molar mass), graded on the mg/dL grid
# 11.0 / 12.0 / 14.0 / 15.0 so that 12 mg/dL counts as 3.0 mmol/L, as the zoledronic-acid label equates them.
@pytest.mark.parametrize("factor", [0.2495, 1 / 4.0078])
@pytest.mark.parametrize(
    "mg_dl, grade",
    [
        (10.9, None),
        (11.0, "mild"),
        (11.9, "mild"),
        (12.0, "moderate"),
        (14.0, "moderate"),
        (14.1, "severe"),
        (15.0, "severe"),
        (15.1, "crisis"),
    ],
)
def test_calcium_reported_in_mg_per_decilitre_is_graded_at_the_same_edges(factor, mg_dl, grade):
    recommendation = evaluate(lab("calcium", mg_dl * factor, original=f"{mg_dl} mg/dL"))
    assert (recommendation and recommendation.values["grade"]) == (grade if grade else None)


def test_low_albumin_on_the_same_day_raises_the_graded_calcium_and_both_values_are_shown():
    recommendation = evaluate(lab("calcium", 2.60, original="2.60 mmol/L"), lab("albumin", 25, original="25 g/L"))
    assert recommendation.values["grade"] == "mild"  # 2.60 + 0.02 × (40 − 25) = 2.90
    assert recommendation.values["graded"] == "2.90 mmol/L"
    assert recommendation.values["calcium"] == "2.60 mmol/L" and recommendation.values["albumin"] == "25 g/L"
    assert "hypercalcemia.basis.corrected" in recommendation.notes


def test_albumin_from_another_day_is_not_used_to_correct_calcium():
    assert evaluate(lab("calcium", 2.60, days=1), lab("albumin", 25, days=4)) is None


def test_the_laboratory_corrected_calcium_is_graded_when_it_is_the_newest_result():
    recommendation = evaluate(lab("calcium", 2.70, days=3), lab("calcium-corrected", 3.10, days=1))
    assert recommendation.values["grade"] == "moderate"
    assert recommendation.values["measure"] == "corrected"  # the summary says "corrected Ca"


def test_only_the_latest_calcium_counts():
    assert evaluate(lab("calcium", 3.6, days=10), lab("calcium", 2.5, days=2)) is None


@pytest.mark.parametrize("days, fires", [(29, True), (30, True), (31, False)])
def test_calcium_older_than_the_window_is_not_used(days, fires):
    assert (evaluate(lab("calcium", 3.2, days=days)) is not None) is fires


# Freshness (issue 9 item 5): only a current, untreated value says "treat now".
@pytest.mark.parametrize(
    "calcium, days, message, indicator",
    [
        (3.6, 3, "hypercalcemia.severe", Indicator.CRITICAL),
        (3.6, 3.5, "hypercalcemia.ageing", Indicator.WARNING),
        (3.8, 7, "hypercalcemia.ageing", Indicator.WARNING),
        (3.6, 8, "hypercalcemia.stale", Indicator.INFO),
        (3.6, 25, "hypercalcemia.stale", Indicator.INFO),
        (3.2, 7, "hypercalcemia.moderate", Indicator.WARNING),
        (3.2, 8, "hypercalcemia.stale", Indicator.INFO),
    ],
)
def test_an_urgent_grade_needs_a_value_fresh_enough_for_its_urgency(calcium, days, message, indicator):
    recommendation = evaluate(lab("calcium", calcium, days=days))
    assert (recommendation.message, recommendation.indicator) == (message, indicator)
    if message.endswith(("ageing", "stale")):
        assert [p.template for p in recommendation.proposals] == ["calcium-albumin"]


def test_an_old_mild_value_is_silent():
    assert evaluate(lab("calcium", 2.8, days=8)) is None


def calcitonin():
    return drug("calcitonin", "calcitonin", route="sc")


def _given(agent_medication, days):
    return dataclasses.replace(agent_medication, start=days_ago(days))


@pytest.mark.parametrize("treatment", [bisphosphonate(status=MedicationStatus.COMPLETED), denosumab(), calcitonin()])
def test_a_calcium_lowering_drug_given_after_the_value_supersedes_it(treatment):
    recommendation = evaluate(lab("calcium", 3.6, days=2), medications=(_given(treatment, 1),))
    assert recommendation.message == "hypercalcemia.superseded" and recommendation.indicator is Indicator.INFO
    assert recommendation.values["treatment"] == treatment.agent
    assert [p.template for p in recommendation.proposals] == ["calcium-albumin"]


def test_a_bone_agent_started_before_the_value_does_not_supersede_it():
    recommendation = evaluate(lab("calcium", 3.6, days=1), medications=(_given(bisphosphonate(), 100),))
    assert recommendation.message == "hypercalcemia.severe" and recommendation.indicator is Indicator.CRITICAL


def test_an_unrelated_drug_after_the_value_does_not_supersede_it():
    morphine = _given(drug("morphine", "opioid", "opioid-strong"), 0.5)
    assert evaluate(lab("calcium", 3.6, days=1), medications=(morphine,)).message == "hypercalcemia.severe"


def test_a_calcium_dated_after_now_is_not_used():
    assert evaluate(lab("calcium", 3.2, days=-1)) is None


def test_a_patient_without_cancer_or_bone_metastasis_gets_no_card():
    assert evaluate(lab("calcium", 3.2), diagnoses=(cancer(active=False),)) is None


def test_a_patient_with_confirmed_bone_metastasis_is_graded():
    assert evaluate(lab("calcium", 3.2), **confirmed_metastasis()) is not None


def test_mild_hypercalcaemia_usually_needs_no_calcium_lowering_and_no_order():
    recommendation = evaluate(lab("calcium", 2.8))
    assert recommendation.indicator is Indicator.INFO
    assert "hypercalcemia.mild-care" in recommendation.notes
    assert recommendation.proposals == ()


@pytest.mark.parametrize(
    "calcium, templates",
    [
        (3.0, ["saline-iv", "zoledronic-acid-hcm", "calcium-albumin"]),
        (3.6, ["saline-iv", "zoledronic-acid-hcm", "calcitonin", "calcium-albumin"]),
        (3.8, ["saline-iv", "zoledronic-acid-hcm", "calcitonin", "calcium-albumin"]),
    ],
)
def test_moderate_and_worse_offer_the_guidelines_measures(calcium, templates):
    recommendation = evaluate(lab("calcium", calcium), lab("creatinine", 90))
    assert [p.template for p in recommendation.proposals] == templates
    assert recommendation.selection == "any"
    assert "hypercalcemia.measures" in recommendation.notes
    assert "hypercalcemia.creatinine-unknown" not in recommendation.notes


def test_calcitonin_is_dosed_from_a_recent_weight_and_left_to_the_prescriber_without_one():
    with_weight = evaluate(lab("calcium", 3.6), lab("body-weight", 62.4, days=10))
    [calcitonin_order] = [p for p in with_weight.proposals if p.template == "calcitonin"]
    assert calcitonin_order.changes == {"dose_iu": 250}  # 4 IU/kg
    without = evaluate(lab("calcium", 3.6))
    assert [p.changes for p in without.proposals if p.template == "calcitonin"] == [{}]


def test_the_crisis_card_names_the_crisis():
    recommendation = evaluate(lab("calcium", 3.8))
    assert recommendation.message == "hypercalcemia.crisis" and recommendation.indicator is Indicator.CRITICAL


def test_without_a_recent_creatinine_the_card_asks_for_one_before_the_bisphosphonate():
    recommendation = evaluate(lab("calcium", 3.2))
    assert "hypercalcemia.creatinine-unknown" in recommendation.notes
    assert recommendation.proposals


@pytest.mark.parametrize("creatinine, offered", [(399, True), (400, False)])
def test_creatinine_at_or_above_the_label_limit_withholds_the_zoledronic_acid_suggestion(creatinine, offered):
    recommendation = evaluate(lab("calcium", 3.2), lab("creatinine", creatinine))
    assert ("zoledronic-acid-hcm" in [p.template for p in recommendation.proposals]) is offered
    assert ("hypercalcemia.renal-caution" in recommendation.notes) is not offered


@pytest.mark.parametrize("agent", [bisphosphonate(), denosumab()])
def test_a_patient_already_on_a_bone_agent_gets_no_new_zoledronic_acid_order(agent):
    recommendation = evaluate(lab("calcium", 3.2), lab("creatinine", 80), medications=(agent,))
    assert [p.template for p in recommendation.proposals] == ["saline-iv", "calcium-albumin"]
    on_bisphosphonate = "bisphosphonate" in agent.classes
    assert (
        "hypercalcemia.on-bone-agent" if on_bisphosphonate else "hypercalcemia.on-denosumab"
    ) in recommendation.notes


def test_a_patient_already_on_calcitonin_is_not_offered_a_second_one():
    recommendation = evaluate(lab("calcium", 3.6), medications=(dataclasses.replace(calcitonin(), start=days_ago(5)),))
    assert recommendation.message == "hypercalcemia.severe"
    assert "calcitonin" not in [p.template for p in recommendation.proposals]


def test_normal_ionised_calcium_is_shown_and_flags_possible_pseudo_hypercalcaemia():
    recommendation = evaluate(lab("calcium", 3.1), lab("calcium-ionised", 1.25, high=1.32))
    assert recommendation.values["ionised"] == "1.25 mmol/L"
    assert "hypercalcemia.ionised-normal" in recommendation.notes


def test_raised_ionised_calcium_is_shown_without_the_pseudo_hypercalcaemia_note():
    recommendation = evaluate(lab("calcium", 3.1), lab("calcium-ionised", 1.6, high=1.32))
    assert "hypercalcemia.ionised" in recommendation.notes


def test_the_bands_are_configuration():
    settings = Settings.from_mapping({"calcium_mild_min": 2.7})
    assert evaluate(lab("calcium", 2.72), settings=settings).values["grade"] == "mild"


def test_an_incomplete_medication_record_lowers_the_card_and_proposes_no_zoledronic_acid():
    gap = DataGap("medication-statements", "only the first page was prefetched")
    patient = dataclasses.replace(facts(diagnoses=(cancer(),), measurements=(lab("calcium", 3.6),)), gaps=(gap,))
    recommendation = hypercalcemia.evaluate(patient, SETTINGS)
    assert recommendation.indicator is Indicator.WARNING and recommendation.incomplete == (gap,)
    assert "zoledronic-acid-hcm" not in [p.template for p in recommendation.proposals]


def test_an_incomplete_observation_record_does_not_claim_no_recent_creatinine():
    gap = DataGap("observations", "truncated after 2 pages")
    patient = dataclasses.replace(facts(diagnoses=(cancer(),), measurements=(lab("calcium", 3.2),)), gaps=(gap,))
    recommendation = hypercalcemia.evaluate(patient, SETTINGS)
    assert recommendation.indicator is Indicator.INFO
    assert "hypercalcemia.creatinine-unknown" not in recommendation.notes
