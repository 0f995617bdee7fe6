"""One service call, one way: request → FHIR data → facts → recommendations → cards."""

from __future__ import annotations

from datetime import UTC, datetime

import cards
import fhir_mappings
import guideline
from cds_service import fhir_data
from cds_service.runtime import Runtime
from cds_service.services import Service


def run(service: Service, body: dict, runtime: Runtime, *, base_url: str, now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    data = fhir_data.gather(service, body, runtime.fhir)  # I/O: prefetch, then the FHIR server
    facts = fhir_mappings.map_record(data, context=body["context"], hook=service.hook, as_of=now)
    recommendations = guideline.evaluate(facts, service.hook, runtime.guideline_settings)
    patient_id = body["context"]["patientId"]
    rendered = cards.render(
        recommendations, facts, language=runtime.language, base_url=base_url, patient=f"Patient/{patient_id}"
    )
    # I/O: leave out what a recent override suppresses, remember what is shown (never fails the call).
    return {"cards": runtime.card_memory.show(service.id, body.get("fhirServer"), patient_id, rendered)}
