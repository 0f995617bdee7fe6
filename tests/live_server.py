"""The real server (``python -m cds_service``, as ``make run`` starts it) on 127.0.0.1 and a free port.

For the defects that only a real server shows: slow clients, kept-alive
connections, thread starvation. Started per test module, always stopped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    host: str
    port: int
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(workdir: Path, **settings: str) -> Iterator[LiveServer]:
    """Serve with ``settings`` as environment variables (defaults: 1 worker, 4 threads, no JWT)."""
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": "1",
        "THREADS": "4",
        "JWT_REQUIRED": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'live.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        "XDG_RUNTIME_DIR": str(workdir),  # gunicorn's control socket
        **settings,
    }
    log = (workdir / f"server-{port}.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "cds_service"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {(workdir / log.name).read_text()[-2000:]}")
            try:
                if requests.get(base_url + "/cds-services", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer within 30 s")
            time.sleep(0.1)
        yield LiveServer(base_url, "127.0.0.1", port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
