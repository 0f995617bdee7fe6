"""Demo patients (``demo/``): date shifting, CDS Hooks requests, upload to a FHIR server, and ``make demo``.

The demo patients are FHIR R4 transaction Bundles written as of an anchor date (``anchor_date`` in
``demo/patients.json``). Loading shifts every date and dateTime in them by (today − anchor) whole days,
so a creatinine written 62 days before the anchor is 62 days old on the day the patient is loaded and the
cards stay the same whatever the day (demo/README.md, "Dates").

    python -m cds_service.demo load --fhir-server URL   # PUT the patients into any FHIR R4 server
    python -m cds_service.demo run                      # make demo: local FHIR server + service + sandbox URLs

The CLI (``bone-mets-cds demo …``) adds this module's parser with ``register``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "demo"
SANDBOX_JWKS = ROOT / "docs" / "sandbox" / "jwks.json"
SEKMET = ROOT / ".venv-fhir" / "bin" / "sekmet"

# The public CDS Hooks sandbox (docs/auth.md): its issuer, the jku header it sends, and its page's origin.
SANDBOX_URL = "https://sandbox.cds-hooks.org/"
SANDBOX_ISSUER = "https://sandbox.cds-hooks.org"
SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json"
SANDBOX_ORIGIN = "https://sandbox.cds-hooks.org"

# FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) or dateTime/instant: the whole string, nothing around it.
_FHIR_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})(?P<time>T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:\d{2}))?)?)?"
)
# Elements whose strings are identifiers or words, never dates, even when they look like one.
_NOT_DATES = frozenset({"id", "code", "system", "reference", "url", "fullUrl", "value", "text", "display", "div"})


# -- dates ---------------------------------------------------------------------------------------------------------
def shift_date(value: str, days: int) -> str:
    """A FHIR date/dateTime string moved by ``days``, keeping its precision, time and offset; other text unchanged.

    A partial date (YYYY or YYYY-MM) moves as its first day does, and keeps its precision.
    """
    match = _FHIR_DATE.fullmatch(value)
    if match is None or days == 0:
        return value
    year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
    try:
        moved = date(year, month, day) + timedelta(days=days)
    except ValueError:
        return value  # not a real date (2026-02-30): leave it for the server to refuse
    if match["day"] is None:
        return f"{moved:%Y}" if match["month"] is None else f"{moved:%Y-%m}"
    return moved.isoformat() + (match["time"] or "")


def shift_dates(document: Any, days: int) -> Any:
    """A deep copy of a FHIR JSON document with every date and dateTime moved by ``days``."""

    def walk(value: Any, key: str | None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(item, key) for item in value]
        if isinstance(value, str) and key not in _NOT_DATES:
            return shift_date(value, days)
        return value

    return walk(document, None)


# -- the demo patients ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoPatient:
    """One demo patient as loaded today: its Bundle and draft orders date-shifted, and what it should show."""

    file: str
    patient_id: str
    title: str
    shows: str
    bundle: dict  # the transaction Bundle, dates shifted
    draft_orders: dict | None  # a collection Bundle of draft orders (context.draftOrders), dates shifted
    expected: dict[str, list[dict]]  # hook -> [{"topic": ..., "indicator": ...}]

    @property
    def resources(self) -> list[dict]:
        return [entry["resource"] for entry in self.bundle.get("entry", [])]

    @property
    def name(self) -> str:
        patient = next(r for r in self.resources if r["resourceType"] == "Patient")
        name = (patient.get("name") or [{}])[0]
        return name.get("text") or " ".join([*name.get("given", []), name.get("family", "")]).strip()


def manifest(directory: Path = DEMO_DIR) -> dict:
    """``patients.json``: the anchor date and, per patient, its files and the cards each hook should show."""
    return json.loads((directory / "patients.json").read_text(encoding="utf-8"))


def days_since_anchor(directory: Path = DEMO_DIR, today: date | None = None) -> int:
    anchor = date.fromisoformat(manifest(directory)["anchor_date"])
    return ((today or datetime.now(UTC).date()) - anchor).days


def load_patients(directory: Path = DEMO_DIR, today: date | None = None) -> list[DemoPatient]:
    """Every demo patient of ``directory``, dated as if loaded on ``today`` (default: today, UTC)."""
    listing = manifest(directory)
    shift = days_since_anchor(directory, today)
    patients = []
    for entry in listing["patients"]:
        bundle = json.loads((directory / entry["file"]).read_text(encoding="utf-8"))
        orders_file = entry.get("draft_orders")
        orders = json.loads((directory / orders_file).read_text(encoding="utf-8")) if orders_file else None
        patients.append(
            DemoPatient(
                file=entry["file"],
                patient_id=entry["patient_id"],
                title=entry["title"],
                shows=entry["shows"],
                bundle=shift_dates(bundle, shift),
                draft_orders=shift_dates(orders, shift) if orders else None,
                expected=entry["expected_cards"],
            )
        )
    return patients


# -- CDS Hooks requests from a patient's resources ------------------------------------------------------------------
def hook_request(patient: DemoPatient, hook: str, *, user: str = "Practitioner/demo") -> dict:
    """The request an EHR that honours prefetch sends for ``hook``: every prefetch template answered.

    Built as ``bone-mets-cds evaluate`` builds it (cds_service.cli.hook_request). Order hooks carry the
    patient's draft orders; order-select selects all of them.
    """
    from cds_service.cli import hook_request as build
    from cds_service.services import SERVICES  # loads the value sets

    service = next(s for s in SERVICES.values() if s.hook == hook)
    record = build.read_record(patient.bundle, patient.file, patient.patient_id)
    drafts = None
    if hook in ("order-select", "order-sign"):
        drafts = [entry["resource"] for entry in copy.deepcopy(patient.draft_orders or {}).get("entry", [])]
    context = build.context(hook, patient.patient_id, user=user, drafts=drafts)
    return build.body(hook, context, build.prefetch(service.prefetch(), record))


def service_id(hook: str) -> str:
    from cds_service.services import SERVICES

    return next(s.id for s in SERVICES.values() if s.hook == hook)


def card_topics(response: dict) -> list[dict]:
    """[{"topic", "indicator"}] of a CDS Hooks response, in its order."""
    return [{"topic": c["source"]["topic"]["code"], "indicator": c["indicator"]} for c in response.get("cards", [])]


# -- demo/README.md's table -----------------------------------------------------------------------------------------
HOOKS = ("patient-view", "order-select", "order-sign")


def readme_table(directory: Path = DEMO_DIR) -> str:
    """The Markdown table of demo/README.md: patient, what it shows, expected cards per hook (from patients.json)."""

    def cards(expected: dict[str, list[dict]], hook: str) -> str:
        if hook not in expected:
            return "(no draft orders)"
        return "<br>".join(f"`{c['topic']}` {c['indicator']}" for c in expected[hook]) or "none"

    rows = [
        "| patient | file | what it shows | patient-view | order-select | order-sign |",
        "|---|---|---|---|---|---|",
    ]
    for entry in manifest(directory)["patients"]:
        files = f"`{entry['file']}`" + (f"<br>`{entry['draft_orders']}`" if entry.get("draft_orders") else "")
        about = f"**{entry['title']}**. {entry['shows']}"
        expected = entry["expected_cards"]
        rows.append(
            f"| `{entry['patient_id']}` | {files} | {about} | " + " | ".join(cards(expected, h) for h in HOOKS) + " |"
        )
    return "\n".join(rows) + "\n"


# -- loading into a FHIR server ------------------------------------------------------------------------------------
class LoadFailed(Exception):
    """A FHIR server refused the demo data or could not be reached; the message says which and why."""


def _headers(token: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def supports_transactions(base_url: str, *, token: str | None = None, timeout: float = 30) -> bool:
    """Whether the server's CapabilityStatement lists the system-level ``transaction`` interaction."""
    try:
        reply = requests.get(f"{base_url}/metadata", headers=_headers(token), timeout=timeout)
    except requests.RequestException as error:
        raise LoadFailed(f"cannot reach {base_url}/metadata: {error.__class__.__name__}") from None
    if reply.status_code != 200:
        raise LoadFailed(f"{base_url}/metadata answered HTTP {reply.status_code}: is this a FHIR R4 base URL?")
    try:
        rest = reply.json().get("rest") or []
    except ValueError:
        raise LoadFailed(f"{base_url}/metadata is not JSON: is this a FHIR R4 base URL?") from None
    return any(i.get("code") == "transaction" for r in rest for i in r.get("interaction") or [])


def _refusal(reply: requests.Response) -> str:
    """What the server said, from its OperationOutcome when it sent one (never the request body)."""
    try:
        issues = reply.json().get("issue") or []
        said = "; ".join(str(i.get("diagnostics") or i.get("details", {}).get("text") or i.get("code")) for i in issues)
    except (ValueError, AttributeError):
        said = reply.text[:300]
    return f"HTTP {reply.status_code}: {said}" if said else f"HTTP {reply.status_code}"


def upload(base_url: str, patients: list[DemoPatient], *, token: str | None = None, timeout: float = 60) -> list[str]:
    """PUT every patient's resources (ids kept) as one transaction each, or resource by resource; returns their ids.

    PUT with the Bundle's own ids makes loading idempotent: loading twice updates the same resources.
    """
    base_url = base_url.rstrip("/")
    transactions = supports_transactions(base_url, token=token, timeout=timeout)
    for patient in patients:
        try:
            if transactions:
                reply = requests.post(base_url, json=patient.bundle, headers=_headers(token), timeout=timeout)
                if reply.status_code not in (200, 201):
                    raise LoadFailed(f"{patient.file}: the transaction was refused, {_refusal(reply)}")
                continue
            for entry in patient.bundle["entry"]:
                url = entry["request"]["url"]
                reply = requests.put(
                    f"{base_url}/{url}", json=entry["resource"], headers=_headers(token), timeout=timeout
                )
                if reply.status_code not in (200, 201):
                    raise LoadFailed(f"{patient.file}: PUT {url} was refused, {_refusal(reply)}")
        except requests.RequestException as error:
            raise LoadFailed(f"{patient.file}: {base_url} did not answer ({error.__class__.__name__})") from None
    return [patient.patient_id for patient in patients]


# -- the CDS Hooks sandbox -----------------------------------------------------------------------------------------
# Query parameters the sandbox reads on start (cds-hooks/sandbox @3b7e255, the build captured in
# ../shared/cds-hooks/examples/sandbox-captured): `fhirServiceUrl` (src/retrieve-data-helpers/
# fhir-metadata-retrieval.js), `patientId` (patient-retrieval.js), `serviceDiscoveryURL` (a comma-separated list,
# src/components/MainView/main-view.jsx), and `hook` with `screen` (main-view.jsx: patient-view, order-select,
# order-sign; screens patient-view, rx-view, rx-sign). It needs an open FHIR server: a 401 on /Patient stops it.
SANDBOX_SCREENS = {"patient-view": "patient-view", "order-select": "rx-view", "order-sign": "rx-sign"}


def sandbox_url(discovery_url: str, fhir_url: str, patient_id: str, hook: str = "patient-view") -> str:
    """The sandbox's address that opens ``patient_id`` of ``fhir_url`` with the services of ``discovery_url``."""
    query = {
        "fhirServiceUrl": fhir_url,
        "serviceDiscoveryURL": discovery_url,
        "patientId": patient_id,
        "hook": hook,
        "screen": SANDBOX_SCREENS[hook],
    }
    return SANDBOX_URL + "?" + urlencode(query, safe=":/")


def sandbox_trust() -> dict:
    """TRUSTED_ISSUERS for the public sandbox: its public JWK Set kept in docs/sandbox, inline (docs/auth.md)."""
    jwks = json.loads(SANDBOX_JWKS.read_text(encoding="utf-8"))
    return {SANDBOX_ISSUER: {"jwks": jwks, "jku": SANDBOX_JKU, "algorithms": ["ES384"]}}


# -- make demo: a local FHIR server and the service --------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ensure_free(port: int, option: str) -> None:
    """Refuse a port already taken: the server we wait for would otherwise be whoever answers there."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise RuntimeError(f"127.0.0.1:{port} is in use (another demo still running?); choose {option}") from None


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited before it answered; its log ({log}) ends:\n{_tail(log)}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s; its log ({log}) ends:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-1500:] if log.exists() else ""


@contextmanager
def _process(
    command: list[str],
    *,
    log: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stop_signal: int = signal.SIGTERM,
) -> Iterator[subprocess.Popen]:
    """A child process writing to ``log``, in its own session (Ctrl-C reaches us, and we stop it), always stopped."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True
        )
        try:
            yield process
        finally:
            process.send_signal(stop_signal)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@contextmanager
def local_fhir_server(workdir: Path, port: int) -> Iterator[str]:
    """sekmet-fhir (the tests' server, from .venv-fhir) on 127.0.0.1:``port``, open (no auth, as the sandbox needs)."""
    if not SEKMET.exists():
        raise RuntimeError(f"sekmet-fhir is not installed at {SEKMET}: `make demo` installs it into .venv-fhir")
    base_url = f"http://127.0.0.1:{port}/fhir"
    settings = {
        "base_url": base_url,
        "host": "127.0.0.1",
        "port": port,
        "data_dir": str(workdir / "fhir-data"),
        "db_path": str(workdir / "fhir.sqlite3"),
        "own_private_key_path": str(workdir / "keys" / "sekmet_private.pem"),
        "log_inbound": False,
        "simulator": {"enabled": False},  # it would act on the demo's draft orders
        "validation": {"inbound": "off"},
        "server_auth": {"types": ["none"]},  # the sandbox reads it from the browser, without a token
    }
    config = workdir / "fhir-settings.yaml"
    config.write_text(json.dumps(settings))  # JSON is YAML
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEKMET_")}
    log = workdir / "fhir-server.log"
    with _process([str(SEKMET), "serve", "--config", str(config)], log=log, env=env, cwd=workdir) as process:
        _wait_for(f"{base_url}/metadata", process, log)
        yield base_url


@contextmanager
def local_service(workdir: Path, port: int, fhir_url: str, *, language: str = "en") -> Iterator[str]:
    """The service (``python -m cds_service``, as make run) trusting the sandbox and reading ``fhir_url``."""
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": "1",
        "TRUSTED_ISSUERS": json.dumps(sandbox_trust()),
        "JWT_REQUIRED": "true",
        "ALLOWED_FHIR_SERVERS": json.dumps([fhir_url]),
        "CORS_ALLOWED_ORIGINS": SANDBOX_ORIGIN,
        "CARD_LANGUAGE": language,
        "DATABASE_URL": f"sqlite:///{workdir / 'cds.sqlite3'}",
        "XDG_RUNTIME_DIR": str(workdir),  # gunicorn's control socket
    }
    base_url = f"http://127.0.0.1:{port}"
    log = workdir / "service.log"
    # SIGINT is gunicorn's quick shutdown: a demo has no calls in flight worth the 30 s graceful stop.
    command = [sys.executable, "-m", "cds_service"]
    with _process(command, log=log, env=env, cwd=ROOT, stop_signal=signal.SIGINT) as process:
        _wait_for(f"{base_url}/cds-services", process, log)
        yield base_url


@dataclass(frozen=True)
class DemoEnvironment:
    fhir_url: str
    service_url: str
    patients: list[DemoPatient]
    workdir: Path

    @property
    def discovery_url(self) -> str:
        return f"{self.service_url}/cds-services"


@contextmanager
def demo_environment(
    workdir: Path, *, port: int = 8080, fhir_port: int = 8090, language: str = "en"
) -> Iterator[DemoEnvironment]:
    """The FHIR server with the demo patients loaded and the service beside it; both stopped on exit."""
    _ensure_free(fhir_port, "another --fhir-port")
    _ensure_free(port, "another --port")
    with ExitStack() as stack:
        fhir_url = stack.enter_context(local_fhir_server(workdir, fhir_port))
        patients = load_patients()
        upload(fhir_url, patients)
        service_url = stack.enter_context(local_service(workdir, port, fhir_url, language=language))
        yield DemoEnvironment(fhir_url, service_url, patients, workdir)


def describe(environment: DemoEnvironment) -> str:
    """What `make demo` prints: where things run, and one sandbox URL per patient."""
    lines = [
        f"FHIR server   {environment.fhir_url}  (open, demo data only)",
        f"CDS service   {environment.discovery_url}  (trusts the public CDS Hooks sandbox's key)",
        f"logs          {environment.workdir}",
        "",
        "Open a patient in the CDS Hooks sandbox (patient-view; the expected cards are in demo/README.md):",
    ]
    for patient in environment.patients:
        lines.append(f"  {patient.patient_id}  {patient.name}: {patient.title}")
        lines.append(f"    {sandbox_url(environment.discovery_url, environment.fhir_url, patient.patient_id)}")
    lines += ["", "Ctrl-C stops both servers."]
    return "\n".join(lines)


# -- command line ------------------------------------------------------------------------------------------------
def _load(args: argparse.Namespace) -> int:
    patients = load_patients(Path(args.demo_dir))
    token = os.environ.get(args.token_env) if args.token_env else None
    try:
        ids = upload(args.fhir_server, patients, token=token)
    except LoadFailed as failure:
        print(f"demo load: {failure}", file=sys.stderr)
        return 1
    base = args.fhir_server.rstrip("/")
    for patient_id, patient in zip(ids, patients, strict=True):
        print(f"{base}/Patient/{patient_id}\t{patient.title}")
    return 0


def _stop_on_sigterm() -> None:
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _run(args: argparse.Namespace) -> int:
    _stop_on_sigterm()
    try:
        with tempfile.TemporaryDirectory(prefix="bone-mets-demo-") as scratch:
            workdir = Path(args.workdir) if args.workdir else Path(scratch)
            workdir.mkdir(parents=True, exist_ok=True)
            with demo_environment(workdir, port=args.port, fhir_port=args.fhir_port, language=args.language) as env:
                print(describe(env), flush=True)
                while True:
                    time.sleep(3600)
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
        return 0
    except (RuntimeError, LoadFailed) as failure:
        print(f"demo run: {failure}", file=sys.stderr)
        return 1


def _table(args: argparse.Namespace) -> int:
    print(readme_table(Path(args.demo_dir)), end="")
    return 0


DESCRIPTION = "Synthetic patients (demo/) that each raise named cards; dates move to the day they are loaded."


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``demo`` (``load``, ``run``, ``table``) to a CLI's subcommands."""
    demo = subparsers.add_parser(
        "demo",
        help="demo patients: load them into a FHIR server, or run a local demo for the CDS Hooks sandbox",
        description=DESCRIPTION,
    )
    _add_commands(demo)


def _add_commands(demo: argparse.ArgumentParser) -> None:
    commands = demo.add_subparsers(dest="demo_command", required=True, metavar="{load,run,table}")
    load = commands.add_parser(
        "load",
        help="upload the demo patients to a FHIR R4 server and print their ids",
        description="PUT every demo patient (transaction Bundles, or resource by resource when the server has no "
        "transactions) into a FHIR R4 server, dates shifted to today, and print each patient's URL.",
    )
    load.add_argument(
        "--fhir-server", required=True, metavar="URL", help="FHIR R4 base URL, e.g. http://localhost:8090/fhir"
    )
    load.add_argument(
        "--token-env",
        metavar="NAME",
        help="environment variable holding a bearer token for the server (never given on the command line)",
    )
    load.add_argument("--demo-dir", default=str(DEMO_DIR), help=argparse.SUPPRESS)
    load.set_defaults(func=_load)
    run = commands.add_parser(
        "run",
        help="start a local FHIR server with the demo patients and the service, and print CDS Hooks sandbox URLs",
        description="What `make demo` runs: sekmet-fhir on 127.0.0.1 with the demo patients, the service trusting "
        "the public CDS Hooks sandbox's key and reading that server, and one sandbox URL per patient. "
        "Ctrl-C stops both.",
    )
    run.add_argument("--port", type=int, default=8080, help="the service's port (default 8080)")
    run.add_argument("--fhir-port", type=int, default=8090, help="the FHIR server's port (default 8090)")
    run.add_argument("--language", choices=("en", "zh"), default="en", help="card language (CARD_LANGUAGE)")
    run.add_argument("--workdir", help="keep the servers' data and logs here (default: a temporary folder)")
    run.set_defaults(func=_run)
    table = commands.add_parser("table", help="print demo/README.md's table of the cards each demo patient raises")
    table.add_argument("--demo-dir", default=str(DEMO_DIR), help=argparse.SUPPRESS)
    table.set_defaults(func=_table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cds_service.demo", description=DESCRIPTION)
    _add_commands(parser)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
