"""UCUM units, and every coding system the value sets cover (ICD-10-CM/WHO, SNOMED, LOINC, RxNorm, ATC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fhir_mappings import PatientData, map_record
from fhir_mappings import terminology as t
from fhir_mappings.units import UnitError, factor, to_canonical

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def facts_of(*resources: dict):
    return map_record(PatientData(resources={"any": list(resources)}), context={}, hook="patient-view", as_of=AS_OF)


def lab(loinc: str, value, unit: str | None) -> dict:
    quantity = {"value": value, "system": "http://unitsofmeasure.org"}
    if unit is not None:
        quantity |= {"unit": unit, "code": unit}
    return {
        "resourceType": "Observation",
        "id": "o",
        "status": "final",
        "effectiveDateTime": "2025-12-01",
        "code": {"coding": [{"system": t.LOINC, "code": loinc}]},
        "valueQuantity": quantity,
    }


@pytest.mark.parametrize(
    "loinc, value, unit, concept, expected",
    [
        ("17861-6", 10.0, "mg/dL", "calcium", 2.495),
        ("2000-8", 2.5, "mmol/L", "calcium", 2.5),
        ("2160-0", 1.0, "mg/dL", "creatinine", 88.4),
        ("14682-9", 97, "umol/L", "creatinine", 97),
        ("14682-9", 97, "µmol/L", "creatinine", 97),
        ("14682-9", 0.097, "mmol/L", "creatinine", 97),
        ("1751-7", 4.0, "g/dL", "albumin", 40.0),
        ("1751-7", 38, "g/L", "albumin", 38),
        ("777-3", 250, "10*3/uL", "platelets", 250),
        ("777-3", 250, "K/uL", "platelets", 250),
        ("777-3", 250000, "/uL", "platelets", 250),
        ("777-3", 250, "10*9/L", "platelets", 250),
        ("6768-6", 120, "U/L", "alp", 120),
        ("6768-6", 120, "IU/L", "alp", 120),
        ("62292-8", 20, "ng/mL", "vitamin-d", 49.92),
        ("62292-8", 50, "nmol/L", "vitamin-d", 50),
        ("29463-7", 154, "[lb_av]", "body-weight", 69.85),
        ("29463-7", 70, "kg", "body-weight", 70),
        ("8302-2", 65, "[in_i]", "body-height", 165.1),
        ("8302-2", 165, "cm", "body-height", 165),
        ("35591-7", 55, "mL/min", "creatinine-clearance", 55),
        ("98979-8", 55, "mL/min/{1.73_m2}", "egfr", 55),
        ("72514-3", 7, "{score}", "pain-score", 7),
        ("89247-1", 2, None, "ecog", 2),
    ],
)
def test_each_unit_is_converted_to_the_canonical_unit(loinc, value, unit, concept, expected):
    (measurement,) = facts_of(lab(loinc, value, unit)).measurements
    assert measurement.concept == concept
    assert measurement.value == pytest.approx(expected, rel=2e-3)


@pytest.mark.parametrize(
    "concept, unit, reference_factor",
    [
        ("calcium", "mg/dL", 0.2495),
        ("creatinine", "mg/dL", 88.4),
        ("albumin", "g/dL", 10.0),
        ("phosphate", "mg/dL", 0.3229),
        ("magnesium", "mg/dL", 0.4114),
    ],
)
def test_molar_mass_conversions_match_the_published_lab_factors(concept, unit, reference_factor):
    """REFERENCE.md B.8: the factors follow from molar masses (calcium 40.078, creatinine 113.12 g/mol)."""
    assert factor(concept, unit) == pytest.approx(reference_factor, rel=2e-3)


@pytest.mark.parametrize(
    "loinc, unit", [("2160-0", None), ("2160-0", "mg"), ("2160-0", "furlong"), ("33914-3", "mL/min"), ("17861-6", "%")]
)
def test_missing_unknown_or_wrong_kind_of_unit_makes_the_value_unusable(loinc, unit):
    assert facts_of(lab(loinc, 1.0, unit)).measurements == ()


def test_an_unusable_unit_is_not_counted_as_a_skipped_resource():
    assert facts_of(lab("2160-0", 1.0, "furlong")).skipped_resources == 0


@pytest.mark.parametrize(
    "ranges, expected",
    [
        ([{"low": {"value": 0.5, "code": "mg/dL"}, "high": {"value": 1.1, "code": "mg/dL"}}], (44.2, 97.2)),
        ([{"high": {"value": 97, "unit": "umol/L"}}], (None, 97.0)),
        ([{"high": {"value": 1.1}}], (None, 97.2)),  # no unit: the value's (mg/dL)
        ([{"low": {"value": 0.5, "code": "mg/dL"}, "high": {"value": 1.1, "code": "kg"}}], (44.2, None)),
        ([{"text": "normal"}, {"high": {"value": 1.1, "code": "mg/dL"}}], (None, 97.2)),  # the first usable one
        ([{"high": {"value": "1.1", "code": "mg/dL"}}, "garbage"], (None, None)),
        ([{"high": {"value": 1e308, "code": "mmol/L"}}], (None, None)),  # not finite once converted
        ("garbage", (None, None)),
    ],
)
def test_a_reference_range_is_read_in_the_canonical_unit(ranges, expected):
    resource = lab("2160-0", 1.0, "mg/dL") | {"referenceRange": ranges}
    (creatinine,) = facts_of(resource).measurements
    limits = (creatinine.reference_low, creatinine.reference_high)
    assert tuple(None if limit is None else round(limit, 1) for limit in limits) == expected


def test_scores_with_a_unit_are_not_scores():
    with pytest.raises(UnitError):
        to_canonical("pain-score", 7, "mg")


def condition(system: str, code: str) -> dict:
    return {"resourceType": "Condition", "id": "c", "code": {"coding": [{"system": system, "code": code}]}}


@pytest.mark.parametrize(
    "system, code, concept, site",
    [
        (t.ICD10_CM, "C79.51", "bone-metastasis", None),
        (t.ICD10_CM, "C7951", "bone-metastasis", None),
        (t.ICD10_CM, "c79.52", "bone-metastasis", None),
        (t.ICD10_WHO, "C79.5", "bone-metastasis", None),
        (t.ICD10_WHO, "C79.500x001", "bone-metastasis", None),
        (t.ICD10_WHO, "C79.500X003", "bone-metastasis", None),
        (t.ICD10_CM, "C50.911", "malignancy", "breast"),
        (t.ICD10_WHO, "C50.900x001", "malignancy", "breast"),
        (t.ICD10_CM, "C34.90", "malignancy", "lung"),
        (t.ICD10_CM, "C61", "malignancy", "prostate"),
        (t.ICD10_WHO, "C11.9", "malignancy", "nasopharynx"),
        (t.ICD10_CM, "C90.00", "malignancy", "myeloma"),
        (t.ICD10_CM, "C90.10", "malignancy", "other"),
        (t.ICD10_CM, "C02.1", "malignancy", "head-and-neck"),
        (t.ICD10_CM, "C25.9", "malignancy", "other"),
        (t.ICD10_CM, "C80.1", "malignancy", "unknown-primary"),
        (t.ICD10_CM, "M84.551A", "pathological-fracture", None),
        (t.ICD10_CM, "G95.20", "spinal-cord-compression", None),
        (t.ICD10_CM, "E83.52", "hypercalcaemia", None),
        (t.ICD10_CM, "M87.180", "osteonecrosis-of-jaw", None),
        (t.ICD10_CM, "N18.32", "chronic-kidney-disease", None),
        (t.ICD10_CM, "D61.810", "marrow-failure", None),
        ("http://snomed.info/sct", "94222008", "bone-metastasis", None),
        ("http://snomed.info/sct", "363346000", "malignancy", None),
        ("http://snomed.info/sct", "66931009", "hypercalcaemia", None),
    ],
)
def test_condition_codes_map_to_concepts(system, code, concept, site):
    (diagnosis,) = facts_of(condition(system, code)).diagnoses
    assert (diagnosis.concept, diagnosis.primary_site) == (concept, site)


@pytest.mark.parametrize(
    "system, code",
    [
        (t.ICD10_CM, "C78.00"),  # secondary lung: not a primary, not bone
        (t.ICD10_CM, "D07.5"),  # carcinoma in situ of prostate
        (t.ICD10_CM, "M87.18"),  # osteonecrosis due to drugs, other site (exact entry only)
        (t.ICD10_WHO, "E83.5"),  # hyper- or hypocalcaemia: cannot tell
        (t.ICD10_CM, "C7"),  # too short to be a category
        ("http://snomed.info/sct", "126906006"),  # neoplasm of prostate, behaviour unspecified
        ("http://snomed.info/sct", "9422200"),  # SNOMED never matches by prefix
        ("http://example.org/local", "C79.5"),  # unknown system
    ],
)
def test_codes_outside_the_value_sets_give_no_diagnosis(system, code):
    assert facts_of(condition(system, code)).diagnoses == ()


def request(coding: list[dict] | None = None, text: str | None = None) -> dict:
    concept: dict = {}
    if coding is not None:
        concept["coding"] = coding
    if text is not None:
        concept["text"] = text
    return {
        "resourceType": "MedicationRequest",
        "id": "m",
        "status": "active",
        "intent": "order",
        "medicationCodeableConcept": concept,
    }


@pytest.mark.parametrize(
    "coding, agent, classes",
    [
        ([{"system": t.RXNORM, "code": "77655", "display": "zoledronic acid"}], "zoledronic-acid", {"bisphosphonate"}),
        ([{"system": t.RXNORM, "code": "904419"}], "alendronate", {"bone-modifying-agent"}),
        ([{"system": t.RXNORM, "code": "1049221"}], "oxycodone", {"opioid-weak", "non-opioid"}),
        ([{"system": t.RXNORM, "code": "7052"}], "morphine", {"opioid-strong"}),
        ([{"system": t.ATC, "code": "M05BA08"}], "zoledronic-acid", {"bisphosphonate"}),
        ([{"system": t.ATC, "code": "m05ba03"}], "pamidronate", {"bisphosphonate"}),
        ([{"system": t.ATC, "code": "M05BX04"}], "denosumab", {"bone-modifying-agent"}),
        ([{"system": t.ATC, "code": "V10BX01"}], "strontium-89", {"radionuclide"}),
        ([{"system": t.ATC, "code": "M05BA05"}], "bisphosphonate", {"bisphosphonate"}),  # tiludronic acid: class only
        ([{"system": t.ATC, "code": "N02AA04"}], "opioid", {"opioid"}),  # nicomorphine: opioid, strength not coded
        ([{"system": t.ATC, "code": "N06AA09"}], "adjuvant", {"adjuvant-analgesic"}),  # amitriptyline
        ([{"system": t.ATC, "code": "N02BF02"}], "adjuvant", {"adjuvant-analgesic"}),  # pregabalin
        ([{"system": t.ATC, "code": "H02AB02"}], "adjuvant", {"adjuvant-analgesic"}),  # dexamethasone
        ([{"system": t.ATC, "code": "M01AE01"}], "ibuprofen", {"nsaid", "non-opioid"}),
        ([{"system": t.ATC, "code": "N02BE01"}], "paracetamol", {"non-opioid"}),
        # A class code and an exact code on one concept: the exact one wins.
        ([{"system": t.ATC, "code": "N02A"}, {"system": t.ATC, "code": "N02AB03"}], "fentanyl", {"opioid-strong"}),
    ],
)
def test_medication_codes_give_agent_and_classes(coding, agent, classes):
    (medication,) = facts_of(request(coding)).medications
    assert medication.agent == agent
    assert classes <= medication.classes
    assert not medication.matched_by_text


@pytest.mark.parametrize(
    "text, agent",
    [
        ("唑来膦酸注射液", "zoledronic-acid"),
        ("帕米膦酸二钠", "pamidronate"),
        ("伊班膦酸钠注射液", "ibandronate"),
        ("氯膦酸二钠胶囊", "clodronate"),
        ("地舒单抗注射液", "denosumab"),
        ("地诺单抗", "denosumab"),
        ("氯化锶[89Sr]注射液", "strontium-89"),
        ("盐酸羟考酮缓释片", "oxycodone"),
        ("芬太尼透皮贴剂", "fentanyl"),
        ("磷酸可待因片", "codeine"),
        ("酒石酸双氢可待因片", "dihydrocodeine"),
        ("盐酸曲马多缓释片", "tramadol"),
        ("布洛芬缓释胶囊", "ibuprofen"),
        ("塞来昔布胶囊", "celecoxib"),
        ("对乙酰氨基酚片", "paracetamol"),
        ("Zoledronic Acid 4 MG in 100 ML Injection", "zoledronic-acid"),
        ("XGEVA 120 mg/1.7 mL", "denosumab"),
    ],
)
def test_drug_names_in_text_are_a_flagged_last_resort(text, agent):
    (medication,) = facts_of(request(text=text)).medications
    assert medication.agent == agent and medication.matched_by_text


def test_a_coded_drug_is_not_overridden_by_its_text():
    (medication,) = facts_of(request([{"system": t.ATC, "code": "N02AA01"}], text="吗啡 (不是芬太尼)")).medications
    assert medication.agent == "morphine" and not medication.matched_by_text


def test_a_chinese_display_on_an_unknown_code_is_matched_by_name():
    coding = [{"system": "urn:oid:1.2.156.112635.1.1.1", "code": "X123", "display": "唑来膦酸注射液"}]
    (medication,) = facts_of(request(coding)).medications
    assert medication.agent == "zoledronic-acid" and medication.matched_by_text


def dosed(**dosage) -> dict:
    resource = request([{"system": t.ATC, "code": "M05BA08"}])
    resource["dosageInstruction"] = [dosage]
    return resource


@pytest.mark.parametrize(
    "dosage, expected",
    [
        ({"doseAndRate": [{"doseQuantity": {"value": 4, "code": "mg"}}]}, {"amount": 4.0, "unit": "mg"}),
        ({"doseAndRate": [{"doseQuantity": {"value": 0.004, "code": "g"}}]}, {"amount": 4.0, "unit": "mg"}),
        ({"doseAndRate": [{"doseQuantity": {"value": 4000, "code": "ug"}}]}, {"amount": 4.0, "unit": "mg"}),
        ({"doseQuantity": {"value": 90, "unit": "mg"}}, {"amount": 90.0, "unit": "mg"}),  # STU3 shape
        ({"route": {"coding": [{"system": "http://snomed.info/sct", "code": "47625008"}]}}, {"route": "iv"}),
        ({"route": {"coding": [{"system": "http://snomed.info/sct", "code": "34206005"}]}}, {"route": "sc"}),
        ({"route": {"text": "IV"}}, {"route": "iv"}),
        ({"route": {"text": "口服"}}, {"route": "oral"}),
        ({"route": {"text": "静脉"}}, {"route": "iv"}),
        ({"timing": {"repeat": {"frequency": 1, "period": 4, "periodUnit": "wk"}}}, {"every_days": 28.0}),
        ({"timing": {"repeat": {"frequency": 1, "period": 3, "periodUnit": "wk"}}}, {"every_days": 21.0}),
        ({"timing": {"repeat": {"duration": 15, "durationUnit": "min"}}}, {"infusion_minutes": 15.0}),
        ({"timing": {"repeat": {"duration": 2, "durationUnit": "h"}}}, {"infusion_minutes": 120.0}),
        (
            {
                "doseAndRate": [
                    {"doseQuantity": {"value": 100, "code": "mL"}, "rateQuantity": {"value": 400, "code": "mL/h"}}
                ]
            },
            {"infusion_minutes": 15.0},
        ),
        ({"text": "4mg IV over 15 min q4w"}, None),  # free text is never parsed
    ],
)
def test_structured_dosage_gives_amount_route_interval_and_infusion_time(dosage, expected):
    (medication,) = facts_of(dosed(**dosage)).medications
    if expected is None:
        assert medication.dose is None
    else:
        assert {k: getattr(medication.dose, k) for k in expected} == pytest.approx(expected)


def test_a_daily_oral_regimen_gives_the_total_per_day():
    resource = dosed(
        doseAndRate=[{"doseQuantity": {"value": 800, "code": "mg"}}],
        timing={"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
    )
    (medication,) = facts_of(resource).medications
    assert medication.dose.per_day == 1600


def test_search_codes_lists_every_observation_code_as_system_bar_code():
    codes = t.search_codes("observations")
    assert "http://loinc.org|49765-1" in codes and "http://loinc.org|14682-9" in codes
    assert "http://loinc.org|72514-3" in codes
    own = "https://bone-metastasis-cds.github.io/CodeSystem/bone-lesion-assessment|"
    assert all(c.startswith(("http://loinc.org|", own)) for c in codes)
    assert own + "mirels-score" in codes
    assert len(codes) == len(set(codes))
    with pytest.raises(KeyError):
        t.search_codes("nothing")
