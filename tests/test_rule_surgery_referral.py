"""surgery-referral (BM-SU-01..10, 12): Mirels bands 7/8/9, fracture, instability, compression, pain, gates."""

from __future__ import annotations

import pytest

from guideline.facts import MedicationStatus, ProcedureStatus, Verification
from guideline.recommendation import Indicator
from guideline.rules import surgery_referral
from guideline.settings import Settings
from tests.rule_facts import SETTINGS, cancer
from tests.treatment_facts import (
    MORPHINE,
    assert_card_reads_well,
    card,
    condition,
    lesion,
    measure,
    medication,
    metastasis,
    mirels_parts,
    pain,
    patient,
    procedure,
    scan_only,
)


def chart(*measurements, diagnoses=(), sites=("femur",), **extra):
    mets = tuple(metastasis(site) for site in sites)
    return patient(diagnoses=(cancer(), *mets, *diagnoses), measurements=measurements, **extra)


def evaluate(facts, settings=SETTINGS):
    return surgery_referral.evaluate(facts, settings)


def templates(recommendation):
    return [p.template for p in recommendation.proposals]


def mirels(total, *, site="femur", days=5):
    return measure("mirels-score", total, site=site, days=days)


# -- Mirels bands (A.11-1) ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "total, message, indicator, reason",
    [
        (4, "surgery-referral.defer", Indicator.INFO, None),
        (7, "surgery-referral.defer", Indicator.INFO, None),
        (8, "surgery-referral.limb", Indicator.WARNING, "mirels-borderline"),
        (9, "surgery-referral.limb", Indicator.WARNING, "mirels-high"),
        (12, "surgery-referral.limb", Indicator.WARNING, "mirels-high"),
    ],
)
def test_a_recorded_mirels_score_falls_in_the_bands_of_the_guideline(total, message, indicator, reason):
    recommendation = evaluate(chart(mirels(total)))
    assert (recommendation.message, recommendation.indicator) == (message, indicator)
    assert recommendation.values.get("lead") == reason
    assert templates(recommendation) == ([] if reason is None else ["orthopaedic-referral"])


@pytest.mark.parametrize(
    "pain_, kind, size, total, reason",
    [
        ("moderate", "mixed", "lt-1/3", 7, None),
        ("moderate", "mixed", "1/3-2/3", 8, "mirels-borderline"),
        ("moderate", "lytic", "1/3-2/3", 9, "mirels-high"),
        ("functional", "lytic", "gt-2/3", 11, "mirels-high"),
    ],
)
def test_mirels_is_computed_from_coded_lesion_findings_on_a_long_bone(pain_, kind, size, total, reason):
    recommendation = evaluate(chart(findings=mirels_parts("femur", pain_, kind, size)))
    assert recommendation.values["mirels"] == total
    assert recommendation.values.get("lead") == reason
    assert recommendation.values["mirels_parts"].replace(" ", "").count("+") == 3


def test_the_coded_mirels_site_answer_scores_the_peritrochanteric_region_three():
    parts = mirels_parts("femur", "moderate", "mixed", "lt-1/3", mirels_site="peritrochanteric")
    assert evaluate(chart(findings=parts)).values["mirels"] == 8  # 3 + 2 + 2 + 1


def test_an_upper_limb_lesion_scores_one_for_its_site():
    assert evaluate(chart(findings=mirels_parts("humerus", "moderate", "lytic", "1/3-2/3"))).values["mirels"] == 8


def test_a_missing_part_gives_no_score():
    parts = mirels_parts("femur", "moderate", "lytic", "1/3-2/3")[:2]
    assert evaluate(chart(findings=parts)) is None


@pytest.mark.parametrize("site", ["spine", "pelvis", "rib"])
def test_mirels_is_a_long_bone_score_only(site):
    assert evaluate(chart(mirels(10, site=site), sites=(site,))) is None
    assert evaluate(chart(findings=mirels_parts(site, "functional", "lytic", "gt-2/3"), sites=(site,))) is None


@pytest.mark.parametrize("total", [3, 13, 8.5])
def test_a_recorded_total_outside_the_scale_is_not_trusted(total):
    assert evaluate(chart(mirels(total))) is None


@pytest.mark.parametrize("days, used", [(90, True), (91, False)])
def test_an_old_mirels_score_is_not_used(days, used):
    assert (evaluate(chart(mirels(9, days=days))) is not None) is used


def test_the_newest_assessment_of_a_site_wins():
    newer_low = mirels_parts("femur", "moderate", "mixed", "lt-1/3", days=2)
    recommendation = evaluate(chart(mirels(9, days=40), findings=newer_low))
    assert (recommendation.values["mirels"], recommendation.message) == (7, "surgery-referral.defer")


def test_the_highest_site_leads_when_two_long_bones_are_scored():
    recommendation = evaluate(chart(mirels(7, site="humerus"), mirels(9, site="femur")))
    assert (recommendation.values["mirels"], recommendation.values["mirels_site"]) == (9, "femur")


@pytest.mark.parametrize("threshold, total, lead", [(9, 8, None), (9, 9, "mirels-borderline"), (9, 10, "mirels-high")])
def test_the_mirels_threshold_is_configuration(threshold, total, lead):
    settings = Settings.from_mapping({"mirels_surgery_threshold": threshold})
    assert evaluate(chart(mirels(total)), settings).values.get("lead") == lead


# -- Fractures, instability, compression, pain -------------------------------------------------------------------
@pytest.mark.parametrize(
    "site, message, template",
    [
        ("femur", "surgery-referral.limb", "orthopaedic-referral"),
        ("humerus", "surgery-referral.limb", "orthopaedic-referral"),
        (None, "surgery-referral.limb", "orthopaedic-referral"),
        ("spine", "surgery-referral.spine", "neurosurgery-referral"),
        ("acetabulum", "surgery-referral.pelvis", "orthopaedic-referral"),
        ("pelvis", "surgery-referral.pelvis", "orthopaedic-referral"),
    ],
)
def test_a_pathological_fracture_is_referred_to_the_right_surgeon(site, message, template):
    recommendation = evaluate(chart(diagnoses=(condition("pathological-fracture", site=site),)))
    assert (recommendation.message, templates(recommendation)) == (message, [template])
    assert recommendation.values["lead"] == "fracture"


def test_a_pelvic_fracture_names_the_acetabular_and_non_operative_pelvic_sites():
    notes = evaluate(chart(diagnoses=(condition("pathological-fracture", site="pelvis"),))).notes
    assert "surgery-referral.pelvis-sites" in notes


@pytest.mark.parametrize("site", ["rib", "sternum", "clavicle", "scapula"])
def test_a_fracture_of_a_non_weight_bearing_bone_favours_non_operative_care(site):
    assert evaluate(chart(diagnoses=(condition("pathological-fracture", site=site),))) is None


def test_a_pathological_fracture_in_cancer_is_referred_before_metastasis_is_confirmed():
    facts = patient(diagnoses=(cancer(), condition("pathological-fracture", site="femur")))
    assert evaluate(facts).values["lead"] == "fracture"


def test_without_cancer_or_bone_metastasis_the_rule_is_silent():
    assert evaluate(patient(diagnoses=(condition("pathological-fracture", site="femur"),))) is None


def test_an_entered_in_error_or_resolved_fracture_is_not_a_reason():
    from dataclasses import replace

    resolved = replace(condition("pathological-fracture", site="femur"), active=False)
    assert evaluate(chart(diagnoses=(resolved,))) is None


@pytest.mark.parametrize(
    "sins, band, fires",
    [(6, None, False), (7, "potentially-unstable", True), (12, "potentially-unstable", True), (13, "unstable", True)],
)
def test_spinal_instability_by_sins_at_seven_and_above(sins, band, fires):
    recommendation = evaluate(chart(measure("sins-score", sins), sites=("spine",)))
    assert (recommendation is not None) is fires
    if fires:
        assert (recommendation.values["sins_band"], templates(recommendation)) == (band, ["neurosurgery-referral"])
        assert "surgery-referral.instability-sins" in recommendation.notes


def test_coded_spinal_instability_without_sins_is_referred():
    recommendation = evaluate(chart(diagnoses=(condition("spinal-instability"),), sites=("spine",)))
    assert "surgery-referral.instability" in recommendation.notes


def test_a_stale_sins_is_not_used():
    assert evaluate(chart(measure("sins-score", 10, days=120), sites=("spine",))) is None


def test_nerve_root_compression_at_a_spinal_metastasis_is_a_reason_for_spine_surgery():
    recommendation = evaluate(chart(diagnoses=(condition("nerve-root-compression"),), sites=("spine",)))
    assert recommendation.values["lead"] == "nerve-root"
    assert evaluate(patient(diagnoses=(cancer(), condition("nerve-root-compression")))) is None


def test_pain_on_weight_bearing_in_an_unscored_femur_is_a_fixation_indication():
    recommendation = evaluate(chart(findings=(lesion("pain-character", "functional", site="femur"),)))
    assert recommendation.values["lead"] == "functional-pain"
    scored = mirels_parts("femur", "functional", "blastic", "lt-1/3")  # 2 + 3 + 1 + 1 = 7
    assert evaluate(chart(findings=scored)).message == "surgery-referral.defer"


@pytest.mark.parametrize(
    "nrs, strong_opioid, fires",
    [(7, True, True), (10, True, True), (6, True, False), (9, False, False)],
)
def test_severe_pain_despite_a_strong_opioid_is_refractory(nrs, strong_opioid, fires):
    medications = (medication(*MORPHINE),) if strong_opioid else ()
    recommendation = evaluate(chart(pain(nrs, site="femur"), medications=medications))
    assert (recommendation is not None) is fires
    if fires:
        assert recommendation.values["lead"] == "refractory-opioid"


@pytest.mark.parametrize("rt_days, nrs, fires", [(45, 4, True), (45, 3, False), (40, 6, False)])
def test_pain_after_radiotherapy_has_had_time_to_work_is_refractory(rt_days, nrs, fires):
    facts = chart(pain(nrs, site="femur"), procedures=(procedure("radiotherapy", days=rt_days, site="femur"),))
    recommendation = evaluate(facts)
    assert (recommendation is not None and recommendation.values["lead"] == "refractory-after-rt") is fires


def test_refractory_pain_needs_a_site_we_can_name():
    drugs = (medication(*MORPHINE),)
    assert evaluate(chart(pain(8), sites=("femur", "spine"), medications=drugs)) is None  # which lesion hurts?
    assert evaluate(chart(pain(8), sites=("femur",), medications=drugs)).values["refractory_site"] == "femur"
    assert evaluate(chart(pain(8), sites=("pelvis",), medications=drugs)).message == "surgery-referral.pelvis"


def test_refractory_pain_needs_confirmed_metastasis():
    diagnosis, scan = scan_only()
    facts = patient(
        diagnoses=(diagnosis,), imaging=(scan,), measurements=(pain(9),), medications=(medication(*MORPHINE),)
    )
    assert evaluate(facts) is None


def test_a_stopped_opioid_does_not_make_pain_refractory():
    facts = chart(pain(9, site="femur"), medications=(medication(*MORPHINE, status=MedicationStatus.STOPPED),))
    assert evaluate(facts) is None


def test_spine_and_limb_reasons_together_offer_both_referrals():
    facts = chart(
        measure("sins-score", 10),
        mirels(9),
        sites=("femur", "spine"),
    )
    recommendation = evaluate(facts)
    assert recommendation.values["lead"] == "mirels-high"
    assert templates(recommendation) == ["neurosurgery-referral", "orthopaedic-referral"]
    assert recommendation.selection == "any"


def test_a_suspected_fracture_is_still_referred():
    facts = chart(diagnoses=(condition("pathological-fracture", site="femur", verification=Verification.PROVISIONAL),))
    assert evaluate(facts).values["lead"] == "fracture"


# -- Gates and context (BM-SU-04, 06, 10; A.11-12) ---------------------------------------------------------------
@pytest.mark.parametrize(
    "months, note, indicator",
    [
        (None, "surgery-referral.gate-survival-unknown", Indicator.WARNING),
        (2, "surgery-referral.gate-survival-failed", Indicator.INFO),
        (2.9, "surgery-referral.gate-survival-failed", Indicator.INFO),
        (3, None, Indicator.WARNING),  # "三个月以上" includes three months
        (24, None, Indicator.WARNING),  # a gate met needs no line on the card
    ],
)
def test_expected_survival_of_three_months_or_more_is_a_gate(months, note, indicator):
    extra = (measure("expected-survival-months", months),) if months is not None else ()
    recommendation = evaluate(chart(mirels(9), measure("ecog", 1), *extra))
    gate_notes = [n for n in recommendation.notes if n.startswith("surgery-referral.gate-")]
    assert gate_notes == ([note] if note else []) and recommendation.indicator is indicator
    failed = indicator is Indicator.INFO
    assert recommendation.message == ("surgery-referral.limb-gate-failed" if failed else "surgery-referral.limb")
    assert all(p.recommended is not failed for p in recommendation.proposals)


@pytest.mark.parametrize(
    "status, note",
    [
        (measure("ecog", 2), None),
        (measure("ecog", 3), "surgery-referral.gate-condition-poor"),
        (measure("karnofsky", 50), None),
        (measure("karnofsky", 40), "surgery-referral.gate-condition-poor"),
        (None, "surgery-referral.gate-condition-unknown"),
    ],
)
def test_general_condition_is_shown_and_poor_performance_is_a_reason_against_surgery(status, note):
    extra = (status,) if status is not None else ()
    recommendation = evaluate(chart(mirels(9), measure("expected-survival-months", 12), *extra))
    assert [n for n in recommendation.notes if n.startswith("surgery-referral.gate-")] == ([note] if note else [])
    assert (recommendation.indicator is Indicator.INFO) is (note is not None and note.endswith("poor"))


def test_both_prerequisites_unrecorded_are_one_line():
    assert evaluate(chart(mirels(9))).notes[-1] == "surgery-referral.gate-unknown"


def test_a_failed_gate_does_not_soften_a_critical_card():
    settings = Settings.from_mapping(
        {"enabled_topics": sorted(Settings().enabled_topics - {"spinal-cord-compression"})}
    )
    facts = chart(
        measure("expected-survival-months", 1),
        diagnoses=(condition("spinal-cord-compression"),),
        sites=("spine",),
    )
    recommendation = evaluate(facts, settings)
    assert recommendation.indicator is Indicator.CRITICAL and recommendation.message == "surgery-referral.spine"


@pytest.mark.parametrize(
    "findings, note",
    [
        ((lesion("lesion-count", "multiple"),), "surgery-referral.multiple-lesions"),
        (
            (lesion("lesion-count", "multiple"), lesion("lesion-type", "blastic", site="spine")),
            "surgery-referral.multiple-blastic",
        ),
        ((lesion("lesion-count", "solitary"),), "surgery-referral.solitary"),
    ],
)
def test_favourable_and_non_operative_factors_are_shown(findings, note):
    assert note in evaluate(chart(mirels(9), findings=findings)).notes


def test_a_renal_cell_primary_is_shown_as_insensitive_to_radiotherapy_and_chemotherapy():
    facts = patient(diagnoses=(cancer("kidney"), metastasis("femur")), measurements=(mirels(9),))
    assert "surgery-referral.insensitive-primary" in evaluate(facts).notes


def test_the_card_opens_with_why_surgery_for_its_leading_reason():
    fracture = condition("pathological-fracture", site="femur")
    assert evaluate(chart(diagnoses=(fracture,))).values["lead_why"] == "fracture"  # not "before a fracture"
    assert evaluate(chart(mirels(9))).values["lead_why"] == "mirels-high"


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(chart(mirels(7)), id="defer"),
        pytest.param(chart(findings=mirels_parts("femur", "moderate", "mixed", "1/3-2/3")), id="computed 8"),
        pytest.param(chart(mirels(9), measure("expected-survival-months", 2), measure("ecog", 3)), id="gates failed"),
        pytest.param(chart(diagnoses=(condition("pathological-fracture", site="pelvis"),)), id="pelvis"),
        pytest.param(chart(measure("sins-score", 9), sites=("spine",)), id="sins"),
        pytest.param(chart(pain(8, site="femur"), medications=(medication(*MORPHINE),)), id="refractory"),
        pytest.param(chart(findings=(lesion("pain-character", "functional", site="femur"),)), id="functional"),
    ],
)
def test_the_card_reads_well_in_both_languages(facts):
    assert_card_reads_well(evaluate(facts), facts)


def test_the_summary_names_the_leading_reason_with_the_patients_values():
    facts = chart(mirels(9))
    assert card(evaluate(facts), facts)["summary"] == (
        "Mirels 9 (femur), high fracture risk: refer for orthopaedic surgical assessment"
    )
    assert card(evaluate(facts), facts, "zh")["summary"] == "Mirels评分9分（股骨），骨折高风险：建议骨科评估手术治疗"


@pytest.mark.parametrize(
    "threshold, total, risk",
    [
        (8, 7, "4 % or less"),
        (8, 8, "about 15 %"),
        (9, 8, "about 15 %"),
        (9, 9, "33 % or more"),
        (8, 12, "33 % or more"),
    ],
)
def test_the_fracture_risk_quoted_follows_the_score_not_the_configured_threshold(threshold, total, risk):
    settings = Settings.from_mapping({"mirels_surgery_threshold": threshold})
    facts = chart(mirels(total))
    assert risk in card(evaluate(facts, settings), facts)["detail"]


@pytest.mark.parametrize(
    "status, days, silent",
    [
        (ProcedureStatus.PLANNED, 0, True),
        (ProcedureStatus.IN_PROGRESS, 5, True),
        (ProcedureStatus.DONE, 30, True),  # seen by the surgeon recently
        (ProcedureStatus.DONE, 120, False),  # long ago: the question is open again
        (ProcedureStatus.NOT_DONE, 5, False),
    ],
)
def test_a_surgical_referral_already_ordered_silences_the_card(status, days, silent):
    referral = procedure("surgical-referral", status, days=days)
    assert (evaluate(chart(mirels(9), procedures=(referral,))) is None) is silent


def test_a_pending_referral_does_not_hide_cord_compression_that_this_card_carries():
    settings = Settings.from_mapping(
        {"enabled_topics": sorted(Settings().enabled_topics - {"spinal-cord-compression"})}
    )
    referral = procedure("surgical-referral", ProcedureStatus.PLANNED, days=0)
    facts = chart(diagnoses=(condition("spinal-cord-compression"),), sites=("spine",), procedures=(referral,))
    assert evaluate(facts, settings).indicator is Indicator.CRITICAL


def test_a_fractured_bone_is_not_also_given_a_fracture_risk_reason():
    fracture = condition("pathological-fracture", site="femur")
    reasons = [n for n in evaluate(chart(mirels(9), diagnoses=(fracture,))).notes if n.startswith("surgery-referral.m")]
    assert reasons == []  # "prophylactic fixation" for a bone that has already broken would not fit
    humerus = evaluate(chart(mirels(9, site="humerus"), diagnoses=(fracture,)))
    assert "surgery-referral.mirels-high" in humerus.notes  # another bone: its risk still counts
