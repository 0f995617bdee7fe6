"""spinal-cord-compression (BM-DX-01, RT-01, SU-05 item 7, SU-08, RN-02): a critical card that owns the spine."""

from __future__ import annotations

import pytest

from guideline.facts import ImagingKind, ProcedureStatus, Verification
from guideline.recommendation import Indicator
from guideline.rules import radiotherapy_referral, spinal_cord_compression, surgery_referral
from guideline.settings import Settings
from tests.rule_facts import SETTINGS, cancer, days_ago, imaging
from tests.treatment_facts import (
    assert_card_reads_well,
    condition,
    measure,
    metastasis,
    pain,
    patient,
    procedure,
)


def chart(*diagnoses, **extra):
    return patient(diagnoses=(cancer(), metastasis("spine"), *diagnoses), **extra)


def compression(days: float = 1, **kwargs):
    return condition("spinal-cord-compression", days=days, **kwargs)


def evaluate(facts, settings=SETTINGS):
    return spinal_cord_compression.evaluate(facts, settings)


def templates(recommendation):
    return [p.template for p in recommendation.proposals]


def test_active_cord_compression_in_cancer_is_a_critical_card_with_mri_surgery_and_radiotherapy():
    recommendation = evaluate(chart(compression()))
    assert recommendation.indicator is Indicator.CRITICAL
    assert recommendation.message == "spinal-cord-compression.image"
    assert templates(recommendation) == ["spine-mri", "neurosurgery-referral", "radiotherapy-referral"]
    assert recommendation.selection == "any"
    assert "spinal-cord-compression.no-radionuclide" in recommendation.notes


@pytest.mark.parametrize(
    "verification, certainty",
    [
        (Verification.CONFIRMED, "confirmed"),
        (Verification.PROVISIONAL, "suspected"),
        (Verification.UNKNOWN, "recorded"),
    ],
)
def test_suspected_compression_is_as_urgent_as_a_confirmed_one(verification, certainty):
    recommendation = evaluate(chart(compression(verification=verification)))
    assert recommendation.indicator is Indicator.CRITICAL
    assert recommendation.values["certainty"] == certainty


def test_without_cancer_cord_compression_is_outside_this_guideline():
    assert evaluate(patient(diagnoses=(compression(),))) is None


def test_cancer_without_known_bone_metastasis_still_gets_the_card_and_the_work_up_note():
    recommendation = evaluate(patient(diagnoses=(cancer(), compression())))
    assert recommendation.indicator is Indicator.CRITICAL
    assert "spinal-cord-compression.exclude-metastasis" in recommendation.notes


def test_resolved_or_future_dated_compression_is_silent():
    from dataclasses import replace

    assert evaluate(chart(replace(compression(), active=False))) is None
    assert evaluate(chart(compression(days=-2))) is None


@pytest.mark.parametrize(
    "status, days, site, silent",
    [
        (ProcedureStatus.DONE, 0.5, "spine", True),  # radiotherapy after the compression's onset
        (ProcedureStatus.DONE, 3, "spine", False),  # before it: not its treatment
        (ProcedureStatus.PLANNED, None, "spine", True),  # ordered: the referral has happened
        (ProcedureStatus.IN_PROGRESS, 0.5, None, True),  # a course without a site counts
        (ProcedureStatus.DONE, 0.5, "femur", False),  # another site
        (ProcedureStatus.NOT_DONE, 0.5, "spine", False),
        (ProcedureStatus.DONE, None, "spine", False),  # undated: cannot be put after the onset
        (ProcedureStatus.DONE, -1, "spine", False),  # "done" tomorrow: contradictory, not used
    ],
)
def test_spinal_radiotherapy_since_onset_means_the_emergency_is_being_handled(status, days, site, silent):
    facts = chart(compression(days=1), procedures=(procedure("radiotherapy", status, days=days, site=site),))
    assert (evaluate(facts) is None) is silent


def test_bone_surgery_to_the_spine_since_onset_also_counts():
    facts = chart(compression(days=2), procedures=(procedure("bone-surgery", days=1, site="spine"),))
    assert evaluate(facts) is None


def test_an_mri_since_onset_is_cited_instead_of_ordered_again():
    mri = imaging(ImagingKind.MRI, days=0.5)
    recommendation = evaluate(chart(compression(days=1), imaging=(mri,)))
    assert recommendation.message == "spinal-cord-compression.imaged"
    assert recommendation.values["mri_date"] == mri.when
    assert "spine-mri" not in templates(recommendation)


def test_an_mri_before_onset_does_not_count():
    recommendation = evaluate(chart(compression(days=1), imaging=(imaging(ImagingKind.MRI, days=30),)))
    assert "spine-mri" in templates(recommendation)


def test_instability_and_vertebral_fracture_are_passed_on_to_the_spine_surgeon():
    facts = chart(
        compression(),
        condition("pathological-fracture", site="spine"),
        measurements=(measure("sins-score", 9),),
    )
    recommendation = evaluate(facts)
    assert {"spinal-cord-compression.instability", "spinal-cord-compression.vertebral-fracture"} <= set(
        recommendation.notes
    )
    assert recommendation.values["sins"] == 9


def test_corticosteroids_are_named_only_as_beyond_the_guideline_with_their_source():
    recommendation = evaluate(chart(compression()))
    assert "spinal-cord-compression.steroids" in recommendation.notes
    assert "NICE NG234" in recommendation.rule.beyond_guideline


def test_while_this_card_fires_surgery_and_radiotherapy_cards_leave_the_spine_to_it():
    facts = chart(
        compression(),
        condition("pathological-fracture", site="spine"),
        condition("spinal-instability"),
        measurements=(pain(8, site="spine"),),
    )
    assert spinal_cord_compression.owns_spine(facts, SETTINGS)
    assert surgery_referral.evaluate(facts, SETTINGS) is None
    assert radiotherapy_referral.evaluate(facts, SETTINGS) is None


def test_a_painful_femur_is_named_for_the_same_urgent_radiotherapy_referral_not_a_second_one():
    facts = chart(compression(), metastasis("femur"), measurements=(pain(6),))
    radiotherapy = radiotherapy_referral.evaluate(facts, SETTINGS)
    assert radiotherapy.values["site"] == "femur" and radiotherapy.proposals == ()
    assert "radiotherapy-referral.with-compression-referral" in radiotherapy.notes


def test_a_fractured_femur_beside_cord_compression_is_fixed_before_it_is_irradiated():
    facts = chart(compression(), condition("pathological-fracture", site="femur"), measurements=(pain(6),))
    radiotherapy = radiotherapy_referral.evaluate(facts, SETTINGS)
    assert radiotherapy.message == "radiotherapy-referral.after-fixation"
    assert radiotherapy.notes == ()  # no "name it in the urgent referral", no radionuclide options: surgery first


def test_a_femoral_fracture_still_gets_its_own_orthopaedic_card_beside_the_spinal_one():
    facts = chart(compression(), condition("pathological-fracture", site="femur"))
    surgery = surgery_referral.evaluate(facts, SETTINGS)
    assert [p.template for p in surgery.proposals] == ["orthopaedic-referral"]


def test_switched_off_the_surgery_card_speaks_for_cord_compression_again():
    settings = Settings.from_mapping(
        {"enabled_topics": sorted(Settings().enabled_topics - {"spinal-cord-compression"})}
    )
    facts = chart(compression())
    assert not spinal_cord_compression.owns_spine(facts, settings)
    surgery = surgery_referral.evaluate(facts, settings)
    assert surgery.indicator is Indicator.CRITICAL
    assert surgery.values["lead"] == "cord-compression"


def test_the_newest_untreated_compression_is_the_one_shown():
    older, newer = compression(days=20), compression(days=2)
    assert evaluate(chart(older, newer)).values["compression_date"] == newer.when == days_ago(2)


def test_the_card_reads_well_in_both_languages():
    facts = chart(
        compression(), condition("pathological-fracture", site="spine"), measurements=(measure("sins-score", 9),)
    )
    assert_card_reads_well(evaluate(facts), facts)
    imaged = chart(compression(days=1), imaging=(imaging(ImagingKind.MRI, days=0.5),))
    assert_card_reads_well(evaluate(imaged), imaged)
