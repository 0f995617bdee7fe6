"""The grouped queries behind /insights, on SQLite or PostgreSQL (SQLAlchemy Core, no patient data).

Only ``cds_shown_card`` (service, topic, time; never the pseudonym) and ``cds_feedback`` (outcome, reason
coding; never the item or its userComment) are read. Each query is bounded by the period and grouped in the
database: a year returns at most about 27 000 rows (hours × outcomes, plus services × topics × reasons):

- outcomes: cards shown in the period, per service, topic, indicator and latest feedback (outcome, reason), and the
  same per UTC hour (the page's time zone turns hours into local days), in one statement;
- unmatched: feedback received in the period for a card uuid not recorded as shown by its service (not
  with a topic filter: it has no topic).

Indexes used: ``cds_shown_card(shown_at)`` for the period, ``cds_feedback(service_id, card_uuid)`` for each
card's latest feedback, ``cds_feedback(received_at)`` for unmatched feedback (created here if the table predates it).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import String, func, literal, literal_column, null, or_, select, text, union_all
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement, Select

from cds_service import card_memory, feedback_store
from cds_service.card_memory import shown_card
from cds_service.database import Schema
from cds_service.feedback_store import feedback
from cds_service.insights_counts import Filters, OutcomeRow, TrendRow, UnmatchedRow

STATEMENT_TIMEOUT_MS = 20_000  # PostgreSQL, these queries only: a year of cards may take longer than a hook's 3 s


class InsightsQueries:
    """Runs the insights queries on the service's own database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._schemas = [Schema(engine, feedback_store.metadata), Schema(engine, card_memory.metadata)]
        self._indexed = False

    def fetch(self, filters: Filters) -> tuple[list[OutcomeRow], list[TrendRow], list[UnmatchedRow]]:
        """The rows of one report; SQLAlchemyError if the database is down or too slow."""
        for schema in self._schemas:  # a database down at start-up has no tables yet
            schema.ensure()
        if not self._indexed:
            with self.engine.begin() as conn:
                for index in feedback.indexes:
                    index.create(conn, checkfirst=True)
            self._indexed = True
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET TRANSACTION READ ONLY"))  # first statement of the transaction
                conn.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
            outcomes, trend = [], []
            for kind, service, topic, indicator, hour, outcome, system, code, n in conn.execute(_counts(conn, filters)):
                if kind == "o":
                    outcomes.append(OutcomeRow(service, topic, indicator, outcome, system, code, n))
                else:
                    trend.append(TrendRow(_utc_hour(hour), outcome, n))
            unmatched = []
            if filters.topic is None:  # such feedback has no topic: not sought for a topic's report
                unmatched = [UnmatchedRow(s, o, bool(other), n) for s, o, other, n in conn.execute(_unmatched(filters))]
        return outcomes, trend, unmatched


def _shown_in(filters: Filters) -> list[ColumnElement[bool]]:
    conditions = [shown_card.c.shown_at >= filters.period.start, shown_card.c.shown_at < filters.period.end]
    if filters.service:
        conditions.append(shown_card.c.service_id == filters.service)
    if filters.topic:
        conditions.append(shown_card.c.topic_code == filters.topic)
    return conditions


def _cards(conn: Connection, filters: Filters):
    """Cards shown in the period: service, topic, UTC hour, and their latest feedback's outcome and reason.

    The latest feedback is a correlated ``ORDER BY … LIMIT 1`` on the (service_id, card_uuid) index: one index
    seek per card; on SQLite about twice as fast as ranking every feedback row with a window function.
    """
    latest_id = (
        select(feedback.c.id)
        .where(feedback.c.service_id == shown_card.c.service_id, feedback.c.card_uuid == shown_card.c.card_uuid)
        .order_by(feedback.c.outcome_at.desc(), feedback.c.received_at.desc(), feedback.c.id.desc())
        .limit(1)
        .correlate(shown_card)
        .scalar_subquery()
    )
    shown = (
        select(
            shown_card.c.service_id,
            shown_card.c.topic_code,
            shown_card.c.indicator,
            _hour_of_shown(conn).label("hour"),
            latest_id.label("latest_id"),
        )
        .where(*_shown_in(filters))
        .subquery("shown")
    )
    latest = feedback.alias("latest")
    return (
        select(
            shown.c.service_id,
            shown.c.topic_code,
            shown.c.indicator,
            shown.c.hour,
            latest.c.outcome,
            latest.c.override_reason_system,
            latest.c.override_reason_code,
        )
        .select_from(shown.outerjoin(latest, latest.c.id == shown.c.latest_id))
        .cte("cards")
    )


def _counts(conn: Connection, filters: Filters):
    """Both groupings of the period's cards in one statement, so each card's latest feedback is sought once.

    The CTE is used twice, so SQLite and PostgreSQL compute it once (materialised). Rows: ``("o", service,
    topic, indicator, None, outcome, reason system, reason code, cards)`` and ``("t", None, None, None, hour,
    outcome, None, None, cards)``.
    """
    cards = _cards(conn, filters)
    reason = [cards.c.override_reason_system, cards.c.override_reason_code]
    by_topic = [cards.c.service_id, cards.c.topic_code, cards.c.indicator, cards.c.outcome, *reason]
    by_hour = [cards.c.hour, cards.c.outcome]
    nothing = null().cast(String)
    return union_all(
        select(literal("o"), *by_topic[:3], nothing, cards.c.outcome, *reason, func.count()).group_by(*by_topic),
        select(literal("t"), nothing, nothing, nothing, *by_hour, nothing, nothing, func.count()).group_by(*by_hour),
    )


def _hour_of_shown(conn: Connection) -> ColumnElement[str]:
    """The UTC hour a card was shown, as text 'YYYY-MM-DD HH' (SQLite stores UTC wall time as text)."""
    if conn.dialect.name == "postgresql":
        return func.to_char(
            func.timezone(literal_column("'UTC'"), shown_card.c.shown_at), literal_column("'YYYY-MM-DD HH24'")
        )
    return func.substr(shown_card.c.shown_at, 1, 13)


def _utc_hour(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H").replace(tzinfo=UTC)


def _unmatched(filters: Filters) -> Select:
    # card_uuid is cds_shown_card's primary key: one join tells "never shown here" from "shown by another service".
    shown = shown_card.alias("shown")
    other_service = shown.c.card_uuid.is_not(None)
    conditions = [
        feedback.c.received_at >= filters.period.start,
        feedback.c.received_at < filters.period.end,
        or_(shown.c.card_uuid.is_(None), shown.c.service_id != feedback.c.service_id),
    ]
    if filters.service:
        conditions.append(feedback.c.service_id == filters.service)
    return (
        select(feedback.c.service_id, feedback.c.outcome, other_service.label("other"), func.count())
        .select_from(feedback.outerjoin(shown, shown.c.card_uuid == feedback.c.card_uuid))
        .where(*conditions)
        .group_by(feedback.c.service_id, feedback.c.outcome, other_service)
    )
