"""Facts are built with a faster __init__ (guideline.facts._filled_at_once): same parameters, still frozen."""

import dataclasses
import inspect
from datetime import UTC, datetime

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
