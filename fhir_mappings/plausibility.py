"""Physiologically possible values per measurement concept: a check for the impossible, not the abnormal.

The ranges, each with its rationale, are data (``plausible_ranges.json``) in the concept's canonical
unit. A value outside (or not a finite number) is an entry, unit or transmission error: the mapping
leaves it out and counts the reason, so that no rule acts on "creatinine 0" or "weight −1 kg".
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from guideline.concepts import CANONICAL_UNITS

RANGES_FILE = Path(__file__).with_name("plausible_ranges.json")
_INTERVAL = re.compile(r"^([\[(])\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*([\])])$")


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    text: str  # as written in the data file, e.g. "(0, 300]"

    def holds(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above = value >= self.low if self.low_inclusive else value > self.low
        below = value <= self.high if self.high_inclusive else value < self.high
        return above and below


def parse_interval(text: str) -> Range:
    match = _INTERVAL.match(text.strip())
    if match is None:
        raise ValueError(f"not an interval: {text!r} (write e.g. '[0.5, 8]' or '(0, 300]')")
    opening, low, high, closing = match.groups()
    found = Range(float(low), float(high), opening == "[", closing == "]", text)
    if not found.low < found.high:
        raise ValueError(f"empty interval: {text!r}")
    return found


def load_ranges(path: Path = RANGES_FILE) -> dict[str, Range]:
    """The ranges by concept; a missing concept, a unit that is not canonical or a bad interval stops start-up."""
    document = json.loads(path.read_text(encoding="utf-8"))
    ranges: dict[str, Range] = {}
    for concept, entry in document["ranges"].items():
        if CANONICAL_UNITS.get(concept) != entry["unit"]:
            raise ValueError(f"{path.name}: {concept} is given in {entry['unit']!r}, not its canonical unit")
        if not entry.get("rationale"):
            raise ValueError(f"{path.name}: {concept} has no rationale")
        ranges[concept] = parse_interval(entry["range"])
    missing = set(CANONICAL_UNITS) - set(ranges)
    if missing:
        raise ValueError(f"{path.name}: no plausible range for {', '.join(sorted(missing))}")
    return ranges


RANGES = load_ranges()


def implausible(concept: str, value: float) -> str | None:
    """Why ``value`` (canonical unit) cannot be a patient's ``concept``; None when it can. No value in the reason."""
    if not math.isfinite(value):
        return f"{concept} not a finite number"
    bounds = RANGES[concept]
    if bounds.holds(value):
        return None
    return f"{concept} outside {bounds.text} {CANONICAL_UNITS[concept]}"
