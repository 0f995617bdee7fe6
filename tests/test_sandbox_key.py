"""The sandbox's public key kept in docs/sandbox is the one the sandbox signs with, and the service takes it."""

from __future__ import annotations

import json

from cds_service import create_app
from tests.conftest import EXAMPLES, ROOT, load_json

KEPT = ROOT / "docs" / "sandbox" / "jwks.json"


def test_the_kept_sandbox_key_is_the_captured_one():
    assert load_json(KEPT) == load_json(EXAMPLES / "sandbox-captured" / "sandbox-jwks.json")


def test_the_kept_sandbox_key_names_the_kid_the_sandbox_sends():
    captured = load_json(EXAMPLES / "sandbox-captured" / "01-patient-view.json")
    kids = {key["kid"] for key in load_json(KEPT)["keys"]}
    assert json.dumps(captured).count("44823f3d-0b01-4a6c-a80e-b9d3e8a7226f") and kids == {
        "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f"
    }


def test_the_documented_inline_trust_starts_the_service(tmp_path):
    issuers = {
        "https://sandbox.cds-hooks.org": {
            "jwks": load_json(KEPT),
            "jku": "https://sandbox.cds-hooks.org/.well-known/jwks.json",
            "algorithms": ["ES384"],
        }
    }
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "TRUSTED_ISSUERS": issuers})
    assert app.test_client().get("/cds-services").status_code == 200
