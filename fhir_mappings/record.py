"""FHIR data of one patient → PatientFacts. (Initial version; the mapping work fills it in.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from guideline.facts import DataGap, PatientFacts


@dataclass
class PatientData:
    """FHIR resources (JSON dicts) by data kind (guideline.inputs), as gathered from prefetch or fetch."""

    resources: dict[str, list[dict]] = field(default_factory=dict)
    gaps: list[DataGap] = field(default_factory=list)


def map_record(data: PatientData, *, context: dict, hook: str, as_of: datetime) -> PatientFacts:
    return PatientFacts(as_of=as_of, gaps=tuple(data.gaps))
