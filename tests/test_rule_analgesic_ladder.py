"""analgesic-ladder (BM-PN-01..08): the WHO step for the latest pain score, only when the regimen is below it."""

from __future__ import annotations

import pytest

from guideline.facts import DataGap, MedicationStatus, ProcedureStatus
from guideline.recommendation import Indicator
from guideline.rules import analgesic_ladder
from guideline.settings import Settings
from tests.rule_facts import NOW, SETTINGS, cancer
from tests.treatment_facts import (
    AMITRIPTYLINE,
    CODEINE,
    CODEINE_PARACETAMOL,
    IBUPROFEN,
    MORPHINE,
    PARACETAMOL,
    assert_card_reads_well,
    condition,
    lesion,
    medication,
    metastasis,
    pain,
    patient,
    procedure,
    scan_only,
    with_,
)


def chart(*measurements, medications=(), diagnoses=None, **extra):
    return patient(
        diagnoses=diagnoses if diagnoses is not None else (cancer(), metastasis()),
        measurements=measurements,
        medications=medications,
        **extra,
    )


def evaluate(facts, settings=SETTINGS):
    return analgesic_ladder.evaluate(facts, settings)


@pytest.mark.parametrize(
    "nrs, band, indicator",
    [
        (0, None, None),
        (1, "mild", Indicator.INFO),
        (3, "mild", Indicator.INFO),
        (4, "moderate", Indicator.WARNING),
        (6, "moderate", Indicator.WARNING),
        (7, "severe", Indicator.WARNING),
        (10, "severe", Indicator.WARNING),
    ],
)
def test_pain_without_analgesic_gets_the_step_of_its_band(nrs, band, indicator):
    recommendation = evaluate(chart(pain(nrs)))
    assert (recommendation and recommendation.message) == (band and f"analgesic-ladder.{band}")
    assert (recommendation and recommendation.indicator) == indicator


@pytest.mark.parametrize(
    "nrs, drug, fires",
    [
        (3, IBUPROFEN, False),
        (4, IBUPROFEN, True),
        (6, IBUPROFEN, True),
        (6, CODEINE, False),
        (7, CODEINE, True),
        (10, CODEINE, True),
        (7, MORPHINE, False),
        (10, MORPHINE, False),
        (1, MORPHINE, False),
    ],
)
def test_a_card_only_when_the_current_regimen_is_below_the_step(nrs, drug, fires):
    recommendation = evaluate(chart(pain(nrs), medications=(medication(*drug),)))
    assert (recommendation is not None) is fires


def test_paracetamol_counts_as_the_non_opioid_step():
    assert evaluate(chart(pain(3), medications=(medication(*PARACETAMOL),))) is None


def test_an_opioid_nsaid_combination_product_reaches_the_weak_opioid_step():
    assert evaluate(chart(pain(6), medications=(medication(*CODEINE_PARACETAMOL),))) is None


def test_an_adjuvant_alone_is_not_a_step_of_the_ladder():
    recommendation = evaluate(chart(pain(2), medications=(medication(*AMITRIPTYLINE),)))
    assert recommendation.message == "analgesic-ladder.mild"


@pytest.mark.parametrize("status", [MedicationStatus.STOPPED, MedicationStatus.COMPLETED, MedicationStatus.DRAFT])
def test_an_opioid_no_longer_or_not_yet_taken_does_not_count(status):
    recommendation = evaluate(chart(pain(8), medications=(medication(*MORPHINE, status=status),)))
    assert recommendation.message == "analgesic-ladder.severe"
    assert "analgesic-ladder.no-analgesic" in recommendation.notes


def test_an_analgesic_recognised_by_name_counts_and_the_card_says_so():
    assert evaluate(chart(pain(8), medications=(medication(*MORPHINE, by_name=True),))) is None
    recommendation = evaluate(chart(pain(8), medications=(medication(*CODEINE, by_name=True),)))
    assert "analgesic-ladder.name-only" in recommendation.notes
    assert recommendation.values["current"] == "codeine"


@pytest.mark.parametrize(
    "age_days, message, indicator",
    [
        (0, "analgesic-ladder.severe", Indicator.WARNING),
        (7, "analgesic-ladder.severe", Indicator.WARNING),
        (7.1, "analgesic-ladder.stale", Indicator.INFO),
        (30, "analgesic-ladder.stale", Indicator.INFO),
        (30.1, None, None),
        (90, None, None),
    ],
)
def test_only_a_fresh_pain_score_drives_the_warning_an_older_one_asks_to_reassess(age_days, message, indicator):
    recommendation = evaluate(chart(pain(8, days=age_days)))
    assert (recommendation and recommendation.message) == message
    assert (recommendation and recommendation.indicator) == indicator


def test_an_old_mild_score_is_silent():
    assert evaluate(chart(pain(2, days=10))) is None


def test_an_analgesic_started_after_the_score_supersedes_it():
    recommendation = evaluate(chart(pain(8, days=5), medications=(medication(*IBUPROFEN, days=2),)))
    assert recommendation.message == "analgesic-ladder.superseded" and recommendation.indicator is Indicator.INFO
    assert recommendation.values["started"] == "ibuprofen"


def test_an_analgesic_started_before_the_score_does_not_supersede_it():
    recommendation = evaluate(chart(pain(8, days=2), medications=(medication(*IBUPROFEN, days=5),)))
    assert recommendation.message == "analgesic-ladder.severe"


@pytest.mark.parametrize("kind", ["medication-requests", "observations"])
def test_an_incomplete_record_lowers_the_card_and_never_claims_no_analgesic(kind):
    facts = with_(chart(pain(8)), gaps=(DataGap(kind, "only the first page was prefetched"),))
    recommendation = evaluate(facts)
    assert recommendation.indicator is Indicator.INFO and recommendation.incomplete
    assert ("analgesic-ladder.no-analgesic" in recommendation.notes) is (kind == "observations")


def test_the_latest_score_decides_not_the_worst():
    assert evaluate(chart(pain(9, days=10), pain(2, days=1), medications=(medication(*IBUPROFEN),))) is None


def test_a_pain_score_dated_after_the_chart_date_is_not_used():
    assert evaluate(chart(pain(9, days=-1))) is None


@pytest.mark.parametrize("nrs", [-1, 11, 42])
def test_a_value_outside_the_nrs_scale_is_not_trusted(nrs):
    assert evaluate(chart(pain(nrs))) is None


@pytest.mark.parametrize(
    "diagnoses, fires",
    [
        pytest.param((cancer(), metastasis()), True, id="confirmed bone metastasis"),
        pytest.param(scan_only()[:1], False, id="cancer without bone involvement"),
        pytest.param((cancer(), condition("bone-pain")), True, id="cancer with a bone-pain diagnosis"),
        pytest.param((condition("bone-pain"),), False, id="bone pain without cancer"),
        pytest.param((), False, id="no diagnosis"),
    ],
)
def test_only_bone_pain_of_cancer_is_in_scope(diagnoses, fires):
    assert (evaluate(chart(pain(8), diagnoses=diagnoses)) is not None) is fires


def test_suspected_bone_metastasis_on_a_bone_scan_is_in_scope():
    diagnosis, scan = scan_only()
    assert evaluate(chart(pain(8), diagnoses=(diagnosis,), imaging=(scan,))) is not None


def test_moving_up_from_an_nsaid_keeps_it_at_its_ceiling_and_raises_only_the_opioid():
    assert "analgesic-ladder.nsaid-ceiling" in evaluate(chart(pain(5), medications=(medication(*IBUPROFEN),))).notes
    assert "analgesic-ladder.nsaid-ceiling" not in evaluate(chart(pain(5))).notes


@pytest.mark.parametrize(
    "extra, adjuvant, noted",
    [
        ({"diagnoses": (cancer(), metastasis(), condition("nerve-root-compression"))}, False, True),
        ({"findings": (lesion("neuropathic-pain", "present"),)}, False, True),
        ({"diagnoses": (cancer(), metastasis(), condition("nerve-root-compression"))}, True, False),
        ({}, False, False),
    ],
)
def test_neuropathic_features_without_an_adjuvant_suggest_one(extra, adjuvant, noted):
    medications = (medication(*AMITRIPTYLINE),) if adjuvant else ()
    recommendation = evaluate(chart(pain(8), medications=medications, **extra))
    assert ("analgesic-ladder.adjuvant" in recommendation.notes) is noted


@pytest.mark.parametrize(
    "status, days, note",
    [
        (ProcedureStatus.DONE, 20, "analgesic-ladder.radiotherapy-onset"),
        (ProcedureStatus.IN_PROGRESS, 3, "analgesic-ladder.radiotherapy-onset"),
        (ProcedureStatus.DONE, 90, "analgesic-ladder.radiotherapy-onset"),
        (ProcedureStatus.DONE, 91, "analgesic-ladder.radiotherapy-incomplete"),
        (ProcedureStatus.PLANNED, -5, None),
    ],
)
def test_analgesia_continues_while_radiotherapy_takes_effect(status, days, note):
    facts = chart(pain(7), procedures=(procedure("radiotherapy", status, days=days, site="spine"),))
    notes = [n for n in evaluate(facts).notes if n.startswith("analgesic-ladder.radiotherapy")]
    assert notes == ([note] if note else [])


def test_the_bands_are_configuration():
    settings = Settings.from_mapping({"pain_mild_max": 4, "pain_moderate_max": 7})
    assert evaluate(chart(pain(4)), settings).message == "analgesic-ladder.mild"
    assert evaluate(chart(pain(7)), settings).message == "analgesic-ladder.moderate"
    assert evaluate(chart(pain(8)), settings).message == "analgesic-ladder.severe"


def test_no_order_is_suggested_because_opioids_are_titrated_to_the_patient():
    assert evaluate(chart(pain(9))).proposals == ()


@pytest.mark.parametrize("nrs, drug", [(2, None), (5, IBUPROFEN), (9, CODEINE)])
def test_the_card_reads_well_in_both_languages(nrs, drug):
    facts = chart(
        pain(nrs),
        medications=(medication(*drug),) if drug else (),
        procedures=(procedure("radiotherapy", days=10),),
        diagnoses=(cancer(), metastasis(), condition("spinal-cord-compression")),
    )
    recommendation = evaluate(facts)
    assert_card_reads_well(recommendation, facts)


def test_the_detail_gives_the_patients_score_and_date():
    from tests.treatment_facts import card

    facts = chart(pain(8, days=2))
    detail = card(evaluate(facts), facts)["detail"]
    assert "Pain 8/10 on 2025-02-27 is severe" in detail and NOW.date().isoformat() == "2025-03-01"
