"""Only trusted CDS clients get answers: JWT checks as a client meets them, over HTTP.

Every test sends real requests through the Flask app, signed by test clients
(tests/jwt_helpers.py). A rejection is always the same bland 401 to the caller;
where it matters which check fired, the test reads the reason from the log.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import uuid

import pytest
import redis
import requests
import responses
from conftest import EXAMPLES, ROOT, SHARED, load_json
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt_helpers import (
    ISSUER,
    ClientKey,
    bearer,
    claims,
    ec_p256_key,
    ec_p384_key,
    hs256_token,
    jwks,
    rsa_key,
    unsigned_token,
)

from cds_service import auth, create_app
from cds_service import jwks as jwks_module
from cds_service.replay import MemoryReplayStore, RedisReplayStore

SERVICE = "/cds-services/bm-patient-view"
URL = "http://localhost" + SERVICE  # what the Flask test client calls
FEEDBACK = SERVICE + "/feedback"
JWKS_URL = "https://ehr.example.org/.well-known/jwks.json"
REDIS_URL = "redis://127.0.0.1:6379/0"
EMPTY_BUNDLE = {"resourceType": "Bundle", "type": "searchset", "entry": []}
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1958-04-02"}
REJECTED = {"error": "unauthorized", "detail": "token rejected"}
FEEDBACK_BODY = load_json(EXAMPLES / "spec-2.0.1" / "spec-20-feedback-overridden-no-reason.json")


@pytest.fixture(scope="module")
def ec_key():
    return ec_p384_key()


@pytest.fixture(scope="module")
def rsa_client_key():
    return rsa_key()


@pytest.fixture
def trusted(app_config, ec_key, rsa_client_key):
    """Our test EHR is the one trusted issuer, its JWK Set inline, default algorithms."""
    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={ISSUER: {"jwks": jwks(ec_key, rsa_client_key)}})
    return app_config


@pytest.fixture
def remote_jwks(app_config, ec_key):
    """Our test EHR is trusted by jwks_url; the test serves that URL with `responses`."""
    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={ISSUER: {"jwks_url": JWKS_URL}})
    with responses.RequestsMock(assert_all_requests_are_fired=False) as served:
        yield served


@pytest.fixture
def auth_log(caplog):
    caplog.set_level(logging.INFO, logger="cds_service.auth")
    return caplog


@pytest.fixture
def redis_prefix():
    """A key prefix of this test alone; skips when no Redis runs on 127.0.0.1:6379."""
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"test-auth:{uuid.uuid4()}:"
    yield prefix
    for key in connection.scan_iter(prefix + "*"):
        connection.delete(key)
    connection.close()


def patient_view_request(client) -> dict:
    """A minimal valid patient-view call that prefetches everything discovery asks for."""
    service = next(s for s in client.get("/cds-services").get_json()["services"] if s["id"] == "bm-patient-view")
    prefetch = {key: EMPTY_BUNDLE for key in service.get("prefetch", {})}
    prefetch["patient"] = PATIENT
    return {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"patientId": "p1", "userId": "Practitioner/1"},
        "prefetch": prefetch,
    }


def call(client, token: str | None = None, *, path: str = SERVICE, headers: dict | None = None):
    body = FEEDBACK_BODY if path.endswith("/feedback") else patient_view_request(client)
    sent = {**(bearer(token) if token else {}), **(headers or {})}
    return client.post(path, json=body, headers=sent)


def assert_rejected(response, log=None, reason: str | None = None) -> None:
    assert response.status_code == 401
    assert response.get_json() == REJECTED
    assert response.headers["WWW-Authenticate"] == "Bearer"
    if reason is not None:
        assert reason in log.text


# -- Accepted ----------------------------------------------------------------------------


def test_a_call_signed_with_es384_by_a_trusted_client_is_answered(trusted, client, ec_key):
    response = call(client, ec_key.sign(claims(URL)))
    assert response.status_code == 200
    assert isinstance(response.get_json()["cards"], list)


def test_a_call_signed_with_rs384_by_a_trusted_client_is_answered(trusted, client, rsa_client_key):
    assert call(client, rsa_client_key.sign(claims(URL))).status_code == 200


@pytest.mark.parametrize(
    "aud, accepted",
    [
        (URL, True),
        ([URL], True),
        (["https://other.example.org/cds-services/x", URL], True),
        (URL + "/", True),  # a trailing slash is the one difference tolerated
        ("http://localhost/cds-services/bm-order-sign", False),
        ("http://localhost/cds-services", False),
        ("https://localhost" + SERVICE, False),
        (URL + "/feedback", False),
        (["https://other.example.org/cds-services/x"], False),
        ([], False),
    ],
)
def test_aud_must_name_the_service_url_that_was_called(trusted, client, ec_key, auth_log, aud, accepted):
    response = call(client, ec_key.sign(claims(aud)))
    if accepted:
        assert response.status_code == 200
    else:
        assert_rejected(response, auth_log, "does not name")


def test_behind_a_proxy_aud_must_be_the_public_url(trusted, app_config, ec_key):
    app_config["PUBLIC_BASE_URL"] = "https://cds.example.org/"
    client = create_app(app_config).test_client()
    assert call(client, ec_key.sign(claims("https://cds.example.org" + SERVICE))).status_code == 200
    assert_rejected(call(client, ec_key.sign(claims(URL))))


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_client_host_header_never_chooses_the_audience(trusted, client, ec_key, scheme):
    """Issue 13.6: a token minted for another service, sent with that service's Host, is not ours to accept."""
    spoofed = {"Host": "other-cds.example", "X-Forwarded-Proto": scheme, "X-Forwarded-Host": "other-cds.example"}
    response = call(client, ec_key.sign(claims(f"{scheme}://other-cds.example{SERVICE}")), headers=spoofed)
    assert response.status_code == 421
    assert response.get_json()["error"] == "misdirected-request"
    assert "other-cds.example" not in response.get_data(as_text=True)


def test_allowed_hosts_name_the_hosts_the_service_answers_as(trusted, app_config, ec_key):
    app_config["ALLOWED_HOSTS"] = ["cds.internal:8080", "cds-b.internal"]
    client = create_app(app_config).test_client()
    for host in ("cds.internal:8080", "CDS-B.internal:9000"):
        aud = f"http://{host.lower()}{SERVICE}"
        assert call(client, ec_key.sign(claims(aud)), headers={"Host": host}).status_code == 200
    for host in ("cds.internal:9999", "localhost", "other-cds.example"):
        response = call(client, ec_key.sign(claims(f"http://{host}{SERVICE}")), headers={"Host": host})
        assert response.status_code == 421, host


def test_forwarded_headers_are_trusted_only_from_a_configured_proxy(trusted, app_config, ec_key):
    app_config.update(ALLOWED_HOSTS=["cds.example.org"], TRUSTED_PROXY_COUNT=1)
    client = create_app(app_config).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "cds.example.org"}
    aud = "https://cds.example.org" + SERVICE
    assert call(client, ec_key.sign(claims(aud)), headers=forwarded).status_code == 200
    # The proxy names the host the client asked for; a host outside ALLOWED_HOSTS is still refused.
    other = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "other-cds.example"}
    assert call(client, ec_key.sign(claims("https://other-cds.example" + SERVICE)), headers=other).status_code == 421


@pytest.mark.parametrize("public_base_url", [None, "https://cds.example.org"])
def test_card_links_never_follow_the_client_host_header(app_config, public_base_url):
    app_config["PUBLIC_BASE_URL"] = public_base_url
    client = create_app(app_config).test_client()
    body = load_json(ROOT / "docs" / "examples" / "patient-view-request.json")  # answered with linked cards
    response = client.post(SERVICE, json=body, headers={"Host": "other-cds.example"})
    assert "other-cds.example" not in response.get_data(as_text=True)
    if public_base_url:
        assert response.status_code == 200
        assert "https://cds.example.org/rules/" in response.get_data(as_text=True)
    else:
        assert response.status_code == 421


# -- Missing or garbled header -----------------------------------------------------------


def test_a_call_without_authorization_header_gets_a_json_401(trusted, client):
    response = call(client)
    assert response.status_code == 401
    assert response.get_json() == {"error": "unauthorized", "detail": "missing bearer token"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header, detail",
    [
        ("Basic dXNlcjpwYXNz", "missing bearer token"),
        ("Bearer", "missing bearer token"),
        ("Bearer    ", "missing bearer token"),
        ("eyJhbGciOiJFUzM4NCJ9", "missing bearer token"),
        ("Bearer not-a-jwt", "token rejected"),
        ("Bearer a.b.c", "token rejected"),
        ("Bearer " + "A" * 20_000, "token rejected"),
    ],
)
def test_an_authorization_header_without_a_usable_bearer_token_gets_a_401(trusted, client, header, detail):
    response = call(client, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json() == {"error": "unauthorized", "detail": detail}


# -- Time, lifetime, required claims -----------------------------------------------------


@pytest.mark.parametrize(
    "issued_ago, lifetime, accepted",
    [
        (400, 300, False),  # expired 100 s ago: beyond the 60 s leeway
        (330, 300, True),  # expired 30 s ago: within the leeway
        (-120, 300, False),  # issued 2 min in the future
        (-30, 300, True),  # issued 30 s in the future: clock skew
        (0, 3600, True),  # lifetime exactly JWT_MAX_LIFETIME_SECONDS
        (0, 3601, False),
        (0, 86_400, False),
    ],
)
def test_tokens_must_be_current_and_short_lived(trusted, client, ec_key, issued_ago, lifetime, accepted):
    token_claims = claims(URL, lifetime=lifetime)
    token_claims["iat"] -= issued_ago
    token_claims["exp"] -= issued_ago
    response = call(client, ec_key.sign(token_claims))
    if accepted:
        assert response.status_code == 200
    else:
        assert_rejected(response)


@pytest.mark.parametrize("claim", ["iss", "aud", "exp", "iat", "jti"])
def test_a_token_missing_a_required_claim_is_rejected(trusted, client, ec_key, claim):
    token_claims = claims(URL)
    del token_claims[claim]
    assert_rejected(call(client, ec_key.sign(token_claims)))


@pytest.mark.parametrize("field", ["exp", "iat"])
def test_time_claims_that_are_not_numbers_are_rejected(trusted, client, ec_key, auth_log, field):
    token_claims = claims(URL)
    token_claims[field] = str(token_claims[field])
    assert_rejected(call(client, ec_key.sign(token_claims)), auth_log, "must be numbers of seconds")


@pytest.mark.parametrize("jti", ["", 42, "x" * 256])
def test_a_jti_that_is_not_a_short_string_is_rejected(trusted, client, ec_key, jti):
    assert_rejected(call(client, ec_key.sign(claims(URL, jti=jti))))


# -- Issuer, algorithm, key --------------------------------------------------------------


@pytest.mark.parametrize("iss", ["https://evil.example.org", ISSUER + "/", "https://EHR.example.org"])
def test_a_token_from_an_issuer_not_on_the_allowlist_is_rejected(trusted, client, ec_key, auth_log, iss):
    assert_rejected(call(client, ec_key.sign(claims(URL, iss=iss))), auth_log, "not in TRUSTED_ISSUERS")


def test_an_unsigned_alg_none_token_is_rejected(trusted, client, ec_key, auth_log):
    assert_rejected(call(client, unsigned_token(claims(URL), ec_key.kid)), auth_log, "'none' is not allowed")


@pytest.mark.parametrize("secret_form", ["pem", "jwk"])
def test_an_hs256_token_keyed_with_the_clients_public_key_is_rejected(trusted, client, ec_key, auth_log, secret_form):
    # The classic confusion attack: the public key is public, so an HMAC keyed with it is forgeable by anyone.
    secret = ec_key.public_pem() if secret_form == "pem" else json.dumps(ec_key.public_jwk()).encode()
    assert_rejected(call(client, hs256_token(claims(URL), secret, ec_key.kid)), auth_log, "'HS256' is not allowed")


def test_a_token_signed_by_another_key_under_a_trusted_kid_is_rejected(trusted, client, ec_key, auth_log):
    impostor = ec_p384_key(kid=ec_key.kid)
    assert_rejected(call(client, impostor.sign(claims(URL))), auth_log, "Signature verification failed")


def test_a_token_whose_payload_was_changed_after_signing_is_rejected(trusted, client, ec_key, auth_log):
    header, _, signature = ec_key.sign(claims("https://elsewhere.example.org/x")).split(".")
    forged_payload = ec_key.sign(claims(URL)).split(".")[1]
    assert_rejected(call(client, f"{header}.{forged_payload}.{signature}"), auth_log, "Signature verification failed")


def test_a_token_with_an_unknown_kid_is_rejected(trusted, client, auth_log):
    stranger = ec_p384_key(kid="not-in-the-set")
    assert_rejected(call(client, stranger.sign(claims(URL))), auth_log, "no key with this kid")


def test_a_token_without_kid_is_rejected(trusted, client, ec_key, auth_log):
    assert_rejected(call(client, ec_key.sign(claims(URL), kid=None)), auth_log, "no kid")


@pytest.mark.parametrize("typ", ["JWE", "at+jwt", "application/json", 7])
def test_a_typ_other_than_jwt_is_rejected(trusted, client, ec_key, auth_log, typ):
    assert_rejected(call(client, ec_key.sign(claims(URL), typ=typ)), auth_log, "is not JWT")


def test_an_oversized_token_is_rejected_before_it_is_parsed(trusted, client, ec_key, auth_log):
    token = ec_key.sign(claims(URL, padding="x" * 20_000))
    assert_rejected(call(client, token), auth_log, "token longer than")


def test_a_token_without_typ_is_accepted(trusted, client, ec_key):
    assert call(client, ec_key.sign(claims(URL), typ=None)).status_code == 200


@pytest.mark.parametrize(
    "make_key",
    [lambda: ec_p256_key(), lambda: rsa_key(kid="rsa-256", alg="RS256"), lambda: rsa_key(kid="rsa-ps", alg="PS384")],
    ids=["ES256", "RS256", "PS384"],
)
def test_an_algorithm_beyond_es384_and_rs384_is_accepted_only_when_the_issuer_lists_it(app_config, make_key):
    key = make_key()
    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={ISSUER: {"jwks": jwks(key)}})
    assert_rejected(call(create_app(app_config).test_client(), key.sign(claims(URL))))
    app_config["TRUSTED_ISSUERS"][ISSUER]["algorithms"] = ["ES384", key.alg]
    assert call(create_app(app_config).test_client(), key.sign(claims(URL))).status_code == 200


def test_a_key_is_never_used_for_an_alg_its_jwk_does_not_name(app_config, rsa_client_key, auth_log):
    # The JWK says RS384; a PS384 signature by the same key pair must not pass under it.
    app_config.update(
        JWT_REQUIRED=True, TRUSTED_ISSUERS={ISSUER: {"jwks": jwks(rsa_client_key), "algorithms": ["RS384", "PS384"]}}
    )
    twin = ClientKey(rsa_client_key.kid, "PS384", rsa_client_key.private_key)
    assert_rejected(call(create_app(app_config).test_client(), twin.sign(claims(URL))), auth_log, "does not fit")


def test_a_tenant_allowlist_admits_only_its_tenants(app_config, ec_key):
    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={ISSUER: {"jwks": jwks(ec_key), "tenants": ["hospital-a"]}})
    client = create_app(app_config).test_client()
    assert call(client, ec_key.sign(claims(URL, tenant="hospital-a"))).status_code == 200
    assert_rejected(call(client, ec_key.sign(claims(URL, tenant="hospital-b"))))
    assert_rejected(call(client, ec_key.sign(claims(URL))))


@pytest.mark.parametrize(
    "tenant", [["hospital-a"], {"id": "hospital-a"}, ["hospital-a", "hospital-b"], 1, None], ids=repr
)
def test_a_tenant_claim_that_is_not_a_string_is_a_401(app_config, ec_key, tenant):
    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={ISSUER: {"jwks": jwks(ec_key), "tenants": ["hospital-a"]}})
    client = create_app(app_config).test_client()
    assert_rejected(call(client, ec_key.sign(claims(URL, tenant=tenant))))


HUGE = 10**400  # a 401-digit number: no float holds it


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": HUGE},
        {"iat": HUGE},
        {"exp": HUGE, "iat": HUGE - 10},
        {"nbf": HUGE},
        {"exp": -HUGE},
        {"exp": 1e308, "iat": 1e308 - 10},
    ],
    ids=["exp", "iat", "exp-and-iat", "nbf", "negative-exp", "float-max"],
)
def test_time_claims_too_large_for_a_clock_are_a_401(trusted, client, ec_key, changes):
    assert_rejected(call(client, ec_key.sign({**claims(URL), **changes})))


@pytest.mark.parametrize(
    "token", ["é" * 40, "eyJhbGciOi\u0416.x.y", "a.b.c\u00e9\u4e2d"], ids=["latin-1", "cyrillic", "cjk"]
)
def test_a_bearer_token_with_characters_outside_ascii_is_a_401(trusted, client, token):
    raw = {"Authorization": ("Bearer " + token).encode("utf-8").decode("latin-1")}  # the bytes a client sends
    response = call(client, None, headers=raw)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


# -- jku ---------------------------------------------------------------------------------


def test_a_jku_other_than_the_configured_jwks_url_is_rejected_and_never_fetched(remote_jwks, client, ec_key, auth_log):
    attacker = "https://attacker.example.net/jwks.json"
    response = call(client, ec_key.sign(claims(URL), jku=attacker))
    assert_rejected(response, auth_log, "not the issuer's configured key set URL")
    assert len(remote_jwks.calls) == 0


def test_a_jku_on_an_inline_key_set_is_rejected_unless_configured(trusted, client, ec_key):
    assert_rejected(call(client, ec_key.sign(claims(URL), jku=JWKS_URL)))


def test_a_jku_equal_to_the_configured_jwks_url_is_accepted(remote_jwks, client, ec_key):
    remote_jwks.get(JWKS_URL, json=jwks(ec_key))
    assert call(client, ec_key.sign(claims(URL), jku=JWKS_URL)).status_code == 200


# -- Replay ------------------------------------------------------------------------------


def test_a_replayed_token_is_rejected_the_second_time(trusted, client, ec_key, auth_log):
    token = ec_key.sign(claims(URL))
    assert call(client, token).status_code == 200
    assert_rejected(call(client, token), auth_log, "already used (replay)")


def test_a_token_that_fails_a_check_does_not_use_up_its_jti(trusted, client, ec_key):
    token_claims = claims(URL)
    assert_rejected(call(client, ec_key.sign({**token_claims, "aud": "https://elsewhere.example.org"})))
    assert call(client, ec_key.sign(token_claims)).status_code == 200


def test_workers_sharing_redis_reject_a_token_replayed_on_another_worker(trusted, ec_key, redis_prefix):
    trusted.update(REDIS_URL=REDIS_URL, JWT_REPLAY_KEY_PREFIX=redis_prefix)
    worker_a, worker_b = create_app(trusted).test_client(), create_app(trusted).test_client()
    token = ec_key.sign(claims(URL))
    assert call(worker_a, token).status_code == 200
    assert_rejected(call(worker_b, token))


def test_workers_sharing_the_database_reject_a_token_replayed_on_another_worker(trusted, ec_key):
    # Without REDIS_URL the replay memory lives in DATABASE_URL, which every gunicorn worker shares.
    worker_a, worker_b = create_app(trusted).test_client(), create_app(trusted).test_client()
    token = ec_key.sign(claims(URL))
    assert call(worker_a, token).status_code == 200
    assert_rejected(call(worker_b, token))


def test_redis_store_keeps_a_jti_until_its_ttl_and_per_issuer(redis_prefix):
    store = RedisReplayStore(REDIS_URL, prefix=redis_prefix)
    assert store.first_use(ISSUER, "jti-1", 120) is True
    assert store.first_use(ISSUER, "jti-1", 120) is False
    assert store.first_use("https://other.example.org", "jti-1", 120) is True
    connection = redis.Redis.from_url(REDIS_URL)
    ttls = [connection.ttl(key) for key in connection.scan_iter(redis_prefix + "*")]
    connection.close()
    assert len(ttls) == 2 and all(100 < ttl <= 120 for ttl in ttls)


def test_memory_store_forgets_a_jti_after_its_ttl():
    now = [1000.0]
    store = MemoryReplayStore(clock=lambda: now[0])
    assert store.first_use(ISSUER, "jti-1", 60) is True
    now[0] += 59
    assert store.first_use(ISSUER, "jti-1", 60) is False
    now[0] += 2
    assert store.first_use(ISSUER, "jti-1", 60) is True
    assert len(store) == 1


def test_memory_store_lets_exactly_one_of_many_concurrent_uses_through():
    store = MemoryReplayStore()
    results: list[bool] = []
    start = threading.Barrier(16)

    def use() -> None:
        start.wait()
        results.append(store.first_use(ISSUER, "same-jti", 60))

    threads = [threading.Thread(target=use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 15 + [True]


# -- Endpoints ---------------------------------------------------------------------------


def test_the_feedback_endpoint_is_protected_and_its_own_url_is_the_aud(trusted, client, ec_key):
    assert call(client, path=FEEDBACK).status_code == 401
    assert_rejected(call(client, ec_key.sign(claims(URL)), path=FEEDBACK))
    assert call(client, ec_key.sign(claims(URL + "/feedback")), path=FEEDBACK).status_code == 200


def test_discovery_is_public(trusted, client):
    response = client.get("/cds-services")
    assert response.status_code == 200
    assert response.get_json()["services"]


# -- Remote JWK Sets ---------------------------------------------------------------------


def test_a_remote_jwks_is_fetched_once_and_then_served_from_the_cache(remote_jwks, client, ec_key):
    remote_jwks.get(JWKS_URL, json=jwks(ec_key))
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    assert len(remote_jwks.calls) == 1
    assert remote_jwks.calls[0].request.req_kwargs["timeout"] == 5  # JWKS_FETCH_TIMEOUT_SECONDS


def test_a_remote_jwks_is_fetched_again_after_its_ttl(remote_jwks, app_config, ec_key, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(jwks_module, "_now", lambda: clock[0])
    app_config["JWKS_CACHE_TTL_SECONDS"] = 300
    client = create_app(app_config).test_client()
    remote_jwks.get(JWKS_URL, json=jwks(ec_key))
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    clock[0] += 299
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    assert len(remote_jwks.calls) == 1
    clock[0] += 2
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    assert len(remote_jwks.calls) == 2


def test_a_rotated_key_is_found_by_a_refetch_and_made_up_kids_do_not_hammer_the_issuer(
    remote_jwks, client, ec_key, rsa_client_key, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(jwks_module, "_now", lambda: clock[0])
    remote_jwks.get(JWKS_URL, json=jwks(ec_key))
    remote_jwks.get(JWKS_URL, json=jwks(ec_key, rsa_client_key))  # the client rotated in a new key
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    clock[0] += jwks_module.MIN_REFETCH_SECONDS
    assert call(client, rsa_client_key.sign(claims(URL))).status_code == 200
    assert len(remote_jwks.calls) == 2
    for n in range(3):  # within MIN_REFETCH_SECONDS of the last fetch: no new fetch
        assert_rejected(call(client, ec_p384_key(kid=f"made-up-{n}").sign(claims(URL))))
    assert len(remote_jwks.calls) == 2
    clock[0] += jwks_module.MIN_REFETCH_SECONDS
    assert_rejected(call(client, ec_p384_key(kid="made-up-later").sign(claims(URL))))
    assert len(remote_jwks.calls) == 3


def test_a_failed_refetch_for_an_unknown_kid_keeps_the_cached_keys_working(
    remote_jwks, client, ec_key, auth_log, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(jwks_module, "_now", lambda: clock[0])
    remote_jwks.get(JWKS_URL, json=jwks(ec_key))
    remote_jwks.get(JWKS_URL, status=503)
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    clock[0] += jwks_module.MIN_REFETCH_SECONDS
    assert_rejected(call(client, ec_p384_key(kid="new").sign(claims(URL))), auth_log, "no key with this kid")
    assert "keeping the cached keys" in auth_log.text
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    assert len(remote_jwks.calls) == 2


@pytest.mark.parametrize(
    "served",
    [
        {"body": requests.ConnectionError("connection refused")},
        {"body": requests.ReadTimeout("read timed out")},
        {"status": 503, "json": {"error": "down"}},
        {"status": 302, "headers": {"Location": "https://attacker.example.net/jwks.json"}},
        {"status": 200, "body": "<html>maintenance</html>"},
        {"status": 200, "json": {"keys": []}},
        {"status": 200, "json": {"keys": [{"kty": "oct", "kid": "k", "k": "c2VjcmV0"}]}},
        {"status": 200, "body": b"{" + b" " * (jwks_module.MAX_JWKS_BYTES + 1) + b"}"},
    ],
    ids=["refused", "timeout", "503", "redirect", "not-json", "empty-set", "only-symmetric", "oversized"],
)
def test_a_jwks_server_that_fails_gives_401_and_a_logged_reason(remote_jwks, client, ec_key, auth_log, served):
    remote_jwks.get(JWKS_URL, **served)
    assert_rejected(call(client, ec_key.sign(claims(URL))), auth_log, "key set unavailable")
    assert any(r.levelno == logging.WARNING and JWKS_URL in r.getMessage() for r in auth_log.records)
    assert_rejected(call(client, ec_key.sign(claims(URL))))
    assert len(remote_jwks.calls) == 1  # the failure is not retried on every call


def test_a_jwks_server_that_never_answers_gives_401_after_the_fetch_timeout(app_config, ec_key, auth_log):
    with socket.socket() as silent:  # accepts connections (backlog) but never sends a byte
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/jwks.json"
        app_config.update(
            JWT_REQUIRED=True, JWKS_FETCH_TIMEOUT_SECONDS=0.2, TRUSTED_ISSUERS={ISSUER: {"jwks_url": url}}
        )
        response = call(create_app(app_config).test_client(), ec_key.sign(claims(URL)))
    assert_rejected(response, auth_log, "key set unavailable")


# -- Configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"jwks_url": JWKS_URL, "algorithms": ["HS256"]}, "symmetric"),
        ({"jwks_url": JWKS_URL, "algorithms": ["ES384", "hs512"]}, "symmetric"),
        ({"jwks_url": JWKS_URL, "algorithms": ["none"]}, "never accepted"),
        ({"jwks_url": JWKS_URL, "algorithms": ["ES384K"]}, "choose from"),
        ({"jwks_url": JWKS_URL, "algorithms": []}, "non-empty list"),
        ({"jwks_url": JWKS_URL, "algorithms": "ES384"}, "non-empty list"),
        ({"jwks_url": "http://ehr.example.org/jwks.json"}, "https"),
        ({"jwks_url": "jwks.json"}, "absolute https URL"),
        ({"jwks_url": JWKS_URL, "jwks": {"keys": []}}, "exactly one"),
        ({}, "exactly one"),
        ({"jwks_uri": JWKS_URL}, "unknown field"),
        ({"jwks": {"keys": []}}, "no EC or RSA signing key"),
        ({"jwks": [{"kty": "EC"}]}, "'keys' array"),
        ({"jwks_url": JWKS_URL, "jku": JWKS_URL}, "only for an inline"),
        ({"jwks_url": JWKS_URL, "tenants": "hospital-a"}, "tenants"),
        ({"jwks": {"keys": ["not-a-jwk"]}}, "must be an object"),
        ({"jwks": {"keys": [{"kty": "EC", "crv": "P-384", "kid": "k", "x": "AAAA"}]}}, "not a valid EC public key"),
        ({"jwks": {"keys": [{"kty": "RSA", "kid": "k", "e": "AQAB"}]}}, "not a valid RSA public key"),
        ("https://ehr.example.org/jwks.json", "must be an object"),
    ],
)
def test_a_bad_trusted_issuers_entry_stops_the_app_at_start_up(app_config, entry, message):
    app_config["TRUSTED_ISSUERS"] = {ISSUER: entry}
    with pytest.raises(ValueError, match=message):
        create_app(app_config)


@pytest.mark.parametrize(
    "setting, value, message",
    [
        ("TRUSTED_ISSUERS", [ISSUER], "must map each issuer"),
        ("TRUSTED_ISSUERS", {"": {"jwks_url": JWKS_URL}}, "non-empty strings"),
        ("JWT_LEEWAY_SECONDS", -1, "non-negative"),
        ("JWT_MAX_LIFETIME_SECONDS", 0, "positive"),
        ("JWKS_FETCH_TIMEOUT_SECONDS", "5", "positive"),
    ],
)
def test_bad_jwt_settings_stop_the_app_at_start_up(app_config, setting, value, message):
    app_config[setting] = value
    with pytest.raises(ValueError, match=message):
        create_app(app_config)


def test_a_kid_that_appears_twice_in_a_key_set_picks_no_key(app_config, ec_key, rsa_client_key, auth_log):
    twin = ec_p384_key(kid=ec_key.kid)
    key_set = {"keys": [ec_key.public_jwk(), twin.public_jwk(), rsa_client_key.public_jwk()]}
    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={ISSUER: {"jwks": key_set}})
    client = create_app(app_config).test_client()
    assert_rejected(call(client, ec_key.sign(claims(URL))), auth_log, "no key with this kid")
    assert call(client, rsa_client_key.sign(claims(URL))).status_code == 200


def test_a_private_key_in_the_configuration_stops_the_app_at_start_up(app_config, ec_key):
    private_jwk = {**ec_key.public_jwk(), "d": "c2VjcmV0"}
    app_config["TRUSTED_ISSUERS"] = {ISSUER: {"jwks": {"keys": [private_jwk]}}}
    with pytest.raises(ValueError, match="private key"):
        create_app(app_config)


def test_an_rsa_key_shorter_than_2048_bits_stops_the_app_at_start_up(app_config):
    weak = ClientKey("rsa-1024", "RS384", rsa.generate_private_key(public_exponent=65537, key_size=1024))
    app_config["TRUSTED_ISSUERS"] = {ISSUER: {"jwks": jwks(weak)}}
    with pytest.raises(ValueError, match="at least 2048"):
        create_app(app_config)


def test_the_public_sandbox_jwks_loads_as_the_inline_key_set_of_the_sandbox_issuer(app_config, ec_key, auth_log):
    # We cannot re-sign a captured sandbox call; a token with the sandbox's exact header and claims but
    # our signature must get past iss, alg, kid and jku and fail only on the signature.
    captured = load_json(EXAMPLES / "sandbox-captured" / "01-patient-view.json")["jwt_decoded"]
    header, payload = captured["header"], captured["payload"]
    app_config.update(
        JWT_REQUIRED=True,
        TRUSTED_ISSUERS={
            payload["iss"]: {
                "jwks": load_json(EXAMPLES / "sandbox-captured" / "sandbox-jwks.json"),
                "jku": header["jku"],
                "algorithms": ["ES384"],
            }
        },
    )
    client = create_app(app_config).test_client()
    impostor = ClientKey(header["kid"], header["alg"], ec_key.private_key)
    token = impostor.sign(claims(URL, iss=payload["iss"]), jku=header["jku"])
    assert_rejected(call(client, token), auth_log, "Signature verification failed")


def test_the_spec_example_token_passes_the_signature_check_and_fails_as_expired(app_config, auth_log):
    # The spec's own ES384 example (header, JWK Set, compact token) proves we read its signature format.
    spec = EXAMPLES / "spec-2.0.1"
    payload = load_json(spec / "spec-23-jwt-payload.json")
    app_config.update(
        JWT_REQUIRED=True,
        TRUSTED_ISSUERS={
            payload["iss"]: {
                "jwks": load_json(spec / "spec-24-jwks-public.json"),
                "jku": "https://fhir-ehr.example.com/jwk_uri",
            }
        },
    )
    client = create_app(app_config).test_client()
    spec_page = (SHARED / "cds-hooks" / "spec" / "cds-hooks-2.0.1.md").read_text(encoding="utf-8")
    token = re.search(r"Authorization: Bearer (\S+)", spec_page).group(1)
    assert_rejected(call(client, token), auth_log, "Signature has expired")


# -- JWT_REQUIRED off (development) ------------------------------------------------------


def test_without_jwt_required_a_call_without_token_is_answered_with_one_warning(
    app_config, client, caplog, monkeypatch
):
    monkeypatch.setattr(auth, "_disabled_warning_given", False)
    with caplog.at_level(logging.WARNING, logger="cds_service.auth"):
        assert call(client).status_code == 200
        assert call(client).status_code == 200
    warnings = [r for r in caplog.records if "Authentication is DISABLED" in r.getMessage()]
    assert len(warnings) == 1


def test_without_jwt_required_a_presented_token_is_still_verified(app_config, ec_key):
    app_config.update(JWT_REQUIRED=False, TRUSTED_ISSUERS={ISSUER: {"jwks": jwks(ec_key)}})
    client = create_app(app_config).test_client()
    assert call(client, ec_key.sign(claims(URL))).status_code == 200
    assert_rejected(call(client, ec_key.sign(claims(URL, iss="https://evil.example.org"))))
    assert call(client, headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 401


# -- Logging -----------------------------------------------------------------------------


def test_the_log_never_holds_the_token(trusted, client, ec_key, auth_log):
    good = ec_key.sign(claims(URL))
    expired = ec_key.sign(claims(URL, iat=1_000_000, lifetime=300))
    for token in (good, good, expired):
        call(client, token)
    for token in (good, expired):
        for part in token.split("."):
            assert part not in auth_log.text
