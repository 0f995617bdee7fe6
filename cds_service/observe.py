"""What one request did, for its log lines and its metrics: a record in a context variable.

cds_service.ops opens a ``CallRecord`` when a request arrives and writes the request's summary line
when it ends. The code in between notes what only it knows (the hookInstance once the body is
parsed, where the data came from, the cards) with the ``note_*`` functions, which do nothing outside
a request. The log formatters (cds_service.logs) put the record's ``request_id`` and
``hook_instance`` on every line written while it is open. Nothing here holds patient data or tokens:
the hookInstance is the client's id of one hook call, the issuer comes from our own allowlist.
"""

from __future__ import annotations

import contextvars
import time
import uuid
from dataclasses import dataclass, field

MAX_HOOK_INSTANCE_CHARS = 200  # the spec's are UUIDs (36); a longer one is cut in the log (one line, not 10 MB)


@dataclass
class CallRecord:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    started: float = field(default_factory=time.monotonic)
    service: str | None = None  # a service id of SERVICES (never the client's unchecked string)
    hook_instance: str | None = None
    issuer: str | None = None
    prefetched: int = 0  # data kinds served by prefetch
    fetched: int = 0  # data kinds (or remaining pages) read from the FHIR server
    gaps: int | None = None  # data read only in part, after fetching
    data_source: str | None = None
    cards: int | None = None
    feedback: int | None = None


_current: contextvars.ContextVar[CallRecord | None] = contextvars.ContextVar("cds_call", default=None)


def current() -> CallRecord | None:
    return _current.get()


def open_record() -> CallRecord:
    record = CallRecord()
    _current.set(record)
    return record


def close_record() -> None:
    _current.set(None)


def note_hook_instance(body: object) -> None:
    record = _current.get()
    instance = body.get("hookInstance") if isinstance(body, dict) else None
    if record is not None and isinstance(instance, str) and instance:
        record.hook_instance = instance[:MAX_HOOK_INSTANCE_CHARS]


def note_issuer(iss: str) -> None:
    if (record := _current.get()) is not None:
        record.issuer = iss


def note_data(*, prefetched: int, fetched: int) -> None:
    if (record := _current.get()) is not None:
        record.prefetched, record.fetched = prefetched, fetched


def note_gaps(gaps: int) -> None:
    if (record := _current.get()) is not None:
        record.gaps = gaps


def note_cards(service_id: str, cards: list[dict]) -> None:
    from cds_service import metrics

    metrics.record_cards(service_id, cards)
    if (record := _current.get()) is not None:
        record.cards = len(cards)


def note_feedback(service_id: str, items: list[dict], stored: int) -> None:
    from cds_service import metrics

    metrics.record_feedback(service_id, items, stored)
    if (record := _current.get()) is not None:
        record.feedback = len(items)
