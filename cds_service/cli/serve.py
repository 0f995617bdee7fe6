"""``bone-mets-cds serve``: serve on 127.0.0.1:8080 (HOST, PORT, WORKERS, THREADS, or the flags, to change).

gunicorn manages the worker processes; each serves its connections with
waitress (cds_service.server says why). The address bound is also the one
address the service answers as when neither PUBLIC_BASE_URL nor ALLOWED_HOSTS
is set: a JWT ``aud`` is never taken from the client's Host header.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from gunicorn.app.base import BaseApplication

from cds_service.cli.common import CliError
from cds_service.server import ServerSettings, WaitressWorker

HELP = "serve the CDS Hooks endpoints (the default command)"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help=HELP,
        description=HELP + ". Every setting is an environment variable (README 'Configuration'); "
        "the flags override HOST, PORT, WORKERS and THREADS.",
    )
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"), help="address to bind (HOST)")
    parser.add_argument("--port", type=int, default=None, help="port to bind (PORT, default 8080)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (WORKERS, default 2)")
    parser.add_argument("--threads", type=int, default=None, help="request threads per process (THREADS, default 4)")
    parser.set_defaults(func=run)


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name) or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise CliError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise CliError(f"{name} must be at least {minimum}, got {value}")
    return value


def _positive(name: str, value: int | None, env: str, default: int) -> int:
    if value is None:
        return _env_int(env, default)
    if value < 1:
        raise CliError(f"--{name} must be at least 1")
    return value


def _bound_hosts(host: str, port: int) -> list[str]:
    """The Host values a client on this machine uses to reach HOST:PORT (a wildcard bind: loopback only)."""
    if host in ("127.0.0.1", "localhost", "0.0.0.0", "::", "::1", ""):
        return [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"]
    return [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]


class _Server(BaseApplication):
    def __init__(self, options: dict, server_settings: ServerSettings, app_config: dict) -> None:
        self.options = options
        self.server_settings = server_settings  # read by cds_service.server.WaitressWorker
        self.app_config = app_config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        import gc

        from cds_service import create_app

        app = create_app(self.app_config)
        # Start-up objects (value-set index, schemas, modules) live as long as the worker: out of the
        # cyclic collector's full sweeps, which otherwise walk them all every few calls (docs/performance.md).
        gc.freeze()
        return app


def run(args: argparse.Namespace) -> int:
    from cds_service import config, multiproc
    from cds_service.malloc_arenas import limit_malloc_arenas

    try:  # the same check every worker makes at start, once, before gunicorn forks them
        settings = config.load()
    except (ValueError, json.JSONDecodeError) as exc:
        raise CliError(f"bad setting: {exc} (`bone-mets-cds check-config` lists every problem)") from None

    host = args.host
    port = _positive("port", args.port, "PORT", 8080)
    if port > 65535:
        raise CliError(f"the port must be 1-65535, got {port}")
    threads = _positive("threads", args.threads, "THREADS", 4)
    workers = _positive("workers", args.workers, "WORKERS", 2)
    # Calls waiting on a FHIR server get threads of their own, so they never take the THREADS others need.
    fetching = int(settings["FHIR_MAX_CONCURRENT_CALLS"])
    max_body = int(settings["MAX_REQUEST_BYTES"])
    app_config: dict = {"SERVER_THREADS": threads}
    if not os.environ.get("ALLOWED_HOSTS"):
        app_config["ALLOWED_HOSTS"] = _bound_hosts(host, port)

    # Settings checked: now what the workers inherit. Bad settings leave no metrics directory behind.
    limit_malloc_arenas()  # in the master, before gunicorn forks: every worker inherits the cap
    multiproc.prepare()  # before any worker: they all write their metrics there (cds_service.multiproc)
    _Server(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": WaitressWorker,
            "timeout": _env_int("WORKER_TIMEOUT_SECONDS", 60),
            "graceful_timeout": 30,
            "accesslog": "-",
            "logger_class": "cds_service.logs.GunicornLogger",  # control characters escaped
            **multiproc.gunicorn_hooks(),  # metrics of exited workers; the metrics directory removed at exit
        },
        ServerSettings(
            threads=threads + fetching,
            client_timeout=_env_int("CLIENT_TIMEOUT_SECONDS", 10),
            connection_limit=_env_int("CONNECTION_LIMIT", 1000),
            # A little above the app's own limit, so the app answers most oversized bodies with its JSON 413.
            max_body_bytes=max_body + 64 * 1024,
        ),
        app_config,
    ).run()
    return 0
