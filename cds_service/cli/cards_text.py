"""CDS Hooks cards as a terminal shows them: indicator, summary, detail, suggestions, links, source.

Card text quotes the patient's record, so every line is printed with control
characters escaped (cds_service.logs.escape): a value in a FHIR file cannot move
the cursor or recolour the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from typing import TextIO

from cds_service.logs import escape

_COLOURS = {"critical": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_RESET = "\033[0m"


def _colour(stream: TextIO) -> bool:
    """ANSI colour on a terminal only, unless NO_COLOR is set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKEN = re.compile(r" +|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+|\S")
_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)")  # punctuation that never begins a line


def _wrap_line(line: str, columns: int, continuation: str) -> list[str]:
    """One line wrapped by display width: between words, or between any two CJK characters."""
    lines, current = [], ""
    for token in _TOKEN.findall(line):
        if current.strip() and _columns(current + token) > columns and token[0] not in _NO_LINE_START:
            lines.append(current.rstrip())
            current = continuation
            if token.isspace():
                continue
        current += token
    return [*lines, current.rstrip()]


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``text`` wrapped to ``width`` terminal columns (a CJK character takes two), each line indented."""
    lines = []
    for line in text.splitlines() or [""]:
        line = escape(line)
        if not line.strip():
            lines.append("")
            continue
        stripped = line.lstrip()
        continuation = line[: len(line) - len(stripped)] + ("  " if stripped.startswith(("- ", "* ")) else "")
        lines += [indent + part for part in _wrap_line(line, max(20, width - len(indent)), continuation)]
    return lines


def render(cards: list[dict], *, heading: str, stream: TextIO | None = None) -> str:
    """The cards as text for ``stream`` (colour only on a terminal)."""
    stream = stream or sys.stdout
    width = min(shutil.get_terminal_size((100, 24)).columns, 110)
    colour = _colour(stream)
    count = f"{len(cards)} card{'s' if len(cards) != 1 else ''}" if cards else "no cards"
    out = [f"{escape(heading)}: {count}"]
    for number, card in enumerate(cards, 1):
        out.append("")
        indicator = str(card.get("indicator", "info"))
        label = f"[{indicator.upper()}]"
        if colour:
            label = _COLOURS.get(indicator, "") + label + _RESET
        out.append(f"{number}. {label} {escape(str(card.get('summary', '')))}")
        if card.get("detail"):
            out += _wrap(str(card["detail"]), width, "   ")
        for suggestion in card.get("suggestions") or []:
            recommended = " (recommended)" if suggestion.get("isRecommended") else ""
            out.append(f"   Suggestion{recommended}: {escape(str(suggestion.get('label', '')))}")
            for action in suggestion.get("actions") or []:
                resource = action.get("resource") or {}
                what = resource.get("resourceType") or action.get("resourceId") or ""
                described = f": {action['description']}" if action.get("description") else ""
                out.append(escape(f"     - {action.get('type', '')} {what}{described}"))
        for link in card.get("links") or []:
            out.append(escape(f"   Link: {link.get('label', '')} <{link.get('url', '')}>"))
        source = card.get("source") or {}
        topic = (source.get("topic") or {}).get("code")
        url = f" <{source['url']}>" if source.get("url") else ""
        out.append(escape(f"   Source: {source.get('label', '')}{url}" + (f" · topic {topic}" if topic else "")))
    return "\n".join(out) + "\n"
