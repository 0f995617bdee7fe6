"""Facts are built with a faster __init__ (guideline.facts._filled_at_once): same parameters, still frozen."""

import dataclasses
import inspect
from datetime import UTC, datetime, timedelta

import pytest

import guideline.facts as facts
from guideline.facts import Measurement, Source

FACT_CLASSES = [
    cls
    for cls in vars(facts).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == facts.__name__
]


@pytest.mark.parametrize("cls", FACT_CLASSES, ids=lambda cls: cls.__name__)
def test_every_fact_takes_its_fields_in_order_with_their_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, f in zip(parameters, fields, strict=True):
        if f.default is not dataclasses.MISSING:
            assert parameter.default == f.default
        elif f.default_factory is dataclasses.MISSING:
            assert parameter.default is inspect.Parameter.empty


def test_a_measurement_stays_frozen_equal_and_hashable() -> None:
    source = Source("Observation", "cr-1", "Creatinine")
    when = datetime(2025, 3, 1, tzinfo=UTC)
    measurement = Measurement("creatinine", 80.0, "umol/L", when, source, reference_high=97.0)
    assert measurement == Measurement("creatinine", 80.0, "umol/L", when, source, 97.0)
    assert hash(measurement) == hash(Measurement("creatinine", 80.0, "umol/L", when, source, reference_high=97.0))
    assert measurement.reference_low is None and measurement.body_site is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        measurement.value = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        Measurement("creatinine", 80.0, "umol/L", when)  # type: ignore[call-arg]
    assert dataclasses.replace(measurement, value=90.0).value == 90.0


def test_measurements_of_gives_each_concept_newest_first_up_to_as_of() -> None:
    """Worked out once per PatientFacts (guideline.facts._measurements_by_concept): same answers as a fresh scan."""

    def creatinine(ident: str, day: int) -> Measurement:
        return Measurement(
            "creatinine", 80.0, "umol/L", datetime(2025, 3, day, tzinfo=UTC), Source("Observation", ident)
        )

    older, same_day_first, same_day_second, later = (
        creatinine("a", 1),
        creatinine("b", 5),
        creatinine("c", 5),
        creatinine("d", 9),
    )
    calcium = dataclasses.replace(older, concept="calcium")
    patient = facts.PatientFacts(
        as_of=datetime(2025, 3, 6, tzinfo=UTC), measurements=(older, same_day_first, later, calcium, same_day_second)
    )
    assert patient.measurements_of("creatinine") == [same_day_first, same_day_second, older]  # not after as_of
    assert patient.measurements_of("creatinine", within=timedelta(days=1)) == [same_day_first, same_day_second]
    patient.measurements_of("creatinine").clear()  # a caller's list is its own
    assert patient.latest("creatinine") == same_day_first and patient.measurements_of("haemoglobin") == []
    later_view = dataclasses.replace(patient, as_of=datetime(2025, 3, 10, tzinfo=UTC))
    assert later_view.measurements_of("creatinine")[0] == later and patient.measurements_of("creatinine")[0] != later
