"""bone-mets-screening rule (BM-DX-02, BM-OV-02): high-risk primaries at intermediate/advanced stages only."""

from __future__ import annotations

import pytest

from guideline.facts import ImagingKind, Verification
from guideline.recommendation import Indicator
from guideline.rules import bone_mets_screening
from guideline.rules.bone_mets_screening import stage_group
from guideline.settings import Settings
from tests.rule_facts import SETTINGS, cancer, diagnosis, facts, imaging


def evaluate(*malignancies, imaging=(), diagnoses=(), settings=SETTINGS):
    patient = facts(diagnoses=(*malignancies, *diagnoses), imaging=imaging)
    return bone_mets_screening.evaluate(patient, settings)


@pytest.mark.parametrize("site", ["breast", "lung", "nasopharynx", "prostate"])
@pytest.mark.parametrize("stage", ["III", "IIIB", "IV", "IVA", "M1", "M1c", "T2N1M1", "Stage IV"])
def test_a_high_risk_primary_at_an_advanced_stage_without_bone_imaging_gets_a_screening_card(site, stage):
    recommendation = evaluate(cancer(site, stage=stage))
    assert recommendation.indicator is Indicator.INFO
    assert recommendation.values["primary"] == site
    assert [p.template for p in recommendation.proposals] == ["bone-scan"]


@pytest.mark.parametrize("stage", ["0", "I", "IA", "II", "IIB", "T2N0M0"])
def test_early_stages_are_not_screened(stage):
    assert evaluate(cancer("breast", stage=stage)) is None


@pytest.mark.parametrize("site", ["colorectal", "stomach", "thyroid", "kidney", "melanoma"])
def test_primaries_outside_the_high_risk_list_are_not_screened(site):
    assert evaluate(cancer(site, stage="IV")) is None


@pytest.mark.parametrize("stage", [None, "", "unknown"])
def test_an_unstaged_cancer_gets_no_screening_card(stage):
    assert evaluate(cancer("lung", stage=stage)) is None


def test_the_high_risk_list_is_configuration():
    settings = Settings.from_mapping({"high_risk_primaries": ["breast", "lung", "nasopharynx", "prostate", "kidney"]})
    assert evaluate(cancer("kidney", stage="IV"), settings=settings) is not None


def test_the_advanced_stages_are_configuration():
    settings = Settings.from_mapping({"advanced_stages": ["II", "III", "IV", "M1"]})
    assert evaluate(cancer("breast", stage="IIA"), settings=settings) is not None


@pytest.mark.parametrize("positive", [True, False, None])
def test_any_bone_imaging_already_recorded_silences_screening(positive):
    assert evaluate(cancer("breast", stage="IV"), imaging=(imaging(ImagingKind.BONE_SCAN, positive=positive),)) is None


def test_a_provisional_or_resolved_cancer_is_not_screened():
    assert evaluate(cancer("breast", stage="IV", verification=Verification.PROVISIONAL)) is None
    assert evaluate(cancer("breast", stage="IV", active=False)) is None


def test_known_bone_metastasis_is_not_screened_for():
    assert evaluate(cancer("breast", stage="IV"), diagnoses=(diagnosis("bone-metastasis"),)) is None


def test_the_work_up_card_takes_precedence_when_there_are_signs():
    assert evaluate(cancer("breast", stage="IV"), diagnoses=(diagnosis("bone-pain"),)) is None


def test_with_the_work_up_switched_off_screening_still_speaks():
    settings = Settings.from_mapping({"enabled_topics": ["bone-mets-screening"]})
    assert evaluate(cancer("breast", stage="IV"), diagnoses=(diagnosis("bone-pain"),), settings=settings) is not None


@pytest.mark.parametrize(
    "stage, group",
    [("IIIA", "III"), ("ivb", "IV"), ("II", "II"), ("I", "I"), ("M1a", "M1"), ("pT2 N1 M1", "M1"), ("X", None)],
)
def test_stage_groups_are_read_from_substages_and_tnm(stage, group):
    assert stage_group(stage) == group
