"""What the subcommands share: their error, reading JSON files, and printing JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class CliError(Exception):
    """A failure the user can act on: printed as one message, never as a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def read_json(path: str, what: str) -> Any:
    """The JSON in the file ``path``; CliError says what is wrong (missing, unreadable, not JSON)."""
    try:
        text = Path(path).read_bytes()
    except FileNotFoundError:
        raise CliError(f"{what} {path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{what} {path}: is a directory, not a JSON file") from None
    except OSError as exc:
        raise CliError(f"{what} {path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return json.loads(text)
    except UnicodeDecodeError:
        raise CliError(f"{what} {path}: is not UTF-8 text (a FHIR JSON file is)") from None
    except json.JSONDecodeError as exc:
        raise CliError(f"{what} {path}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise CliError(f"{what} {path}: is nested too deeply to be FHIR JSON") from None


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
