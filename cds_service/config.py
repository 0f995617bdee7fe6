"""Settings: defaults, then environment variables, then ``create_app(config)``.

Every name here is also an environment variable of the same name (README
"Configuration" lists them). Structured values (``TRUSTED_ISSUERS``,
``ALLOWED_FHIR_SERVERS``, ``GUIDELINE_SETTINGS``) are JSON in the environment;
``ALLOWED_FHIR_SERVERS`` and ``CORS_ALLOWED_ORIGINS`` also accept a comma-separated list.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cards.override_reasons import CODES as OVERRIDE_REASON_CODES
from cards.override_reasons import SUPPRESSING

DEFAULTS: dict[str, Any] = {
    # JWT: iss -> {"jwks_url": ..., or "jwks": {...}, "algorithms": ["ES384", "RS384"]}
    "TRUSTED_ISSUERS": {},
    "JWT_REQUIRED": True,  # false only for local development: logged as a warning
    "JWT_LEEWAY_SECONDS": 60,
    "JWT_MAX_LIFETIME_SECONDS": 3600,
    "JWKS_CACHE_TTL_SECONDS": 300,
    "JWKS_FETCH_TIMEOUT_SECONDS": 5,
    "PUBLIC_BASE_URL": None,  # e.g. https://cds.example.org: the one URL the service answers as (JWT aud, links)
    # Without PUBLIC_BASE_URL: the Host values (host or host:port) the service answers as; empty: loopback only.
    # Never the client's word alone: a Host outside this list gets 421, and so no aud or link is built from it.
    "ALLOWED_HOSTS": [],
    # How many reverse proxies in front append X-Forwarded-For/-Proto/-Host/-Port/-Prefix; 0: those headers are
    # ignored (a client could send any). Set it only when every request comes through that many proxies.
    "TRUSTED_PROXY_COUNT": 0,
    # FHIR server access
    "ALLOWED_FHIR_SERVERS": [],
    "FHIR_CONNECT_TIMEOUT_SECONDS": 3.0,
    "FHIR_READ_TIMEOUT_SECONDS": 10.0,
    "FHIR_TOTAL_TIMEOUT_SECONDS": 20.0,
    "FHIR_MAX_PAGES": 20,
    "FHIR_PAGE_SIZE": 200,
    "FHIR_MAX_WORKERS": 16,  # fetch threads per process, shared by all calls (a patient-view call asks 9 queries)
    # Service calls fetching at once per process; bone-mets-cds adds this many request threads to THREADS for them.
    "FHIR_MAX_CONCURRENT_CALLS": 8,
    # Storage
    "DATABASE_URL": None,  # default: sqlite file in the instance folder
    "REDIS_URL": None,  # optional: shared JWT replay cache for several processes
    "JWT_REPLAY_FAIL_CLOSED": False,  # true: refuse calls while the shared replay store is down (docs/auth.md)
    # Shown cards and suppression by feedback (docs/feedback.md). The key makes the patient pseudonym:
    # a secret of at least 32 characters, the same in every worker, kept out of the database.
    "PATIENT_PSEUDONYM_KEY": None,
    "CARD_SUPPRESSION_DAYS": 14.0,  # 0: no suppression; shorter than the 3-4-weekly bisphosphonate cycle
    "CARD_SUPPRESSION_REASONS": list(SUPPRESSING),  # codes of cards.override_reasons.SYSTEM
    "SHOWN_CARD_RETENTION_DAYS": 180.0,
    # Requests and cards
    "MAX_REQUEST_BYTES": 10 * 1024 * 1024,
    "CARD_LANGUAGE": "en",  # en or zh
    "GUIDELINE_SETTINGS": {},
    "CORS_ALLOWED_ORIGINS": "*",  # "*", or origins as a JSON list or a comma-separated list
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "text",  # text, or json: one JSON object per line (docs/observability.md)
    # Operations (cds_service.ops, docs/observability.md)
    "METRICS_TOKEN": None,  # set: GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"
    "READY_TIMEOUT_SECONDS": 2.0,  # each /readyz check answers within this or counts as not ready
    "READY_CHECKS_STORAGE": True,  # /readyz checks the database (and Redis): false keeps replicas in service
    # Feedback insights for the CDS committee (/insights, docs/insights.md): HTTP Basic with their own user and
    # a Werkzeug password hash (scrypt or pbkdf2), never the EHR's JWT. Unset: the pages answer 404 (disabled).
    "INSIGHTS_USER": None,
    "INSIGHTS_PASSWORD_HASH": None,
    "INSIGHTS_TIMEZONE": "UTC",  # IANA zone whose calendar days the date filter and the trend use
    "INSIGHTS_MAX_DAYS": 366,  # longest period one request may ask for (bounds the queries)
}

_BOOL = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _parse(name: str, raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        try:
            return _BOOL[raw.strip().lower()]
        except KeyError:
            raise ValueError(f"{name} must be true or false, got {raw!r}") from None
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, dict):
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be a JSON object")
        return value
    if isinstance(default, list):
        text = raw.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return raw


def load(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Defaults, overridden by the environment, overridden by ``overrides``."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    for name, default in DEFAULTS.items():
        if name in environ and environ[name] != "":
            settings[name] = _parse(name, environ[name], default)
    settings.update(overrides or {})
    base = settings["PUBLIC_BASE_URL"]
    if base and not (isinstance(base, str) and urlsplit(base).scheme in ("http", "https") and urlsplit(base).hostname):
        raise ValueError(f"PUBLIC_BASE_URL must be an absolute http(s) URL, got {base!r}")
    proxies = settings["TRUSTED_PROXY_COUNT"]
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        raise ValueError("TRUSTED_PROXY_COUNT must be a whole number of proxies (0: none trusted)")
    _check_suppression(settings)
    if settings["CARD_LANGUAGE"] not in ("en", "zh"):
        raise ValueError("CARD_LANGUAGE must be 'en' or 'zh'")
    _check_insights(settings)
    settings["CORS_ALLOWED_ORIGINS"] = _origins(settings["CORS_ALLOWED_ORIGINS"])
    if settings["LOG_FORMAT"] not in ("text", "json"):
        raise ValueError("LOG_FORMAT must be 'text' or 'json'")
    token = settings["METRICS_TOKEN"]
    if token is not None and (not isinstance(token, str) or len(token) < 16):
        raise ValueError("METRICS_TOKEN must be a secret of at least 16 characters (or unset: /metrics is open)")
    ready = settings["READY_TIMEOUT_SECONDS"]
    if isinstance(ready, bool) or not isinstance(ready, int | float) or ready <= 0:
        raise ValueError("READY_TIMEOUT_SECONDS must be a positive number of seconds")
    return settings


def _origins(value: Any) -> list[str]:
    """CORS_ALLOWED_ORIGINS as a list: from "*", a JSON list, a comma-separated list, or a list."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise ValueError(
                    f"CORS_ALLOWED_ORIGINS looks like a JSON list but is not valid JSON: {text!r}"
                ) from None
        else:
            value = text.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(origin, str) for origin in value):
        raise ValueError('CORS_ALLOWED_ORIGINS must be "*", a JSON list of origins, or a comma-separated list')
    return [origin.strip().rstrip("/") for origin in value if origin.strip()]


PSEUDONYM_KEY_MIN_LENGTH = 32  # an HMAC key (cds_service.card_memory): 128 bits of hex at the least


def _check_suppression(settings: dict[str, Any]) -> None:
    key = settings["PATIENT_PSEUDONYM_KEY"]
    if key is not None and (not isinstance(key, str) or len(key) < PSEUDONYM_KEY_MIN_LENGTH):
        raise ValueError(
            f"PATIENT_PSEUDONYM_KEY must be a secret of at least {PSEUDONYM_KEY_MIN_LENGTH} characters "
            "(e.g. 64 hex digits)"
        )
    days, keep = settings["CARD_SUPPRESSION_DAYS"], settings["SHOWN_CARD_RETENTION_DAYS"]
    for name, value in (("CARD_SUPPRESSION_DAYS", days), ("SHOWN_CARD_RETENTION_DAYS", keep)):
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"{name} must be a number of days, 0 or more")
    if keep < days:
        raise ValueError(
            "SHOWN_CARD_RETENTION_DAYS must be at least CARD_SUPPRESSION_DAYS: suppression reads those rows"
        )
    reasons = settings["CARD_SUPPRESSION_REASONS"]
    if not isinstance(reasons, list) or not set(reasons) <= set(OVERRIDE_REASON_CODES):
        raise ValueError(f"CARD_SUPPRESSION_REASONS must list override reason codes of {sorted(OVERRIDE_REASON_CODES)}")


def _check_insights(settings: dict[str, Any]) -> None:
    user, password_hash = settings["INSIGHTS_USER"], settings["INSIGHTS_PASSWORD_HASH"]
    if bool(user) != bool(password_hash):
        raise ValueError("set both INSIGHTS_USER and INSIGHTS_PASSWORD_HASH (or neither: insights disabled)")
    if password_hash and not (
        isinstance(password_hash, str) and password_hash.startswith(("scrypt:", "pbkdf2:")) and "$" in password_hash
    ):
        raise ValueError(
            "INSIGHTS_PASSWORD_HASH must be a Werkzeug password hash (scrypt:… or pbkdf2:…), never the password; "
            "see docs/insights.md"
        )
    try:
        ZoneInfo(str(settings["INSIGHTS_TIMEZONE"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"INSIGHTS_TIMEZONE must be an IANA time zone such as Asia/Shanghai, "
                         f"not {settings['INSIGHTS_TIMEZONE']!r}") from None
    days = settings["INSIGHTS_MAX_DAYS"]
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError("INSIGHTS_MAX_DAYS must be a whole number of days, 1 or more")
