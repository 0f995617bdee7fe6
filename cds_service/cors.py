"""CORS for browser-based CDS clients (the CDS Hooks sandbox, SMART apps).

Preflight answers on every path for ``authorization, content-type``; the
allowed origins come from ``CORS_ALLOWED_ORIGINS`` ("*", a JSON list or a comma list).
No cookies are used, so credentials are never allowed.
"""

from __future__ import annotations

from flask import Flask, Response, request

ALLOWED_HEADERS = "authorization, content-type"
ALLOWED_METHODS = "GET, POST, OPTIONS"


def _allowed_origin(allowed: list[str], origin: str | None) -> str | None:
    # ``allowed`` is a list whatever the setting's form (JSON list, comma list): cds_service.config.
    if origin is None:
        return None
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
