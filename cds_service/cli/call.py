"""``bone-mets-cds call``: one real CDS Hooks call to a running service, signed as an EHR signs it.

The body is what ``evaluate`` builds (context, draft orders, prefetch from a bundle
when one is given; otherwise the service reads ``--fhir-server``). The JWT carries
iss, aud (the service URL called), iat, exp, a fresh jti and a kid header
(cds_service.cli.signing), so the service's full verification runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cds_service.cli import discover, evaluate, hook_request, signing
from cds_service.cli.cards_text import render
from cds_service.cli.common import CliError, print_json, read_json

HELP = "send a signed CDS Hooks request to a running service and print its cards"
DESCRIPTION = """\
Send one CDS Hooks request to a running service, as an EHR does, and print the cards.

The patient's data comes from --prefetch-bundle (sent as prefetch) or, without it, from
--fhir-server, which the service must list in ALLOWED_FHIR_SERVERS. With --key the request
carries a JWT signed with that private key (`bone-mets-cds keys` makes one; the service must
trust the issuer in TRUSTED_ISSUERS); without it, none (the service must run with
JWT_REQUIRED=false)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "call", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "url", metavar="URL", help="the service's base URL (http://127.0.0.1:8080) or a service's endpoint URL"
    )
    evaluate.add_request_arguments(parser, patient_help="the patient (default: the one in --prefetch-bundle)")
    parser.add_argument("--prefetch-bundle", metavar="FILE", help="the patient's FHIR Bundle, sent as prefetch")
    parser.add_argument("--fhir-server", metavar="URL", help="the FHIR base URL the service reads the patient from")
    parser.add_argument("--fhir-token", metavar="TOKEN", help="an access token the service uses on --fhir-server")
    keys = parser.add_argument_group("signing (CDS Hooks 'Trusting CDS Clients')")
    keys.add_argument("--key", metavar="FILE", help="the EHR's private key, PEM (from `bone-mets-cds keys`)")
    keys.add_argument("--kid", help="key id in the JWT header (default: the key's RFC 7638 thumbprint)")
    keys.add_argument("--iss", default=signing.DEV_ISSUER, help="issuer, as TRUSTED_ISSUERS names it (%(default)s)")
    keys.add_argument("--jku", metavar="URL", help="jku header: the issuer's JWK Set URL (optional)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the answer (default 30)")
    parser.add_argument("--json", action="store_true", help="print the service's response as JSON")
    parser.set_defaults(func=run)


def _service(args: argparse.Namespace) -> tuple[dict, str]:
    """(the service's discovery entry, its endpoint URL): the one the URL names, or the one for --hook."""
    base = args.url.rstrip("/")
    named = base.split("/cds-services/", 1)[1].split("/", 1)[0] if "/cds-services/" in base + "/" else ""
    listed = [s for s in discover.fetch(base, args.timeout)["services"] if isinstance(s, dict)]
    where = discover.discovery_url(base)
    if named:
        service = next((s for s in listed if s.get("id") == named), None)
        if service is None:
            raise CliError(f"{where} lists no service {named!r}")
        if service.get("hook") != args.hook:
            raise CliError(f"service {named} answers hook {service.get('hook')}, not {args.hook}")
        return service, f"{where}/{named}"
    matching = [s for s in listed if s.get("hook") == args.hook]
    if len(matching) != 1:
        ids = ", ".join(str(s.get("id")) for s in matching) or "none"
        raise CliError(f"{where} lists {len(matching)} services for {args.hook} ({ids}); give the service's URL")
    return matching[0], f"{where}/{matching[0]['id']}"


def _signing_key(args: argparse.Namespace) -> signing.PrivateKey | None:
    """The --key, read before anything is sent; None (with a note) when the call goes unsigned."""
    if not args.key:
        print("note: no --key, so no JWT: only a service with JWT_REQUIRED=false answers", file=sys.stderr)
        return None
    try:
        with open(args.key, "rb") as key_file:
            return signing.load_private_key(key_file.read())
    except OSError as exc:
        raise CliError(f"--key {args.key}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise CliError(f"--key {args.key}: {exc}") from None


def _authorization(key: signing.PrivateKey | None, args: argparse.Namespace, endpoint: str) -> dict[str, str]:
    if key is None:
        return {}
    kid = args.kid or signing.thumbprint(key)
    token = signing.sign_call(key, iss=args.iss, aud=endpoint, kid=kid, jku=args.jku)
    return {"Authorization": f"Bearer {token}"}


def _fhir_authorization(args: argparse.Namespace, patient_id: str) -> dict | None:
    if not args.fhir_token:
        return None
    return {
        "access_token": args.fhir_token,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "bone-mets-cds-cli",
        "patient": patient_id,
    }


def run(args: argparse.Namespace) -> int:
    import requests

    if not args.prefetch_bundle and not args.fhir_server:
        raise CliError("give the patient's data: --prefetch-bundle FILE, or --fhir-server URL for the service to read")
    if args.fhir_token and not args.fhir_server:
        raise CliError("--fhir-token is for --fhir-server")
    record = None
    if args.prefetch_bundle:
        record = hook_request.read_record(
            read_json(args.prefetch_bundle, "prefetch bundle"), args.prefetch_bundle, args.patient
        )
    patient_id = record.patient_id if record else args.patient
    if not patient_id:
        raise CliError("give the patient: --patient ID")
    key = _signing_key(args)
    service, endpoint = _service(args)
    templates = service.get("prefetch") if isinstance(service.get("prefetch"), dict) else {}
    body = evaluate.build_body(
        args,
        record,
        patient_id,
        templates,  # the running service's own prefetch templates, as an EHR reads them
        fhirServer=args.fhir_server,
        fhirAuthorization=_fhir_authorization(args, patient_id),
    )
    headers = {"Content-Type": "application/json", "Accept": "application/json", **_authorization(key, args, endpoint)}
    try:
        response = requests.post(endpoint, data=json.dumps(body).encode(), headers=headers, timeout=args.timeout)
    except requests.RequestException as exc:
        raise CliError(f"cannot reach {endpoint}: {discover.reason(exc)}") from None
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if response.status_code != 200 or not isinstance(answer, dict) or not isinstance(answer.get("cards"), list):
        raise CliError(_failure(endpoint, response.status_code, answer, response.text))
    if args.json:
        print_json(answer)
    else:
        print(render(answer["cards"], heading=f"{service['id']} ({args.hook}) for Patient/{patient_id}"), end="")
    return 0


def _failure(endpoint: str, status: int, answer: Any, text: str) -> str:
    if not isinstance(answer, dict):
        return f"POST {endpoint} answered HTTP {status}: {text[:300]}"
    lines = [f"POST {endpoint} answered HTTP {status} {answer.get('error', '')}: {answer.get('detail', '')}".rstrip()]
    lines += [f"  {entry.get('message')}" for entry in answer.get("errors") or [] if isinstance(entry, dict)]
    if status == 401:
        lines.append("  (the service logs why a token was rejected; check TRUSTED_ISSUERS, --iss, --kid and the URL)")
    return "\n".join(lines)
