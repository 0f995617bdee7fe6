"""``bone-mets-cds check-config``: the settings read as the service reads them, each problem named, exit 0/1."""

from __future__ import annotations

import json
import os

import pytest
from cli_helpers import run_cli, run_script

from cds_service.config import DEFAULTS

SERVER_VARIABLES = (
    "HOST",
    "PORT",
    "WORKERS",
    "THREADS",
    "CLIENT_TIMEOUT_SECONDS",
    "CONNECTION_LIMIT",
    "WORKER_TIMEOUT_SECONDS",
    "TERMINOLOGY_DIR",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """Only what each test sets: none of the runner's own settings leak in."""
    for name in (*DEFAULTS, *SERVER_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cds.sqlite3'}")


def check(capsys, monkeypatch, *argv: str, **environment: str):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return run_cli(capsys, "check-config", *argv)


def test_good_settings_pass_with_the_development_only_ones_as_warnings(capsys, monkeypatch):
    result = check(capsys, monkeypatch, JWT_REQUIRED="false", CARD_LANGUAGE="zh", PORT="9000")
    assert result.code == 0, result.out
    assert "warning: JWT_REQUIRED: is false: calls without a token are answered (development only)" in result.out
    assert "error" not in result.out.replace("0 errors", "")
    assert result.out.splitlines()[-1].startswith("settings OK: 0 errors, 2 warnings")


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("FHIR_MAX_PAGES", "0", "error: FHIR_MAX_PAGES: must be at least 1, got 0"),
        ("FHIR_READ_TIMEOUT_SECONDS", "-1", "error: FHIR_READ_TIMEOUT_SECONDS: must be a positive number of seconds"),
        ("JWT_LEEWAY_SECONDS", "a minute", "error: JWT_LEEWAY_SECONDS: must be a whole number, got 'a minute'"),
        ("JWT_REQUIRED", "maybe", "error: JWT_REQUIRED: must be true or false, got 'maybe'"),
        ("PORT", "70000", "error: PORT: must be 1-65535, got 70000"),
        ("THREADS", "0", "error: THREADS: must be at least 1, got 0"),
        ("PUBLIC_BASE_URL", "cds.example.org", "error: PUBLIC_BASE_URL: must be an absolute http(s) URL"),
        (
            "ALLOWED_FHIR_SERVERS",
            "https://ehr.example.org/fhir,ftp://files",
            "'ftp://files' is not an http(s) base URL",
        ),
        ("CORS_ALLOWED_ORIGINS", "https://sandbox.cds-hooks.org/index.html", "is not an origin such as"),
        (
            "TRUSTED_ISSUERS",
            '{"https://ehr.example.org": {"jwks_uri": "https://x"}}',
            "has unknown field(s) ['jwks_uri']",
        ),
        ("TRUSTED_ISSUERS", '{"https://ehr.example.org": ', "error: TRUSTED_ISSUERS: is not valid JSON"),
        ("TRUSTED_ISSUERS", '{"https://e.org": {"jwks_url": "http://e.org/jwks"}}', "must use https"),
        ("CARD_LANGUAGE", "fr", "error: CARD_LANGUAGE: must be 'en' or 'zh'"),
        ("GUIDELINE_SETTINGS", '{"mirels_threshold": 9}', "unknown guideline settings: mirels_threshold"),
        ("DATABASE_URL", "mysql://db/cds", "error: DATABASE_URL: must name sqlite or postgresql, not 'mysql'"),
        ("DATABASE_URL", "sqlite:////no/such/folder/cds.sqlite3", "folder /no/such/folder is missing or not writable"),
        ("REDIS_URL", "http://cache:6379", "error: REDIS_URL: must be a redis://, rediss:// or unix:// URL"),
        ("PATIENT_PSEUDONYM_KEY", "short", "error: PATIENT_PSEUDONYM_KEY: must be a secret of at least 32 characters"),
        ("LOG_LEVEL", "LOUD", "error: LOG_LEVEL: must be DEBUG, INFO, WARNING, ERROR or CRITICAL"),
        ("TERMINOLOGY_DIR", "/no/such/folder", "error: TERMINOLOGY_DIR: /no/such/folder is not a directory"),
    ],
)
def test_a_bad_setting_is_named_with_what_is_wrong(capsys, monkeypatch, name, value, message):
    result = check(capsys, monkeypatch, **{name: value})
    assert result.code == 1
    assert message in result.out, result.out
    assert result.out.splitlines()[-1].startswith("settings NOT usable: 1 error,")


def test_every_bad_setting_is_listed_not_only_the_first(capsys, monkeypatch):
    result = check(capsys, monkeypatch, FHIR_MAX_PAGES="0", CARD_LANGUAGE="fr", PORT="x", SHOWN_CARD_RETENTION_DAYS="3")
    assert result.code == 1
    errors = [line.split(":")[1].strip() for line in result.out.splitlines() if line.startswith("error:")]
    assert errors == ["CARD_LANGUAGE", "FHIR_MAX_PAGES", "PORT", "SHOWN_CARD_RETENTION_DAYS"]


def test_settings_that_fit_together_are_not_judged_one_by_one(capsys, monkeypatch):
    result = check(capsys, monkeypatch, CARD_SUPPRESSION_DAYS="2", SHOWN_CARD_RETENTION_DAYS="3")
    assert result.code == 0, result.out


def test_secrets_are_never_printed(capsys, monkeypatch):
    result = check(
        capsys,
        monkeypatch,
        "--connect",
        PATIENT_PSEUDONYM_KEY="hunter2",
        DATABASE_URL="postgresql://u:s3cret@127.0.0.1:1/x",
    )
    assert result.code == 1
    assert "hunter2" not in result.out and "s3cret" not in result.out


def test_connect_reaches_the_database_redis_and_each_jwks_url(capsys, monkeypatch, tmp_path):
    unreachable = check(
        capsys,
        monkeypatch,
        "--connect",
        DATABASE_URL="postgresql://cds@127.0.0.1:1/cds",
        REDIS_URL="redis://127.0.0.1:1/0",
        TRUSTED_ISSUERS=json.dumps({"https://ehr.example.org": {"jwks_url": "https://127.0.0.1:1/jwks.json"}}),
    )
    assert unreachable.code == 1
    assert "error: DATABASE_URL: cannot connect (OperationalError)" in unreachable.out
    assert "error: REDIS_URL: cannot connect (ConnectionError)" in unreachable.out
    assert "JWK Set of https://ehr.example.org at https://127.0.0.1:1/jwks.json cannot be fetched" in unreachable.out
    assert check(capsys, monkeypatch, DATABASE_URL="postgresql://cds@127.0.0.1:1/cds").code == 0  # not tried


@pytest.mark.postgres
def test_a_reachable_postgresql_and_redis_pass(capsys, monkeypatch, postgres_url):
    result = check(capsys, monkeypatch, "--connect", DATABASE_URL=postgres_url, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.code == 0, result.out


def test_the_installed_script_reports_a_setting_that_would_stop_the_service_importing(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if k not in DEFAULTS}, "TERMINOLOGY_DIR": str(tmp_path / "none")}
    done = run_script("check-config", env=env)
    assert done.code == 1 and "Traceback" not in done.err
    assert f"error: TERMINOLOGY_DIR: {tmp_path / 'none'} is not a directory" in done.out
