"""``bone-mets-cds discover``: the discovery document, from a running service or from this installation."""

from __future__ import annotations

import argparse
from typing import Any

from cds_service.cli.common import CliError, print_json

HELP = "print the discovery document (GET /cds-services), of a running service or offline"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "discover",
        help=HELP,
        description=HELP + ". Without URL: this installation's services and prefetch templates, no server needed.",
    )
    parser.add_argument("url", nargs="?", metavar="URL", help="the service's base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the service (default 10)")
    parser.set_defaults(func=run)


def discovery_url(url: str) -> str:
    """``…/cds-services`` for a base URL, a discovery URL, or a service endpoint URL."""
    base = url.rstrip("/")
    if "/cds-services" in base:
        base = base[: base.index("/cds-services")]
    return base + "/cds-services"


def fetch(url: str, timeout: float) -> dict:
    """The discovery document a running service answers with; CliError if it cannot be had."""
    import requests

    where = discovery_url(url)
    if not where.startswith(("http://", "https://")):
        raise CliError(f"{url} is not an http(s) URL")
    try:
        response = requests.get(where, headers={"Accept": "application/json"}, timeout=timeout)
    except requests.RequestException as exc:
        raise CliError(f"cannot reach {where}: {reason(exc)}") from None
    if response.status_code != 200:
        raise CliError(f"GET {where} answered HTTP {response.status_code}: {response.text[:300]}")
    try:
        document = response.json()
    except ValueError:
        raise CliError(f"GET {where} did not answer with JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("services"), list):
        raise CliError(f"GET {where} did not answer with a CDS Hooks discovery document")
    return document


def reason(exc: Exception) -> str:
    import requests

    if isinstance(exc, requests.ConnectionError):
        return "connection failed (is the service running, and is the URL right?)"
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    return type(exc).__name__


def run(args: argparse.Namespace) -> int:
    if args.url:
        print_json(fetch(args.url, args.timeout))
    else:
        from cds_service.services import discovery_document

        print_json(discovery_document())
    return 0
