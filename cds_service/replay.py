"""Short-term memory of JWT ids already used, so a captured token cannot be replayed.

CDS Hooks best practices: store each accepted ``jti`` until its token could no
longer pass the ``exp`` check, and reject a second use. Several gunicorn workers
(and hosts) must share that memory: with ``REDIS_URL`` it lives in Redis (``SET
NX EX`` marks and tests in one atomic step), otherwise in the service's own
database (DATABASE_URL: one INSERT ... ON CONFLICT ... RETURNING, atomic on
SQLite and PostgreSQL), which every worker using that database shares, SQLite
file included. In front of either, each process keeps its own memory, which
answers alone while the shared store is down (GuardedReplayStore; docs/auth.md).
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
import threading
from collections.abc import Callable, Mapping
from time import monotonic, time
from typing import Any, Protocol

from sqlalchemy import Column, Float, MetaData, String, Table, bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from cds_service.database import (
    Outage,
    OutageNotice,
    Schema,
    begin_unsynced,
    bounded,
    engine_for,
    is_busy,
    outage_for,
    within_deadline,
)

DEFAULT_KEY_PREFIX = "cds-hooks:jti:"

log = logging.getLogger("cds_service.replay")

metadata = MetaData()
replay_table = Table(
    "cds_jwt_replay",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 of issuer + jti
    Column("expires_at", Float, nullable=False, index=True),  # unix time
)


class ReplayStoreUnavailable(Exception):
    """The shared store cannot be reached (or, ``busy``, is up but contended): the token cannot be proven fresh."""

    def __init__(self, message: str, *, busy: bool = False) -> None:
        super().__init__(message)
        self.busy = busy


class ReplayStore(Protocol):
    def first_use(self, issuer: str, jti: str, ttl_seconds: float) -> bool:
        """Record ``jti`` of ``issuer`` for ``ttl_seconds``; False when it was already recorded."""
        ...


def _digest(issuer: str, jti: str) -> str:
    # Namespaced by issuer (two clients may pick the same jti) and hashed to bound the key size.
    return hashlib.sha256(f"{issuer}\x00{jti}".encode()).hexdigest()


class MemoryReplayStore:
    """Thread-safe, in-process: enough for one worker; not shared between workers."""

    def __init__(self, clock: Callable[[], float] = monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._expiry: dict[str, float] = {}
        self._queue: list[tuple[float, str]] = []  # (expires_at, key), oldest first

    def first_use(self, issuer: str, jti: str, ttl_seconds: float) -> bool:
        key = _digest(issuer, jti)
        with self._lock:
            now = self._clock()
            self._forget_expired(now)
            if key in self._expiry:
                return False
            expires_at = now + max(ttl_seconds, 1)
            self._expiry[key] = expires_at
            heapq.heappush(self._queue, (expires_at, key))
            return True

    def __len__(self) -> int:
        with self._lock:
            self._forget_expired(self._clock())
            return len(self._expiry)

    def _forget_expired(self, now: float) -> None:
        while self._queue and self._queue[0][0] <= now:
            _, key = heapq.heappop(self._queue)
            self._expiry.pop(key, None)


class RedisReplayStore:
    """Shared by every worker that points at the same Redis and key prefix."""

    def __init__(self, url: str, *, prefix: str = DEFAULT_KEY_PREFIX, timeout_seconds: float = 2.0) -> None:
        import redis  # optional dependency: the [redis] extra

        self._errors: tuple[type[Exception], ...] = (redis.RedisError,)
        self._prefix = prefix
        self._redis = redis.Redis.from_url(url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds)

    def first_use(self, issuer: str, jti: str, ttl_seconds: float) -> bool:
        key = self._prefix + _digest(issuer, jti)
        try:
            created = self._redis.set(key, b"1", nx=True, ex=max(math.ceil(ttl_seconds), 1))
        except self._errors as exc:
            raise ReplayStoreUnavailable(f"redis: {type(exc).__name__}") from None
        return bool(created)


class SqlReplayStore:
    """In the service's database: shared by every worker that uses the same DATABASE_URL."""

    _PURGE_EVERY = 200  # inserts between sweeps of expired rows

    def __init__(self, database_url: str, clock: Callable[[], float] = time) -> None:
        self._clock = clock
        self._engine = engine_for(database_url)
        self._schema = Schema(self._engine, metadata)
        self._count = 0
        self._lock = threading.Lock()
        self._claim = _claim_statement(self._engine.dialect.name)

    def prepare(self) -> None:
        """Create the table (at start-up, before the first request: no creation race under load)."""
        try:
            within_deadline(self._schema.ensure)
        except SQLAlchemyError as exc:
            raise ReplayStoreUnavailable(f"database: {_cause(exc)}") from None

    def first_use(self, issuer: str, jti: str, ttl_seconds: float) -> bool:
        key, now = _digest(issuer, jti), self._clock()
        values = {"key": key, "expires_at": now + max(ttl_seconds, 1), "now": now}
        claim, table = self._claim, replay_table

        def claim_key() -> bool:
            self._schema.ensure()
            with begin_unsynced(self._engine) as conn:
                created = conn.execute(claim, values).first() is not None
                with self._lock:
                    self._count += 1
                    sweep = self._count % self._PURGE_EVERY == 0
                if sweep:
                    conn.execute(delete(table).where(table.c.expires_at <= now))
            return created

        try:
            created = bounded(self._engine, claim_key)
        except SQLAlchemyError as exc:
            raise ReplayStoreUnavailable(f"database: {_cause(exc)}", busy=is_busy(exc)) from None
        return created


def _claim_statement(dialect_name: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE ... WHERE expired RETURNING key, built once (params: key, expires_at, now).

    One statement, atomic on both dialects: a row comes back only when the key was new, or had
    expired and is taken over. (rowcount is no test: psycopg reports -1 for ON CONFLICT DO NOTHING.)
    """
    table = replay_table
    dialect = sqlite if dialect_name == "sqlite" else postgresql
    insert = dialect.insert(table).values(key=bindparam("key"), expires_at=bindparam("expires_at"))
    return insert.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"expires_at": insert.excluded.expires_at},
        where=table.c.expires_at <= bindparam("now"),
    ).returning(table.c.key)


def _cause(exc: Exception) -> str:
    """The driver's error class, not its message: that may quote SQL."""
    return type(getattr(exc, "orig", None) or exc).__name__


class GuardedReplayStore:
    """A shared store (database or Redis) with this process's own memory in front of it.

    Every jti is also kept in memory, so a replay to this worker is refused even while, or after,
    the shared store was down. When the shared store is down (or hung: its timeouts bound the wait,
    and then it is tried again at most once per ``database.OUTAGE_RETRY_SECONDS``):

    - by default the memory's answer stands: cards keep working, a replay to the same worker is
      still refused, a replay to another worker is not detected until the store is back; a WARNING
      says so once per outage;
    - with ``fail_closed`` (``JWT_REPLAY_FAIL_CLOSED``) ReplayStoreUnavailable is raised: the call is
      refused, since the jti cannot be proven unused everywhere.
    """

    def __init__(self, shared: ReplayStore, outage: Outage, *, fail_closed: bool, name: str) -> None:
        self._shared = shared
        self._memory = MemoryReplayStore()
        self._outage = outage
        self._fail_closed = fail_closed
        self._name = name
        then = (
            "calls are refused until it is back (JWT_REPLAY_FAIL_CLOSED)"
            if fail_closed
            else "checking JWT ids in this process's memory until it is back; "
            "a replay to another worker is not detected meanwhile"
        )
        self._notice = OutageNotice(
            log,
            down=f"JWT replay store ({name}) unavailable {{why}}: {then}",
            back=f"JWT replay store ({name}) is reachable again: workers share JWT ids again",
        )
        prepare = getattr(shared, "prepare", None)
        if prepare is not None and outage.should_try():
            try:
                prepare()
            except ReplayStoreUnavailable as exc:
                outage.failed()
                self._notice.down(f"at start-up ({exc})")
            else:
                outage.succeeded()

    def first_use(self, issuer: str, jti: str, ttl_seconds: float) -> bool:
        if not self._memory.first_use(issuer, jti, ttl_seconds):
            return False  # used before in this process: no need to ask the shared store
        if not self._outage.should_try():
            return self._while_down(ReplayStoreUnavailable(f"{self._name}: down, tried again shortly"))
        try:
            first = self._shared.first_use(issuer, jti, ttl_seconds)
        except ReplayStoreUnavailable as exc:
            if exc.busy:  # up but contended: this call only; the next one asks the store again
                log.info("JWT replay store (%s) busy: this call's jti checked in this process's memory", self._name)
                if self._fail_closed:
                    raise
                return True
            self._outage.failed()
            return self._while_down(exc)
        self._outage.succeeded()
        self._notice.back()
        return first

    def _while_down(self, exc: ReplayStoreUnavailable) -> bool:
        self._notice.down(f"({exc})")
        if self._fail_closed:
            raise exc
        return True  # the memory, just consulted, had not seen this jti


def from_config(config: Mapping[str, Any]) -> ReplayStore:
    """Redis when ``REDIS_URL`` is set (``JWT_REPLAY_KEY_PREFIX`` optional), else the service's database.

    Either way behind this process's memory (GuardedReplayStore); memory alone only without a database.
    """
    fail_closed = bool(config.get("JWT_REPLAY_FAIL_CLOSED", False))
    url = config.get("REDIS_URL")
    if url:
        redis_store = RedisReplayStore(url, prefix=config.get("JWT_REPLAY_KEY_PREFIX") or DEFAULT_KEY_PREFIX)
        return GuardedReplayStore(redis_store, Outage(), fail_closed=fail_closed, name="redis")
    if database_url := config.get("DATABASE_URL"):
        sql_store = SqlReplayStore(database_url)
        return GuardedReplayStore(sql_store, outage_for(database_url), fail_closed=fail_closed, name="database")
    return MemoryReplayStore()
