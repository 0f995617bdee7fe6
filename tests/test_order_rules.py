"""Order-hook rules on facts: each rule at the boundaries issue #5 names, positive and negative."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from fhir.resources.R4B.medicationrequest import MedicationRequest

from cards import orders as order_resources
from cards.render import SUMMARY_LIMIT, render
from guideline import concepts as c
from guideline.engine import evaluate
from guideline.facts import (
    Diagnosis,
    Dose,
    Imaging,
    ImagingKind,
    Measurement,
    Medication,
    MedicationStatus,
    Order,
    PatientFacts,
    Person,
    ProcedureFact,
    ProcedureStatus,
    Source,
    Verification,
)
from guideline.orders import step_for_pain
from guideline.recommendation import Indicator, ProposalKind
from guideline.regimen_review import review_regimen
from guideline.rules import (
    bisphosphonate_dose,
    bisphosphonate_not_indicated,
    dental_procedure_on_bisphosphonate,
    duplicate_bone_agent,
    order_analgesic_ladder,
    order_dental_review,
    order_renal_check,
    order_renal_impairment,
    radionuclide_caution,
)
from guideline.settings import Settings

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
SETTINGS = Settings()
BISPHOSPHONATE = frozenset({c.BISPHOSPHONATE, c.BONE_MODIFYING_AGENT})


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def diagnosis(concept: str, verification=Verification.CONFIRMED, **kw) -> Diagnosis:
    return Diagnosis(concept, Source("Condition", f"{concept}-1", concept), verification, onset=days_ago(60), **kw)


def measurement(concept: str, value: float, age_days: float = 2) -> Measurement:
    unit = c.CANONICAL_UNITS[concept]
    return Measurement(concept, value, unit, days_ago(age_days), Source("Observation", f"{concept}-{value}"))


def zoledronic_dose(amount=4.0, route="iv", every_days=28.0, infusion=15.0) -> Dose:
    return Dose(amount=amount, unit="mg", route=route, every_days=every_days, infusion_minutes=infusion)


def drug_order(agent="zoledronic-acid", classes=BISPHOSPHONATE, dose=None, order_id="mr-1", selected=True) -> Order:
    medication = Medication(
        agent, classes, MedicationStatus.DRAFT, Source("MedicationRequest", order_id, agent), start=NOW, dose=dose
    )
    resource = {"resourceType": "MedicationRequest", "id": order_id, "status": "draft", "intent": "order"}
    return Order("MedicationRequest", order_id, selected, medication=medication, resource=resource)


def procedure_order(concept=c.DENTAL_INVASIVE, order_id="sr-1", selected=True) -> Order:
    procedure = ProcedureFact(concept, ProcedureStatus.PLANNED, NOW, Source("ServiceRequest", order_id, concept))
    return Order("ServiceRequest", order_id, selected, procedure=procedure, resource={"resourceType": "ServiceRequest"})


def on_record(agent="zoledronic-acid", classes=BISPHOSPHONATE, status=MedicationStatus.ACTIVE, start=None, end=None):
    start = start or days_ago(90)
    return Medication(agent, classes, status, Source("MedicationRequest", f"old-{agent}", agent), start=start, end=end)


def dental_exam(age_days: float) -> ProcedureFact:
    return ProcedureFact(c.DENTAL_EXAMINATION, ProcedureStatus.DONE, days_ago(age_days), Source("Procedure", "dx"))


def patient(**kw) -> PatientFacts:
    """A man of 68, 66 kg, confirmed bone metastasis, creatinine 88.4 µmol/L (CrCl 66), dental check 30 days ago."""
    base = dict(
        as_of=NOW,
        person=Person(birth_date=date(1958, 4, 2), sex="male"),
        diagnoses=(diagnosis(c.MALIGNANCY, primary_site="lung"), diagnosis(c.BONE_METASTASIS)),
        measurements=(measurement(c.CREATININE, 88.4), measurement(c.BODY_WEIGHT, 66.0)),
        procedures=(dental_exam(30),),
    )
    base.update(kw)
    return PatientFacts(**base)


def with_orders(facts: PatientFacts, *orders: Order) -> PatientFacts:
    return replace(facts, orders=orders)


def creatinine_for(crcl: float, weight: float = 66.0) -> float:
    """Creatinine (µmol/L) giving ``crcl`` by Cockcroft-Gault for a 68-year-old man of ``weight`` kg."""
    return (140 - 68) * weight * 88.4 / (72 * crcl)


# -- the quiet case ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", ["order-select", "order-sign"])
def test_a_correct_zoledronic_acid_order_for_a_healthy_kidney_patient_with_a_recent_dental_check_gives_no_card(hook):
    facts = with_orders(patient(), drug_order(dose=zoledronic_dose()))
    assert evaluate(facts, hook, SETTINGS) == []


def test_an_order_still_being_edited_gives_no_card():
    facts = with_orders(patient(), Order("MedicationRequest", "mr-1", True, resource={"resourceType": "x"}))
    assert evaluate(facts, "order-select", SETTINGS) == []


def test_unselected_drafts_are_context_not_judged():
    facts = with_orders(patient(diagnoses=()), drug_order(dose=zoledronic_dose(amount=8), selected=False))
    assert evaluate(facts, "order-select", SETTINGS) == []


# -- bisphosphonate-not-indicated ---------------------------------------------------------------------------


def test_bisphosphonate_on_bone_scan_only_says_bm_bp_02_and_offers_delete_and_confirmatory_imaging():
    scan = Imaging(ImagingKind.BONE_SCAN, days_ago(10), Source("DiagnosticReport", "scan"), shows_bone_metastasis=True)
    facts = with_orders(patient(diagnoses=(diagnosis(c.MALIGNANCY),), imaging=(scan,)), drug_order())
    found = bisphosphonate_not_indicated.evaluate(facts, SETTINGS)
    assert found.message == "bisphosphonate-not-indicated.scan-only"
    assert found.indicator is Indicator.WARNING
    kinds = [(p.kind, p.template or p.order_ref, p.recommended) for p in found.proposals]
    assert kinds == [
        (ProposalKind.DELETE, "MedicationRequest/mr-1", True),
        (ProposalKind.CREATE, "ct-bone", False),
        (ProposalKind.CREATE, "xray-bone", False),
    ]
    assert found.selection == "any"


@pytest.mark.parametrize(
    "diagnoses, message",
    [
        ((diagnosis(c.MALIGNANCY),), "bisphosphonate-not-indicated.no-metastasis"),
        ((), "bisphosphonate-not-indicated.no-malignancy"),
        (
            (diagnosis(c.MALIGNANCY), diagnosis(c.BONE_METASTASIS, Verification.PROVISIONAL)),
            "bisphosphonate-not-indicated.suspected",
        ),
    ],
)
def test_bisphosphonate_without_confirmed_bone_metastasis_is_flagged(diagnoses, message):
    found = bisphosphonate_not_indicated.evaluate(with_orders(patient(diagnoses=diagnoses), drug_order()), SETTINGS)
    assert found.message == message


def test_a_diagnosis_without_verification_status_gets_an_info_card_not_a_warning():
    diagnoses = (diagnosis(c.MALIGNANCY), diagnosis(c.BONE_METASTASIS, Verification.UNKNOWN))
    found = bisphosphonate_not_indicated.evaluate(with_orders(patient(diagnoses=diagnoses), drug_order()), SETTINGS)
    assert found.indicator is Indicator.INFO


@pytest.mark.parametrize("calcium, fires", [(2.74, True), (2.75, False), (3.2, False)])
def test_hypercalcaemia_of_malignancy_is_an_indication_of_its_own(calcium, fires):
    facts = patient(diagnoses=(diagnosis(c.MALIGNANCY),), measurements=(measurement(c.CALCIUM, calcium),))
    found = bisphosphonate_not_indicated.evaluate(with_orders(facts, drug_order()), SETTINGS)
    assert (found is not None) is fires


def test_osteoporosis_bisphosphonates_are_outside_the_guideline():
    alendronate = drug_order("alendronate", dose=Dose(70, "mg", "oral", 7))
    yearly = drug_order(dose=zoledronic_dose(amount=5, every_days=365))
    for order in (alendronate, yearly):
        assert evaluate(with_orders(patient(diagnoses=()), order), "order-sign", SETTINGS) == []


# -- bisphosphonate-dose -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dose, deviations",
    [
        (zoledronic_dose(), ()),
        (zoledronic_dose(amount=8), ("amount",)),
        (zoledronic_dose(amount=3.9), ("amount",)),
        (zoledronic_dose(amount=4.04), ()),
        (zoledronic_dose(route="im"), ("route",)),
        (zoledronic_dose(every_days=20), ("frequency",)),
        (zoledronic_dose(every_days=21), ()),
        (zoledronic_dose(every_days=30.4), ()),  # "every month"
        (zoledronic_dose(every_days=35), ("frequency",)),
        (zoledronic_dose(every_days=84), ()),  # 12-weekly (B.13)
        (zoledronic_dose(infusion=14), ("infusion",)),
        (zoledronic_dose(infusion=15), ()),
        (zoledronic_dose(infusion=None, every_days=None, route=None), ()),  # unknown, not wrong
        (Dose(amount=8, unit="mg", every_days=7, infusion_minutes=5), ("amount", "frequency", "infusion")),
    ],
)
def test_zoledronic_acid_dose_route_interval_and_infusion_are_checked_at_each_boundary(dose, deviations):
    review = review_regimen(drug_order(dose=dose).medication, patient(), SETTINGS)
    assert review.deviations == deviations


def test_twelve_weekly_zoledronic_acid_is_flagged_when_the_setting_is_off():
    settings = Settings(zoledronic_acid_12_weekly=False)
    review = review_regimen(drug_order(dose=zoledronic_dose(every_days=84)).medication, patient(), settings)
    assert review.deviations == ("frequency",)


@pytest.mark.parametrize(
    "agent, dose, deviations",
    [
        ("pamidronate", Dose(90, "mg", "iv", 28, 120), ()),
        ("pamidronate", Dose(90, "mg", "iv", 28, 60), ("infusion",)),
        ("pamidronate", Dose(60, "mg", "iv", 28, 120), ("amount",)),
        ("ibandronate", Dose(6, "mg", "iv", 28, 15), ()),
        ("ibandronate", Dose(6, "mg", "iv", 28, 1), ("infusion",)),
        ("clodronate", Dose(800, "mg", "oral", 0.5, per_day=1600), ()),
        ("clodronate", Dose(800, "mg", "oral", 1, per_day=800), ("amount",)),
        ("clodronate", Dose(300, "mg", "iv", 1, 120, per_day=300, course_days=5), ()),
        ("clodronate", Dose(300, "mg", "iv", 1, 120, per_day=300), ("course",)),  # no 5-day bound (issue 9 item 11)
        ("clodronate", Dose(300, "mg", "iv", 1, 120, per_day=300, course_days=14), ("course",)),
        ("clodronate", Dose(300, "mg", "iv", 1, 60, per_day=300, course_days=5), ("infusion",)),
    ],
)
def test_each_guideline_regimen_is_checked(agent, dose, deviations):
    review = review_regimen(drug_order(agent, dose=dose).medication, patient(), SETTINGS)
    assert review.deviations == deviations


def test_the_dose_card_proposes_an_update_of_the_draft_to_the_guideline_regimen():
    facts = with_orders(patient(), drug_order(dose=zoledronic_dose(amount=8, infusion=5)))
    found = bisphosphonate_dose.evaluate(facts, SETTINGS)
    assert found.indicator is Indicator.CRITICAL  # above 4 mg (issue 9 item 2)
    assert found.notes == ("bisphosphonate-dose.amount", "bisphosphonate-dose.infusion")
    (proposal,) = found.proposals
    assert (proposal.kind, proposal.order_ref, proposal.recommended) == (
        ProposalKind.UPDATE,
        "MedicationRequest/mr-1",
        True,
    )
    assert proposal.changes == {
        "template": "zoledronic-acid",
        "dose_mg": 4.0,
        "text_dose_mg": 4.0,
        "infusion_minutes": 15,
    }


def test_a_label_reduced_dose_is_not_judged_when_creatinine_clearance_is_unknown():
    facts = with_orders(patient(measurements=()), drug_order(dose=zoledronic_dose(amount=3.3)))
    assert bisphosphonate_dose.evaluate(facts, SETTINGS) is None


def test_no_dose_card_for_a_patient_without_cancer_where_not_indicated_speaks():
    facts = with_orders(patient(diagnoses=()), drug_order(dose=zoledronic_dose(amount=8)))
    assert bisphosphonate_dose.evaluate(facts, SETTINGS) is None
    assert bisphosphonate_not_indicated.evaluate(facts, SETTINGS) is not None


# -- renal-impairment and its agreement with bisphosphonate-dose --------------------------------------------


@pytest.mark.parametrize(
    "crcl, indicator, dose_mg",
    [
        (65, None, None),
        (60.5, None, None),
        (60, Indicator.WARNING, 3.5),
        (55, Indicator.WARNING, 3.5),
        (50, Indicator.WARNING, 3.5),
        (49.5, Indicator.WARNING, 3.3),
        (45, Indicator.WARNING, 3.3),
        (40, Indicator.WARNING, 3.3),
        (35, Indicator.WARNING, 3.0),
        (30, Indicator.WARNING, 3.0),
        (29.5, Indicator.CRITICAL, None),
        (25, Indicator.CRITICAL, None),
    ],
)
def test_each_creatinine_clearance_band_gives_the_label_dose_or_removal(crcl, indicator, dose_mg):
    facts = patient(measurements=(measurement(c.CREATININE, creatinine_for(crcl)), measurement(c.BODY_WEIGHT, 66.0)))
    found = order_renal_impairment.evaluate(with_orders(facts, drug_order(dose=zoledronic_dose())), SETTINGS)
    if indicator is None:
        assert found is None
        return
    assert found.indicator is indicator
    (proposal,) = found.proposals
    if dose_mg is None:
        assert proposal.kind is ProposalKind.DELETE and proposal.order_ref == "MedicationRequest/mr-1"
    else:
        assert proposal.kind is ProposalKind.UPDATE and proposal.changes["dose_mg"] == dose_mg


def test_an_already_reduced_dose_gives_no_renal_card():
    facts = patient(measurements=(measurement(c.CREATININE, creatinine_for(45)), measurement(c.BODY_WEIGHT, 66.0)))
    assert order_renal_impairment.evaluate(with_orders(facts, drug_order(dose=zoledronic_dose(3.3))), SETTINGS) is None


def test_renal_and_dose_cards_propose_the_same_correction_for_one_order():
    facts = patient(measurements=(measurement(c.CREATININE, creatinine_for(45)), measurement(c.BODY_WEIGHT, 66.0)))
    facts = with_orders(facts, drug_order(dose=zoledronic_dose(infusion=5)))
    renal = order_renal_impairment.evaluate(facts, SETTINGS)
    dose = bisphosphonate_dose.evaluate(facts, SETTINGS)
    assert dose.notes == ("bisphosphonate-dose.infusion", "bisphosphonate-dose.renal")  # the amount is renal's
    assert renal.proposals[0].changes == dose.proposals[0].changes
    assert renal.proposals[0].changes["dose_mg"] == 3.3


def test_below_30_ml_min_the_dose_card_stays_silent_and_only_removal_is_offered():
    facts = patient(measurements=(measurement(c.CREATININE, creatinine_for(25)), measurement(c.BODY_WEIGHT, 66.0)))
    facts = with_orders(facts, drug_order(dose=zoledronic_dose(infusion=5)))
    assert bisphosphonate_dose.evaluate(facts, SETTINGS) is None
    assert order_renal_impairment.evaluate(facts, SETTINGS).proposals[0].kind is ProposalKind.DELETE


def test_pamidronate_has_no_step_down_and_is_removed_below_30():
    order = drug_order("pamidronate", dose=Dose(90, "mg", "iv", 28, 120))
    for crcl, fires in ((45, False), (29, True)):
        facts = patient(
            measurements=(measurement(c.CREATININE, creatinine_for(crcl)), measurement(c.BODY_WEIGHT, 66.0))
        )
        assert (order_renal_impairment.evaluate(with_orders(facts, order), SETTINGS) is not None) is fires


# -- renal-check (order) -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "age_days, message", [(6.9, None), (7, None), (7.1, "renal-check.order-stale"), (None, "renal-check.order-missing")]
)
def test_a_creatinine_within_seven_days_before_the_dose_is_required(age_days, message):
    labs = (measurement(c.CREATININE, 80, age_days),) if age_days is not None else ()
    found = order_renal_check.evaluate(with_orders(patient(measurements=labs), drug_order()), SETTINGS)
    assert (found.message if found else None) == message
    if found:
        assert found.proposals[0].template == "serum-creatinine" and found.proposals[0].kind is ProposalKind.CREATE


# -- dental-review (order) -----------------------------------------------------------------------------------


@pytest.mark.parametrize("exam_days, fires", [(180, False), (181, True), (None, True)])
def test_first_bisphosphonate_order_needs_a_dental_examination_within_the_window(exam_days, fires):
    procedures = (dental_exam(exam_days),) if exam_days is not None else ()
    found = order_dental_review.evaluate(with_orders(patient(procedures=procedures), drug_order()), SETTINGS)
    assert (found is not None) is fires
    if found:
        assert found.proposals[0].template == "dental-referral"


@pytest.mark.parametrize(
    "record, fires",
    [
        (on_record(), False),  # on therapy: not the first dose
        (on_record(status=MedicationStatus.COMPLETED, start=days_ago(300)), False),
        (on_record(status=MedicationStatus.COMPLETED, start=days_ago(400)), True),
        (on_record(status=MedicationStatus.DRAFT, start=NOW), True),  # a draft is no exposure
    ],
)
def test_dental_review_is_for_the_first_bone_agent_only(record, fires):
    facts = with_orders(patient(procedures=(), medications=(record,)), drug_order())
    assert (order_dental_review.evaluate(facts, SETTINGS) is not None) is fires


def test_a_dental_examination_ordered_in_the_same_session_counts():
    facts = with_orders(patient(procedures=()), drug_order(), procedure_order(c.DENTAL_EXAMINATION, selected=False))
    assert order_dental_review.evaluate(facts, SETTINGS) is None


# -- dental-procedure-on-bisphosphonate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "record, message",
    [
        (on_record(), "dental-procedure-on-bisphosphonate.current"),
        (on_record("denosumab", frozenset({c.BONE_MODIFYING_AGENT})), "dental-procedure-on-bisphosphonate.current"),
        (
            on_record(status=MedicationStatus.COMPLETED, start=days_ago(400), end=days_ago(365)),
            "dental-procedure-on-bisphosphonate.recent",
        ),
        (on_record(status=MedicationStatus.COMPLETED, start=days_ago(400), end=days_ago(366)), None),
        (on_record(status=MedicationStatus.DRAFT, start=NOW), None),
    ],
)
def test_invasive_dental_work_during_or_after_bone_agent_therapy_warns_of_jaw_osteonecrosis(record, message):
    facts = with_orders(patient(medications=(record,)), procedure_order())
    found = dental_procedure_on_bisphosphonate.evaluate(facts, SETTINGS)
    assert (found.message if found else None) == message
    if found:
        assert found.indicator is Indicator.WARNING and found.proposals == ()


def test_dental_work_before_the_first_bisphosphonate_in_the_same_session_is_what_the_guideline_wants():
    facts = with_orders(patient(), procedure_order(), drug_order(selected=False))
    assert dental_procedure_on_bisphosphonate.evaluate(facts, SETTINGS) is None


# -- radionuclide-caution ------------------------------------------------------------------------------------

STRONTIUM = frozenset({c.RADIONUCLIDE})


def counts(platelets=150.0, leukocytes=5.0, age_days=3):
    return (measurement(c.PLATELETS, platelets, age_days), measurement(c.LEUKOCYTES, leukocytes, age_days))


@pytest.mark.parametrize(
    "labs, indicator, message",
    [
        (counts(), None, None),
        (counts(platelets=60), None, None),
        (counts(platelets=59.9), Indicator.CRITICAL, "radionuclide-caution.contraindicated"),
        (counts(platelets=45), Indicator.CRITICAL, "radionuclide-caution.contraindicated"),
        (counts(leukocytes=2.4), None, None),
        (counts(leukocytes=2.3), Indicator.CRITICAL, "radionuclide-caution.contraindicated"),
        (counts(age_days=30), None, None),
        (counts(age_days=31), Indicator.WARNING, "radionuclide-caution.counts-needed"),
        ((), Indicator.WARNING, "radionuclide-caution.counts-needed"),
    ],
)
def test_strontium_89_is_checked_against_marrow_limits_within_the_count_window(labs, indicator, message):
    facts = with_orders(patient(measurements=labs), drug_order("strontium-89", STRONTIUM))
    found = radionuclide_caution.evaluate(facts, SETTINGS)
    assert (found.indicator if found else None) is indicator
    assert (found.message if found else None) == message


def test_cord_compression_contraindicates_radionuclides_and_offers_removal():
    diagnoses = (diagnosis(c.MALIGNANCY), diagnosis(c.BONE_METASTASIS), diagnosis(c.SPINAL_CORD_COMPRESSION))
    facts = with_orders(patient(diagnoses=diagnoses, measurements=counts()), procedure_order(c.RADIONUCLIDE_THERAPY))
    found = radionuclide_caution.evaluate(facts, SETTINGS)
    assert found.indicator is Indicator.CRITICAL
    assert "radionuclide-caution.epidural" in found.notes
    assert [(p.kind, p.order_ref) for p in found.proposals] == [(ProposalKind.DELETE, "ServiceRequest/sr-1")]


@pytest.mark.parametrize(
    "extra, fires",
    [
        ((measurement(c.SINS_SCORE, 6),), False),
        ((measurement(c.SINS_SCORE, 7),), True),
        ((measurement(c.MIRELS_SCORE, 7),), False),
        ((measurement(c.MIRELS_SCORE, 8),), True),
    ],
)
def test_spinal_destruction_and_fracture_risk_are_cautions(extra, fires):
    facts = with_orders(patient(measurements=counts() + extra), drug_order("strontium-89", STRONTIUM))
    found = radionuclide_caution.evaluate(facts, SETTINGS)
    assert (found is not None) is fires
    if found:
        assert found.indicator is Indicator.WARNING and found.message == "radionuclide-caution.caution"


def test_a_pathological_fracture_is_a_caution():
    diagnoses = (diagnosis(c.MALIGNANCY), diagnosis(c.BONE_METASTASIS), diagnosis(c.PATHOLOGICAL_FRACTURE))
    facts = with_orders(patient(diagnoses=diagnoses, measurements=counts()), drug_order("strontium-89", STRONTIUM))
    assert radionuclide_caution.evaluate(facts, SETTINGS).notes[0] == "radionuclide-caution.fracture"


# -- duplicate-bone-agent ------------------------------------------------------------------------------------

DENOSUMAB = frozenset({c.BONE_MODIFYING_AGENT})


def test_zoledronic_acid_while_on_denosumab_offers_to_delete_the_new_draft():
    facts = with_orders(patient(medications=(on_record("denosumab", DENOSUMAB),)), drug_order())
    found = duplicate_bone_agent.evaluate(facts, SETTINGS)
    assert found.message == "duplicate-bone-agent.current"
    assert [(p.kind, p.order_ref, p.recommended) for p in found.proposals] == [
        (ProposalKind.DELETE, "MedicationRequest/mr-1", True)
    ]


def test_two_bone_agents_in_one_session_offer_both_deletions_without_preference_on_sign():
    denosumab = drug_order("denosumab", DENOSUMAB, order_id="mr-2")
    found = duplicate_bone_agent.evaluate(with_orders(patient(), drug_order(), denosumab), SETTINGS)
    assert found.message == "duplicate-bone-agent.draft"
    assert [(p.order_ref, p.recommended) for p in found.proposals] == [
        ("MedicationRequest/mr-1", False),
        ("MedicationRequest/mr-2", False),
    ]


def test_on_select_the_earlier_draft_stays_and_the_new_selection_goes():
    earlier = drug_order("denosumab", DENOSUMAB, order_id="mr-2", selected=False)
    found = duplicate_bone_agent.evaluate(with_orders(patient(), drug_order(), earlier), SETTINGS)
    assert found.proposals[0].recommended is True


@pytest.mark.parametrize(
    "record, fires",
    [
        (on_record(status=MedicationStatus.STOPPED), False),
        (on_record(status=MedicationStatus.COMPLETED), False),
        (on_record(status=MedicationStatus.ON_HOLD), True),
    ],
)
def test_only_a_current_agent_is_a_duplicate(record, fires):
    facts = with_orders(patient(medications=(record,)), drug_order("pamidronate", order_id="mr-9"))
    assert (duplicate_bone_agent.evaluate(facts, SETTINGS) is not None) is fires


def test_a_re_signed_active_order_is_not_its_own_duplicate():
    itself = replace(on_record(), source=Source("MedicationRequest", "mr-1", "zoledronic acid"))
    facts = with_orders(patient(medications=(itself,)), drug_order(dose=zoledronic_dose()))
    assert duplicate_bone_agent.evaluate(facts, SETTINGS) is None


# -- analgesic-ladder (order) --------------------------------------------------------------------------------

NSAID = frozenset({c.NSAID, c.NON_OPIOID})
WEAK = frozenset({c.OPIOID, c.OPIOID_WEAK})
STRONG = frozenset({c.OPIOID, c.OPIOID_STRONG})


@pytest.mark.parametrize(
    "score, step", [(0, None), (1, 1), (3, 1), (3.5, 2), (4, 2), (6, 2), (6.5, 3), (7, 3), (10, 3)]
)
def test_pain_score_bands_map_to_ladder_steps(score, step):
    assert step_for_pain(score, SETTINGS) == step


@pytest.mark.parametrize(
    "pain, classes, fires",
    [
        (3, NSAID, False),
        (4, NSAID, True),
        (4, WEAK, False),
        (7, WEAK, True),
        (7, STRONG, False),
        (7, frozenset({c.OPIOID}), False),  # strength unknown: not judged
        (7, frozenset({c.ADJUVANT_ANALGESIC}), False),
    ],
)
def test_an_analgesic_below_the_step_the_pain_calls_for_warns(pain, classes, fires):
    labs = (measurement(c.PAIN_SCORE, pain),)
    facts = with_orders(patient(measurements=labs), drug_order("ibuprofen", classes))
    found = order_analgesic_ladder.evaluate(facts, SETTINGS)
    assert (found is not None) is fires


def test_an_nsaid_added_to_a_current_strong_opioid_is_its_companion_not_a_step_down():
    morphine = on_record("morphine", STRONG)
    facts = with_orders(
        patient(measurements=(measurement(c.PAIN_SCORE, 8),), medications=(morphine,)), drug_order("ibuprofen", NSAID)
    )
    assert order_analgesic_ladder.evaluate(facts, SETTINGS) is None


def test_an_old_pain_score_is_not_used():
    facts = with_orders(patient(measurements=(measurement(c.PAIN_SCORE, 8, 31),)), drug_order("ibuprofen", NSAID))
    assert order_analgesic_ladder.evaluate(facts, SETTINGS) is None


# -- the cards: text in both languages, valid FHIR for updates ---------------------------------------------


def _every_order_card_facts() -> list[PatientFacts]:
    low_crcl = (measurement(c.CREATININE, creatinine_for(45)), measurement(c.BODY_WEIGHT, 66.0))
    scan = Imaging(ImagingKind.BONE_SCAN, days_ago(10), Source("DiagnosticReport", "scan"), shows_bone_metastasis=True)
    return [
        with_orders(patient(measurements=low_crcl, procedures=()), drug_order(dose=zoledronic_dose(infusion=5))),
        with_orders(patient(diagnoses=(diagnosis(c.MALIGNANCY),), imaging=(scan,), measurements=()), drug_order()),
        with_orders(patient(medications=(on_record("denosumab", DENOSUMAB),)), drug_order(), procedure_order()),
        with_orders(
            patient(measurements=(measurement(c.PLATELETS, 45), measurement(c.SINS_SCORE, 9))),
            drug_order("strontium-89", STRONTIUM),
        ),
        with_orders(patient(measurements=(measurement(c.PAIN_SCORE, 8),)), drug_order("ibuprofen", NSAID)),
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_order_card_renders_in_both_languages_with_short_summaries_and_no_gaps(language):
    topics = set()
    for facts in _every_order_card_facts():
        recommendations = evaluate(facts, "order-sign", SETTINGS)
        for card in render(recommendations, facts, language=language, base_url="https://cds.test", patient="Patient/p"):
            topics.add(card["source"]["topic"]["code"])
            assert len(card["summary"]) <= SUMMARY_LIMIT and not card["summary"].endswith("…"), card["summary"]
            assert "{" not in card["detail"] and "{" not in card["summary"]
            for suggestion in card.get("suggestions", []):
                assert suggestion["label"] and "{" not in suggestion["label"]
    assert topics == {
        "renal-impairment",
        "bisphosphonate-dose",
        "dental-review",
        "bisphosphonate-not-indicated",
        "renal-check",
        "duplicate-bone-agent",
        "dental-procedure-on-bisphosphonate",
        "radionuclide-caution",
        "analgesic-ladder",
    }


DRAFT = {
    "resourceType": "MedicationRequest",
    "id": "zol-1",
    "status": "draft",
    "intent": "order",
    "subject": {"reference": "Patient/p"},
    "authoredOn": "2026-11-26",
    "medicationCodeableConcept": {"coding": [{"system": order_resources.RXNORM, "code": "77655"}]},
    "dosageInstruction": [
        {
            "text": "zoledronic acid 8 mg IV over 5 min weekly",
            "timing": {
                "repeat": {
                    "frequency": 1,
                    "period": 1,
                    "periodUnit": "wk",
                    "duration": 5,
                    "durationUnit": "min",
                    "boundsPeriod": {"start": "2026-11-26"},
                },
                "code": {"text": "weekly"},
            },
            "route": {
                "coding": [{"system": order_resources.SNOMED, "code": "78421000", "display": "Intramuscular route"}]
            },
            "doseAndRate": [
                {"doseQuantity": {"value": 8, "unit": "mg"}, "rateQuantity": {"value": 100, "unit": "mL/h"}}
            ],
            "asNeededBoolean": True,
        },
        {"text": "second line", "doseAndRate": [{"doseQuantity": {"value": 8, "unit": "mg"}}]},
    ],
}


@pytest.mark.parametrize(
    "changes",
    [
        {
            "template": "zoledronic-acid",
            "dose_mg": 3.3,
            "route": "iv",
            "interval": "regimen",
            "infusion_minutes": 15,
            "text_dose_mg": 3.3,
        },
        {"template": "zoledronic-acid", "interval": "12-weekly", "text_dose_mg": 4.0},
        {
            "template": "clodronate-iv",
            "dose_mg": 300.0,
            "route": "iv",
            "interval": "regimen",
            "infusion_minutes": 120,
            "text_dose_mg": 300.0,
        },
    ],
)
def test_the_update_is_the_whole_draft_corrected_valid_fhir_r4_with_the_drafts_id(changes):
    resource = order_resources.updated(DRAFT, changes, "en")
    MedicationRequest.model_validate(resource)
    assert resource["id"] == "zol-1" and resource["subject"] == DRAFT["subject"]
    assert resource["authoredOn"] == "2026-11-26" and resource["status"] == "draft"
    (dosage,) = resource["dosageInstruction"]  # the second line would keep the wrong dose in force
    assert "asNeededBoolean" not in dosage
    repeat = dosage["timing"]["repeat"]
    if "dose_mg" in changes:
        assert dosage["doseAndRate"] == [
            {"doseQuantity": {"value": changes["dose_mg"], "unit": "mg", "system": order_resources.UCUM, "code": "mg"}}
        ]
    if changes.get("interval") == "12-weekly":
        assert (repeat["period"], repeat["periodUnit"]) == (12, "wk") and "every 12 weeks" in dosage["text"]
    if changes["template"] == "zoledronic-acid" and "infusion_minutes" in changes:
        assert (repeat["period"], repeat["periodMax"], repeat["periodUnit"], repeat["duration"]) == (3, 4, "wk", 15)
        assert repeat["boundsPeriod"] == {"start": "2026-11-26"} and "code" not in dosage["timing"]
        assert dosage["route"]["coding"][0]["code"] == "47625008"
        assert dosage["text"] == "3.3 mg IV over no less than 15 min, every 3-4 weeks"
    if changes["template"] == "clodronate-iv":
        assert "boundsPeriod" not in repeat and repeat["boundsDuration"]["value"] == 5
        assert (repeat["period"], repeat["periodUnit"]) == (1, "d")
