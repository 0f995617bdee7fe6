"""Which cards the service showed, for whom (pseudonymously), and the suppression that feedback asks for.

Feedback names a card only by its uuid. To turn "overridden: already addressed" into "do not show this
topic to this patient for a while", the service must remember what each card uuid was: each answered
call stores, per card shown, its uuid, service, topic code, indicator, time and a keyed pseudonym of
the patient. The pseudonym is HMAC-SHA256 of the FHIR server URL and the patient id under
PATIENT_PSEUDONYM_KEY: stable for one patient of one EHR, and with the key kept outside the database
the table cannot be joined back to a patient, however guessable the patient ids are. The raw patient
id is neither stored nor logged. Without a key each process draws a random one (a WARNING says so):
suppression then lasts only as long as that process and is not shared between workers, so fewer
cards are hidden, never more.

On each call with cards, one transaction: one indexed query for the topics suppressed for this
patient (an override with a suppressing reason, received within CARD_SUPPRESSION_DAYS, of a card
this service showed this patient), cards.suppression decides which cards stay, and one batched
insert records them. The database is optional here: down, hung or busy, the call gets all its cards
(a WARNING once per outage) and nothing is recorded. Schema version 1 (table ``cds_shown_card``),
created at start-up like the feedback tables; see docs/feedback.md.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, Index, MetaData, String, Table, and_, delete, select
from sqlalchemy.exc import SQLAlchemyError

from cards import suppression
from cards.override_reasons import SYSTEM as OVERRIDE_REASON_SYSTEM
from cds_service.database import (
    OutageNotice,
    Schema,
    begin_unsynced,
    bounded,
    engine_for,
    is_busy,
    outage_for,
    within_deadline,
)
from cds_service.feedback_store import feedback

SCHEMA_VERSION = 1
# Any database error, not only an outage (e.g. a table dropped by hand): cards never depend on this store.
_UNAVAILABLE = SQLAlchemyError

log = logging.getLogger("cds_service.card_memory")

metadata = MetaData()
shown_card = Table(
    "cds_shown_card",
    metadata,
    Column("card_uuid", String(64), primary_key=True),
    Column("service_id", String(100), nullable=False),
    Column("topic_code", String(100), nullable=False),
    Column("indicator", String(16), nullable=False),
    Column("patient_key", String(64), nullable=False),  # HMAC-SHA256 hex: never the patient id itself
    Column("shown_at", DateTime(timezone=True), nullable=False),
    Index("ix_cds_shown_card_patient", "patient_key", "service_id"),
    Index("ix_cds_shown_card_shown_at", "shown_at"),
    comment=f"cards the service answered with, patient pseudonymised; schema version {SCHEMA_VERSION}",
)


def patient_key(key: bytes, fhir_server: str | None, patient_id: str) -> str:
    """The patient's pseudonym: HMAC-SHA256(key, FHIR server URL + NUL + patient id), hex."""
    server = (fhir_server or "").rstrip("/")
    return hmac.new(key, f"{server}\x00{patient_id}".encode(), hashlib.sha256).hexdigest()


class CardMemory:
    """Records the cards shown and leaves out the ones a recent override suppresses."""

    _PURGE_EVERY = 500  # recorded calls between sweeps of rows past their retention

    def __init__(
        self,
        database_url: str,
        *,
        pseudonym_key: str | None,
        suppression_days: float,
        suppressing_reasons: Collection[str],
        retention_days: float,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if pseudonym_key is None:
            log.warning(
                "PATIENT_PSEUDONYM_KEY is not set: this process uses a random key, so card suppression "
                "lasts only until it restarts and is not shared with other workers; set it in production"
            )
            self._key = secrets.token_bytes(32)
        else:
            self._key = pseudonym_key.encode()
        self.clock = clock
        self._period = timedelta(days=suppression_days)
        self._reasons = sorted(set(suppressing_reasons))
        self._retention = timedelta(days=retention_days)
        self.engine = engine_for(database_url)
        self._schema = Schema(self.engine, metadata)
        self._outage = outage_for(database_url)  # shared with feedback and the JWT replay table
        self._notice = OutageNotice(
            log,
            down=f"card memory database {self.engine.url.render_as_string(hide_password=True)} unavailable {{why}}: "
            "cards are shown unsuppressed and not recorded until it is back",
            back="card memory database reachable again: cards are recorded and suppressed again",
        )
        self._count = 0
        self._lock = threading.Lock()
        if self._outage.should_try():
            try:
                within_deadline(self._schema.ensure)
            except _UNAVAILABLE as exc:
                self._outage.failed()
                self._notice.down(f"at start-up ({_cause(exc)})")
            else:
                self._outage.succeeded()

    def show(self, service_id: str, fhir_server: str | None, patient_id: str, cards: list[dict]) -> list[dict]:
        """The cards to answer with (suppressed ones left out), recorded; all of them if the database fails."""
        if not cards:
            return cards  # nothing to suppress or record: no database round trip
        if not self._outage.should_try():
            self._notice.down("(not tried again yet)")
            return cards
        now = self.clock()
        who = patient_key(self._key, fhir_server, patient_id)
        with self._lock:
            self._count += 1
            sweep = self._count % self._PURGE_EVERY == 0

        def suppress_and_record() -> list[dict]:
            self._schema.ensure()
            with begin_unsynced(self.engine) as conn:  # a lost record shows a card again, never hides one
                topics: set[str] = set()
                if self._period > timedelta(0) and self._reasons:
                    topics = set(conn.execute(self._suppressed(service_id, who, now)).scalars())
                shown = suppression.kept(cards, topics)
                rows = [_row(card, service_id, who, now) for card in shown]
                rows = [row for row in rows if row is not None]
                if rows:
                    conn.execute(shown_card.insert(), rows)  # one batched insert
                if sweep:
                    conn.execute(delete(shown_card).where(shown_card.c.shown_at < now - self._retention))
            if len(shown) < len(cards):
                kept_ids = {id(card) for card in shown}
                left_out = sorted({c["source"]["topic"]["code"] for c in cards if id(c) not in kept_ids})
                log.info(
                    "service=%s suppressed %d card(s) by earlier overrides: %s",
                    service_id,
                    len(cards) - len(shown),
                    ", ".join(left_out),
                )
            return shown

        try:
            shown = bounded(self.engine, suppress_and_record)
        except _UNAVAILABLE as exc:
            if is_busy(exc):  # up but contended: this call only
                log.info("card memory busy: this call's cards shown unsuppressed and not recorded")
                return cards
            self._outage.failed()
            self._notice.down(f"({_cause(exc)})")
            return cards
        self._outage.succeeded()
        self._notice.back()
        return shown

    def _suppressed(self, service_id: str, who: str, now: datetime):
        """Topics overridden for this patient on this service with a suppressing reason within the period.

        The period runs from the earlier of the clinician's outcomeTimestamp and the time the service
        received the feedback: a client clock set ahead cannot stretch it.
        """
        since = now - self._period
        on_card = and_(feedback.c.service_id == shown_card.c.service_id, feedback.c.card_uuid == shown_card.c.card_uuid)
        return (
            select(shown_card.c.topic_code)
            .distinct()
            .select_from(shown_card.join(feedback, on_card))
            .where(
                shown_card.c.patient_key == who,
                shown_card.c.service_id == service_id,
                feedback.c.outcome == "overridden",
                feedback.c.override_reason_system == OVERRIDE_REASON_SYSTEM,
                feedback.c.override_reason_code.in_(self._reasons),
                feedback.c.outcome_at > since,
                feedback.c.received_at > since,
            )
        )


def _row(card: dict, service_id: str, who: str, now: datetime) -> dict | None:
    topic = (card.get("source") or {}).get("topic") or {}
    if not isinstance(card.get("uuid"), str) or not isinstance(topic.get("code"), str):
        return None
    return {
        "card_uuid": card["uuid"],
        "service_id": service_id,
        "topic_code": topic["code"],
        "indicator": card.get("indicator", ""),
        "patient_key": who,
        "shown_at": now,
    }


def _cause(exc: Exception) -> str:
    """The driver's error class, not its message: that may quote SQL."""
    return type(getattr(exc, "orig", None) or exc).__name__
