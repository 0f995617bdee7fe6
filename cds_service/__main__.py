"""``bone-mets-cds``: serve on 127.0.0.1:8080 with gunicorn (HOST, PORT, WORKERS to change)."""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

from cds_service import create_app


class _Server(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app()


def main() -> None:
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8080")
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": int(os.environ.get("WORKERS", "2")),
            "threads": int(os.environ.get("THREADS", "4")),
            "timeout": int(os.environ.get("WORKER_TIMEOUT_SECONDS", "60")),
            "accesslog": "-",
            # The access log must not carry tokens or patient ids: path and status only.
            "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss',
        }
    ).run()


if __name__ == "__main__":
    main()
