"""Running ``bone-mets-cds`` as a user does: in this process through ``main(argv)``, or as the installed script."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cds_service.cli import main

SCRIPT = Path(sys.executable).parent / "bone-mets-cds"  # the entry point pyproject installs into the venv


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run_cli(capsys, *argv: str) -> Result:
    """``bone-mets-cds ARGV`` in this process; argparse's own exits (code 2) are caught as a user sees them."""
    levels = {name: logging.getLogger(name).level for name in ("cds_service", "fhir_mappings")}
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        for name, level in levels.items():  # evaluate sets the CLI's log level: leave other tests theirs
            logging.getLogger(name).setLevel(level)
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def run_script(*argv: str, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    """The installed ``bone-mets-cds`` script in a process of its own."""
    done = subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, env=env, timeout=timeout)
    return Result(done.returncode, done.stdout, done.stderr)


def without_uuids(cards: list[dict]) -> list[dict]:
    """Cards with their (random) card and suggestion uuids left out, to compare two answers."""
    kept = []
    for card in cards:
        card = {k: v for k, v in card.items() if k != "uuid"}
        card["suggestions"] = [{k: v for k, v in s.items() if k != "uuid"} for s in card.get("suggestions", [])]
        kept.append(card)
    return kept
