"""dental-review (BM-BP-11..13): a dental examination before a bisphosphonate and regularly during therapy."""

from __future__ import annotations

from dataclasses import replace

import pytest

from guideline.facts import MedicationStatus, ProcedureStatus
from guideline.rules import dental_review
from tests.rule_facts import SETTINGS, bisphosphonate, cancer, confirmed_metastasis, days_ago, denosumab
from tests.treatment_facts import assert_card_reads_well, patient, procedure, scan_only


def chart(*procedures, medications=(), **extra):
    base = {**confirmed_metastasis(), **extra}
    return patient(procedures=procedures, medications=medications, **base)


def exam(days, status=ProcedureStatus.DONE):
    return procedure("dental-examination", status, days=days)


def evaluate(facts):
    return dental_review.evaluate(facts, SETTINGS)


def test_no_dental_examination_before_starting_a_bisphosphonate_suggests_a_referral():
    recommendation = evaluate(chart())
    assert recommendation.message == "dental-review.before-start"
    assert [p.template for p in recommendation.proposals] == ["dental-referral"]
    assert "dental-review.onj" in recommendation.notes


@pytest.mark.parametrize("days, fires", [(10, False), (180, False), (181, True)])
def test_an_examination_within_180_days_counts_before_the_start(days, fires):
    recommendation = evaluate(chart(exam(days)))
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.values["last_exam_date"] == days_ago(days)
        assert "dental-review.last-exam" in recommendation.notes


@pytest.mark.parametrize("status", [ProcedureStatus.PLANNED, ProcedureStatus.IN_PROGRESS])
def test_an_examination_already_ordered_counts(status):
    assert evaluate(chart(exam(-3, status))) is None


def test_an_examination_dated_after_the_chart_date_does_not_count():
    assert evaluate(chart(exam(-3))) is not None


@pytest.mark.parametrize("agent", [bisphosphonate(), denosumab()])
def test_during_therapy_a_yearly_check_is_asked_for_including_denosumab(agent):
    assert evaluate(chart(exam(365), medications=(agent,))) is None
    recommendation = evaluate(chart(exam(366), medications=(agent,)))
    assert recommendation.message == "dental-review.on-therapy"
    assert recommendation.values["drug"] == agent.agent


def test_a_completed_infusion_still_counts_as_therapy():
    infusion = replace(bisphosphonate(), status=MedicationStatus.COMPLETED, end=days_ago(30))
    assert evaluate(chart(medications=(infusion,))).message == "dental-review.on-therapy"


def test_no_card_without_bone_metastasis_or_indication():
    assert evaluate(patient(diagnoses=(cancer(),), medications=(bisphosphonate("alendronate"),))) is None
    diagnosis, scan = scan_only()
    assert evaluate(patient(diagnoses=(diagnosis,), imaging=(scan,))) is None


@pytest.mark.parametrize("facts", [chart(), chart(exam(400), medications=(bisphosphonate(),))])
def test_the_card_reads_well_in_both_languages(facts):
    assert_card_reads_well(evaluate(facts), facts)
