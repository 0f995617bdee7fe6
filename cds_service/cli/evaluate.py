"""``bone-mets-cds evaluate``: the cards for a patient's FHIR Bundle, offline.

No server, no JWT, no FHIR server: the bundle becomes the request body an EHR
would send (cds_service.cli.hook_request), is validated as the HTTP service
validates it, and runs through the same pipeline (cds_service.pipeline) with the
settings of the environment. Nothing is recorded and nothing is suppressed:
suppression follows clinicians' feedback, which only a running service receives.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cds_service.cli import hook_request
from cds_service.cli.cards_text import render
from cds_service.cli.common import CliError, print_json, read_json

HELP = "print the cards for a patient's FHIR Bundle, offline (no server, no JWT)"
DESCRIPTION = """\
Print the cards the service gives for a patient's FHIR R4 Bundle (collection, transaction, batch or
searchset), without a server. The bundle is turned into the request an EHR would send: each prefetch
template of the discovery document is run against it (urn:uuid references resolved as a FHIR server
does). The request is validated and evaluated by the same code as POST /cds-services/{id}, with the
settings of the environment (CARD_LANGUAGE, GUIDELINE_SETTINGS, TERMINOLOGY_DIR, ...).

Order hooks need the orders being placed: --draft-orders FILE (a Bundle of orders, or one order), or
orders with status "draft" in the patient bundle."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("bundle", metavar="PATIENT_BUNDLE.json", help="the patient's FHIR Bundle")
    add_request_arguments(parser)
    parser.add_argument("--lang", choices=("en", "zh"), help="card language (default: CARD_LANGUAGE, or en)")
    parser.add_argument("--as-of", metavar="DATE", help="evaluate as on this date (YYYY-MM-DD; default: now)")
    parser.add_argument(
        "--base-url", metavar="URL", help="service URL the card links use (default: PUBLIC_BASE_URL, or local)"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the CDS Hooks response as JSON")
    output.add_argument("--show-request", action="store_true", help="print the request body instead; do not evaluate")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the pipeline skipped or did not use")
    parser.set_defaults(func=run)


def add_request_arguments(parser: argparse.ArgumentParser, *, patient_help: str | None = None) -> None:
    """The options that shape the request body: shared with ``call``."""
    parser.add_argument("--hook", required=True, choices=hook_request.HOOKS, help="the hook the EHR fires")
    parser.add_argument(
        "--patient", metavar="ID", help=patient_help or "the patient, when the bundle holds more than one"
    )
    parser.add_argument("--draft-orders", metavar="FILE", help="order hooks: a Bundle of the orders being placed")
    parser.add_argument(
        "--select", action="append", metavar="Type/id", help="order-select: a selected order (repeat; default: all)"
    )
    parser.add_argument("--user", default=hook_request.DEFAULT_USER, help="context.userId (default: %(default)s)")
    parser.add_argument("--encounter", metavar="ID", help="context.encounterId")


@dataclass
class _OfflineRuntime:
    """What pipeline.run reads of a Runtime; no JWT verifier and no stores are needed offline."""

    fhir: Any
    guideline_settings: Any
    language: str
    card_memory: Any


class _ShowAll:
    """Card memory offline: no feedback was ever given here, so nothing is suppressed or recorded."""

    def show(self, service_id: str, fhir_server: str | None, patient_id: str, cards: list[dict]) -> list[dict]:
        return cards


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"--as-of must be a date such as 2026-01-31, not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load_settings(overrides: dict[str, Any]) -> dict[str, Any]:
    from cds_service import config

    try:
        return config.load(overrides)
    except (ValueError, json.JSONDecodeError) as exc:
        raise CliError(f"bad setting: {exc} (`bone-mets-cds check-config` lists every problem)") from None


def service_for(hook: str) -> Any:
    from cds_service.services import SERVICES

    return next(service for service in SERVICES.values() if service.hook == hook)


def build_body(
    args: argparse.Namespace,
    record: hook_request.Record | None,
    patient_id: str,
    templates: dict[str, str],
    **extra: Any,
) -> dict:
    """The request body for ``args.hook``: context, draft orders, and prefetch (``templates`` run on ``record``)."""
    drafts: list[dict] = []
    if args.draft_orders:
        drafts_document = read_json(args.draft_orders, "draft orders")
        drafts = hook_request.draft_orders_from_file(drafts_document, args.draft_orders, record)
    elif record is not None and args.hook != "patient-view":
        drafts = hook_request.draft_orders_in(record)
    context = hook_request.context(
        args.hook, patient_id, user=args.user, encounter=args.encounter, drafts=drafts, selections=args.select
    )
    prefetch = hook_request.prefetch(templates, record, leave_out=drafts) if record else None
    return hook_request.body(args.hook, context, prefetch, **extra)


def invalid_request_message(error: Any) -> str:
    lines = [f"the request is not valid CDS Hooks: {error.detail}"]
    lines += [f"  {entry['message']}" for entry in error.errors[1:]] if error.errors else []
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    document = read_json(args.bundle, "patient bundle")
    as_of = _as_of(args.as_of)
    settings = load_settings({"CARD_LANGUAGE": args.lang} if args.lang else {})
    try:  # the terminology (TERMINOLOGY_DIR too) is read when the pipeline is first imported
        from cds_service import logs, pipeline, validation
    except ValueError as exc:
        raise CliError(f"bad terminology: {exc}") from None
    from cds_service.errors import CdsError, InvalidRequest
    from cds_service.fhir_client import FhirClient
    from guideline.settings import Settings

    service = service_for(args.hook)
    record = hook_request.read_record(document, args.bundle, args.patient)
    body = build_body(args, record, record.patient_id, service.prefetch())
    if args.show_request:
        print_json(body)
        return 0
    try:
        validation.validate_service_request(body, service)
    except InvalidRequest as error:
        raise CliError(invalid_request_message(error)) from None
    try:
        guideline_settings = Settings.from_mapping(settings["GUIDELINE_SETTINGS"])
    except ValueError as exc:
        raise CliError(f"bad setting GUIDELINE_SETTINGS: {exc}") from None

    logs.configure("INFO" if args.verbose else "WARNING")
    fhir = FhirClient.from_config({**settings, "ALLOWED_FHIR_SERVERS": []})  # offline: no server may be called
    runtime = _OfflineRuntime(fhir, guideline_settings, settings["CARD_LANGUAGE"], _ShowAll())
    base_url = (args.base_url or settings["PUBLIC_BASE_URL"] or "http://127.0.0.1:8080").rstrip("/")
    try:
        result = pipeline.run(service, body, runtime, base_url=base_url, now=as_of)  # type: ignore[arg-type]
    except CdsError as error:
        raise CliError(error.detail) from None
    finally:
        fhir.close()
    if args.json:
        print_json(result)
    else:
        heading = f"{service.id} ({service.hook}) for Patient/{record.patient_id}"
        print(render(result["cards"], heading=heading), end="")
    return 0
