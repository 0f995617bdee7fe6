"""The HTTP server of ``bone-mets-cds``: gunicorn processes, each serving with waitress.

Why this pairing (measured, docs/reliability.md): gunicorn's threaded worker
hands a connection to an application thread as soon as its first bytes arrive,
and the thread then blocks reading the rest of the headers and the body; 8-16
clients that send one header line and stop held every thread until they went
away. waitress reads each request (headers and body) on one asynchronous I/O
thread and gives it to an application thread only when it is complete, and it
closes a connection idle for ``CLIENT_TIMEOUT_SECONDS`` mid-request. So a slow
or stalled client costs a socket, never a thread, and a body the application
did not read (an early 401, 404 or 415) has already left the socket, so the
next request on a kept-alive connection is read cleanly.

gunicorn stays the process manager: several worker processes, a worker that
stops answering its heartbeat (a request holding the interpreter) is killed
after ``WORKER_TIMEOUT_SECONDS`` and replaced, and SIGTERM stops gracefully.

In production a reverse proxy (nginx, or the platform's load balancer) still
fronts the service for TLS and connection limits (docker/README.md).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


@dataclass(frozen=True)
class ServerSettings:
    threads: int = 4  # application threads per process
    client_timeout: int = 10  # seconds a connection may sit idle, mid-request or between requests
    connection_limit: int = 1000  # open connections per process; beyond it new ones wait in the backlog
    max_body_bytes: int = 10 * 1024 * 1024  # waitress refuses larger bodies before reading them


_ERROR_NAMES = {400: "bad-request", 413: "payload-too-large"}  # as cds_service.errors names them


class _JsonErrorTask(ErrorTask):
    """waitress's own refusals (malformed request line, body too large) as the service's JSON errors."""

    def execute(self) -> None:
        error = self.request.error
        name = _ERROR_NAMES.get(error.code, error.reason.lower().replace(" ", "-"))
        body = json.dumps({"error": name, "detail": error.body}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    error_task_class = _JsonErrorTask


def _access_logged(app: WSGIApp, logger: logging.Logger) -> WSGIApp:
    """Method, path (never the query string), status, size and time: no tokens, no patient ids."""

    def logged(environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.monotonic()
        seen: dict[str, Any] = {}

        def start(status: str, headers: list, exc_info: Any = None) -> Callable:
            seen["status"] = status.split(" ", 1)[0]
            seen["size"] = next((v for k, v in headers if k.lower() == "content-length"), "-")
            return start_response(status, headers, exc_info)

        iterable = app(environ, start)
        try:
            yield from iterable
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:  # WSGI: the server closes what the application returned
                close()
            logger.info(
                '%s "%s %s" %s %s %.3fs',
                environ.get("REMOTE_ADDR", "-"),
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                seen.get("status", "-"),
                seen.get("size", "-"),
                time.monotonic() - started,
                extra={"cds_call": environ.get("cds.call")},  # the request's ids (cds_service.observe), if any
            )

    return logged


def _trusted_proxies(app: Any) -> int:
    config = getattr(app, "config", None)
    return int(config.get("TRUSTED_PROXY_COUNT") or 0) if isinstance(config, Mapping) else 0


class WaitressWorker(Worker):
    """A gunicorn worker whose connections are served by waitress (see the module docstring)."""

    def run(self) -> None:
        settings: ServerSettings = getattr(self.app, "server_settings", ServerSettings())
        app = self.wsgi
        if self.cfg.accesslog:
            app = _access_logged(app, self.log.access_log)
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" on every burst
        socket_map: dict = {}
        create_server(  # registers one listener per socket in socket_map
            app,
            map=socket_map,
            sockets=[listener.sock for listener in self.sockets],
            threads=settings.threads,
            channel_timeout=settings.client_timeout,
            cleanup_interval=max(1, settings.client_timeout // 4),
            connection_limit=settings.connection_limit,
            max_request_body_size=settings.max_body_bytes,
            ident="bone-mets-cds",
            expose_tracebacks=False,
            # waitress drops X-Forwarded-* unless told which proxy to trust. The app decides instead
            # (TRUSTED_PROXY_COUNT, werkzeug ProxyFix): waitress keeps dropping them while it trusts none.
            clear_untrusted_proxy_headers=not _trusted_proxies(self.wsgi),
        )
        listeners = [d for d in socket_map.values() if getattr(d, "accepting", False)]
        for listener in listeners:
            listener.channel_class = _Channel
        dispatcher = listeners[0].task_dispatcher
        while self.alive:
            self.notify()  # the heartbeat: missed while a request holds the interpreter, and then gunicorn restarts us
            wasyncore.loop(timeout=1.0, map=socket_map, use_poll=True, count=1)
            if self.ppid != os.getppid():
                self.log.info("Parent changed, shutting down: %s", self)
                break
        self._stop(socket_map, listeners, dispatcher)

    def _stop(self, socket_map: dict, listeners: list, dispatcher: Any) -> None:
        """Stop accepting, finish the requests under way (up to graceful_timeout), then close."""
        for listener in listeners:
            listener.accepting = False
            listener.del_channel()
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < deadline and any(
            isinstance(c, HTTPChannel) and (c.requests or c.total_outbufs_len) for c in list(socket_map.values())
        ):
            self.notify()
            wasyncore.loop(timeout=0.2, map=socket_map, use_poll=True, count=1)
        dispatcher.shutdown(timeout=max(0.0, deadline - time.monotonic()))
        wasyncore.close_all(socket_map)
