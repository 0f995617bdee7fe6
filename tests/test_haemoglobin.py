"""Haemoglobin (issue 8 item 4): the LOINC family built from VSAC "Hemoglobin lab test", its units and range.

No rule reads it yet; the mapping must already give it right, in g/L whatever unit the lab sends.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fhir_mappings import PatientData, map_record
from fhir_mappings import terminology as t
from fhir_mappings.units import to_canonical
from guideline.concepts import CANONICAL_UNITS, HAEMOGLOBIN, MEASUREMENTS

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def facts_of(*resources: dict):
    return map_record(
        PatientData(resources={"observations": list(resources)}), context={}, hook="patient-view", as_of=AS_OF
    )


def hb(code: dict, value: float, unit: str) -> dict:
    return {
        "resourceType": "Observation",
        "id": "hb1",
        "status": "final",
        "effectiveDateTime": "2025-12-01",
        "code": code,
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
    }


def loinc(code: str) -> dict:
    return {"coding": [{"system": t.LOINC, "code": code}]}


def test_haemoglobin_is_a_measurement_in_grams_per_litre():
    assert HAEMOGLOBIN in MEASUREMENTS and CANONICAL_UNITS[HAEMOGLOBIN] == "g/L"


def test_the_loinc_family_comes_from_the_published_value_set_with_displays():
    built = json.loads((ROOT / "fhir_mappings" / "valuesets" / "built" / "observations-labs.json").read_text())
    entries = [e for e in built["entries"] if e["concept"] == HAEMOGLOBIN]
    assert {e["code"] for e in entries} >= {"718-7", "59260-0", "30313-1", "30350-3"}
    for entry in entries:
        assert entry["display"].startswith("Hemoglobin [") and "blood" in entry["display"].lower()
        assert built["sources"][entry["source"]]["oid"] == "2.16.840.1.113762.1.4.1248.219"


@pytest.mark.parametrize(
    "code, value, unit, expected",
    [
        ("718-7", 12.5, "g/dL", 125.0),  # US labs
        ("718-7", 125, "g/L", 125.0),  # Chinese and European labs
        ("59260-0", 7.8, "mmol/L", 125.7),  # Dutch labs: the monomer, 16,114.5 g/mol
        ("30350-3", 13.1, "g/dL", 131.0),
    ],
)
def test_each_unit_labs_send_becomes_grams_per_litre(code, value, unit, expected):
    (m,) = facts_of(hb(loinc(code), value, unit)).measurements
    assert m.concept == HAEMOGLOBIN and m.unit == "g/L" and m.value == pytest.approx(expected, abs=0.1)


def test_one_gram_per_decilitre_is_0_6206_mmol_per_litre():
    assert to_canonical(HAEMOGLOBIN, 1.0, "g/dL") == pytest.approx(10.0)
    assert to_canonical(HAEMOGLOBIN, 0.6206, "mmol/L") == pytest.approx(10.0, abs=0.01)


@pytest.mark.parametrize("value, unit", [(0, "g/L"), (1250, "g/dL"), (-3, "g/dL")])
def test_an_impossible_value_is_skipped(value, unit):
    facts = facts_of(hb(loinc("718-7"), value, unit))
    assert facts.measurements == () and facts.skipped_resources == 1


def test_glycated_haemoglobin_and_urine_haemoglobin_are_not_haemoglobin():
    for code in ("4548-4", "17849-1", "5794-3"):  # HbA1c, reticulocyte Hb, urine Hb (not in the family)
        assert facts_of(hb(loinc(code), 7.0, "%")).measurements == ()
    for text in ("Hemoglobin A1c", "HbA1c", "糖化血红蛋白", "Carboxyhemoglobin"):
        assert facts_of(hb({"text": text}, 7.0, "g/dL")).measurements == ()


@pytest.mark.parametrize("text", ["Hemoglobin", "Hb", "血红蛋白"])
def test_a_local_haemoglobin_is_read_from_its_name_and_flagged(text):
    code = {"coding": [{"system": "https://hospital.example/lab", "code": "HGB"}], "text": text}
    (m,) = facts_of(hb(code, 118, "g/L")).measurements
    assert m.concept == HAEMOGLOBIN and m.value == 118 and m.source.matched_text == text
