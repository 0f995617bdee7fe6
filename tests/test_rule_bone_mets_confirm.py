"""bone-mets-confirm rule (BM-DX-04/05/07/08/10/11, BM-BP-02): suspected metastasis is confirmed before treatment."""

from __future__ import annotations

import pytest

from guideline.facts import ImagingKind, Pathology, Verification
from guideline.recommendation import Indicator
from guideline.rules import bone_mets_confirm
from tests.rule_facts import SETTINGS, bisphosphonate, cancer, days_ago, diagnosis, facts, finding, imaging, lab, source


def evaluate(*, diagnoses=(), imaging=(), **extra):
    return bone_mets_confirm.evaluate(facts(diagnoses=(cancer(), *diagnoses), imaging=imaging, **extra), SETTINGS)


def test_a_positive_bone_scan_alone_asks_for_confirmation_and_no_bisphosphonate_yet():
    scan = imaging(ImagingKind.BONE_SCAN)
    recommendation = evaluate(imaging=(scan,))
    assert recommendation.indicator is Indicator.INFO
    assert recommendation.values == {"why": "scan-only", "bone_scan_date": scan.when}
    assert recommendation.notes[0] == "bone-mets-confirm.no-bisphosphonate"
    assert "bone-mets-confirm.not-pet-ct" in recommendation.notes


def test_a_diagnosis_recorded_as_confirmed_on_a_bone_scan_alone_is_still_only_suspected():
    scan = imaging(ImagingKind.BONE_SCAN)
    metastasis = diagnosis("bone-metastasis", evidence=(scan.source.reference,))
    recommendation = evaluate(diagnoses=(metastasis,), imaging=(scan,))
    assert recommendation.values["why"] == "scan-only"


@pytest.mark.parametrize(
    "verification, why", [(Verification.PROVISIONAL, "provisional"), (Verification.UNKNOWN, "unverified")]
)
def test_a_provisional_or_unverified_diagnosis_asks_for_confirmation(verification, why):
    recommendation = evaluate(diagnoses=(diagnosis("bone-metastasis", verification=verification),))
    assert recommendation.values["why"] == why
    assert recommendation.values["diagnosis"] == "bone-metastasis"


@pytest.mark.parametrize("kind", [ImagingKind.XRAY, ImagingKind.CT, ImagingKind.MRI, ImagingKind.PET_CT])
def test_confirmed_metastasis_needs_no_confirmation_card(kind):
    assert evaluate(imaging=(imaging(ImagingKind.BONE_SCAN), imaging(kind))) is None


def test_a_bone_biopsy_showing_metastasis_confirms_it():
    biopsy = Pathology(days_ago(3), source("DiagnosticReport"), shows_malignancy=True, shows_bone_metastasis=True)
    assert evaluate(imaging=(imaging(ImagingKind.BONE_SCAN),), pathology=(biopsy,)) is None


def test_no_evidence_of_bone_metastasis_no_card():
    assert evaluate() is None
    assert evaluate(imaging=(imaging(ImagingKind.BONE_SCAN, positive=False),)) is None


def test_a_negative_x_ray_does_not_exclude_metastasis_and_ct_is_suggested():
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN), imaging(ImagingKind.XRAY, positive=False)))
    assert "bone-mets-confirm.xray-negative" in recommendation.notes


def test_a_positive_mri_without_a_proven_primary_is_flagged_as_disputed_and_unproven():
    unproven = cancer(verification=Verification.UNKNOWN)
    patient = facts(diagnoses=(unproven,), imaging=(imaging(ImagingKind.BONE_SCAN), imaging(ImagingKind.MRI)))
    recommendation = bone_mets_confirm.evaluate(patient, SETTINGS)
    assert {"bone-mets-confirm.mri-positive", "bone-mets-confirm.primary-unproven"} <= set(recommendation.notes)


def test_a_solitary_lesion_is_named_as_a_biopsy_indication():
    recommendation = evaluate(
        imaging=(imaging(ImagingKind.BONE_SCAN),), findings=(finding("lesion-count", "solitary"),)
    )
    assert "bone-mets-confirm.solitary" in recommendation.notes


def test_raised_alkaline_phosphatase_is_not_taken_as_confirmation():
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN),), measurements=(lab("alp", 300, high=130),))
    assert "bone-mets-confirm.markers" in recommendation.notes


def test_a_bisphosphonate_already_recorded_is_pointed_out():
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN),), medications=(bisphosphonate(),))
    assert "bone-mets-confirm.on-bisphosphonate" in recommendation.notes
    assert recommendation.values["bisphosphonate"] == "zoledronic-acid"
