"""How long the insights queries take on months of cards, on SQLite and PostgreSQL. Prints the figures.

Not part of the test suite. Fills a fresh SQLite file and a fresh PostgreSQL schema (TEST_POSTGRES_URL,
skipped when it is not running) with ``--days`` of shown cards (``--per-day`` a day, spread over the three
services and the topics, at random times), feedback for a share of them (accepted or overridden with a
reason, some with a second action), and some feedback for card uuids never shown; then times one insights
report (the three queries of cds_service.insights_queries, as /insights/data runs them) for periods of 30,
180 and 366 days, unfiltered and filtered by topic, and prints SQLite's query plan for the main query.

    .venv/bin/python scripts/bench_insights.py [--days 180] [--per-day 1500] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from databases import POSTGRES_URL, libpq_url, postgres_unreachable  # noqa: E402

from cds_service.card_memory import shown_card  # noqa: E402
from cds_service.database import engine_for  # noqa: E402
from cds_service.feedback_store import feedback  # noqa: E402
from cds_service.insights_counts import Filters, Period, summarise  # noqa: E402
from cds_service.insights_queries import InsightsQueries, _counts  # noqa: E402
from guideline.catalogue import TOPICS  # noqa: E402

SERVICES = ("bm-patient-view", "bm-order-select", "bm-order-sign")
REASONS = ("already-addressed", "data-outdated", "clinical-judgement", "patient-declined", "goals-of-care")
REASON_SYSTEM = "https://bone-metastasis-cds.github.io/CodeSystem/override-reason"


def fill(engine, days: int, per_day: int, seed: int = 7) -> tuple[int, int]:
    rng = random.Random(seed)
    topics = list(TOPICS)
    now = datetime.now(UTC)
    shown_rows, feedback_rows = [], []
    for i in range(days * per_day):
        at = now - timedelta(seconds=rng.uniform(0, days * 86400))
        card = str(uuid.uuid4())
        service = rng.choice(SERVICES)
        shown_rows.append(
            {"card_uuid": card, "service_id": service, "topic_code": rng.choice(topics),
             "indicator": rng.choice(("info", "warning", "critical")), "patient_key": f"{i % 5000:064x}",
             "shown_at": at}
        )
        for action in range(rng.choices((0, 1, 2), (55, 40, 5))[0]):
            outcome = rng.choice(("accepted", "overridden"))
            feedback_rows.append(_feedback(service, card, outcome, at + timedelta(minutes=1 + action), rng))
        if rng.random() < 0.01:  # feedback for a card never recorded as shown
            feedback_rows.append(_feedback(service, str(uuid.uuid4()), "overridden", at, rng))
    with engine.begin() as conn:
        for start in range(0, len(shown_rows), 20_000):
            conn.execute(shown_card.insert(), shown_rows[start : start + 20_000])
        for start in range(0, len(feedback_rows), 20_000):
            conn.execute(feedback.insert(), feedback_rows[start : start + 20_000])
    return len(shown_rows), len(feedback_rows)


def _feedback(service: str, card: str, outcome: str, at: datetime, rng: random.Random) -> dict:
    reason = rng.choice(REASONS) if outcome == "overridden" and rng.random() < 0.8 else None
    return {
        "fingerprint": uuid.uuid4().hex + uuid.uuid4().hex,
        "service_id": service,
        "card_uuid": card,
        "outcome": outcome,
        "outcome_at": at,
        "override_reason_system": REASON_SYSTEM if reason else None,
        "override_reason_code": reason,
        "received_at": at + timedelta(seconds=5),
        "item": {"card": card, "outcome": outcome},
    }


def time_reports(queries: InsightsQueries, label: str) -> None:
    today = datetime.now(UTC).date()
    for days in (30, 180, 366):
        for topic in (None, "dental-review"):
            filters = Filters(Period(today - timedelta(days=days - 1), today, ZoneInfo("Asia/Shanghai")), None, topic)
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                outcome_rows, trend_rows, unmatched_rows = queries.fetch(filters)
                rows = (outcome_rows, trend_rows, unmatched_rows)
                report = summarise(filters, *rows, retention_days=400, now=datetime.now(UTC))
                timings.append(time.perf_counter() - started)
            print(
                f"| {label} | {days} | {topic or 'all'} | {report['totals']['shown']} | "
                f"{len(outcome_rows) + len(trend_rows) + len(unmatched_rows)} | "
                f"{statistics.median(timings) * 1000:.0f} ms |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--per-day", type=int, default=1500)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    args = parser.parse_args()
    print("| database | period (days) | topic | cards shown in period | rows returned | report time (median of 3) |")
    print("|---|---|---|---|---|---|")
    if "sqlite" in args.databases:
        bench_sqlite(args)
    if "postgresql" in args.databases:
        bench_postgresql(args)


def bench_sqlite(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_for(f"sqlite:///{folder}/bench.sqlite3")
        queries = InsightsQueries(engine)
        queries.fetch(Filters(Period(date.today(), date.today(), ZoneInfo("UTC")), None, None))  # tables, indexes
        shown, stored = fill(engine, args.days, args.per_day)
        print(f"<!-- SQLite: {shown} cards shown, {stored} feedback records -->", file=sys.stderr)
        time_reports(queries, "SQLite")
        with engine.connect() as conn:
            filters = Filters(Period(date.today() - timedelta(days=29), date.today(), ZoneInfo("UTC")), None, None)
            compiled = _counts(conn, filters).compile(engine, compile_kwargs={"literal_binds": True})
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
            print("SQLite plan of the counting query:", *[f"  {row[-1]}" for row in plan], sep="\n", file=sys.stderr)
        engine.dispose()


def bench_postgresql(args: argparse.Namespace) -> None:
    if reason := postgres_unreachable():
        print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(POSTGRES_URL), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        engine = engine_for(url.render_as_string(hide_password=False))
        queries = InsightsQueries(engine)
        queries.fetch(Filters(Period(date.today(), date.today(), ZoneInfo("UTC")), None, None))
        shown, stored = fill(engine, args.days, args.per_day)
        with engine.begin() as conn:  # these two tables only, and without the service's 3 s statement timeout
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
            conn.exec_driver_sql("ANALYZE cds_shown_card, cds_feedback")
        print(f"<!-- PostgreSQL: {shown} cards shown, {stored} feedback records -->", file=sys.stderr)
        time_reports(queries, "PostgreSQL")
        engine.dispose()
    finally:
        with psycopg.connect(libpq_url(POSTGRES_URL), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
