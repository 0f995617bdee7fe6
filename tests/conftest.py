"""Shared fixtures: the app (fresh SQLite file per test) and its test client."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cds_service import create_app
from cds_service.database import engine_for

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "cds-hooks" / "examples"
FHIR_DATA = SHARED / "fhir-data"

# The session-scoped real FHIR server (sekmet-fhir); fresh SQLite and PostgreSQL databases per test;
# Chromium driven by Playwright for the pages (tests/browser.py).
pytest_plugins = ["fhir_server.fixture", "databases", "browser"]


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
    if os.environ.get("CARD_STATS_FILE"):
        _record_cards(app, Path(os.environ["CARD_STATS_FILE"]))
    yield app
    # Engines live per URL for the process (database.engine_for); this test's file is not used again, so its
    # pooled connections are closed now rather than held open until the worker ends.
    engine_for(app.config["DATABASE_URL"]).dispose()


def _record_cards(app, path: Path) -> None:
    """Append every card the app answers with to a JSON-lines file (scripts/card_stats.py reads it)."""

    from flask import g, request

    @app.before_request
    def _keep_body():  # the service reads the body uncached; keep a copy to replay in the other language
        g.card_stats_body = request.get_data(cache=True)

    @app.after_request
    def _record(response):
        body = response.get_json(silent=True) if response.is_json else None
        if isinstance(body, dict) and isinstance(body.get("cards"), list):
            line = {
                "test": os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0],
                "path": request.path,
                "request": json.loads(g.card_stats_body) if g.get("card_stats_body") else None,
                "language": app.config["CARD_LANGUAGE"],
                "cards": body["cards"],
            }
            with path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return response


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def prefetch_keys(client):
    """The prefetch keys bm-patient-view asks for (derived from its rules), as an EHR would read them."""
    services = client.get("/cds-services").get_json()["services"]
    return list(next(s for s in services if s["id"] == "bm-patient-view")["prefetch"])
