"""SQLAlchemy engines and schema creation for the service's own tables (feedback, JWT replay memory).

One engine per database URL per process, shared by the stores, with bounded
waits: a database that is down must not hold a gunicorn thread for long.
SQLite is the embedded default; PostgreSQL when DATABASE_URL names it.
Connect, statement, pool and lock timeouts bound the usual faults; a deadline
over each store operation (``within_deadline``) bounds the rest; and while a
database is down (``Outage``) one request per interval tries it, the others
do not wait (docs/feedback.md, "When the database is down").

Each store creates its tables once, at start-up (``create_app``), before the
first request; several gunicorn workers starting together take turns (a
PostgreSQL advisory lock; on SQLite the loser of the race retries). A store
whose database is down at start-up creates them on first use instead, one
thread at a time.
"""

from __future__ import annotations

import contextvars
import logging
import math
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from time import monotonic
from typing import Any, TypeVar

from sqlalchemy import MetaData, create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import StaticPool

CONNECT_TIMEOUT_SECONDS = 3
STATEMENT_TIMEOUT_MS = 3000  # PostgreSQL: also bounds waiting on a concurrent insert of the same row
SQLITE_BUSY_TIMEOUT_SECONDS = 3
POOL_TIMEOUT_SECONDS = 3
TCP_USER_TIMEOUT_MS = 5000
OPERATION_DEADLINE_SECONDS = 5.0  # a store's whole operation (connect, statements, commit), however it hangs
OUTAGE_RETRY_SECONDS = 5.0  # while a database is down, one request per this interval tries it again
SCHEMA_LOCK_KEY = 0x0B0E_FEED  # pg_advisory_xact_lock key: workers starting together create tables in turn

T = TypeVar("T")


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
    defaults = {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,  # libpq: the whole connection set-up, answer included
        # A server that vanishes mid-query (network cut, failover) is noticed by TCP, not waited on for minutes.
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }
    connect_args: dict[str, Any] = {"options": options}
    connect_args.update({name: value for name, value in defaults.items() if name not in url.query})
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
        cursor.execute("PRAGMA synchronous=FULL")  # every commit on disk; begin_unsynced relaxes it per write
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


@contextmanager
def begin_unsynced(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` for a write that may be lost on power loss, never on a crash of the service.

    The JWT ids and shown cards of every call are such writes: committed and seen by every other
    connection at once, as usual, but without waiting for the disk (SQLite in WAL mode:
    ``synchronous=NORMAL`` for this transaction; PostgreSQL: ``synchronous_commit`` off, the server
    flushes its WAL within a fraction of a second). Waiting for that flush was most of a call's
    database time (docs/performance.md). After a power loss the last moment's JWT ids may be
    forgotten, and so is every process's memory of them; feedback keeps durable commits.
    """
    with engine.connect() as conn:
        sqlite_file = conn.dialect.name == "sqlite"
        if sqlite_file:  # the level cannot change inside a transaction: before it, and back after it
            conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
            conn.commit()
        try:
            with conn.begin():
                if not sqlite_file:
                    conn.execute(text("SET LOCAL synchronous_commit TO OFF"))  # this transaction only
                yield conn
        finally:
            if sqlite_file:
                _restore_durable(conn)


def _restore_durable(conn: Connection) -> None:
    """The pooled connection goes back with durable commits, or not at all."""
    try:
        conn.exec_driver_sql("PRAGMA synchronous=FULL")
        conn.commit()
    except DBAPIError:
        conn.invalidate()  # closed, not handed to the feedback store still relaxed


class Schema:
    """The tables of one store: created once per process, at start-up or, if the database was down, on first use."""

    def __init__(self, engine: Engine, metadata: MetaData) -> None:
        self.engine = engine
        self.metadata = metadata
        self.ready = False
        self._lock = threading.Lock()

    def ensure(self) -> None:
        """Create the missing tables; raises SQLAlchemyError (e.g. OperationalError) while the database is down."""
        if self.ready:
            return
        # Bounded wait: while one thread waits on a silent database, the others must not queue up behind it.
        if not self._lock.acquire(timeout=CONNECT_TIMEOUT_SECONDS + 1):
            raise PoolTimeout("another thread is still creating the tables")
        try:
            if not self.ready:
                with self.engine.connect() as conn:
                    _create_tables(conn, self.metadata)
                self.ready = True
        finally:
            self._lock.release()


def _create_tables(conn: Connection, metadata: MetaData) -> None:
    # PostgreSQL: an advisory lock makes workers take turns. SQLite: two processes can both see a table
    # missing and race to create it; the loser ("table already exists") retries and then finds it.
    for attempt in (1, 2, 3):
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
                metadata.create_all(conn)
            return
        except DBAPIError:
            if attempt == 3 or conn.invalidated:
                raise


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked": other writers held the file past the busy timeout.

    The database is up, only contended: the call fails, but the database is not taken for down.
    """
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    return (
        isinstance(orig, sqlite3.OperationalError)
        and code is not None
        and code & 0xFF
        in (
            sqlite3.SQLITE_BUSY,
            sqlite3.SQLITE_LOCKED,
        )
    )


@cache
def outage_for(database_url: str) -> Outage:
    """The outage state of one database, shared by the stores in it (feedback, JWT replay memory)."""
    return Outage()


class Outage:
    """Whether a database is down: while it is, one request per interval tries it, the others do not wait.

    A hung database costs a connect timeout per attempt; without this, every thread of every worker
    would pay it on every request, and at start-up each store would pay it once more.
    """

    def __init__(self, clock: Callable[[], float] = monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._down = False
        self._retry_at = 0.0

    def should_try(self) -> bool:
        """True while the database is up; while it is down, True for one caller per retry interval."""
        with self._lock:
            if not self._down:
                return True
            now = self._clock()
            if now < self._retry_at:
                return False
            self._retry_at = now + OUTAGE_RETRY_SECONDS  # this caller probes; the others keep not waiting
            return True

    def failed(self) -> None:
        with self._lock:
            self._down = True
            self._retry_at = self._clock() + OUTAGE_RETRY_SECONDS

    def succeeded(self) -> None:
        with self._lock:
            self._down = False

    def retry_after_seconds(self) -> int:
        """Whole seconds until the database is tried again (at least 1): the Retry-After to give clients."""
        with self._lock:
            return max(1, math.ceil(self._retry_at - self._clock()))


class OutageNotice:
    """The warnings of one store's outage: once when it goes down, once when it is back, not on every call.

    ``down`` is the message with a ``{why}`` field; both messages name the store and what its users see.
    """

    def __init__(self, logger: logging.Logger, *, down: str, back: str) -> None:
        self._log = logger
        self._down = down
        self._back = back
        self._reported = False

    def down(self, why: str) -> None:
        if not self._reported:
            self._reported = True
            self._log.warning(self._down.replace("{why}", why))  # not format(): a URL may hold braces

    def back(self) -> None:
        if self._reported:
            self._reported = False
            self._log.warning(self._back)


def bounded(engine: Engine, operation: Callable[[], T]) -> T:
    """``operation()`` on ``engine`` with its wait bounded: in this thread on SQLite, else ``within_deadline``.

    A SQLite database in WAL mode is a file on this host (WAL needs shared memory, so no network
    file system): its only wait is another writer's lock, which the busy timeout bounds, and no peer
    can stop answering mid-statement. Handing the call to a thread would only add its start-up and
    the switches between the two to every call.
    """
    if engine.dialect.name == "sqlite":
        return operation()
    return within_deadline(operation)


def within_deadline(operation: Callable[[], T]) -> T:
    """``operation()``'s result, or PoolTimeout once it has taken OPERATION_DEADLINE_SECONDS.

    The timeouts above bound a database that does not answer a connection, or a statement it is
    running; not one that stops answering on an open connection (a stopped server, a pooler whose
    database is gone): the kernel still acknowledges, so neither TCP nor the driver gives up. So the
    operation runs in a daemon thread and the request waits for it at most this long; a thread that
    stays stuck holds one pooled connection (the pool's size and timeout bound how many) and does not
    keep the process from exiting.
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = operation()
        except BaseException as exc:  # handed to the caller
            outcome["error"] = exc
        finally:
            done.set()

    # In the caller's context: its log lines carry the request's ids (cds_service.observe).
    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(run,), name="cds-database-operation", daemon=True).start()
    if not done.wait(OPERATION_DEADLINE_SECONDS):
        raise PoolTimeout(f"the database did not answer within {OPERATION_DEADLINE_SECONDS:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
