"""Endpoints for operators and orchestrators, and the hooks that measure and log every request.

``GET /healthz``   the process answers (no I/O): the liveness probe.
``GET /readyz``    the database answers ``SELECT 1``, Redis (with ``REDIS_URL``) answers PING, and every
                   trusted issuer's JWK Set is cached or can be fetched, each within
                   ``READY_TIMEOUT_SECONDS``: 200, or 503 with a JSON body naming what is not ready.
                   ``READY_CHECKS_STORAGE=false`` leaves the database and Redis out (docs/deployment.md:
                   cards work without them, and a shared database's outage would take every replica
                   out of its load balancer).
``GET /metrics``   Prometheus text format (cds_service.metrics); with ``METRICS_TOKEN`` set, only for
                   ``Authorization: Bearer <METRICS_TOKEN>``.

Every request is counted and timed by endpoint, service and status; service and feedback calls also
get one summary log line (status, time, hookInstance, where the data came from, gaps, cards).
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from sqlalchemy import text

from cds_service import metrics, observe
from cds_service.database import engine_for
from cds_service.errors import Unauthorized
from cds_service.jwks import RemoteKeys

log = logging.getLogger("cds_service.request")
blueprint = Blueprint("ops", __name__)

# Endpoint names as metric labels: a fixed set (an unmatched path is "unmatched", never the path).
_ENDPOINTS = {
    "cds.discovery": "discovery",
    "cds.call_service": "service",
    "cds.feedback": "feedback",
    "ops.healthz": "healthz",
    "ops.readyz": "readyz",
    "ops.metrics_page": "metrics",
}
_LOGGED = frozenset({"service", "feedback"})  # endpoints with a summary line (the access log has the rest)


def _endpoint() -> str:
    name = request.endpoint
    if name == "cds.wrong_method":
        return "feedback" if request.path.endswith("/feedback") else "service"
    if name == "static" or (name or "").startswith(("rule_pages.", "calculators.")):
        return "pages"
    if (name or "").startswith("insights."):
        return "insights"
    return _ENDPOINTS.get(name or "", "unmatched" if name is None else "other")


@blueprint.before_app_request
def _open() -> None:
    record = observe.open_record()
    request.environ["cds.call"] = record  # the server's access log line (cds_service.server) reads it too
    metrics.IN_PROGRESS.inc()
    g.cds_in_progress = True


@blueprint.after_app_request
def _measure(response: Response) -> Response:
    record = observe.current()
    if record is None:
        return response
    endpoint = _endpoint()
    service = metrics.service_label((request.view_args or {}).get("service_id"))
    seconds = time.monotonic() - record.started
    status = str(response.status_code)
    metrics.HTTP_REQUESTS.labels(endpoint, service, status).inc()
    metrics.HTTP_LATENCY.labels(endpoint, service, status).observe(seconds)
    if record.prefetched or record.fetched:
        record.data_source = metrics.record_data_source(
            service, prefetched=record.prefetched, fetched=record.fetched, gaps=record.gaps or 0
        )
    if endpoint in _LOGGED and request.method == "POST":
        record.service = service
        _summary(record, response.status_code, seconds)
    return response


@blueprint.teardown_app_request
def _close(_error: BaseException | None) -> None:
    if g.pop("cds_in_progress", False):
        metrics.IN_PROGRESS.dec()
    observe.close_record()


def _summary(record: observe.CallRecord, status: int, seconds: float) -> None:
    """One line per service or feedback call: no patient data, no token, no URL of the FHIR server."""
    fields: dict[str, Any] = {"service": record.service, "status": status, "duration_ms": round(seconds * 1000, 1)}
    if record.issuer:
        fields["iss"] = record.issuer
    if record.data_source:
        fields.update(data=record.data_source, prefetched=record.prefetched, fetched=record.fetched)
        fields["gaps"] = record.gaps if record.gaps is not None else "unknown"
    if record.cards is not None:
        fields["cards"] = record.cards
    if record.feedback is not None:
        fields["feedback_items"] = record.feedback
    log.info(
        "%s %s %s",
        request.method,
        request.path,
        " ".join(f"{name}={value}" for name, value in fields.items()),
        extra={"fields": fields},
    )


# -- endpoints ---------------------------------------------------------------------------------------


@blueprint.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@blueprint.get("/readyz")
def readyz() -> tuple[Response, int]:
    checks = current_app.extensions["cds_readiness"].run()
    failing = {name: detail for name, (ok, detail) in checks.items() if not ok}
    body: dict[str, Any] = {"checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()}}
    if not failing:
        return jsonify({"status": "ready", **body}), 200
    detail = "not ready: " + "; ".join(f"{name}: {why}" for name, why in failing.items())
    return jsonify({"error": "not-ready", "detail": detail, **body}), 503


@blueprint.get("/metrics")
def metrics_page() -> Response:
    token = current_app.config["METRICS_TOKEN"]
    if token:
        scheme, _, given = (request.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise Unauthorized("/metrics needs Authorization: Bearer <METRICS_TOKEN>")
    payload, content_type = metrics.exposition()
    return Response(payload, content_type=content_type)


# -- readiness ---------------------------------------------------------------------------------------

Check = Callable[[], None]  # returns when ready; raises with a reason (safe to show) when not


class Readiness:
    """The readiness checks of one app, each run in a thread with a deadline.

    A check still running from an earlier probe (a hung database) is not started again: the probe
    answers "still waiting" at once, so probes never pile up threads on a dependency that hangs.
    """

    def __init__(self, checks: dict[str, Check], timeout: float) -> None:
        self.checks = checks
        self.timeout = timeout
        self._running: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def run(self) -> dict[str, tuple[bool, str]]:
        outcomes: dict[str, tuple[bool, str]] = {}
        started: dict[str, threading.Event] = {}
        with self._lock:
            for name, check in self.checks.items():
                if name in self._running and not self._running[name].is_set():
                    outcomes[name] = (False, f"the previous check has not answered after {self.timeout:g} s")
                    continue
                done = threading.Event()
                self._running[name] = started[name] = done
                threading.Thread(
                    target=self._run_one, args=(name, check, done, outcomes), name=f"readyz-{name}", daemon=True
                ).start()
        deadline = time.monotonic() + self.timeout
        for name, done in started.items():
            if not done.wait(max(0.0, deadline - time.monotonic())):
                outcomes.setdefault(name, (False, f"no answer within {self.timeout:g} s"))
        return {name: outcomes[name] for name in self.checks}

    @staticmethod
    def _run_one(name: str, check: Check, done: threading.Event, outcomes: dict) -> None:
        try:
            check()
            outcomes.setdefault(name, (True, "ok"))
        except Exception as exc:  # the reason is shown: the class and our own message, never a URL with secrets
            outcomes.setdefault(name, (False, _reason(exc)))
        finally:
            done.set()


def _reason(exc: Exception) -> str:
    from cds_service.jwks import KeySetUnavailable

    if isinstance(exc, KeySetUnavailable):
        return f"key set unavailable ({exc})"
    return f"unreachable ({type(exc).__name__})"  # str(exc) of a driver error may hold the URL and password


def _database_check(url: str) -> Check:
    def check() -> None:
        with engine_for(url).connect() as conn:
            conn.execute(text("SELECT 1"))

    return check


def _redis_check(url: str, timeout: float) -> Check:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)

    def check() -> None:
        client.ping()

    return check


def _jwks_check(keys: RemoteKeys) -> Check:
    return keys.ensure_ready


def readiness_from(app: Flask) -> Readiness:
    config = app.config
    timeout = float(config["READY_TIMEOUT_SECONDS"])
    checks: dict[str, Check] = {}
    if config["READY_CHECKS_STORAGE"]:
        checks["database"] = _database_check(config["DATABASE_URL"])
    if config["REDIS_URL"] and config["READY_CHECKS_STORAGE"]:
        checks["redis"] = _redis_check(config["REDIS_URL"], timeout)
    for issuer in app.extensions["cds"].verifier.issuers.values():
        if isinstance(issuer.keys, RemoteKeys):
            checks[f"jwks {issuer.iss}"] = _jwks_check(issuer.keys)
    return Readiness(checks, timeout)


def init_app(app: Flask) -> None:
    """Register the endpoints and the request hooks (before CORS, so a preflight is measured too)."""
    app.extensions["cds_readiness"] = readiness_from(app)
    app.register_blueprint(blueprint)
