"""Feedback storage: what clinicians did with our cards (CDS Hooks 2.0 "Feedback").

SQLAlchemy Core rather than the ORM: the store runs one dialect-specific
statement (INSERT ... ON CONFLICT DO NOTHING RETURNING id) and never reads
objects back, so mapped classes and a unit of work would add nothing.

Identity: the spec lets a client send the same feedback several times. One
record is one user action on one card: (service id, card uuid, outcome,
outcomeTimestamp in UTC, sorted accepted suggestion ids, override reason
system and code). Its SHA-256 ``fingerprint`` has a unique constraint, so a
resend, or two workers racing with the same item, stores one row, with no
check-then-insert race. The userComment is not part of the identity: a resend
of the same action keeps the first comment.

The raw item (with the clinician's free-text userComment) is stored but never
logged; the engine hides SQL parameters so database errors cannot leak it.
Schema version 1 (tables ``cds_feedback``, ``cds_feedback_accepted_suggestion``),
created at start-up when missing; see docs/feedback.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from cds_service.database import OutageNotice, Schema, engine_for, is_busy, outage_for, within_deadline
from cds_service.errors import InvalidRequest, StorageUnavailable

SCHEMA_VERSION = 1
_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
_NOT_STORED = "the feedback database is unavailable; the feedback was not stored, send it again later"
MAX_ID_LENGTH = 255  # our card and suggestion uuids have 36; longer ones are not ours and would bloat the indexes

log = logging.getLogger("cds_service.feedback_store")

metadata = MetaData()
_ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements only INTEGER PRIMARY KEY

feedback = Table(
    "cds_feedback",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("fingerprint", String(64), nullable=False),
    Column("service_id", String(100), nullable=False),
    Column("card_uuid", Text, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("outcome_at", DateTime(timezone=True), nullable=False),
    Column("override_reason_system", Text),
    Column("override_reason_code", Text),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("item", JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
    UniqueConstraint("fingerprint", name="uq_cds_feedback_fingerprint"),
    Index("ix_cds_feedback_service_card", "service_id", "card_uuid"),
    # Insights count feedback by the day it arrived (cds_service/insights_queries.py); databases created before
    # this index get it when insights first run (CREATE INDEX IF NOT EXISTS).
    Index("ix_cds_feedback_received_at", "received_at"),
    comment=f"CDS Hooks feedback, one row per user action on a card; schema version {SCHEMA_VERSION}",
)

accepted_suggestion = Table(
    "cds_feedback_accepted_suggestion",
    metadata,
    Column("feedback_id", _ID, ForeignKey("cds_feedback.id", ondelete="CASCADE"), primary_key=True),
    Column("suggestion_id", Text, primary_key=True),
    Index("ix_cds_feedback_accepted_suggestion_id", "suggestion_id"),
    comment=f"acceptedSuggestions[].id of accepted feedback; schema version {SCHEMA_VERSION}",
)


class FeedbackStore:
    """Stores each feedback item once, in SQLite or PostgreSQL."""

    def __init__(self, database_url: str) -> None:
        self.engine = engine_for(database_url)
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        self._insert_new = (
            insert(feedback).on_conflict_do_nothing(index_elements=["fingerprint"]).returning(feedback.c.id)
        )
        self._schema = Schema(self.engine, metadata)
        self._outage = outage_for(database_url)  # shared with the JWT replay table when in the same database
        self._notice = OutageNotice(
            log,
            down=f"feedback database {self.engine.url.render_as_string(hide_password=True)} unavailable {{why}}: "
            "feedback is answered with 503 until it is back",
            back="feedback database reachable again",
        )
        if self._outage.should_try():
            try:
                within_deadline(self._schema.ensure)  # at start-up, before the first request
            except _UNAVAILABLE as exc:
                # Cards do not need this database: start anyway; feedback tries again after the retry interval.
                self._outage.failed()
                self._notice.down(f"at start-up ({_cause(exc)})")
            else:
                self._outage.succeeded()

    def record(self, service_id: str, items: list[dict]) -> int:
        """Store the items not stored before; return how many were new."""
        received_at = datetime.now(UTC)
        rows = [_row(service_id, item, f"feedback[{i}]", received_at) for i, item in enumerate(items)]
        if not rows:
            return 0
        if not self._outage.should_try():  # down a moment ago: answer at once instead of waiting on it again
            self._notice.down("(not tried again yet)")
            raise self._unavailable()

        def insert_new() -> int:
            stored = 0
            self._schema.ensure()
            with self.engine.begin() as conn:
                for values, suggestion_ids in rows:
                    new_id = conn.execute(self._insert_new, values).scalar_one_or_none()
                    if new_id is None:
                        continue  # already stored: a resend
                    stored += 1
                    if suggestion_ids:
                        conn.execute(
                            accepted_suggestion.insert(),
                            [{"feedback_id": new_id, "suggestion_id": s} for s in suggestion_ids],
                        )
            return stored

        try:
            stored = within_deadline(insert_new)
        except _UNAVAILABLE as exc:
            if is_busy(exc):  # up but contended: this post only, sent again in a second
                log.info("feedback database busy: answering 503 to this post")
                raise StorageUnavailable(_NOT_STORED, retry_after=1) from None
            self._outage.failed()
            self._notice.down(f"({_cause(exc)})")
            raise self._unavailable() from None
        self._outage.succeeded()
        self._notice.back()
        return stored

    def _unavailable(self) -> StorageUnavailable:
        return StorageUnavailable(_NOT_STORED, retry_after=self._outage.retry_after_seconds())


def _cause(exc: Exception) -> str:
    """The driver's error class, not its message: that may quote SQL (and so the clinician's comment)."""
    return type(getattr(exc, "orig", None) or exc).__name__


# -- the identity of one feedback item (pure) -----------------------------------------------


def _row(service_id: str, item: Any, position: str, received_at: datetime) -> tuple[dict, list[str]]:
    """Column values and accepted suggestion ids of one item, with its fingerprint."""
    if not isinstance(item, dict):
        raise InvalidRequest(f"{position} must be a Feedback object")
    card, outcome = item.get("card"), item.get("outcome")
    if not isinstance(card, str) or not card or len(card) > MAX_ID_LENGTH:
        raise InvalidRequest(f"{position}.card must be the card's uuid")
    if not isinstance(outcome, str) or not outcome:
        raise InvalidRequest(f"{position}.outcome must be 'accepted' or 'overridden'")
    outcome_at = _utc(item.get("outcomeTimestamp"), f"{position}.outcomeTimestamp")
    suggestion_ids = _suggestion_ids(item.get("acceptedSuggestions"), f"{position}.acceptedSuggestions")
    system, code = _reason(item.get("overrideReason"), f"{position}.overrideReason")
    identity = [service_id, card, outcome, outcome_at.isoformat(), suggestion_ids, system, code]
    fingerprint = hashlib.sha256(json.dumps(identity, separators=(",", ":")).encode()).hexdigest()
    values = {
        "fingerprint": fingerprint,
        "service_id": service_id,
        "card_uuid": card,
        "outcome": outcome,
        "outcome_at": outcome_at,
        "override_reason_system": system,
        "override_reason_code": code,
        "received_at": received_at,
        "item": item,
    }
    return values, suggestion_ids


def _utc(value: Any, position: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidRequest(f"{position} must be an RFC 3339 date-time")
    # RFC 3339 allows a lower-case t/z and a leap second (:60), which fromisoformat does not;
    # a leap second is stored as the last whole second before it (identity stays stable).
    text = value.upper()
    leap = re.match(r"^(.{16}):60(.*)$", text)
    if leap:
        text = f"{leap.group(1)}:59{leap.group(2)}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(f"{position} is not an RFC 3339 date-time: {value!r}") from None
    # The spec says outcomeTimestamp is UTC; one sent without an offset is taken as UTC.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:59:59-14:00 is in year 10000 in UTC
        raise InvalidRequest(f"{position} is outside the years 1 to 9999 in UTC: {value!r}") from None


def _suggestion_ids(accepted: Any, position: str) -> list[str]:
    if accepted is None:
        return []
    if not isinstance(accepted, list) or not all(
        isinstance(s, dict) and isinstance(s.get("id"), str) and 0 < len(s["id"]) <= MAX_ID_LENGTH for s in accepted
    ):
        raise InvalidRequest(f"{position} must be a list of objects with a suggestion uuid as 'id'")
    return sorted({s["id"] for s in accepted})


def _reason(override: Any, position: str) -> tuple[str | None, str | None]:
    if override is None:
        return None, None
    reason = override.get("reason") if isinstance(override, dict) else None
    if not isinstance(override, dict) or not isinstance(reason, dict | None):
        raise InvalidRequest(f"{position} must be an object whose 'reason' is a Coding")
    if reason is None:
        return None, None
    return reason.get("system"), reason.get("code")
