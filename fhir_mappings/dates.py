"""FHIR date, dateTime and instant strings → timezone-aware UTC datetimes.

A date without a time is midnight UTC of that day; a partial date (``2020-06``, ``2020``)
is its first day. A dateTime without an offset is read as UTC (FHIR requires an offset
when there is a time; some EHRs leave it out). Anything else is not a date: None.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_datetime(value: object) -> datetime | None:
    """A FHIR date/dateTime/instant as an aware UTC datetime; None when absent or malformed."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    partial = _PARTIAL.match(text) if len(text) <= 10 else None  # a dateTime is longer: no regex run for it
    try:
        if partial:
            year, month, day = partial.groups()
            return datetime(int(year), int(month or 1), int(day or 1), tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-14:00 is after the last datetime Python has
        return None


def parse_date(value: object) -> date | None:
    """A FHIR date (e.g. birthDate) as a calendar date; None when absent or malformed."""
    parsed = parse_datetime(value)
    return parsed.date() if parsed else None


def period_point(period: object) -> datetime | None:
    """The time a Period stands for: its end, else its start."""
    if not isinstance(period, dict):
        return None
    return parse_datetime(period.get("end")) or parse_datetime(period.get("start"))
