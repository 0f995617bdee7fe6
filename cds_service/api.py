"""The CDS Hooks endpoints: discovery, service calls, feedback.

Each handler reads the request, hands the work to the pipeline, and maps
domain errors (cds_service.errors) to JSON responses. Nothing here decides
anything clinical.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from cds_service import pipeline, validation
from cds_service.errors import (
    CdsError,
    InvalidRequest,
    MethodNotAllowed,
    MisdirectedRequest,
    PayloadTooLarge,
    UnknownService,
    UnsupportedMediaType,
)
from cds_service.runtime import Runtime
from cds_service.services import SERVICES, Service, discovery_document

log = logging.getLogger("cds_service.api")
blueprint = Blueprint("cds", __name__)


def _runtime() -> Runtime:
    return current_app.extensions["cds"]


def _service(service_id: str) -> Service:
    try:
        return SERVICES[service_id]
    except KeyError:
        raise UnknownService(f"no CDS service with id {service_id!r}; see GET /cds-services") from None


_LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]"})


def _host_allowed(host: str, allowed: list[str]) -> bool:
    """``host`` (Host header: name[:port]) is one ALLOWED_HOSTS names; an entry without port allows any port."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if not allowed:
        return name in _LOOPBACK
    entries = {entry.strip().lower() for entry in allowed}
    return host in entries or name in entries


def _public_base() -> str:
    """The service's base URL, from configuration only (issue 13.6): JWT ``aud`` and card links rest on it.

    PUBLIC_BASE_URL when set; otherwise the Host of the request, but only when ALLOWED_HOSTS (or, unset,
    loopback) lists it. Scheme and Host come from X-Forwarded-* only behind TRUSTED_PROXY_COUNT proxies.
    """
    base = current_app.config["PUBLIC_BASE_URL"]
    if base:
        return base.rstrip("/")
    host = request.host.lower()
    if not _host_allowed(host, current_app.config["ALLOWED_HOSTS"]):
        raise MisdirectedRequest(
            "this service does not answer as the host the request names; "
            "its operator sets PUBLIC_BASE_URL or ALLOWED_HOSTS to the names it is called by"
        )
    return f"{request.scheme}://{host}{request.script_root}"


def _endpoint_url() -> str:
    """The URL the client called, as the JWT ``aud`` must name it."""
    return _public_base() + request.path


def _authenticate() -> dict | None:
    return _runtime().verifier.verify(request.headers.get("Authorization"), _endpoint_url())


def _json_body() -> Any:
    if request.content_length is not None and request.content_length > current_app.config["MAX_REQUEST_BYTES"]:
        raise PayloadTooLarge(f"request body is larger than {current_app.config['MAX_REQUEST_BYTES']} bytes")
    mimetype = request.mimetype or ""
    if mimetype and mimetype != "application/json" and not mimetype.endswith("+json"):
        raise UnsupportedMediaType(f"send the body as application/json, not {mimetype}")
    try:
        raw = request.get_data(cache=False)
        # A chunked body (no Content-Length) is cut at the limit by Werkzeug, not refused: refuse it here.
        if request.content_length is None and len(raw) >= current_app.config["MAX_REQUEST_BYTES"]:
            raise RequestEntityTooLarge()
    except RequestEntityTooLarge:
        raise PayloadTooLarge(f"request body is larger than {current_app.config['MAX_REQUEST_BYTES']} bytes") from None
    if not raw:
        raise InvalidRequest("the request body is empty; send a JSON object")
    return validation.parse_body(raw)


@blueprint.get("/cds-services")
def discovery() -> Response:
    return jsonify(discovery_document())


@blueprint.post("/cds-services/<service_id>")
def call_service(service_id: str) -> Response:
    service = _service(service_id)
    claims = _authenticate()
    body = _json_body()
    validation.validate_service_request(body, service)
    runtime = _runtime()
    result = pipeline.run(service, body, runtime, base_url=_public_base())
    log.info(
        "service=%s hook_instance=%s iss=%s cards=%d",
        service.id,
        body.get("hookInstance"),
        (claims or {}).get("iss"),
        len(result["cards"]),
    )
    return jsonify(result)


@blueprint.post("/cds-services/<service_id>/feedback")
def feedback(service_id: str) -> Response:
    service = _service(service_id)
    _authenticate()
    body = _json_body()
    validation.validate_feedback(body)
    stored = _runtime().feedback.record(service.id, body["feedback"])
    return jsonify({"received": len(body["feedback"]), "stored": stored})


@blueprint.route("/cds-services/<service_id>", methods=["GET", "PUT", "DELETE", "PATCH"])
@blueprint.route("/cds-services/<service_id>/feedback", methods=["GET", "PUT", "DELETE", "PATCH"])
def wrong_method(service_id: str) -> Response:
    _service(service_id)
    raise MethodNotAllowed(f"{request.method} is not supported here; CDS services are called with POST")


@blueprint.app_errorhandler(CdsError)
def cds_error(error: CdsError) -> tuple[Response, int]:
    if error.status >= 500:
        log.error("error: %s", error.detail)
    else:
        log.info("rejected %s %s: %s %s", request.method, request.path, error.status, error.error)
    response = jsonify(error.body())
    if error.status == 401:  # RFC 6750: a 401 names the authentication scheme to use
        response.headers["WWW-Authenticate"] = "Bearer"
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response, error.status


@blueprint.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    if status == 413:
        return cds_error(
            PayloadTooLarge(f"request body is larger than {current_app.config['MAX_REQUEST_BYTES']} bytes")
        )
    name = (error.name or "error").lower().replace(" ", "-")
    return jsonify({"error": name, "detail": error.description or error.name}), status


@blueprint.app_errorhandler(Exception)
def unexpected(error: Exception) -> tuple[Response, int]:
    # A bug: logged with its traceback (no request body: it holds patient data), answered as JSON.
    log.exception("unhandled error on %s %s", request.method, request.path)
    return jsonify({"error": "internal-error", "detail": "the service failed; the error has been logged"}), 500
