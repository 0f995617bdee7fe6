"""Patient → Person: birth date, administrative sex, deceased."""

from __future__ import annotations

from fhir_mappings.dates import parse_date
from fhir_mappings.reading import as_str
from guideline.facts import Person

_SEXES = {"male": "male", "female": "female"}  # 'other' and 'unknown' give no sex: formulas that need it stay silent


def map_patient(resource: dict) -> Person:
    deceased = resource.get("deceasedBoolean") is True or as_str(resource.get("deceasedDateTime")) is not None
    return Person(
        birth_date=parse_date(resource.get("birthDate")),
        sex=_SEXES.get(str(resource.get("gender"))),
        deceased=deceased,
    )
