"""PLACEHOLDER — replaced by the JSON Schema validation work (issue #2 item 4)."""

from __future__ import annotations

from typing import Any

from cds_service.errors import InvalidRequest
from cds_service.services import Service


def validate_service_request(body: Any, service: Service) -> None:
    if not isinstance(body, dict) or body.get("hook") != service.hook or not isinstance(body.get("context"), dict):
        raise InvalidRequest("not a CDS Hooks request for this service")


def validate_feedback(body: Any) -> None:
    if not isinstance(body, dict) or not isinstance(body.get("feedback"), list):
        raise InvalidRequest("feedback must be an object with a 'feedback' array")
