"""dental-review (BM-BP-11..13): a dental examination once per bisphosphonate/denosumab course."""

from __future__ import annotations

from dataclasses import replace

import pytest

from guideline.facts import DataGap, MedicationStatus, ProcedureStatus
from guideline.rules import dental_review
from guideline.settings import Settings
from tests.rule_facts import SETTINGS, bisphosphonate, cancer, confirmed_metastasis, days_ago, denosumab
from tests.treatment_facts import assert_card_reads_well, card, patient, procedure, scan_only

START_OFF = Settings.from_mapping({"enabled_topics": ["renal-check", "dental-review", "renal-impairment"]})


def chart(*procedures, medications=(), **extra):
    base = {**confirmed_metastasis(), **extra}
    return patient(procedures=procedures, medications=medications, **base)


def exam(days, status=ProcedureStatus.DONE):
    return procedure("dental-examination", status, days=days)


def evaluate(facts, settings=SETTINGS):
    return dental_review.evaluate(facts, settings)


def infusions(*days_ago_list):
    return tuple(
        replace(bisphosphonate(), status=MedicationStatus.COMPLETED, start=days_ago(d), end=days_ago(d))
        for d in days_ago_list
    )


def test_before_a_first_dose_the_start_card_carries_the_dental_referral():
    assert evaluate(chart()) is None


@pytest.mark.parametrize("days, fires", [(10, False), (180, False), (181, True)])
def test_with_the_start_card_off_an_examination_within_180_days_counts_before_the_start(days, fires):
    recommendation = evaluate(chart(exam(days)), START_OFF)
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.message == "dental-review.before-start"
        assert [p.template for p in recommendation.proposals] == ["dental-referral"]
        assert recommendation.values["last_exam_date"] == days_ago(days)


@pytest.mark.parametrize("status", [ProcedureStatus.PLANNED, ProcedureStatus.IN_PROGRESS])
def test_an_examination_already_ordered_counts(status):
    assert evaluate(chart(exam(-3, status), medications=(bisphosphonate(),))) is None


def test_an_examination_dated_after_the_chart_date_does_not_count():
    assert evaluate(chart(exam(-3), medications=(bisphosphonate(),))) is not None


@pytest.mark.parametrize("agent", [bisphosphonate(), denosumab()])
def test_during_therapy_an_examination_for_this_course_or_within_a_year_counts(agent):
    # The order started 60 days ago: an examination up to 180 days before that is this course's.
    assert evaluate(chart(exam(240), medications=(agent,))) is None
    assert evaluate(chart(exam(365), medications=(agent,))) is None
    recommendation = evaluate(chart(exam(366), medications=(agent,)))
    assert recommendation.message == "dental-review.on-therapy.dated"
    assert recommendation.values["drug"] == agent.agent
    assert [p.template for p in recommendation.proposals] == ["dental-referral-on-therapy"]


def test_once_per_course_an_examination_before_a_long_course_keeps_the_card_silent():
    # Monthly infusions for two years; the examination was done before the first one.
    course = infusions(*range(10, 730, 28))
    assert evaluate(chart(exam(740), medications=course)) is None
    assert evaluate(chart(exam(1000), medications=course)).values["course_start"] == days_ago(710)


def test_a_completed_infusion_still_counts_as_therapy():
    assert evaluate(chart(medications=infusions(30))).message == "dental-review.on-therapy.dated"


def test_an_incomplete_procedure_record_keeps_the_card_silent():
    gap = DataGap("procedures", "only the first page was prefetched; no fhirServer")
    assert evaluate(replace(chart(medications=(bisphosphonate(),)), gaps=(gap,))) is None


def test_no_card_without_bone_metastasis_or_indication():
    assert evaluate(patient(diagnoses=(cancer(),), medications=(bisphosphonate("alendronate"),))) is None
    diagnosis, scan = scan_only()
    assert evaluate(patient(diagnoses=(diagnosis,), imaging=(scan,))) is None


@pytest.mark.parametrize(
    "facts", [chart(exam(400), medications=(bisphosphonate(),)), chart(medications=(denosumab(),))]
)
def test_the_card_reads_well_in_both_languages(facts):
    recommendation = evaluate(facts)
    assert_card_reads_well(recommendation, facts)
    assert "before" not in card(recommendation, facts)["summary"]
    chinese = card(recommendation, facts, "zh")
    assert "唑来膦酸" in chinese["summary"] or "地舒单抗" in chinese["summary"]
