"""CORS for browser-based CDS clients (the CDS Hooks sandbox, SMART apps).

Preflight answers on every path for ``authorization, content-type``; the
allowed origins come from ``CORS_ALLOWED_ORIGINS`` ("*", a comma list, or a list).
No cookies are used, so credentials are never allowed.
"""

from __future__ import annotations

from flask import Flask, Response, request

ALLOWED_HEADERS = "authorization, content-type"
ALLOWED_METHODS = "GET, POST, OPTIONS"


def _allowed_origin(configured: str | list[str], origin: str | None) -> str | None:
    if origin is None:
        return None
    # The environment gives a string; create_app(config) may pass a list, as for ALLOWED_FHIR_SERVERS.
    entries = configured.split(",") if isinstance(configured, str) else configured
    allowed = {o.strip().rstrip("/") for o in entries if o.strip()}
    if "*" in allowed:
        return "*"
    return origin if origin.rstrip("/") in allowed else None


def init_app(app: Flask) -> None:
    @app.before_request
    def preflight() -> Response | None:
        if request.method == "OPTIONS":
            return Response(status=204)
        return None

    @app.after_request
    def add_headers(response: Response) -> Response:
        origin = _allowed_origin(app.config["CORS_ALLOWED_ORIGINS"], request.headers.get("Origin"))
        if origin is None:
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        if origin != "*":
            response.headers.add("Vary", "Origin")
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        return response
