"""``bone-mets-cds check-config``: the service's settings as it would read them, and what is wrong.

Every setting is read from the environment by the service's own code
(cds_service.config, auth, fhir_client, guideline.settings, the terminology
loader), so a problem found here is one the service would start with, or die of.
On top, what the service does not refuse but cannot work with: impossible
numbers, malformed URLs and origins, an unwritable SQLite folder. ``--connect``
also reaches DATABASE_URL, REDIS_URL and every issuer's jwks_url. Errors exit 1;
warnings (development-only settings) do not.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HELP = "validate the service's settings (environment variables) and say what is wrong"

# Numbers the service reads without bounds; (minimum, whether the minimum itself is allowed).
_AT_LEAST_ONE = (
    "FHIR_MAX_PAGES",
    "FHIR_PAGE_SIZE",
    "FHIR_MAX_WORKERS",
    "FHIR_MAX_CONCURRENT_CALLS",
    "MAX_REQUEST_BYTES",
)
_POSITIVE_SECONDS = (
    "JWT_MAX_LIFETIME_SECONDS",
    "JWKS_FETCH_TIMEOUT_SECONDS",
    "FHIR_CONNECT_TIMEOUT_SECONDS",
    "FHIR_READ_TIMEOUT_SECONDS",
    "FHIR_TOTAL_TIMEOUT_SECONDS",
)
_NOT_NEGATIVE = ("JWT_LEEWAY_SECONDS", "JWKS_CACHE_TTL_SECONDS")
# Read by `bone-mets-cds serve` only (not cds_service.config): whole numbers of at least 1.
_SERVER_NUMBERS = {
    "PORT": 8080,
    "WORKERS": 2,
    "THREADS": 4,
    "CLIENT_TIMEOUT_SECONDS": 10,
    "CONNECTION_LIMIT": 1000,
    "WORKER_TIMEOUT_SECONDS": 60,
}
_SECRET = {"PATIENT_PSEUDONYM_KEY", "DATABASE_URL", "REDIS_URL"}  # values never echoed
_SANDBOX_ISSUER = "https://sandbox.cds-hooks.org"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    name: str  # the setting
    message: str


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-config",
        help=HELP,
        description=HELP + ". Reads the settings as the service does (README 'Configuration'); exit 0 when it "
        "can start with them, 1 when not.",
    )
    parser.add_argument(
        "--connect", action="store_true", help="also connect to DATABASE_URL and REDIS_URL and fetch each jwks_url"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    found = check(os.environ, connect=args.connect)
    errors = [f for f in found if f.level == "error"]
    for finding in sorted(found, key=lambda f: (f.level != "error", f.name)):
        print(f"{finding.level}: {finding.name}: {finding.message}")
    warnings = len(found) - len(errors)
    summary = f"{len(errors)} error{'s' * (len(errors) != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    checked = " (connections checked)" if args.connect else " (connections not checked: --connect)"
    print(("settings NOT usable: " if errors else "settings OK: ") + summary + checked)
    return 1 if errors else 0


def check(environ: Mapping[str, str], *, connect: bool = False) -> list[Finding]:
    """Every problem of the settings in ``environ``."""
    found: list[Finding] = []
    settings = _load(environ, found)
    _numbers(settings, found)
    _server(environ, found)
    _urls(settings, found)
    _issuers(settings, found, connect)
    _storage(settings, found, connect)
    _guideline(settings, environ, found)
    _development_only(settings, environ, found)
    unique: dict[tuple[str, str], Finding] = {}
    for finding in found:
        # The service's own messages start with the setting's name; it is printed once, before them.
        message = finding.message[len(finding.name) + 1 :] if finding.message.startswith(finding.name + " ") else None
        if message:
            finding = Finding(finding.level, finding.name, message)
        unique.setdefault((finding.name, finding.message), finding)
    return list(unique.values())


# -- what cds_service.config reads --------------------------------------------------------------------
def _load(environ: Mapping[str, str], found: list[Finding]) -> dict[str, Any]:
    """The settings as the service loads them; each variable it refuses, named (and left at its default)."""
    from cds_service import config

    ours = {name: environ[name] for name in config.DEFAULTS if environ.get(name, "") != ""}
    together = {"CARD_SUPPRESSION_DAYS", "SHOWN_CARD_RETENTION_DAYS"}  # checked against each other
    usable = {}
    for name, raw in ours.items():
        partners = {n: ours[n] for n in together if n in ours} if name in together else {}
        try:
            config.load(environ={**partners, name: raw})
        except (ValueError, json.JSONDecodeError) as exc:
            found.append(Finding("error", name, _parse_message(name, raw, config.DEFAULTS[name], exc)))
        else:
            usable[name] = raw
    try:
        return config.load(environ=usable)
    except (ValueError, json.JSONDecodeError) as exc:  # only a combination is wrong
        found.append(Finding("error", "settings", str(exc)))
        return config.load(environ={})


def _parse_message(name: str, raw: str, default: Any, exc: Exception) -> str:
    shown = "" if name in _SECRET else f", got {raw[:60]!r}"
    if isinstance(exc, json.JSONDecodeError):
        return f"is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    if isinstance(default, bool):
        return f"must be true or false{shown}"
    if isinstance(default, int) and not isinstance(default, bool) and "invalid literal" in str(exc):
        return f"must be a whole number{shown}"
    if isinstance(default, float) and "could not convert" in str(exc):
        return f"must be a number{shown}"
    return str(exc).removeprefix(name).lstrip(": ") or str(exc)


def _numbers(settings: dict[str, Any], found: list[Finding]) -> None:
    def number(name: str) -> float | None:
        value = settings[name]
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None

    for name in _AT_LEAST_ONE:
        value = number(name)
        if value is None or value < 1:
            found.append(Finding("error", name, f"must be at least 1, got {settings[name]!r}"))
    for name in _POSITIVE_SECONDS:
        value = number(name)
        if value is None or value <= 0:
            found.append(Finding("error", name, f"must be a positive number of seconds, got {settings[name]!r}"))
    for name in _NOT_NEGATIVE:
        value = number(name)
        if value is None or value < 0:
            found.append(Finding("error", name, f"must be 0 or more seconds, got {settings[name]!r}"))
    total, connect, read = (
        number(n) for n in ("FHIR_TOTAL_TIMEOUT_SECONDS", "FHIR_CONNECT_TIMEOUT_SECONDS", "FHIR_READ_TIMEOUT_SECONDS")
    )
    if total and connect and read and total < max(connect, read):
        found.append(
            Finding(
                "warning",
                "FHIR_TOTAL_TIMEOUT_SECONDS",
                f"{total:g} s is shorter than one FHIR request may take ({max(connect, read):g} s)",
            )
        )


def _server(environ: Mapping[str, str], found: list[Finding]) -> None:
    for name in _SERVER_NUMBERS:
        raw = environ.get(name, "")
        if raw == "":
            continue
        try:
            value = int(raw)
        except ValueError:
            found.append(Finding("error", name, f"must be a whole number, got {raw[:60]!r}"))
            continue
        if value < 1 or (name == "PORT" and value > 65535):
            bounds = "1-65535" if name == "PORT" else "at least 1"
            found.append(Finding("error", name, f"must be {bounds}, got {value}"))


# -- URLs, hosts, origins ----------------------------------------------------------------------------
def _urls(settings: dict[str, Any], found: list[Finding]) -> None:
    from cds_service.fhir_client import normalise_base

    servers = settings["ALLOWED_FHIR_SERVERS"]
    for server in servers if isinstance(servers, list) else [servers]:
        base = normalise_base(server)
        if base is None:
            found.append(
                Finding(
                    "error",
                    "ALLOWED_FHIR_SERVERS",
                    f"{str(server)[:100]!r} is not an http(s) base URL (no query, no user, no spaces)",
                )
            )
        elif base.startswith("http://") and urlsplit(base).hostname not in _LOCAL_NAMES:
            found.append(
                Finding(
                    "warning",
                    "ALLOWED_FHIR_SERVERS",
                    f"{base} is plain http: access tokens would cross the network unencrypted",
                )
            )
    for host in settings["ALLOWED_HOSTS"] or []:
        if not isinstance(host, str) or not host or "/" in host or " " in host:
            found.append(
                Finding(
                    "error",
                    "ALLOWED_HOSTS",
                    f"{str(host)[:100]!r} is not a host name or host:port (no scheme, no path)",
                )
            )
    _origins(settings["CORS_ALLOWED_ORIGINS"], found)


_LOCAL_NAMES = _LOOPBACK | {"[::1]"}


def _origins(configured: Any, found: list[Finding]) -> None:
    entries: Any = configured
    if isinstance(configured, str):
        text = configured.strip()
        if text.startswith("["):
            try:
                entries = json.loads(text)
            except json.JSONDecodeError as exc:
                found.append(Finding("error", "CORS_ALLOWED_ORIGINS", f"is not a valid JSON list ({exc.msg})"))
                return
        else:
            entries = text.split(",")
    if not isinstance(entries, list):
        found.append(Finding("error", "CORS_ALLOWED_ORIGINS", "must be *, a comma-separated list or a JSON list"))
        return
    for origin in entries:
        origin = origin.strip() if isinstance(origin, str) else origin
        if origin == "*" or origin == "":
            continue
        parts = urlsplit(origin) if isinstance(origin, str) else None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
        ):
            found.append(
                Finding(
                    "error",
                    "CORS_ALLOWED_ORIGINS",
                    f"{str(origin)[:100]!r} is not an origin such as https://sandbox.cds-hooks.org",
                )
            )


# -- JWT issuers -------------------------------------------------------------------------------------
def _issuers(settings: dict[str, Any], found: list[Finding], connect: bool) -> None:
    from cds_service.auth import Issuer
    from cds_service.jwks import KeySetUnavailable, RemoteKeys

    trusted = settings["TRUSTED_ISSUERS"]
    if not isinstance(trusted, dict):
        return  # config.load has said so
    ttl, timeout = settings["JWKS_CACHE_TTL_SECONDS"], settings["JWKS_FETCH_TIMEOUT_SECONDS"]
    for iss, entry in trusted.items():
        try:
            issuer = Issuer.from_config(iss, entry, ttl=float(ttl), timeout=float(timeout) or 5.0)
        except (ValueError, TypeError) as exc:
            found.append(Finding("error", "TRUSTED_ISSUERS", str(exc)))
            continue
        if iss == _SANDBOX_ISSUER:
            found.append(
                Finding(
                    "warning",
                    "TRUSTED_ISSUERS",
                    f"trusts {iss}, whose private key is public: "
                    "anyone can sign as it (local testing only, docs/auth.md)",
                )
            )
        if connect and isinstance(issuer.keys, RemoteKeys):
            try:
                issuer.keys._fetch()
            except KeySetUnavailable as exc:
                found.append(
                    Finding(
                        "error",
                        "TRUSTED_ISSUERS",
                        f"the JWK Set of {iss} at {issuer.keys.url} cannot be fetched: {exc}",
                    )
                )
    if settings["JWT_REQUIRED"] and not trusted:
        found.append(
            Finding(
                "warning", "TRUSTED_ISSUERS", "is empty while JWT_REQUIRED is on: every service call will be rejected"
            )
        )


# -- storage -----------------------------------------------------------------------------------------
def _storage(settings: dict[str, Any], found: list[Finding], connect: bool) -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = settings["DATABASE_URL"]
    if url:
        try:
            parsed = make_url(url)
        except ArgumentError:
            found.append(Finding("error", "DATABASE_URL", "is not a database URL (sqlite:///path or postgresql://…)"))
        else:
            _database(url, parsed, found, connect)
    if settings["REDIS_URL"]:
        _redis(settings["REDIS_URL"], found, connect)


def _database(url: str, parsed: Any, found: list[Finding], connect: bool) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from cds_service.database import engine_for

    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql", "postgres"):
        found.append(Finding("error", "DATABASE_URL", f"must name sqlite or postgresql, not {backend!r}"))
        return
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            found.append(
                Finding("error", "DATABASE_URL", f"the SQLite file's folder {folder} is missing or not writable")
            )
    if not connect:
        return
    try:
        engine = engine_for(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except ModuleNotFoundError as exc:
        found.append(
            Finding("error", "DATABASE_URL", f"its driver is not installed ({exc.name}); install the 'postgres' extra")
        )
    except (SQLAlchemyError, ValueError) as exc:
        cause = type(getattr(exc, "orig", None) or exc).__name__  # not the message: it may quote the URL
        found.append(Finding("error", "DATABASE_URL", f"cannot connect ({cause})"))


def _redis(url: str, found: list[Finding], connect: bool) -> None:
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        found.append(Finding("error", "REDIS_URL", "must be a redis://, rediss:// or unix:// URL"))
        return
    try:
        import redis
    except ModuleNotFoundError:
        found.append(Finding("error", "REDIS_URL", "the redis package is not installed; install the 'redis' extra"))
        return
    if connect:
        try:
            client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
            client.ping()
            client.close()
        except (redis.RedisError, ValueError) as exc:
            found.append(Finding("error", "REDIS_URL", f"cannot connect ({type(exc).__name__})"))


# -- guideline and terminology -----------------------------------------------------------------------
def _guideline(settings: dict[str, Any], environ: Mapping[str, str], found: list[Finding]) -> None:
    from guideline.settings import Settings

    try:
        Settings.from_mapping(settings["GUIDELINE_SETTINGS"])
    except (ValueError, TypeError) as exc:
        found.append(Finding("error", "GUIDELINE_SETTINGS", str(exc)))
    directory = environ.get("TERMINOLOGY_DIR")
    if directory:
        try:  # the import itself reads TERMINOLOGY_DIR (fhir_mappings.terminology), as each worker does
            from fhir_mappings.local_valuesets import load_local

            load_local(Path(directory))
        except (ValueError, KeyError, TypeError) as exc:
            found.append(Finding("error", "TERMINOLOGY_DIR", str(exc)))
    level = str(settings["LOG_LEVEL"]).upper()
    if not isinstance(logging.getLevelName(level), int):
        found.append(Finding("error", "LOG_LEVEL", f"must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {level!r}"))


def _development_only(settings: dict[str, Any], environ: Mapping[str, str], found: list[Finding]) -> None:
    if not settings["JWT_REQUIRED"]:
        found.append(
            Finding("warning", "JWT_REQUIRED", "is false: calls without a token are answered (development only)")
        )
    if settings["PATIENT_PSEUDONYM_KEY"] is None:
        found.append(
            Finding(
                "warning",
                "PATIENT_PSEUDONYM_KEY",
                "is not set: card suppression lasts until a worker restarts and is not shared between workers",
            )
        )
    host = environ.get("HOST", "127.0.0.1")
    if not settings["PUBLIC_BASE_URL"] and host not in _LOOPBACK and not settings["ALLOWED_HOSTS"]:
        found.append(
            Finding(
                "warning",
                "PUBLIC_BASE_URL",
                f"is not set while binding {host}: the service answers "
                "as loopback names only; set PUBLIC_BASE_URL (or ALLOWED_HOSTS) to the URL EHRs call",
            )
        )
