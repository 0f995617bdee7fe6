"""``bone-mets-cds``: one command for integration engineers, one module per subcommand.

Each subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func=callable(args) -> int`` (the exit code). ``COMMANDS`` lists them in the order
``--help`` shows. Modules import the service's heavy parts inside ``func``, so ``--help``
is quick and a broken setting (e.g. ``TERMINOLOGY_DIR``) is reported, not raised at import.
With no subcommand the command serves, as it always did (``make run``, the Docker image).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cds_service import demo
from cds_service.cli import call, check_config, discover, evaluate, keys, serve
from cds_service.cli.common import CliError
from cds_service.logs import escape

# In the order --help lists them; a new subcommand is a module with register(subparsers), added here.
COMMANDS = [serve, discover, evaluate, call, keys, check_config, demo]

DESCRIPTION = """\
CDS Hooks 2.0 service for the Chinese bone-metastasis guideline (骨转移瘤诊疗规范).

Without a subcommand: serve (same as `bone-mets-cds serve`)."""

EPILOG = """\
examples:
  bone-mets-cds serve --port 8080
  bone-mets-cds discover http://127.0.0.1:8080
  bone-mets-cds evaluate patient.json --hook patient-view --lang zh
  bone-mets-cds evaluate patient.json --hook order-sign --draft-orders orders.json --json
  bone-mets-cds keys --out dev-keys
  bone-mets-cds call http://127.0.0.1:8080 --hook patient-view --patient 123 \\
      --prefetch-bundle patient.json --key dev-keys/private-key.pem
  bone-mets-cds check-config --connect
  bone-mets-cds demo load --fhir-server http://localhost:8090/fhir

`bone-mets-cds COMMAND --help` describes each command. Exit codes: 0 done, 1 failed (the
message says why), 2 wrong command line."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bone-mets-cds",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: sys.argv[1:]); returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["serve"])
    try:
        return args.func(args)
    except CliError as error:
        # Messages may quote a server's answer or a file's content: control characters are shown escaped.
        message = "\n".join(escape(line) for line in str(error).splitlines())
        print(f"bone-mets-cds {args.command}: error: {message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
