"""Browser clients (the CDS Hooks sandbox) can call every endpoint across origins, and only allowed origins can."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, load_json

from cds_service import create_app
from cds_service.services import SERVICES

PREFLIGHTS = load_json(EXAMPLES / "sandbox-captured" / "00-cors-preflight-requests.json")
SANDBOX_ORIGIN = PREFLIGHTS[0]["headers"]["Origin"]  # http://127.0.0.1:8080
FOREIGN_ORIGIN = "https://attacker.example"
FEEDBACK = load_json(EXAMPLES / "spec-2.0.1" / "spec-19-feedback-accepted.json")

# The sandbox's POST preflight, replayed against every URL a client POSTs to.
_POST_PREFLIGHT = next(p["headers"] for p in PREFLIGHTS if p["headers"]["Access-Control-Request-Method"] == "POST")
POST_URLS = [f"/cds-services/{sid}" for sid in SERVICES] + [f"/cds-services/{sid}/feedback" for sid in SERVICES]


def _preflight(client, path: str, headers: dict):
    sent = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
    return client.options(path, headers=sent)


def _listed(header: str | None) -> set[str]:
    return {part.strip().lower() for part in (header or "").split(",") if part.strip()}


def _assert_preflight_allows(response, headers: dict) -> None:
    assert 200 <= response.status_code < 300
    assert response.headers.get("Access-Control-Allow-Origin") in ("*", headers["Origin"])
    methods = _listed(response.headers.get("Access-Control-Allow-Methods"))
    assert {"get", "post", headers["Access-Control-Request-Method"].lower()} <= methods
    allowed = _listed(response.headers.get("Access-Control-Allow-Headers"))
    assert {"authorization", "content-type"} | _listed(headers["Access-Control-Request-Headers"]) <= allowed
    assert "Access-Control-Allow-Credentials" not in response.headers  # no cookies: never credentials


@pytest.mark.parametrize("captured", PREFLIGHTS, ids=[p["path"] for p in PREFLIGHTS])
def test_the_sandboxs_captured_preflights_are_allowed(client, captured):
    _assert_preflight_allows(_preflight(client, captured["path"], captured["headers"]), captured["headers"])


@pytest.mark.parametrize("path", POST_URLS)
def test_a_post_preflight_is_allowed_on_every_service_and_feedback_url(client, path):
    _assert_preflight_allows(_preflight(client, path, _POST_PREFLIGHT), _POST_PREFLIGHT)


def test_discovery_answers_the_browser_with_an_allow_origin_header(client):
    response = client.get("/cds-services", headers={"Origin": SANDBOX_ORIGIN})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] in ("*", SANDBOX_ORIGIN)


def test_feedback_answers_the_browser_with_an_allow_origin_header(client):
    response = client.post("/cds-services/bm-patient-view/feedback", json=FEEDBACK, headers={"Origin": SANDBOX_ORIGIN})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] in ("*", SANDBOX_ORIGIN)


def test_an_error_from_a_service_can_be_read_by_the_browser(client):
    response = client.post(
        "/cds-services/bm-patient-view",
        data="{not json",
        content_type="application/json",
        headers={"Origin": SANDBOX_ORIGIN},
    )

    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] in ("*", SANDBOX_ORIGIN)


@pytest.mark.parametrize(
    "allowed",
    [
        f"https://ehr.example.org, {SANDBOX_ORIGIN}",
        json.dumps(["https://ehr.example.org", SANDBOX_ORIGIN]),  # the README's JSON form, as the environment gives it
        ["https://ehr.example.org", SANDBOX_ORIGIN],
    ],
    ids=["comma-separated", "json-list", "list"],
)
class TestOnlyListedOriginsAreAllowed:
    @pytest.fixture
    def app_config(self, app_config, allowed):
        return {**app_config, "CORS_ALLOWED_ORIGINS": allowed}

    def test_a_listed_origin_is_echoed_and_varies_the_cache(self, client, allowed):
        preflight = _preflight(client, "/cds-services/bm-patient-view", _POST_PREFLIGHT)
        response = client.get("/cds-services", headers={"Origin": SANDBOX_ORIGIN})

        _assert_preflight_allows(preflight, _POST_PREFLIGHT)
        assert preflight.headers["Access-Control-Allow-Origin"] == SANDBOX_ORIGIN
        assert response.headers["Access-Control-Allow-Origin"] == SANDBOX_ORIGIN
        assert "origin" in _listed(response.headers.get("Vary"))

    def test_a_foreign_origin_gets_no_allow_header(self, client, allowed):
        foreign = {**_POST_PREFLIGHT, "Origin": FOREIGN_ORIGIN}

        preflight = _preflight(client, "/cds-services/bm-patient-view", foreign)
        response = client.get("/cds-services", headers={"Origin": FOREIGN_ORIGIN})

        assert "Access-Control-Allow-Origin" not in preflight.headers
        assert "Access-Control-Allow-Origin" not in response.headers


class TestPreflightNeedsNoToken:
    """Browsers never send Authorization on a preflight, so it must succeed without one."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "JWT_REQUIRED": True, "TRUSTED_ISSUERS": {}}

    @pytest.mark.parametrize("path", POST_URLS)
    def test_preflight_succeeds_while_the_post_itself_is_refused(self, client, path):
        preflight = _preflight(client, path, _POST_PREFLIGHT)
        post = client.post(path, json=FEEDBACK, headers={"Origin": SANDBOX_ORIGIN})

        _assert_preflight_allows(preflight, _POST_PREFLIGHT)
        assert post.status_code == 401
        assert post.json["error"] == "unauthorized"
        assert post.headers["Access-Control-Allow-Origin"] in ("*", SANDBOX_ORIGIN)  # the browser can show why


@pytest.mark.parametrize("setting", [json.dumps([SANDBOX_ORIGIN]), f"{SANDBOX_ORIGIN}/, https://ehr.example.org"])
def test_origins_from_the_environment_as_a_json_or_comma_list_are_allowed(monkeypatch, tmp_path, setting):
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", setting)
    client = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'cors.sqlite3'}", "JWT_REQUIRED": False}).test_client()

    preflight = _preflight(client, "/cds-services/bm-patient-view", _POST_PREFLIGHT)
    foreign = client.get("/cds-services", headers={"Origin": FOREIGN_ORIGIN})

    _assert_preflight_allows(preflight, _POST_PREFLIGHT)
    assert preflight.headers["Access-Control-Allow-Origin"] == SANDBOX_ORIGIN
    assert "Access-Control-Allow-Origin" not in foreign.headers


def test_a_cors_setting_that_starts_like_json_but_is_not_is_refused_at_start_up(tmp_path):
    with pytest.raises(ValueError, match="CORS_ALLOWED_ORIGINS"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite3'}", "CORS_ALLOWED_ORIGINS": '["https://a'})
