"""The two JSON Schema formats the schemas use, checked for real.

jsonschema checks ``date-time`` and ``uri`` only when optional packages are
installed, and skips them silently otherwise; these checkers make the result the
same on every machine.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from jsonschema import FormatChecker

# RFC 3339 section 5.6 (date-time); "T" and "Z" may be lower case (its note to 5.6).
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))",
    re.ASCII,
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*", re.ASCII)


def is_date_time(value: object) -> bool:
    """An RFC 3339 date-time whose fields are in range (leap second 60 allowed, as RFC 3339 does)."""
    if not isinstance(value, str):
        return True  # formats apply to strings only; "type" reports the rest
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    offset_hours, offset_minutes = (int(g) if g else 0 for g in match.group(7, 8))
    if second > 60 or offset_hours > 23 or offset_minutes > 59:
        return False
    if second == 60 and not _last_minute_of_utc_day(value, hour, minute, offset_hours, offset_minutes):
        return False
    try:
        datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:  # e.g. 2021-02-30, hour 24, year 0000
        return False
    return True


def _last_minute_of_utc_day(value: str, hour: int, minute: int, offset_hours: int, offset_minutes: int) -> bool:
    """Leap seconds are inserted at 23:59:60 UTC only."""
    sign = -1 if value[-6:-5] == "-" else 1
    utc_minutes = hour * 60 + minute - sign * (offset_hours * 60 + offset_minutes)
    return utc_minutes % (24 * 60) == 23 * 60 + 59


def is_absolute_uri(value: object) -> bool:
    """An absolute URI without blanks; http(s) URLs also need a host and a valid port."""
    if not isinstance(value, str):
        return True
    if not value or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError on a port that is not a number in range
    except ValueError:
        return False
    if not _SCHEME.fullmatch(parts.scheme or ""):
        return False
    if parts.scheme.lower() in ("http", "https"):
        return bool(parts.hostname)
    return True


FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time")(is_date_time)
FORMATS.checks("uri")(is_absolute_uri)
