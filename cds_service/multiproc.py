"""The metrics directory that gunicorn's worker processes share (prometheus_client multiprocess mode).

Each worker keeps its metric values in files of ``PROMETHEUS_MULTIPROC_DIR``; ``/metrics`` adds them
up, so a scrape answered by any worker shows the whole server. ``prepare`` runs in the gunicorn
master before any worker exists (and before prometheus_client is imported, which reads the variable
once): it uses the operator's directory if set, else makes a private one, and empties it of the
previous run's files, whose counts would otherwise be added to this run's. ``child_exit`` drops a
dead worker's live gauges; ``on_exit`` removes a directory ``prepare`` made.
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
import tempfile
from typing import Any

ENV = "PROMETHEUS_MULTIPROC_DIR"
_made: list[str] = []  # directories prepare() created, removed on exit


def prepare(environ: Any = os.environ) -> str:
    """Set up ``PROMETHEUS_MULTIPROC_DIR`` for this server's workers; return its path."""
    path = environ.get(ENV)
    if path:
        os.makedirs(path, mode=0o700, exist_ok=True)
        for stale in glob.glob(os.path.join(path, "*.db")):  # prometheus_client's files only
            os.remove(stale)
    else:
        path = tempfile.mkdtemp(prefix="bone-mets-cds-metrics-")
        _made.append(path)
        environ[ENV] = path
    values = sys.modules.get("prometheus_client.values")
    if values is not None and environ is os.environ:  # imported before the variable was set: choose again
        values.ValueClass = values.get_value_class()
    return path


def child_exit(_server: Any, worker: Any) -> None:
    """gunicorn hook (master): a worker exited; its live gauges (requests in progress) stop counting."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(_server: Any) -> None:
    """gunicorn hook (master, at shutdown): remove the directory ``prepare`` made."""
    while _made:
        shutil.rmtree(_made.pop(), ignore_errors=True)


def gunicorn_hooks() -> dict[str, Any]:
    return {"child_exit": child_exit, "on_exit": on_exit}
