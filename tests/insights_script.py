"""A scripted clinic for the insights tests: hook calls with real FHIR JSON, and the feedback a clinician sends.

Feedback items follow CDS Hooks 2.0.1 "Feedback": accepted with the card's own suggestion uuids, overridden
with one of the card's own overrideReasons, another system's Coding, or none.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

from werkzeug.security import generate_password_hash

from tests import fhir_builders as fb

PATIENT_VIEW = "/cds-services/bm-patient-view"
USER, PASSWORD = "cds-committee", "correct horse battery staple"
# A cheap hash keeps the tests fast; deployments use Werkzeug's default (scrypt).
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
COMMENT = "Zhang Wei saw the dentist on Monday"  # free text that may name a patient: never in the figures
ON_ZOLEDRONIC_ACID = (
    fb.condition(fb.BREAST_CANCER, days=400),
    fb.condition(fb.BONE_METASTASIS),
    fb.medication_request(fb.ZOLEDRONIC_ACID, dose_mg=4, days=30),
)
CONFIRMED_NO_AGENT = (fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS))
SEVERE_CALCIUM = (fb.condition(fb.BREAST_CANCER, days=400), fb.observation(fb.CALCIUM_MOLAR, 3.6, "mmol/L", days=1))
OTHER_REASON = {"system": "https://ehr.example.org/override", "code": "alert-fatigue", "display": "Too many alerts"}


def basic(user: str = USER, password: str = PASSWORD) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def call(client, prefetch_keys, resources, patient_id: str) -> list[dict]:
    """The cards bm-patient-view answers for this patient's record (every resource names the patient)."""
    request = json.loads(json.dumps(fb.patient_view(prefetch_keys, *resources)).replace(fb.PATIENT_ID, patient_id))
    response = client.post(PATIENT_VIEW, json=request)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["cards"]


def by_topic(cards: list[dict]) -> dict[str, dict]:
    return {card["source"]["topic"]["code"]: card for card in cards}


def send(client, *items: dict, service: str = PATIENT_VIEW) -> dict:
    response = client.post(service + "/feedback", json={"feedback": list(items)})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def at(minutes: int) -> str:
    return (datetime(2026, 1, 1, 8, tzinfo=UTC) + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def accepted(card: dict, minute: int = 0) -> dict:
    return {
        "card": card["uuid"],
        "outcome": "accepted",
        "outcomeTimestamp": at(minute),
        "acceptedSuggestions": [{"id": card["suggestions"][0]["uuid"]}],
    }


def overridden(card: dict, reason: str | dict | None = None, minute: int = 0, comment: str | None = None) -> dict:
    item: dict = {"card": card["uuid"], "outcome": "overridden", "outcomeTimestamp": at(minute)}
    if reason is not None or comment is not None:
        item["overrideReason"] = {}
        if reason is not None:
            offered = {r["code"]: r for r in card["overrideReasons"]}
            item["overrideReason"]["reason"] = reason if isinstance(reason, dict) else offered[reason]
        if comment is not None:
            item["overrideReason"]["userComment"] = comment
    return item
