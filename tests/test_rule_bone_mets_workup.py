"""bone-mets-workup rule (BM-DX-01/03/06/09): each trigger, the malignancy gate, and when the work-up is done."""

from __future__ import annotations

import pytest

from guideline.facts import ImagingKind, Verification
from guideline.recommendation import Indicator
from guideline.rules import bone_mets_workup
from tests.rule_facts import SETTINGS, cancer, diagnosis, facts, imaging, lab


def evaluate(*, diagnoses=(), measurements=(), imaging=(), malignancy=None):
    malignancy = malignancy if malignancy is not None else cancer()
    patient = facts(diagnoses=(malignancy, *diagnoses), measurements=measurements, imaging=imaging)
    return bone_mets_workup.evaluate(patient, SETTINGS)


@pytest.mark.parametrize(
    "concept, name",
    [
        ("bone-pain", "bone_pain"),
        ("pathological-fracture", "fracture"),
        ("spinal-cord-compression", "cord_compression"),
        ("nerve-root-compression", "root_compression"),
        ("hypercalcaemia", "hypercalcaemia"),
    ],
)
def test_each_coded_finding_in_a_patient_with_cancer_asks_for_a_work_up_with_a_bone_scan(concept, name):
    recommendation = evaluate(diagnoses=(diagnosis(concept),))
    assert recommendation.indicator is Indicator.WARNING
    assert f"bone-mets-workup.trigger.{name}" in recommendation.notes
    assert [p.template for p in recommendation.proposals] == ["bone-scan"]


@pytest.mark.parametrize("alp, fires", [(129, False), (130, False), (131, True)])
def test_alkaline_phosphatase_counts_only_above_the_labs_own_upper_limit(alp, fires):
    recommendation = evaluate(measurements=(lab("alp", alp, high=130),))
    assert (recommendation is not None) is fires


def test_alkaline_phosphatase_without_a_reference_range_is_not_judged():
    assert evaluate(measurements=(lab("alp", 400),)) is None


@pytest.mark.parametrize("calcium, fires", [(2.74, False), (2.75, True)])
def test_calcium_graded_as_hypercalcaemia_is_a_trigger(calcium, fires):
    assert (evaluate(measurements=(lab("calcium", calcium),)) is not None) is fires


def test_several_findings_give_one_card_listing_each():
    recommendation = evaluate(
        diagnoses=(diagnosis("bone-pain"), diagnosis("pathological-fracture")),
        measurements=(lab("alp", 300, high=130),),
    )
    triggers = [n for n in recommendation.notes if ".trigger." in n]
    assert triggers == [
        "bone-mets-workup.trigger.alp",
        "bone-mets-workup.trigger.bone_pain",
        "bone-mets-workup.trigger.fracture",
    ]


def test_no_finding_no_card():
    assert evaluate() is None


def test_a_provisional_cancer_is_not_a_diagnosed_malignancy():
    assert (
        evaluate(diagnoses=(diagnosis("bone-pain"),), malignancy=cancer(verification=Verification.PROVISIONAL)) is None
    )


def test_a_cancer_without_verification_status_counts_as_diagnosed():
    malignancy = cancer(verification=Verification.UNKNOWN)
    assert evaluate(diagnoses=(diagnosis("bone-pain"),), malignancy=malignancy) is not None


def test_a_resolved_cancer_does_not_trigger_a_work_up():
    assert evaluate(diagnoses=(diagnosis("bone-pain"),), malignancy=cancer(active=False)) is None


def test_a_resolved_finding_is_not_a_trigger():
    assert evaluate(diagnoses=(diagnosis("bone-pain", active=False),)) is None


def test_suspected_bone_metastasis_is_left_to_the_confirmation_card():
    scan = imaging(ImagingKind.BONE_SCAN, days=5)
    assert evaluate(diagnoses=(diagnosis("bone-pain", days=10),), imaging=(scan,)) is None


def test_confirmed_bone_metastasis_needs_no_work_up():
    assert evaluate(diagnoses=(diagnosis("bone-pain"),), imaging=(imaging(ImagingKind.CT, positive=True),)) is None


@pytest.mark.parametrize("imaged_days_ago, fires", [(11, True), (10, False), (3, False)])
def test_bone_imaging_on_or_after_the_newest_finding_means_the_work_up_is_done(imaged_days_ago, fires):
    study = imaging(ImagingKind.BONE_SCAN, days=imaged_days_ago, positive=False)
    recommendation = evaluate(diagnoses=(diagnosis("bone-pain", days=10),), imaging=(study,))
    assert (recommendation is not None) is fires


def test_the_card_cites_the_malignancy_and_each_finding_with_its_date():
    pain = diagnosis("bone-pain", days=10)
    recommendation = evaluate(diagnoses=(pain,))
    assert recommendation.values["bone_pain"] == "bone-pain"
    assert recommendation.values["bone_pain_date"] == pain.when
    assert recommendation.values["malignancy"] == "Malignant neoplasm of breast"
    assert recommendation.notes == ("bone-mets-workup.trigger.bone_pain",)  # next steps live on the rule page
