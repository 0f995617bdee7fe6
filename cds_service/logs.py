"""The service's log lines: one record per line, whatever a caller puts in the values logged.

Values from a request (hookInstance, the path, token fields) reach the log. A newline in one would
start a forged record; a terminal escape sequence would reach an operator's terminal raw. The
formatter here shows every control character escaped (``\\n``, ``\\x1b``, ``\\u2028``) and continues
a record (a traceback) only on indented lines, so a line that starts at column 0 is always a real
record. ``configure`` installs it on our loggers; ``GunicornLogger`` on gunicorn's access and error
logs (``logger_class`` in cds_service.cli.serve).

``LOG_FORMAT=json`` writes one JSON object per line instead (``JsonFormatter``: ASCII only, so every
control or non-ASCII character is a ``\\uXXXX`` escape and a record is always one line). Either way,
a line written during a request carries its ``request_id`` and, once the body is read, its
``hook_instance`` (cds_service.observe); the request's summary line adds its fields.
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger as _GunicornLogger

from cds_service import observe

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONTINUATION = "    "  # how the lines of a traceback continue their record

# C0 controls, DEL, C1 controls; Unicode line and paragraph separators; bidirectional overrides and
# isolates (they reorder what a terminal shows).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escape(text: str) -> str:
    """``text`` with every control character shown as an escape; printable text (any script) kept."""
    return _UNSAFE.sub(_shown, text)


def _call_of(record: logging.LogRecord) -> observe.CallRecord | None:
    """The request a record belongs to: the server's access line names it, other lines are written during it."""
    call = getattr(record, "cds_call", None)
    return call if isinstance(call, observe.CallRecord) else observe.current()


class EscapingFormatter(logging.Formatter):
    """A Formatter whose output is one line per record, plus indented lines for a traceback or stack."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = escape(self.formatMessage(record))
        if (call := _call_of(record)) is not None:
            text += f" [request_id={call.request_id}"
            text += f" hook_instance={escape(call.hook_instance)}]" if call.hook_instance else "]"
        # Formatted here, not taken from record.exc_text: another handler may have cached it unescaped.
        if record.exc_info:
            text += "\n" + _continued(self.formatException(record.exc_info))
        elif record.exc_text:
            text += "\n" + _continued(record.exc_text)
        if record.stack_info:
            text += "\n" + _continued(self.formatStack(record.stack_info))
        return text


def _continued(block: str) -> str:
    return "\n".join(CONTINUATION + escape(line) for line in block.splitlines())


class JsonFormatter(logging.Formatter):
    """One JSON object per record and line: time, level, logger, message, the request's ids, any fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (call := _call_of(record)) is not None:
            entry["request_id"] = call.request_id
            if call.hook_instance:
                entry["hook_instance"] = call.hook_instance
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({key: value for key, value in fields.items() if key not in entry})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=True, default=str)


def formatter(log_format: str, fmt: str | None = FORMAT, datefmt: str | None = None) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else EscapingFormatter(fmt, datefmt)


def configure(level: str, log_format: str = "text") -> None:
    """Our loggers print at ``level`` to stderr, escaped or as JSON (gunicorn configures only its own)."""
    for name in ("cds_service", "fhir_mappings"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not logger.handlers:
            handler = logging.StreamHandler()
            logger.addHandler(handler)
        for handler in logger.handlers:
            handler.setFormatter(formatter(log_format))


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with every handler escaping (its access log prints the decoded path, ``%0A``), or JSON."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        log_format = os.environ.get("LOG_FORMAT") or "text"
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                current = handler.formatter
                fmt, datefmt = (current._fmt, current.datefmt) if current else (None, None)
                handler.setFormatter(formatter(log_format, fmt, datefmt))
