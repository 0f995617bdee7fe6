"""``bone-mets-cds``: serve on 127.0.0.1:8080 (HOST, PORT, WORKERS, THREADS to change).

gunicorn manages the worker processes; each serves its connections with
waitress (cds_service.server says why). The address bound is also the one
address the service answers as when neither PUBLIC_BASE_URL nor ALLOWED_HOSTS
is set: a JWT ``aud`` is never taken from the client's Host header.
"""

from __future__ import annotations

import gc
import os

from gunicorn.app.base import BaseApplication

from cds_service import create_app
from cds_service.config import DEFAULTS
from cds_service.server import ServerSettings, WaitressWorker


class _Server(BaseApplication):
    def __init__(self, options: dict, server_settings: ServerSettings, app_config: dict) -> None:
        self.options = options
        self.server_settings = server_settings
        self.app_config = app_config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        app = create_app(self.app_config)
        # Start-up objects (value-set index, schemas, modules) live as long as the worker: out of the
        # cyclic collector's full sweeps, which otherwise walk them all every few calls (docs/performance.md).
        gc.freeze()
        return app


def _bound_hosts(host: str, port: str) -> list[str]:
    """The Host values a client on this machine uses to reach HOST:PORT (a wildcard bind: loopback only)."""
    if host in ("127.0.0.1", "localhost", "0.0.0.0", "::", "::1", ""):
        return [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"]
    return [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]


def main() -> None:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8080")
    threads = int(os.environ.get("THREADS", "4"))
    # Calls waiting on a FHIR server get threads of their own, so they never take the THREADS others need.
    fetching = int(os.environ.get("FHIR_MAX_CONCURRENT_CALLS") or DEFAULTS["FHIR_MAX_CONCURRENT_CALLS"])
    max_body = int(os.environ.get("MAX_REQUEST_BYTES") or DEFAULTS["MAX_REQUEST_BYTES"])
    app_config: dict = {"SERVER_THREADS": threads}
    if not os.environ.get("ALLOWED_HOSTS"):
        app_config["ALLOWED_HOSTS"] = _bound_hosts(host, port)
    _Server(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": int(os.environ.get("WORKERS", "2")),
            "worker_class": WaitressWorker,
            "timeout": int(os.environ.get("WORKER_TIMEOUT_SECONDS", "60")),
            "graceful_timeout": 30,
            "accesslog": "-",
            "logger_class": "cds_service.logs.GunicornLogger",  # control characters escaped
        },
        ServerSettings(
            threads=threads + fetching,
            client_timeout=int(os.environ.get("CLIENT_TIMEOUT_SECONDS", "10")),
            connection_limit=int(os.environ.get("CONNECTION_LIMIT", "1000")),
            # A little above the app's own limit, so the app answers most oversized bodies with its JSON 413.
            max_body_bytes=max_body + 64 * 1024,
        ),
        app_config,
    ).run()


if __name__ == "__main__":
    main()
