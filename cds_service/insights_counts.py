"""What the CDS committee's figures mean, computed from grouped rows (pure: no SQL, no Flask).

The unit is one card shown (a row of ``cds_shown_card``), counted on the day it was shown. Each card shown
is in exactly one of three outcomes, so they add up to the cards shown and their rates to 100 %:

- accepted / overridden: the outcome of the **latest** feedback for that card uuid from the service that
  showed it (by outcomeTimestamp, then arrival). A resend or a second action on one card never counts the
  card twice; the clinician's last word stands.
- ignored: shown, and no feedback for it so far.

An override's reason is that latest override's reason (code of the cards' own system; another system's
coding is kept apart; none given is counted as such). Feedback that names a card uuid this deployment never
recorded as shown by that service cannot be given a topic: it is counted apart, by the day it arrived
("unmatched"), and never in the rates.

``Period`` turns the date filter into UTC instants in the deployment's time zone (INSIGHTS_TIMEZONE).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cards.override_reasons import SYSTEM as OVERRIDE_REASON_SYSTEM

OUTCOMES = ("accepted", "overridden", "ignored")
WEEKLY_FROM_DAYS = 93  # longer periods are plotted by week: a readable plot and a short data table
DEFAULT_DAYS = 30
_INDICATOR_ORDER = {"critical": 0, "warning": 1, "info": 2}


class BadFilter(ValueError):
    """A filter the request cannot be answered with (the message says which and why)."""


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # inclusive
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        """The first instant of the first day, in UTC."""
        return datetime.combine(self.first_day, time(), self.zone).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the last day, in UTC (exclusive bound)."""
        return datetime.combine(self.last_day + timedelta(days=1), time(), self.zone).astimezone(UTC)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def weekly(self) -> bool:
        return self.days >= WEEKLY_FROM_DAYS


@dataclass(frozen=True)
class Filters:
    period: Period
    service: str | None
    topic: str | None


def parse_filters(
    args: Mapping[str, str],
    *,
    today: date,
    zone: ZoneInfo,
    max_days: int,
    services: Iterable[str],
    topics: Iterable[str],
) -> Filters:
    """``from``/``to`` (YYYY-MM-DD, inclusive; default the last 30 days), ``service``, ``topic``; BadFilter if wrong."""
    last = _day(args.get("to"), "to") or today
    first = _day(args.get("from"), "from") or last - timedelta(days=min(DEFAULT_DAYS, max_days) - 1)
    if first > last:
        raise BadFilter(f"'from' ({first}) is after 'to' ({last})")
    if (last - first).days + 1 > max_days:
        raise BadFilter(f"the period is {(last - first).days + 1} days; at most {max_days} (INSIGHTS_MAX_DAYS)")
    service = args.get("service") or None
    if service is not None and service not in set(services):
        raise BadFilter(f"unknown service {service!r}")
    topic = args.get("topic") or None
    if topic is not None and topic not in set(topics):
        raise BadFilter(f"unknown card topic {topic!r}")
    return Filters(Period(first, last, zone), service, topic)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"'{name}' must be a date such as 2026-01-31, not {value[:40]!r}") from None
    if not date(2000, 1, 1) <= day <= date(9998, 12, 31):
        raise BadFilter(f"'{name}' must lie between 2000-01-01 and 9998-12-31")
    return day


# -- counting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    """Cards shown by one service for one topic and indicator whose latest feedback had this outcome and reason."""

    service: str
    topic: str
    indicator: str  # info, warning, critical
    outcome: str | None  # None: no feedback (ignored)
    reason_system: str | None
    reason_code: str | None
    cards: int


@dataclass(frozen=True)
class TrendRow:
    """Cards shown in one UTC hour with this latest outcome (None: ignored)."""

    hour: datetime  # aware, UTC, on the hour
    outcome: str | None
    cards: int


@dataclass(frozen=True)
class UnmatchedRow:
    """Feedback records received for card uuids this service is not recorded as having shown."""

    service: str
    outcome: str
    shown_by_other_service: bool
    records: int


def _outcome(outcome: str | None) -> str:
    return outcome if outcome in ("accepted", "overridden") else "ignored"


def _counts() -> dict[str, int]:
    return dict.fromkeys(("shown", *OUTCOMES), 0)


def _with_rates(counts: Mapping[str, int]) -> dict:
    shown = counts["shown"]
    rates = {f"{name}_rate": (round(counts[name] / shown, 4) if shown else None) for name in OUTCOMES}
    return {**counts, **rates}


def reason_key(system: str | None, code: str | None) -> str:
    """One reason's label in the figures: the code of our own system, ``system|code`` of another, or none."""
    if system is None and code is None:
        return "none"
    if system == OVERRIDE_REASON_SYSTEM and code:
        return code
    return f"{system or ''}|{code or ''}"


def summarise(
    filters: Filters,
    outcome_rows: Iterable[OutcomeRow],
    trend_rows: Iterable[TrendRow],
    unmatched_rows: Iterable[UnmatchedRow],
    *,
    retention_days: float,
    now: datetime,
) -> dict:
    """The whole report as JSON-ready data."""
    by_topic: dict[tuple[str, str], dict[str, int]] = defaultdict(_counts)
    reasons: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_indicator: dict[str, dict[str, int]] = defaultdict(_counts)
    totals = _counts()
    reason_totals: dict[str, int] = defaultdict(int)
    for row in outcome_rows:
        outcome = _outcome(row.outcome)
        for counts in (by_topic[(row.service, row.topic)], by_indicator[row.indicator], totals):
            counts["shown"] += row.cards
            counts[outcome] += row.cards
        if outcome == "overridden":
            key = reason_key(row.reason_system, row.reason_code)
            reasons[(row.service, row.topic)][key] += row.cards
            reason_totals[key] += row.cards
    topics = [
        {"service": service, "topic": topic, **_with_rates(counts), "override_reasons": _reason_list(reasons[key])}
        for key, counts in sorted(by_topic.items(), key=lambda item: (-item[1]["shown"], item[0]))
        for service, topic in [key]
    ]
    return {
        "period": {
            "from": filters.period.first_day.isoformat(),
            "to": filters.period.last_day.isoformat(),
            "days": filters.period.days,
            "timezone": filters.period.zone.key,
            "start": filters.period.start.isoformat(),
            "end": filters.period.end.isoformat(),
        },
        "filters": {"service": filters.service, "topic": filters.topic},
        "totals": _with_rates(totals),
        "by_topic": topics,
        "by_indicator": [
            {"indicator": name, **_with_rates(by_indicator[name])}
            for name in sorted(by_indicator, key=lambda name: (_INDICATOR_ORDER.get(name, 9), name))
        ],
        "override_reasons": _reason_list(reason_totals),
        "trend": trend(filters.period, trend_rows),
        "unmatched_feedback": None if filters.topic else _unmatched(unmatched_rows),  # it has no topic
        "notes": _notes(filters.period, retention_days, now),
    }


def _reason_list(counts: Mapping[str, int]) -> list[dict]:
    return [{"reason": key, "cards": n} for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def trend(period: Period, rows: Iterable[TrendRow]) -> dict:
    """Cards shown per local day (per week from Monday for long periods), by outcome, every bucket listed."""
    step = 7 if period.weekly else 1

    def bucket_of(day: date) -> date:
        return max(day - timedelta(days=day.weekday()), period.first_day) if step == 7 else day

    starts: list[date] = []
    day = period.first_day
    while day <= period.last_day:
        if not starts or bucket_of(day) != starts[-1]:
            starts.append(bucket_of(day))
        day += timedelta(days=1)
    buckets = {start: _counts() for start in starts}
    for row in rows:
        # Clamped: in a zone with a half-hour offset the period's first or last UTC hour starts on the day outside.
        local_day = min(max(row.hour.astimezone(period.zone).date(), period.first_day), period.last_day)
        counts = buckets[bucket_of(local_day)]
        counts["shown"] += row.cards
        counts[_outcome(row.outcome)] += row.cards
    points = [{"start": start.isoformat(), **buckets[start]} for start in starts]
    return {"bucket": "week" if step == 7 else "day", "points": points}


def _unmatched(rows: Iterable[UnmatchedRow]) -> dict:
    by_service: dict[str, dict[str, int]] = defaultdict(
        lambda: {"accepted": 0, "overridden": 0, "shown_by_other_service": 0, "records": 0}
    )
    for row in rows:
        counts = by_service[row.service]
        counts["records"] += row.records
        counts[_outcome(row.outcome)] += row.records
        if row.shown_by_other_service:
            counts["shown_by_other_service"] += row.records
    return {
        "records": sum(c["records"] for c in by_service.values()),
        "by_service": [{"service": service, **by_service[service]} for service in sorted(by_service)],
    }


def _notes(period: Period, retention_days: float, now: datetime) -> list[str]:
    """Codes of caveats that apply to this period (the page words them)."""
    notes = []
    if period.start < now - timedelta(days=retention_days):
        notes.append("before-retention")
    if period.end > now:
        notes.append("period-not-over")
    return notes
