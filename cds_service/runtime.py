"""Long-lived objects of one app: built once at start-up, shared by requests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cds_service.auth import JwtVerifier
from cds_service.feedback_store import FeedbackStore
from cds_service.fhir_client import FhirClient
from guideline.settings import Settings


@dataclass
class Runtime:
    verifier: JwtVerifier
    feedback: FeedbackStore
    fhir: FhirClient
    guideline_settings: Settings
    language: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Runtime:
        return cls(
            verifier=JwtVerifier.from_config(config),
            feedback=FeedbackStore(config["DATABASE_URL"]),
            fhir=FhirClient.from_config(config),
            guideline_settings=Settings.from_mapping(config["GUIDELINE_SETTINGS"]),
            language=config["CARD_LANGUAGE"],
        )
