"""UCUM codes are parsed as UCUM, never evaluated as arithmetic; impossible values never become facts (issue 13)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from fhir_mappings import PatientData, map_record
from fhir_mappings import terminology as t
from fhir_mappings.plausibility import RANGES, RANGES_FILE, implausible, parse_interval
from fhir_mappings.units import UnitError, factor, mass_to_mg, minutes_at_rate, parse
from guideline.concepts import CANONICAL_UNITS

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "concept, unit, expected",
    [
        ("creatinine", "mg/dl", 10_000 / 113.12),  # lower-case l is the litre too (UCUM)
        ("creatinine", "(mg)/(dL)", 10_000 / 113.12),
        ("calcium", "mEq/L", 0.5),  # REFERENCE B.8: divalent
        ("calcium", "meq/L", 0.5),
        ("magnesium", "mEq/L", 0.5),
        ("alp", "ukat/L", 60.0),  # 1 µkat = 60 µmol/min
        ("alp", "[IU]/L", 1.0),
        ("platelets", "x10^9/L", 1.0),
        ("platelets", "x10E3/uL", 1.0),
        ("platelets", "10^3/uL", 1.0),
        ("platelets", "10*9{cells}/L", 1.0),  # an annotation does not change the unit
        ("platelets", "thou/uL", 1.0),
        ("egfr", "mL/min/1.73m2", 1.0),
        ("egfr", "mL/min/{1.73_m2}", 1.0),
        ("creatinine-clearance", "mL/s", 60.0),  # REFERENCE B.8
        ("body-weight", "g", 0.001),
        ("body-weight", "lb", 0.45359237),
        ("body-height", "m", 100.0),
        ("expected-survival-months", "a", 12.0),
        ("expected-survival-months", "wk", 7 * 12 / 365.25),
    ],
)
def test_odd_but_real_unit_codes_convert(concept, unit, expected):
    assert factor(concept, unit) == pytest.approx(expected, rel=1e-9)


def test_a_factor_that_is_one_is_exactly_one():
    """10*3/uL → 10*9/L is 1 in floating point too: a platelet count of 60 must not read as 59.999."""
    assert factor("platelets", "10*3/uL") == 1.0
    assert factor("platelets", "K/uL") == 1.0


@pytest.mark.parametrize(
    "concept, unit",
    [
        ("egfr", "mL/min"),  # a clearance is not an indexed GFR, nor the reverse
        ("creatinine-clearance", "mL/min/{1.73_m2}"),
        ("phosphate", "mEq/L"),  # its charge depends on pH: no single factor
        ("creatinine", "mEq/L"),
        ("calcium", "%"),
        ("platelets", "/min"),
        ("body-weight", "kg/m2"),
    ],
)
def test_a_unit_of_the_wrong_kind_is_refused(concept, unit):
    with pytest.raises(UnitError):
        factor(concept, unit)


HOSTILE_UNITS = [
    "9**9**9",
    "9**99999999",
    "10*99999",
    "((((10*99)99)99)99)",
    "(10*99).(10*99).(10*99).(10*99)",
    "—",
    "**",
    "(((",
    ")))",
    "1/0",
    "0",
    "mg/dL*0",
    "exp(1)",
    "__import__('os')",
    "{" * 30,
    "[lb_av",
    "mg" * 30,
    "m" * 5000,
    "10*",
    "mg^2",
    "mg\n/dL",
    "",
    " ",
]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_a_unit_string_that_is_not_ucum_is_refused(unit):
    # Parse time is bounded by construction (MAX_LENGTH, no evaluation), not by a timing assertion here.
    with pytest.raises(UnitError):
        factor("creatinine", unit)


def test_parsing_is_structural_not_evaluation():
    assert parse("10*3/uL").dims == parse("10*9/L").dims
    assert parse("mg/dL") == parse("(mg)/(dL)") == parse("mg.dL-1")


def test_dose_helpers_read_ucum_too():
    assert mass_to_mg(4, "mg") == 4 and mass_to_mg(400, "ug") == pytest.approx(0.4)
    assert mass_to_mg(400, "mcg") == pytest.approx(0.4)
    assert mass_to_mg(1, "mL") is None and mass_to_mg(1, "{tbl}") is None and mass_to_mg(1, "9**9**9") is None
    assert mass_to_mg(1e308, "kg") is None  # not a finite dose
    assert minutes_at_rate(100, "mL", 400, "mL/h") == pytest.approx(15)
    assert minutes_at_rate(4, "mg", 1, "mL/min") is None


# -- plausible ranges ------------------------------------------------------------------------------------------
def test_every_measured_concept_has_a_range_with_its_rationale_in_its_canonical_unit():
    document = json.loads(RANGES_FILE.read_text(encoding="utf-8"))
    assert set(document["ranges"]) == set(CANONICAL_UNITS) == set(RANGES)
    for concept, entry in document["ranges"].items():
        assert entry["unit"] == CANONICAL_UNITS[concept]
        assert len(entry["rationale"]) > 20


@pytest.mark.parametrize(
    "interval, inside, outside",
    [("[0.5, 8]", [0.5, 8, 2.5], [0.49, 8.01]), ("(0, 300]", [1e-9, 300], [0, -1, 300.1])],
)
def test_intervals_include_or_exclude_their_bounds_as_written(interval, inside, outside):
    bounds = parse_interval(interval)
    assert all(bounds.holds(v) for v in inside)
    assert not any(bounds.holds(v) for v in outside)
    assert not bounds.holds(float("nan")) and not bounds.holds(float("inf"))


@pytest.mark.parametrize("text", ["0, 8", "[8, 0]", "[a, b]", "[1, 1)"])
def test_a_malformed_interval_stops_start_up(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_the_reason_names_the_concept_and_range_but_not_the_value():
    reason = implausible("body-weight", -1.0)
    assert reason == "body-weight outside [0.3, 650] kg"
    assert implausible("creatinine", float("nan")) == "creatinine not a finite number"
    assert implausible("creatinine", 97.0) is None


def lab(loinc: str, value: float, unit: str) -> dict:
    return {
        "resourceType": "Observation",
        "status": "final",
        "effectiveDateTime": "2025-12-01",
        "code": {"coding": [{"system": t.LOINC, "code": loinc}]},
        "valueQuantity": {"value": value, "code": unit},
    }


def test_impossible_values_are_skipped_and_counted_possible_extremes_are_kept():
    facts = map_record(
        PatientData(
            resources={
                "observations": [
                    lab("29463-7", -1, "kg"),  # weight
                    lab("1751-7", 0, "g/dL"),  # albumin
                    lab("2160-0", 1e308, "mg/dL"),  # creatinine: infinite in umol/L
                    lab("2000-8", 40, "mmol/L"),  # a calcium in mg/dL sent as mmol/L
                    lab("2160-0", 25, "mg/dL"),  # creatinine 2210 umol/L: end-stage, but real
                    lab("2000-8", 4.5, "mmol/L"),  # hypercalcaemic crisis: real
                ]
            }
        ),
        context={},
        hook="patient-view",
        as_of=AS_OF,
    )
    assert sorted((m.concept, round(m.value)) for m in facts.measurements) == [("calcium", 4), ("creatinine", 2210)]
    assert facts.skipped_resources == 4
