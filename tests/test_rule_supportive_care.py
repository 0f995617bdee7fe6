"""supportive-care rule (BM-SC-01..03): counselling for confirmed metastasis; off by default, on by configuration."""

from __future__ import annotations

import pytest

from guideline import engine
from guideline.facts import ImagingKind
from guideline.rules import supportive_care
from guideline.settings import Settings
from tests.rule_facts import SETTINGS, cancer, confirmed_metastasis, facts, imaging, lab

ON = Settings.from_mapping({"enabled_topics": ["supportive-care"]})


def test_the_topic_is_off_by_default_so_the_engine_never_shows_it():
    patient = facts(**confirmed_metastasis())
    assert "supportive-care" not in {r.topic for r in engine.evaluate(patient, "patient-view", SETTINGS)}


def test_switched_on_by_configuration_confirmed_metastasis_gets_the_counselling_card():
    patient = facts(**confirmed_metastasis())
    [recommendation] = engine.evaluate(patient, "patient-view", ON)
    assert recommendation.topic == "supportive-care"
    assert recommendation.indicator.value == "info"
    assert recommendation.notes == ("supportive-care.support",)


def test_suspected_metastasis_gets_no_counselling_card():
    patient = facts(diagnoses=(cancer(),), imaging=(imaging(ImagingKind.BONE_SCAN),))
    assert supportive_care.evaluate(patient, ON) is None


def test_no_metastasis_no_card():
    assert supportive_care.evaluate(facts(diagnoses=(cancer(),)), ON) is None


@pytest.mark.parametrize(
    "score, note",
    [
        (lab("ecog", 2), None),
        (lab("ecog", 3), "supportive-care.assisted"),
        (lab("ecog", 4), "supportive-care.bedridden"),
        (lab("karnofsky", 50), None),
        (lab("karnofsky", 40), "supportive-care.assisted"),
        (lab("karnofsky", 20), "supportive-care.bedridden"),
    ],
)
def test_performance_status_adds_assisted_or_in_bed_activity_advice(score, note):
    recommendation = supportive_care.evaluate(facts(measurements=(score,), **confirmed_metastasis()), ON)
    expected = ("supportive-care.support",) if note is None else ("supportive-care.support", note)
    assert recommendation.notes == expected


def test_a_performance_score_older_than_the_window_is_ignored():
    recommendation = supportive_care.evaluate(
        facts(measurements=(lab("ecog", 4, days=200),), **confirmed_metastasis()), ON
    )
    assert recommendation.notes == ("supportive-care.support",)
