"""renal-check (BM-BP-10): a serum creatinine within each cycle during bisphosphonate therapy."""

from __future__ import annotations

from dataclasses import replace

import pytest

from guideline.facts import DataGap, Dose, MedicationStatus
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
from tests.treatment_facts import assert_card_reads_well, card, scan_only

START_OFF = Settings.from_mapping({"enabled_topics": ["renal-check", "dental-review", "renal-impairment"]})


def evaluate(chart, settings=SETTINGS):
    return renal_check.evaluate(chart, settings)


def on_zoledronic_acid(**kwargs):
    return facts(**confirmed_metastasis(), medications=(bisphosphonate(),), **kwargs)


def test_before_a_first_dose_the_start_card_carries_the_creatinine():
    assert evaluate(facts(**confirmed_metastasis())) is None


def test_with_the_start_card_switched_off_this_card_asks_before_the_first_dose():
    recommendation = evaluate(facts(**confirmed_metastasis()), START_OFF)
    assert (recommendation.message, recommendation.indicator) == ("renal-check.missing.before-start", Indicator.WARNING)
    assert [p.template for p in recommendation.proposals] == ["serum-creatinine"]


@pytest.mark.parametrize("days, message", [(1, None), (28, None), (28.5, "renal-check.stale.on-therapy")])
def test_a_creatinine_older_than_one_dosing_cycle_is_stale(days, message):
    recommendation = evaluate(on_zoledronic_acid(measurements=(lab("creatinine", 80, days=days),)))
    assert (recommendation and recommendation.message) == message
    if message:
        assert recommendation.values["last_date"] == days_ago(days)
        assert recommendation.values["drug"] == "zoledronic-acid"


def test_a_12_weekly_course_needs_its_creatinine_within_its_own_cycle():
    twelve_weekly = replace(bisphosphonate(), dose=Dose(amount=4, unit="mg", route="iv", every_days=84))
    chart = facts(
        **confirmed_metastasis(), medications=(twelve_weekly,), measurements=(lab("creatinine", 80, days=60),)
    )
    assert evaluate(chart) is None
    stale = replace(chart, measurements=(lab("creatinine", 80, days=85),))
    assert evaluate(stale).values["window_days"] == 84


def test_a_creatinine_dated_after_the_chart_date_does_not_count():
    recommendation = evaluate(on_zoledronic_acid(measurements=(lab("creatinine", 80, days=-1),)))
    assert recommendation.message == "renal-check.missing.on-therapy"


def test_a_completed_infusion_keeps_the_patient_on_therapy():
    infusion = replace(bisphosphonate(), status=MedicationStatus.COMPLETED, end=days_ago(21))
    assert evaluate(facts(**confirmed_metastasis(), medications=(infusion,))).message.endswith("on-therapy")


def test_a_12_weekly_infusion_80_days_ago_is_a_course_under_way_even_with_a_narrower_course_setting():
    infusion = replace(bisphosphonate(), status=MedicationStatus.COMPLETED, start=days_ago(80), end=days_ago(80))
    narrow = Settings.from_mapping({"bone_agent_course_days": 30})
    assert evaluate(facts(**confirmed_metastasis(), medications=(infusion,)), narrow) is not None


def test_a_bisphosphonate_on_a_suspected_metastasis_is_still_checked():
    diagnosis, scan = scan_only()
    recommendation = evaluate(facts(diagnoses=(diagnosis,), imaging=(scan,), medications=(bisphosphonate(),)))
    assert recommendation.message == "renal-check.missing.on-therapy"


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
    chart = on_zoledronic_acid(measurements=(lab("creatinine", 80, days=10),))
    assert evaluate(chart, Settings.from_mapping({"renal_monitoring_window_days": 7})).message.startswith(
        "renal-check.stale"
    )


def test_an_oral_clodronate_course_has_its_own_window_and_cites_no_iv_label():
    clodronate = replace(bisphosphonate("clodronate"), dose=Dose(amount=1600, unit="mg", route="oral"))
    chart = facts(**confirmed_metastasis(), medications=(clodronate,), measurements=(lab("creatinine", 80, days=60),))
    assert evaluate(chart) is None  # 60 days is within the oral window (90)
    stale = replace(chart, measurements=(lab("creatinine", 80, days=100),))
    recommendation = evaluate(stale)
    assert recommendation.values["window_days"] == 90
    for language in ("en", "zh"):
        shown = card(recommendation, stale, language)
        assert "zoledronic" not in shown["detail"].lower() and "唑来膦酸" not in shown["detail"]
        assert "pamidronate" not in shown["detail"].lower() and "denosumab" not in shown["detail"].lower()
    assert "氯膦酸二钠" in card(recommendation, stale, "zh")["summary"]


def test_an_incomplete_laboratory_record_makes_no_claim_about_the_last_creatinine():
    gap = DataGap("observations", "only the first page was prefetched; no fhirServer")
    chart = replace(on_zoledronic_acid(measurements=(lab("creatinine", 80, days=60),)), gaps=(gap,))
    recommendation = evaluate(chart)
    assert recommendation.message == "renal-check.unverified.on-therapy"
    assert recommendation.indicator is Indicator.INFO and recommendation.incomplete == (gap,)
    assert "last_date" not in recommendation.values


@pytest.mark.parametrize(
    "chart",
    [
        on_zoledronic_acid(),
        on_zoledronic_acid(measurements=(lab("creatinine", 90, days=60),)),
    ],
)
def test_the_card_reads_well_in_both_languages(chart):
    assert_card_reads_well(evaluate(chart), chart)
    assert "before bisphosphonate therapy" not in card(evaluate(chart), chart)["summary"]


def test_a_creatinine_already_ordered_means_the_action_is_taken():
    from guideline.facts import ProcedureStatus
    from tests.treatment_facts import procedure

    ordered = procedure("renal-function-test", ProcedureStatus.PLANNED, days=0)
    assert evaluate(on_zoledronic_acid(procedures=(ordered,))) is None
    resulted = procedure("renal-function-test", ProcedureStatus.DONE, days=40)
    assert evaluate(on_zoledronic_acid(procedures=(resulted,))).message == "renal-check.missing.on-therapy"
