"""Long-lived objects of one app: built once at start-up, shared by requests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cds_service.auth import JwtVerifier
from cds_service.card_memory import CardMemory
from cds_service.feedback_store import FeedbackStore
from cds_service.fhir_client import FhirClient
from guideline.settings import Settings


@dataclass
class Runtime:
    verifier: JwtVerifier
    feedback: FeedbackStore
    card_memory: CardMemory
    fhir: FhirClient
    guideline_settings: Settings
    language: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Runtime:
        return cls(
            verifier=JwtVerifier.from_config(config),
            feedback=FeedbackStore(config["DATABASE_URL"]),
            card_memory=CardMemory(
                config["DATABASE_URL"],
                pseudonym_key=config["PATIENT_PSEUDONYM_KEY"],
                suppression_days=config["CARD_SUPPRESSION_DAYS"],
                suppressing_reasons=config["CARD_SUPPRESSION_REASONS"],
                retention_days=config["SHOWN_CARD_RETENTION_DAYS"],
            ),
            fhir=FhirClient.from_config(config),
            guideline_settings=Settings.from_mapping(config["GUIDELINE_SETTINGS"]),
            language=config["CARD_LANGUAGE"],
        )
