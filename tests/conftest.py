"""Shared fixtures: the app (fresh SQLite file per test) and its test client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cds_service import create_app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "cds-hooks" / "examples"
FHIR_DATA = SHARED / "fhir-data"

pytest_plugins = ["fhir_server.fixture"]  # the session-scoped real FHIR server (sekmet-fhir)


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def app_config(tmp_path):
    """Settings for a test app; tests may change them before ``app`` is built."""
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}", "JWT_REQUIRED": False}


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def prefetch_keys(client):
    """The prefetch keys bm-patient-view asks for (derived from its rules), as an EHR would read them."""
    services = client.get("/cds-services").get_json()["services"]
    return list(next(s for s in services if s["id"] == "bm-patient-view")["prefetch"])
