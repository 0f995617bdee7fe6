"""SQLAlchemy engines for the service's own tables (feedback, JWT replay memory).

One engine per database URL per process, shared by the stores, with bounded
waits: a database that is down must not hold a gunicorn thread for long.
SQLite is the embedded default; PostgreSQL when DATABASE_URL names it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import StaticPool

CONNECT_TIMEOUT_SECONDS = 3
STATEMENT_TIMEOUT_MS = 5000  # PostgreSQL: also bounds waiting on a concurrent insert of the same row
SQLITE_BUSY_TIMEOUT_SECONDS = 5
POOL_TIMEOUT_SECONDS = 5


@cache
def engine_for(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # the driver this project installs
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        return _postgres_engine(url)
    raise ValueError(f"DATABASE_URL must name sqlite or postgresql, not {backend!r}")


def _postgres_engine(url: URL) -> Engine:
    # The URL's own options (e.g. -csearch_path=...) come last so they win.
    options = " ".join(filter(None, [f"-c statement_timeout={STATEMENT_TIMEOUT_MS}", url.query.get("options")]))
    connect_args: dict[str, Any] = {"options": options}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    try:
        return create_engine(
            url,
            pool_pre_ping=True,  # a connection the server dropped is replaced, not handed to a request
            pool_recycle=1800,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            hide_parameters=True,
            connect_args=connect_args,
        )
    except ImportError as exc:
        raise RuntimeError("DATABASE_URL names PostgreSQL: install the 'postgres' extra (psycopg)") from exc


def _sqlite_engine(url: URL) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    # gunicorn threads share the pool; an in-memory database exists once, on one connection (trials only).
    pool: dict[str, Any] = {"poolclass": StaticPool} if in_memory else {"pool_timeout": POOL_TIMEOUT_SECONDS}
    engine = create_engine(
        url,
        hide_parameters=True,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        **pool,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine
