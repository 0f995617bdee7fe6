"""The service's Prometheus metrics, and the small functions that record them.

Every label has a bounded set of values: service ids outside SERVICES become ``unknown``, card topics
outside the catalogue ``other``, override reasons outside our code system ``other``; no patient id,
hookInstance, URL or issuer-chosen string is ever a label. The HTTP layer (cds_service.ops) records
requests; the FHIR client, the JWT verifier and the API call the ``record_*`` functions.

Under gunicorn each worker process writes its values to files in ``PROMETHEUS_MULTIPROC_DIR``
(prometheus_client's multiprocess mode), which ``bone-mets-cds`` sets before any worker starts
(cds_service.multiproc); ``/metrics`` then adds up every worker's files, whichever worker answers.
Without that variable (the Flask test client, ``create_app`` in one process) the values live in the
process's own registry.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    multiprocess,
)
from prometheus_client import generate_latest as _generate_latest

from cards.override_reasons import CODES as OVERRIDE_REASON_CODES
from cards.override_reasons import SYSTEM as OVERRIDE_REASON_SYSTEM
from guideline.catalogue import TOPIC_SYSTEM, TOPICS

disable_created_metrics()  # the *_created series double the output; multiprocess mode has none anyway

# Service calls run 5-300 ms with prefetch (docs/performance.md) and up to FHIR_TOTAL_TIMEOUT_SECONDS
# (20) when they fetch: buckets cover both.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0)
FHIR_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0)
INDICATORS = frozenset({"info", "warning", "critical"})

HTTP_REQUESTS = Counter(
    "cds_http_requests",
    "HTTP requests answered, by endpoint, CDS service id and status code",
    ["endpoint", "service", "status"],
)
HTTP_LATENCY = Histogram(
    "cds_http_request_duration_seconds",
    "Time from the request reaching the app to its response, by endpoint, CDS service id and status code",
    ["endpoint", "service", "status"],
    buckets=LATENCY_BUCKETS,
)
IN_PROGRESS = Gauge(
    "cds_http_requests_in_progress",
    "Requests being handled now, all workers together",
    multiprocess_mode="livesum",
)
CARDS = Counter("cds_cards", "Cards returned, by service, card topic and indicator", ["service", "topic", "indicator"])
DATA_SOURCES = Counter(
    "cds_service_call_data",
    "Service calls by where their patient data came from: prefetch (all prefetched), fetched (all from "
    "the FHIR server), mixed; and whether gaps (data read only in part) remained",
    ["service", "source", "gaps"],
)
FHIR_REQUESTS = Counter(
    "cds_fhir_requests",
    "HTTP requests to EHR FHIR servers, by outcome (ok, or why it failed)",
    ["outcome"],
)
FHIR_LATENCY = Histogram(
    "cds_fhir_request_duration_seconds", "Time of one HTTP request to a FHIR server", ["outcome"], buckets=FHIR_BUCKETS
)
FHIR_FETCHES = Counter(
    "cds_fhir_fetches",
    "Service calls that fetched from a FHIR server, by result: complete, incomplete (some data read in "
    "part), failed (some data could not be read)",
    ["result"],
)
FHIR_FETCH_LATENCY = Histogram(
    "cds_fhir_fetch_duration_seconds", "Time one service call spent fetching from the FHIR server", buckets=FHIR_BUCKETS
)
JWT_REJECTIONS = Counter(
    "cds_jwt_rejections", "Service and feedback calls whose JWT was rejected, by reason", ["reason"]
)
FEEDBACK = Counter(
    "cds_feedback_items",
    "Feedback items received, by service, outcome (accepted, overridden) and override reason code",
    ["service", "outcome", "reason"],
)
FEEDBACK_STORED = Counter("cds_feedback_items_stored", "Feedback items stored (new; resends are not)", ["service"])


def service_label(service_id: object) -> str:
    from cds_service.services import SERVICES  # imported late: services imports the rule modules

    if service_id is None:
        return ""
    return service_id if isinstance(service_id, str) and service_id in SERVICES else "unknown"


def record_cards(service_id: str, cards: Iterable[dict]) -> None:
    for card in cards:
        source = card.get("source") or {}
        topic = source.get("topic") or {}
        known = topic.get("system") == TOPIC_SYSTEM and topic.get("code") in TOPICS
        indicator = card.get("indicator")
        CARDS.labels(
            service_label(service_id),
            topic["code"] if known else "other",
            indicator if indicator in INDICATORS else "other",
        ).inc()


def record_data_source(service_id: str, *, prefetched: int, fetched: int, gaps: int) -> str:
    """Count one call's data source; return its name (prefetch, fetched, mixed, none)."""
    source = "mixed" if prefetched and fetched else "fetched" if fetched else "prefetch" if prefetched else "none"
    DATA_SOURCES.labels(service_label(service_id), source, "yes" if gaps else "no").inc()
    return source


def record_feedback(service_id: str, items: Iterable[dict], stored: int) -> None:
    service = service_label(service_id)
    for item in items:
        outcome = item.get("outcome") if item.get("outcome") in ("accepted", "overridden") else "other"
        reason = ((item.get("overrideReason") or {}).get("reason")) or {}
        code = reason.get("code") if isinstance(reason, dict) else None
        if outcome != "overridden" or not code:
            label = "none"
        elif reason.get("system") == OVERRIDE_REASON_SYSTEM and code in OVERRIDE_REASON_CODES:
            label = code
        else:
            label = "other"
        FEEDBACK.labels(service, outcome, label).inc()
    FEEDBACK_STORED.labels(service).inc(stored)


def record_fhir_request(outcome: str, seconds: float) -> None:
    FHIR_REQUESTS.labels(outcome).inc()
    FHIR_LATENCY.labels(outcome).observe(seconds)


def record_fhir_fetch(result: str, seconds: float) -> None:
    FHIR_FETCHES.labels(result).inc()
    FHIR_FETCH_LATENCY.observe(seconds)


def record_jwt_rejection(reason: str) -> None:
    JWT_REJECTIONS.labels(reason).inc()


def exposition() -> tuple[bytes, str]:
    """The text format of every metric: all workers' values added up in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return _generate_latest(registry), CONTENT_TYPE_LATEST
    return _generate_latest(REGISTRY), CONTENT_TYPE_LATEST
