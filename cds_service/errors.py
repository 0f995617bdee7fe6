"""Errors the service answers with, and their HTTP status.

::

    CdsError                   500  (never raised directly)
      ├─ InvalidRequest        400  malformed JSON, schema violation, wrong context
      ├─ Unauthorized          401  missing, invalid, expired or replayed JWT
      ├─ UnknownService        404  no service with that id
      ├─ MethodNotAllowed      405
      ├─ DataUnavailable       412  required data neither prefetched nor fetchable
      ├─ PayloadTooLarge       413  body above MAX_REQUEST_BYTES
      ├─ UnsupportedMediaType  415  body not sent as application/json
      ├─ MisdirectedRequest    421  Host is not one the service answers as (ALLOWED_HOSTS)
      ├─ StorageUnavailable    503  feedback database unreachable or timed out (with Retry-After)
      └─ ServiceBusy           503  this process already fetches from FHIR servers for as many calls as it may

Only ``cds_service.api`` turns these into responses (``{"error", "detail"}``);
the rest of the code raises them and knows nothing of HTTP.
"""

from __future__ import annotations


class CdsError(Exception):
    status = 500
    error = "internal-error"

    def __init__(self, detail: str, *, errors: list[dict] | None = None, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.retry_after = retry_after  # seconds, for a Retry-After header

    def body(self) -> dict:
        body: dict = {"error": self.error, "detail": self.detail}
        if self.errors:
            body["errors"] = self.errors
        return body


class InvalidRequest(CdsError):
    status = 400
    error = "invalid-request"


class Unauthorized(CdsError):
    status = 401
    error = "unauthorized"


class UnknownService(CdsError):
    status = 404
    error = "unknown-service"


class MethodNotAllowed(CdsError):
    status = 405
    error = "method-not-allowed"


class DataUnavailable(CdsError):
    status = 412
    error = "precondition-failed"


class PayloadTooLarge(CdsError):
    status = 413
    error = "payload-too-large"


class UnsupportedMediaType(CdsError):
    status = 415
    error = "unsupported-media-type"


class MisdirectedRequest(CdsError):
    status = 421
    error = "misdirected-request"


class StorageUnavailable(CdsError):
    status = 503
    error = "storage-unavailable"


class ServiceBusy(CdsError):
    status = 503
    error = "service-busy"
