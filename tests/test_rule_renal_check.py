"""renal-check (BM-BP-10): a serum creatinine before a bisphosphonate and within each cycle during therapy."""

from __future__ import annotations

from dataclasses import replace

import pytest

from guideline.facts import MedicationStatus
from guideline.recommendation import Indicator
from guideline.rules import renal_check
from guideline.settings import Settings
from tests.rule_facts import (
    SETTINGS,
    bisphosphonate,
    confirmed_metastasis,
    days_ago,
    denosumab,
    facts,
    lab,
)
from tests.treatment_facts import assert_card_reads_well, scan_only


def evaluate(chart, settings=SETTINGS):
    return renal_check.evaluate(chart, settings)


def test_no_creatinine_before_starting_a_bisphosphonate_is_a_warning_with_an_order():
    recommendation = evaluate(facts(**confirmed_metastasis()))
    assert (recommendation.message, recommendation.indicator) == ("renal-check.missing", Indicator.WARNING)
    assert recommendation.values["situation"] == "before-start"
    assert [p.template for p in recommendation.proposals] == ["serum-creatinine"]


@pytest.mark.parametrize(
    "days, message", [(1, None), (28, None), (28.5, "renal-check.stale"), (200, "renal-check.stale")]
)
def test_a_creatinine_older_than_one_dosing_cycle_is_stale(days, message):
    recommendation = evaluate(facts(**confirmed_metastasis(), measurements=(lab("creatinine", 80, days=days),)))
    assert (recommendation and recommendation.message) == message
    if message:
        assert recommendation.values["last_date"] == days_ago(days)


def test_a_creatinine_dated_after_the_chart_date_does_not_count():
    recommendation = evaluate(facts(**confirmed_metastasis(), measurements=(lab("creatinine", 80, days=-1),)))
    assert recommendation.message == "renal-check.missing"


def test_on_a_bisphosphonate_with_bone_metastasis_the_check_is_periodic():
    chart = facts(
        **confirmed_metastasis(), medications=(bisphosphonate(),), measurements=(lab("creatinine", 90, days=40),)
    )
    recommendation = evaluate(chart)
    assert recommendation.values["situation"] == "on-therapy"
    assert recommendation.values["drug"] == "zoledronic-acid"


def test_a_completed_infusion_keeps_the_patient_on_therapy():
    infusion = replace(bisphosphonate(), status=MedicationStatus.COMPLETED, end=days_ago(21))
    recommendation = evaluate(facts(**confirmed_metastasis(), medications=(infusion,)))
    assert recommendation.values["situation"] == "on-therapy"


def test_a_bisphosphonate_on_a_suspected_metastasis_is_still_checked():
    diagnosis, scan = scan_only()
    recommendation = evaluate(facts(diagnoses=(diagnosis,), imaging=(scan,), medications=(bisphosphonate(),)))
    assert recommendation.values["situation"] == "on-therapy"


@pytest.mark.parametrize(
    "chart",
    [
        pytest.param(
            lambda: facts(medications=(bisphosphonate("alendronate", dose_mg=70, route="oral"),)), id="osteoporosis"
        ),
        pytest.param(lambda: facts(**confirmed_metastasis(), medications=(denosumab(),)), id="denosumab"),
        pytest.param(lambda: facts(diagnoses=scan_only()[:1], imaging=scan_only()[1:]), id="bone scan only"),
        pytest.param(
            lambda: facts(
                **confirmed_metastasis(),
                medications=(replace(bisphosphonate(), status=MedicationStatus.STOPPED, end=days_ago(30)),),
            ),
            id="recently stopped",
        ),
    ],
)
def test_no_renal_check_card_outside_bisphosphonate_therapy_for_bone_metastasis(chart):
    assert evaluate(chart()) is None


def test_the_window_is_configuration():
    chart = facts(**confirmed_metastasis(), measurements=(lab("creatinine", 80, days=10),))
    assert evaluate(chart, Settings.from_mapping({"renal_monitoring_window_days": 7})).message == "renal-check.stale"


@pytest.mark.parametrize(
    "chart",
    [
        facts(**confirmed_metastasis()),
        facts(
            **confirmed_metastasis(), medications=(bisphosphonate(),), measurements=(lab("creatinine", 90, days=60),)
        ),
    ],
)
def test_the_card_reads_well_in_both_languages(chart):
    assert_card_reads_well(evaluate(chart), chart)


def test_a_creatinine_already_ordered_means_the_action_is_taken():
    from guideline.facts import ProcedureStatus
    from tests.treatment_facts import patient, procedure

    ordered = procedure("renal-function-test", ProcedureStatus.PLANNED, days=0)
    assert evaluate(patient(**confirmed_metastasis(), procedures=(ordered,))) is None
    resulted = procedure("renal-function-test", ProcedureStatus.DONE, days=40)
    assert evaluate(patient(**confirmed_metastasis(), procedures=(resulted,))).message == "renal-check.missing"
