#!/usr/bin/env python3
"""The protocol floor: what any CDS service must pay per call, served exactly as the service is served.

A bare Flask app under the same server as ``bone-mets-cds`` (gunicorn managing processes, each serving
with waitress: cds_service.server.WaitressWorker, same threads) that, per POST, only
  - verifies the bearer ES384 JWT (PyJWT, one public key, iss/aud/exp/iat/jti required),
  - reads the body and parses it with json.loads,
  - answers 200 with a JSON body of ``?size=`` bytes (scripts/benchmark.py passes the service's own
    response size for the same request, so both send the same bytes back).
No validation, no replay store, no guideline. scripts/benchmark.py starts it beside the service.

    .venv/bin/python scripts/protocol_floor.py --port 8090 --public-key-pem key.pem [--workers 2] [--threads 4]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import jwt
from flask import Flask, Response, request
from gunicorn.app.base import BaseApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cds_service.server import ServerSettings, WaitressWorker  # noqa: E402


def floor_app(public_key_pem: bytes, audience_base: str) -> Flask:
    key = jwt.algorithms.ECAlgorithm(jwt.algorithms.ECAlgorithm.SHA384).prepare_key(public_key_pem)
    app = Flask("protocol_floor")

    @app.get("/cds-services")
    def discovery() -> Response:
        return Response(b'{"services": []}', mimetype="application/json")

    @app.post("/cds-services/<service_id>")
    def call(service_id: str) -> Response:
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        try:
            jwt.decode(
                token,
                key,
                algorithms=["ES384"],
                audience=f"{audience_base}/cds-services/{service_id}",
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except jwt.PyJWTError:
            return Response(b'{"error": "unauthorized"}', status=401, mimetype="application/json")
        body = json.loads(request.get_data(cache=False))
        size = int(request.args.get("size", "14"))
        filler = max(0, size - len('{"cards": [], "pad": ""}'))
        if not isinstance(body, dict):
            return Response(b'{"error": "bad-request"}', status=400, mimetype="application/json")
        payload = ('{"cards": [], "pad": "' + "x" * filler + '"}').encode()
        return Response(payload, mimetype="application/json")

    return app


class _Server(BaseApplication):
    def __init__(self, options: dict, app: Flask, threads: int) -> None:
        self.options = options
        self.application = app
        self.server_settings = ServerSettings(threads=threads)
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        return self.application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--public-key-pem", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=12, help="waitress threads: THREADS + FHIR_MAX_CONCURRENT_CALLS")
    args = parser.parse_args()
    app = floor_app(args.public_key_pem.read_bytes(), f"http://127.0.0.1:{args.port}")
    _Server(
        {"bind": f"127.0.0.1:{args.port}", "workers": args.workers, "worker_class": WaitressWorker},
        app,
        args.threads,
    ).run()


if __name__ == "__main__":
    main()
