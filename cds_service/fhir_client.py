"""PLACEHOLDER — replaced by the FHIR fetch work (issue #2 item 5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class FhirClient:
    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FhirClient:
        return cls()
