"""radiotherapy-referral (BM-RT-01..07, BM-RN-01..04): painful or weight-bearing metastasis without radiotherapy."""

from __future__ import annotations

import pytest

from guideline.facts import ImagingKind, ProcedureStatus
from guideline.recommendation import Indicator
from guideline.rules import radiotherapy_referral
from guideline.settings import Settings
from tests.rule_facts import SETTINGS, cancer, imaging
from tests.treatment_facts import (
    assert_card_reads_well,
    card,
    condition,
    lesion,
    measure,
    metastasis,
    pain,
    patient,
    procedure,
    scan_only,
)


def chart(*measurements, sites=("femur",), diagnoses=(), **extra):
    mets = tuple(metastasis(site) for site in sites) or (metastasis(),)
    return patient(diagnoses=(cancer(), *mets, *diagnoses), measurements=measurements, **extra)


def evaluate(facts, settings=SETTINGS):
    return radiotherapy_referral.evaluate(facts, settings)


@pytest.mark.parametrize(
    "nrs, message, indicator",
    [
        (0, "radiotherapy-referral.weight-bearing", Indicator.INFO),  # no pain: the femur is still weight-bearing
        (3, "radiotherapy-referral.weight-bearing", Indicator.INFO),  # mild pain: below the default of 4
        (4, "radiotherapy-referral.painful", Indicator.WARNING),
        (10, "radiotherapy-referral.painful", Indicator.WARNING),
    ],
)
def test_a_painful_lesion_without_radiotherapy_is_referred_more_urgently_above_mild_pain(nrs, message, indicator):
    recommendation = evaluate(chart(pain(nrs)))
    assert (recommendation.message, recommendation.indicator) == (message, indicator)
    assert [p.template for p in recommendation.proposals] == ["radiotherapy-referral"]


@pytest.mark.parametrize("nrs, fires", [(0, False), (2, False), (3, False), (4, True), (6, True)])
def test_a_painless_lesion_of_a_non_weight_bearing_bone_needs_no_referral(nrs, fires):
    assert (evaluate(chart(pain(nrs), sites=("rib",))) is not None) is fires


@pytest.mark.parametrize(
    "site, fires",
    [("spine", True), ("femur", True), ("pelvis", True), ("tibia-fibula", True), ("humerus", False), ("rib", False)],
)
def test_weight_bearing_sites_get_a_prophylactic_suggestion_without_pain(site, fires):
    recommendation = evaluate(chart(sites=(site,)))
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.values["site"] == site and recommendation.indicator is Indicator.INFO


def test_a_site_seen_only_on_imaging_counts_as_a_lesion_site():
    from dataclasses import replace

    ct = replace(imaging(ImagingKind.CT), body_site="spine")
    recommendation = evaluate(patient(diagnoses=(cancer(),), imaging=(ct,)))
    assert recommendation.values["site"] == "spine"


def test_a_bone_pain_diagnosis_stands_in_for_a_missing_pain_score():
    recommendation = evaluate(chart(sites=("rib",), diagnoses=(condition("bone-pain"),)))
    assert recommendation.message == "radiotherapy-referral.bone-pain"


def test_a_recent_pain_score_of_zero_outweighs_an_old_bone_pain_diagnosis():
    assert evaluate(chart(pain(0), sites=("rib",), diagnoses=(condition("bone-pain", days=200),))) is None


@pytest.mark.parametrize("age_days, fires", [(30, True), (31, False)])
def test_a_stale_pain_score_is_not_pain_now(age_days, fires):
    assert (evaluate(chart(pain(7, days=age_days), sites=("rib",))) is not None) is fires


def test_only_confirmed_bone_metastasis_is_referred():
    diagnosis, scan = scan_only()
    assert evaluate(patient(diagnoses=(diagnosis,), imaging=(scan,), measurements=(pain(8),))) is None
    assert evaluate(patient(diagnoses=(cancer(),), measurements=(pain(8),))) is None


@pytest.mark.parametrize(
    "status, rt_site, fires",
    [
        (ProcedureStatus.DONE, "femur", False),
        (ProcedureStatus.IN_PROGRESS, "femur", False),
        (ProcedureStatus.PLANNED, "femur", False),
        (ProcedureStatus.PLANNED, "peritrochanteric", False),  # same field as the femur
        (ProcedureStatus.DONE, None, False),  # a course without a site: the oncologist has the patient
        (ProcedureStatus.DONE, "spine", True),  # another site
        (ProcedureStatus.NOT_DONE, "femur", True),
    ],
)
def test_radiotherapy_to_the_site_done_or_planned_silences_the_referral(status, rt_site, fires):
    facts = chart(pain(6, site="femur"), procedures=(procedure("radiotherapy", status, days=10, site=rt_site),))
    assert (evaluate(facts) is not None) is fires


def test_the_painful_site_is_referred_even_when_another_site_was_irradiated():
    facts = chart(
        pain(6, site="spine"), sites=("femur", "spine"), procedures=(procedure("radiotherapy", site="femur"),)
    )
    assert evaluate(facts).values["site"] == "spine"


def test_more_than_one_site_without_radiotherapy_names_the_first_and_counts_the_rest():
    recommendation = evaluate(chart(pain(5), sites=("humerus", "femur", "spine")))
    assert recommendation.values["site"] == "spine" and recommendation.values["more_sites"] == 2
    assert "radiotherapy-referral.more-sites" in recommendation.notes


@pytest.mark.parametrize(
    "months, note",
    [
        (2, "radiotherapy-referral.short-survival"),
        (3, "radiotherapy-referral.short-survival"),
        (3.5, None),  # the schedules are on the rule page
        (None, None),
    ],
)
def test_short_expected_survival_favours_a_single_8_gy_fraction(months, note):
    extra = (measure("expected-survival-months", months),) if months is not None else ()
    recommendation = evaluate(chart(pain(6), *extra))
    assert ("radiotherapy-referral.short-survival" in recommendation.notes) is (note is not None)


def _widespread(*measurements, diagnoses=()):
    return chart(pain(5), *measurements, diagnoses=diagnoses, findings=(lesion("lesion-count", "multiple"),))


def test_widespread_painful_disease_shows_radionuclide_therapy_and_asks_for_blood_counts():
    notes = evaluate(_widespread()).notes
    assert "radiotherapy-referral.radionuclide-option" in notes
    assert "radiotherapy-referral.radionuclide-counts-missing" in notes


def test_two_separate_lesion_sites_count_as_multiple():
    notes = evaluate(chart(pain(5), sites=("femur", "humerus"))).notes
    assert "radiotherapy-referral.radionuclide-option" in notes
    notes = evaluate(chart(pain(5), sites=("femur", "peritrochanteric"))).notes
    assert "radiotherapy-referral.radionuclide-option" not in notes


@pytest.mark.parametrize(
    "platelets, leukocytes, low",
    [
        (59.9, 5.0, ["platelets"]),
        (60.0, 5.0, []),
        (150, 2.39, ["leukocytes"]),
        (150, 2.4, []),
        (20, 1.0, ["platelets", "leukocytes"]),
    ],
)
def test_marrow_suppression_contraindicates_radionuclide_therapy_at_the_label_limits(platelets, leukocytes, low):
    recommendation = evaluate(_widespread(measure("platelets", platelets), measure("leukocytes", leukocytes)))
    found = [
        n.rsplit("-", 1)[1] for n in recommendation.notes if n.startswith("radiotherapy-referral.radionuclide-low")
    ]
    assert found == low
    assert "radiotherapy-referral.radionuclide-counts-missing" not in recommendation.notes


def test_a_marrow_failure_diagnosis_contraindicates_radionuclide_therapy():
    notes = evaluate(_widespread(diagnoses=(condition("marrow-failure"),))).notes
    assert "radiotherapy-referral.radionuclide-marrow-failure" in notes
    assert "radiotherapy-referral.radionuclide-counts-missing" not in notes


def test_counts_older_than_the_window_are_treated_as_missing():
    old = (measure("platelets", 40, days=45), measure("leukocytes", 1.0, days=45))
    notes = evaluate(_widespread(*old)).notes
    assert "radiotherapy-referral.radionuclide-counts-missing" in notes
    assert not any(n.startswith("radiotherapy-referral.radionuclide-low") for n in notes)


def test_cord_compression_contraindicates_radionuclide_therapy():
    notes = evaluate(_widespread(diagnoses=(condition("spinal-cord-compression"),))).notes
    assert "radiotherapy-referral.radionuclide-epidural" in notes


@pytest.mark.parametrize(
    "extra",
    [
        {"diagnoses": (condition("pathological-fracture", site="spine"),)},
        {"diagnoses": (condition("spinal-instability"),)},
    ],
)
def test_vertebral_destruction_or_fracture_risk_makes_radionuclides_a_caution(extra):
    assert "radiotherapy-referral.radionuclide-caution" in evaluate(_widespread(**extra)).notes


def test_a_prophylactic_suggestion_does_not_offer_radionuclides():
    recommendation = evaluate(chart(sites=("femur", "spine"), findings=(lesion("lesion-count", "multiple"),)))
    assert recommendation.message == "radiotherapy-referral.weight-bearing"
    assert not any("radionuclide" in n for n in recommendation.notes)


def _after_radiotherapy(before: float, after: float, *, rt_days: float = 60, after_days: float = 2, mri=False):
    return chart(
        pain(before, days=rt_days + 3, site="femur"),
        pain(after, days=after_days, site="femur"),
        procedures=(procedure("radiotherapy", days=rt_days, site="femur"),),
        imaging=(imaging(ImagingKind.MRI, days=100),) if mri else (),
    )


@pytest.mark.parametrize(
    "before, after, rt_days, fires",
    [
        (7, 7, 60, True),  # no relief 8 weeks on
        (7, 8, 60, True),
        (7, 6, 60, False),  # some relief
        (7, 7, 44, True),  # pain scored 42 days after the course: 6 weeks have passed
        (7, 7, 43, False),  # scored 41 days after: too early to judge
        (7, 0, 60, False),
    ],
)
def test_no_relief_six_weeks_after_radiotherapy_asks_to_check_the_target(before, after, rt_days, fires):
    recommendation = evaluate(_after_radiotherapy(before, after, rt_days=rt_days))
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.message == "radiotherapy-referral.poor-response"
        assert "radiotherapy-referral.mri" in recommendation.notes


def test_poor_response_without_a_pre_treatment_score_cannot_be_judged():
    facts = chart(pain(8, days=2, site="femur"), procedures=(procedure("radiotherapy", days=60, site="femur"),))
    assert evaluate(facts) is None


def test_poor_response_with_an_mri_on_record_does_not_ask_for_one():
    recommendation = evaluate(_after_radiotherapy(7, 7, mri=True))
    assert "radiotherapy-referral.mri" not in recommendation.notes


def test_a_further_course_already_planned_silences_the_poor_response_card():
    facts = _after_radiotherapy(7, 7)
    planned = procedure("radiotherapy", ProcedureStatus.PLANNED, days=-3, site="femur")
    from tests.treatment_facts import with_

    assert evaluate(with_(facts, procedures=(*facts.procedures, planned))) is None


def test_the_pain_minimum_is_configuration():
    settings = Settings.from_mapping({"radiotherapy_pain_min": 1})
    assert evaluate(chart(pain(1), sites=("rib",)), settings).indicator is Indicator.INFO  # mild pain: info
    assert evaluate(chart(pain(1), sites=("rib",))) is None  # the default is moderate pain, 4


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(chart(pain(6), sites=("spine", "femur")), id="painful"),
        pytest.param(chart(pain(6), sites=()), id="painful, site unrecorded"),
        pytest.param(chart(sites=("femur",)), id="weight-bearing"),
        pytest.param(chart(sites=(), diagnoses=(condition("bone-pain"),)), id="bone-pain diagnosis"),
        pytest.param(_widespread(measure("platelets", 40), measure("leukocytes", 2.0)), id="radionuclide"),
        pytest.param(_after_radiotherapy(7, 8), id="poor response"),
        pytest.param(chart(diagnoses=(condition("pathological-fracture", site="femur"),)), id="fixation first"),
        pytest.param(chart(measure("sins-score", 9), sites=("spine",)), id="surgical opinion first"),
    ],
)
def test_the_card_reads_well_in_both_languages(facts):
    assert_card_reads_well(evaluate(facts), facts)


def test_the_referral_is_a_draft_service_request_with_the_verified_code():
    facts = chart(pain(6))
    suggestion = card(evaluate(facts), facts)["suggestions"][0]
    resource = suggestion["actions"][0]["resource"]
    assert resource["resourceType"] == "ServiceRequest" and resource["status"] == "draft"
    assert resource["code"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "306256000",
        "display": "Referral to radiotherapist (procedure)",
    }
    assert resource["subject"] == {"reference": "Patient/p1"}


@pytest.mark.parametrize(
    "extra, site",
    [
        ({"diagnoses": (condition("pathological-fracture", site="femur"),)}, "femur"),
        ({"findings": (lesion("lesion-type", "lytic", site="lower-limb"),)}, "lower-limb"),
        ({"measurements": (measure("sins-score", 5),)}, "spine"),
    ],
)
def test_a_fracture_or_a_lesion_assessment_also_places_the_metastasis(extra, site):
    others = {key: value for key, value in extra.items() if key != "measurements"}
    recommendation = evaluate(chart(*extra.get("measurements", ()), sites=(), **others))
    assert recommendation.values["site"] == site


def test_every_body_site_has_a_name_in_both_languages():
    from cards.text.sites import SITE_NAMES
    from guideline.concepts import BODY_SITES

    assert BODY_SITES <= SITE_NAMES.keys()
    assert all(name["en"] and name["zh"] for name in SITE_NAMES.values())


@pytest.mark.parametrize(
    "counts, note",
    [
        ((measure("platelets", 200),), "radiotherapy-referral.radionuclide-leukocytes-missing"),
        ((measure("leukocytes", 6.0),), "radiotherapy-referral.radionuclide-platelets-missing"),
    ],
)
def test_the_card_says_which_blood_count_is_missing(counts, note):
    notes = evaluate(_widespread(*counts)).notes
    assert note in notes and "radiotherapy-referral.radionuclide-counts-missing" not in notes


def test_surgery_comes_first_at_a_fractured_femur_unless_it_was_fixed():
    from guideline.facts import ProcedureStatus as Status

    fracture = condition("pathological-fracture", site="femur")
    before = evaluate(chart(diagnoses=(fracture,)))
    assert before.message == "radiotherapy-referral.after-fixation"
    assert before.values["fixation_reason"] == "fracture" and not before.proposals[0].recommended
    fixed = procedure("bone-surgery", Status.DONE, days=1, site="femur")
    after = evaluate(chart(diagnoses=(fracture,), procedures=(fixed,)))
    assert after.message == "radiotherapy-referral.weight-bearing" and after.proposals[0].recommended


def test_a_high_sins_puts_the_surgical_opinion_before_spinal_radiotherapy():
    recommendation = evaluate(chart(measure("sins-score", 9), sites=("spine",)))
    assert recommendation.message == "radiotherapy-referral.after-surgical-opinion"
    assert (recommendation.values["fixation_reason"], recommendation.values["fixation_value"]) == ("sins", 9)
