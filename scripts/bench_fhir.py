#!/usr/bin/env python3
"""A FHIR server for the benchmark's fetch path: one patient's data, each answer after a fixed delay.

    .venv/bin/python scripts/bench_fhir.py --port 8099 --data patient.json [--delay 0.05]

``--data`` is a JSON object of resource type → list of resources (scripts/benchmark.py writes it
from the same patient it prefetches). A read (``GET /fhir/Patient/{id}``) answers the resource; a
search (``GET /fhir/{type}?...``) answers a searchset Bundle of every resource of that type, one
page, whatever its parameters (the service asks for the patient's own data). Every answer is sent
``--delay`` seconds after its request arrived, one thread per connection, so searches sent in
parallel take one delay, not one each. Listens on 127.0.0.1 only; stops on SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


def answers(resources: dict[str, list[dict]]) -> dict[str, bytes]:
    """The body of each answer, serialised once: searches by type, reads by 'Type/id'."""
    found: dict[str, bytes] = {}
    for resource_type, items in resources.items():
        entries = [{"fullUrl": f"{resource_type}/{r.get('id')}", "resource": r} for r in items]
        bundle = {"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries}
        found[resource_type] = json.dumps(bundle).encode()
        for resource in items:
            found[f"{resource_type}/{resource.get('id')}"] = json.dumps(resource).encode()
    return found


def handler(bodies: dict[str, bytes], delay: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the service reuses its connections

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            arrived = time.monotonic()
            path = urlsplit(self.path).path.removeprefix("/fhir/").strip("/")
            body = bodies.get(path)
            if body is None and "/" not in path:  # a search for a type this patient has none of
                body = json.dumps({"resourceType": "Bundle", "type": "searchset", "total": 0, "entry": []}).encode()
            status = 200 if body is not None else 404
            body = body or b'{"resourceType": "OperationOutcome", "issue": []}'
            time.sleep(max(0.0, delay - (time.monotonic() - arrived)))
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the service gave up at its deadline and closed the connection: as it should
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet unless asked
            if os.environ.get("BENCH_FHIR_LOG"):
                sys.stderr.write(f"{time.monotonic():.3f} {format % args}\n")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds before each answer")
    args = parser.parse_args()
    bodies = answers(json.loads(args.data.read_text(encoding="utf-8")))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(bodies, args.delay))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
