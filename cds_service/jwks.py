"""Clients' public keys: JWK Sets held inline or fetched from the issuer's configured URL.

A fetched set is cached for its TTL; a kid we do not know triggers one refetch (key
rotation), at most every ``MIN_REFETCH_SECONDS``. Only asymmetric public keys of
adequate strength are kept; a key is used only with an algorithm of its own family.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

log = logging.getLogger("cds_service.auth")

_EC_CURVES = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
MIN_RSA_BITS = 2048
MAX_JWKS_BYTES = 512 * 1024
MIN_REFETCH_SECONDS = 10.0  # an unknown kid refetches a key set at most this often


def _now() -> float:
    """Clock of the JWKS cache (monotonic; tests move it)."""
    return time.monotonic()


class KeySetUnavailable(Exception):
    """An issuer's JWK Set could not be fetched or read."""


# -- Keys --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicKey:
    kid: str
    key: EllipticCurvePublicKey | RSAPublicKey
    alg: str | None  # the JWK's own "alg", when it names one

    def fits(self, alg: str) -> bool:
        """Whether a token signed with ``alg`` may be checked with this key (no family or curve swaps)."""
        if self.alg is not None and self.alg != alg:
            return False
        if alg in _EC_CURVES:
            return isinstance(self.key, EllipticCurvePublicKey) and self.key.curve.name == _EC_CURVES[alg]
        return isinstance(self.key, RSAPublicKey)


def parse_jwks(document: Any) -> dict[str, PublicKey]:
    """The signing keys of a JWK Set, by kid. Raises ValueError when the set is unusable."""
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError("a JWK Set is an object with a 'keys' array")
    keys: dict[str, PublicKey] = {}
    ambiguous = set()
    for jwk in document["keys"]:
        key = _public_key(jwk)
        if key is None:
            continue
        if key.kid in keys:
            ambiguous.add(key.kid)
        keys[key.kid] = key
    for kid in ambiguous:  # a kid MUST be unique in the set; a duplicated one picks no key at all
        del keys[kid]
    if not keys:
        raise ValueError("the JWK Set holds no EC or RSA signing key with a unique kid")
    return keys


def _public_key(jwk: Any) -> PublicKey | None:
    if not isinstance(jwk, Mapping):
        raise ValueError("each JWK must be an object")
    kid = jwk.get("kid")
    if jwk.get("use", "sig") != "sig" or jwk.get("kty") not in ("EC", "RSA") or not isinstance(kid, str) or not kid:
        return None  # encryption, symmetric or kid-less keys can never verify a CDS Hooks JWT
    if "d" in jwk:
        raise ValueError(f"JWK {kid!r} is a private key: publish and configure public keys only")
    try:
        key = (ECAlgorithm if jwk["kty"] == "EC" else RSAAlgorithm).from_jwk(dict(jwk))
    except (jwt.InvalidKeyError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"JWK {kid!r} is not a valid {jwk['kty']} public key: {exc}") from None
    if isinstance(key, RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        raise ValueError(f"JWK {kid!r} is an RSA key of {key.key_size} bits; at least {MIN_RSA_BITS} are needed")
    alg = jwk.get("alg")
    return PublicKey(kid, key, alg if isinstance(alg, str) else None)


class InlineKeys:
    """A JWK Set written into the configuration: read once at start-up."""

    def __init__(self, document: Any) -> None:
        self._keys = parse_jwks(document)

    def get(self, kid: str) -> PublicKey | None:
        return self._keys.get(kid)


class RemoteKeys:
    """The JWK Set at an issuer's ``jwks_url``: cached for ``ttl`` seconds, refetched on an unknown kid.

    The refetch lets a client rotate keys without a restart; it is rate-limited
    (``MIN_REFETCH_SECONDS``) so made-up kids cannot hammer the issuer. Expired
    keys are never used: when a refresh fails, calls are rejected until it works.
    """

    def __init__(self, url: str, *, ttl: float, timeout: float) -> None:
        self.url = url
        self._ttl = ttl
        self._timeout = timeout
        self._lock = threading.Lock()
        self._keys: dict[str, PublicKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None

    def get(self, kid: str) -> PublicKey | None:
        # One fetch at a time: the others wait (at most the timeout) and then use its result.
        with self._lock:
            now = _now()
            fresh = self._fetched_at is not None and now - self._fetched_at < self._ttl
            if fresh and kid in self._keys:
                return self._keys[kid]
            may_fetch = self._attempted_at is None or now - self._attempted_at >= min(MIN_REFETCH_SECONDS, self._ttl)
            if may_fetch:
                self._attempted_at = now
                try:
                    self._keys, self._fetched_at, fresh = self._fetch(), now, True
                except KeySetUnavailable:
                    if not fresh:
                        raise
                    log.warning("JWKS %s: refetch for an unknown kid failed; keeping the cached keys", self.url)
            elif not fresh:
                raise KeySetUnavailable("the last fetch failed moments ago; not retrying yet")
            return self._keys.get(kid)

    def ensure_ready(self) -> None:
        """Return if the set is cached and fresh, or fetched now; KeySetUnavailable otherwise (readiness)."""
        with self._lock:
            now = _now()
            if self._fetched_at is not None and now - self._fetched_at < self._ttl:
                return
            if self._attempted_at is not None and now - self._attempted_at < min(MIN_REFETCH_SECONDS, self._ttl):
                raise KeySetUnavailable("the last fetch failed moments ago; not retrying yet")
            self._attempted_at = now
            self._keys, self._fetched_at = self._fetch(), now

    def _fetch(self) -> dict[str, PublicKey]:
        deadline = time.monotonic() + self._timeout  # the timeout bounds each read; this bounds a slow drip
        try:
            # No redirects: the configured URL is the trusted one, not wherever it points.
            headers = {"Accept": "application/json"}
            with requests.get(
                self.url, headers=headers, timeout=self._timeout, stream=True, allow_redirects=False
            ) as response:
                if response.status_code != 200:
                    raise KeySetUnavailable(f"HTTP {response.status_code}")
                body = bytearray()
                for chunk in response.iter_content(16_384):
                    body += chunk
                    if len(body) > MAX_JWKS_BYTES:
                        raise KeySetUnavailable(f"larger than {MAX_JWKS_BYTES} bytes")
                    if time.monotonic() > deadline:
                        raise KeySetUnavailable(f"not received within {self._timeout} s")
        except requests.RequestException as exc:
            raise KeySetUnavailable(type(exc).__name__) from None
        try:
            return parse_jwks(json.loads(body))
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors too
            raise KeySetUnavailable(f"not a usable JWK Set: {exc}") from None


# -- Trusted issuers ---------------------------------------------------------------------
