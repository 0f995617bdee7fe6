"""bone-mets-confirm rule (BM-DX-04/05/07/08/10/11, BM-BP-02): suspected metastasis is confirmed before treatment."""

from __future__ import annotations

import pytest

from guideline.facts import DataGap, ImagingKind, Pathology, Verification
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
    assert recommendation.message == "bone-mets-confirm.image" and recommendation.notes == ()
    assert recommendation.proposals == ()  # the study depends on the site the scan shows: the clinician chooses


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
    assert recommendation.message == "bone-mets-confirm.image"


@pytest.mark.parametrize("kind", [ImagingKind.XRAY, ImagingKind.CT, ImagingKind.MRI, ImagingKind.PET_CT])
def test_confirmed_metastasis_needs_no_confirmation_card(kind):
    assert evaluate(imaging=(imaging(ImagingKind.BONE_SCAN), imaging(kind))) is None


def test_a_bone_biopsy_showing_metastasis_confirms_it():
    biopsy = Pathology(days_ago(3), source("DiagnosticReport"), shows_malignancy=True, shows_bone_metastasis=True)
    assert evaluate(imaging=(imaging(ImagingKind.BONE_SCAN),), pathology=(biopsy,)) is None


def test_no_evidence_of_bone_metastasis_no_card():
    assert evaluate() is None
    assert evaluate(imaging=(imaging(ImagingKind.BONE_SCAN, positive=False),)) is None


@pytest.mark.parametrize(
    "negatives, step, order",
    [
        ((ImagingKind.XRAY,), "ct", "ct-bone"),  # 一(二)1(3): X-ray negative → CT
        ((ImagingKind.CT,), "mri", "mri-bone"),
        ((ImagingKind.XRAY, ImagingKind.CT), "mri", "mri-bone"),
        ((ImagingKind.XRAY, ImagingKind.CT, ImagingKind.MRI), "biopsy", None),  # imaging insufficient: biopsy ①
        ((ImagingKind.PET_CT,), "biopsy", None),
    ],
)
def test_each_negative_study_after_the_scan_moves_to_the_next_step(negatives, step, order):
    studies = tuple(imaging(kind, days=10 - i, positive=False) for i, kind in enumerate(negatives))
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN, days=20), *studies))
    assert recommendation.message == f"bone-mets-confirm.{step}"
    assert [p.template for p in recommendation.proposals] == ([order] if order else [])
    assert recommendation.values["negative_kind"] == negatives[-1].value


def test_a_negative_x_ray_from_before_the_scan_says_nothing_about_it():
    old = imaging(ImagingKind.XRAY, days=60, positive=False)
    assert evaluate(imaging=(imaging(ImagingKind.BONE_SCAN, days=20), old)).message == "bone-mets-confirm.image"


def test_a_study_without_a_readable_conclusion_is_named_for_the_clinician_to_read():
    unread = imaging(ImagingKind.CT, days=5, positive=None)
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN), unread))
    assert recommendation.message == "bone-mets-confirm.image"
    assert "bone-mets-confirm.unread" in recommendation.notes and recommendation.values["unread_kind"] == "ct"


def test_an_incomplete_record_is_said_on_the_card():
    gap = DataGap("diagnostic-reports", "page 2 not fetched")
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN),), gaps=(gap,))
    assert recommendation.incomplete == (gap,)


def test_a_positive_mri_without_a_proven_primary_is_flagged_as_disputed_and_unproven():
    unproven = cancer(verification=Verification.UNKNOWN)
    patient = facts(diagnoses=(unproven,), imaging=(imaging(ImagingKind.BONE_SCAN), imaging(ImagingKind.MRI)))
    recommendation = bone_mets_confirm.evaluate(patient, SETTINGS)
    assert recommendation.message == "bone-mets-confirm.pathology"  # the primary is unproven: biopsy is diagnostic
    assert "bone-mets-confirm.mri-positive" in recommendation.notes


def test_a_solitary_lesion_is_named_as_a_biopsy_indication():
    recommendation = evaluate(
        imaging=(imaging(ImagingKind.BONE_SCAN),), findings=(finding("lesion-count", "solitary"),)
    )
    assert "bone-mets-confirm.solitary" in recommendation.notes


def test_raised_alkaline_phosphatase_is_not_taken_as_confirmation():
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN),), measurements=(lab("alp", 300, high=130),))
    assert recommendation.message == "bone-mets-confirm.image"


def test_a_bisphosphonate_already_recorded_is_pointed_out():
    recommendation = evaluate(imaging=(imaging(ImagingKind.BONE_SCAN),), medications=(bisphosphonate(),))
    assert "bone-mets-confirm.on-bisphosphonate" in recommendation.notes
    assert recommendation.values["agent"] == "zoledronic-acid"
