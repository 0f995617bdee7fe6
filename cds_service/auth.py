"""Who may call: JWT verification of CDS clients (CDS Hooks 2.0.1, "Trusting CDS Clients").

Every service call carries ``Authorization: Bearer <JWT>``, signed by a client
on the allowlist ``TRUSTED_ISSUERS`` (docs/auth.md). The unverified ``iss``
only picks that client's key set; nothing else in the token is believed until
its signature checks out with a key we already hold: inline, or fetched from
the configured ``jwks_url``. A ``jku`` header is compared, never fetched.
Then ``aud`` must name the URL called, ``exp``/``iat`` must be current and
short-lived, and the ``jti`` unused (cds_service.replay).

The caller only learns "token rejected": best practices say not to tell an
attacker which check failed. The log says why, at INFO, and never holds the token.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt

from cds_service import metrics, observe, replay
from cds_service.errors import Unauthorized
from cds_service.jwks import InlineKeys, KeySetUnavailable, PublicKey, RemoteKeys

log = logging.getLogger("cds_service.auth")

DEFAULT_ALGORITHMS = ("ES384", "RS384")  # the spec's RECOMMENDED pair
# What an issuer may list. "none" and HS* never: the spec forbids unsigned and symmetric JWTs.
ACCEPTABLE_ALGORITHMS = frozenset({"ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS384"})
MAX_TOKEN_CHARS = 16_384
MAX_JTI_CHARS = 255
_ISSUER_FIELDS = {"jwks_url", "jwks", "jku", "algorithms", "tenants"}
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class _Rejected(Exception):
    """A token failed a check; ``reason`` is a short fixed name (a metric label), the message for the log only."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _decode_failure(exc: jwt.PyJWTError) -> str:
    """The rejection reason of a failed signature or registered-claim check."""
    if isinstance(exc, jwt.ExpiredSignatureError):
        return "expired"
    if isinstance(exc, jwt.ImmatureSignatureError):
        return "not-yet-valid"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "bad-signature"
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return "missing-claim"
    return "invalid-claims"


@dataclass(frozen=True)
class Issuer:
    iss: str
    algorithms: frozenset[str]
    keys: InlineKeys | RemoteKeys
    jku: str | None  # the one jku header value accepted: its jwks_url, or "jku" beside an inline set
    tenants: frozenset[str] | None  # when set, the token's "tenant" must be one of them

    @classmethod
    def from_config(cls, iss: Any, entry: Any, *, ttl: float, timeout: float) -> Issuer:
        """One TRUSTED_ISSUERS entry; ValueError names what is wrong with it."""
        where = f"TRUSTED_ISSUERS[{iss!r}]"
        if not isinstance(iss, str) or not iss:
            raise ValueError("TRUSTED_ISSUERS keys are the issuers' iss values (non-empty strings)")
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where} must be an object with 'jwks_url' or 'jwks'")
        unknown = set(entry) - _ISSUER_FIELDS
        if unknown:
            raise ValueError(f"{where} has unknown field(s) {sorted(unknown)}; allowed: {sorted(_ISSUER_FIELDS)}")
        algorithms = _algorithms(entry.get("algorithms", DEFAULT_ALGORITHMS), where)
        if ("jwks_url" in entry) == ("jwks" in entry):
            raise ValueError(f"{where} needs exactly one of 'jwks_url' (fetched) or 'jwks' (inline JWK Set)")
        tenants = entry.get("tenants")
        if tenants is not None and (not isinstance(tenants, list) or not all(isinstance(t, str) for t in tenants)):
            raise ValueError(f"{where}.tenants must be a list of strings")
        tenant_set = frozenset(tenants) if tenants is not None else None
        if "jwks_url" in entry:
            if "jku" in entry:
                raise ValueError(f"{where}: 'jku' is only for an inline 'jwks'; with 'jwks_url' the jku is that URL")
            url = _checked_url(entry["jwks_url"], f"{where}.jwks_url")
            return cls(iss, algorithms, RemoteKeys(url, ttl=ttl, timeout=timeout), url, tenant_set)
        try:
            keys = InlineKeys(entry["jwks"])
        except ValueError as exc:
            raise ValueError(f"{where}.jwks: {exc}") from None
        jku = entry.get("jku")
        if jku is not None and (not isinstance(jku, str) or not jku):
            raise ValueError(f"{where}.jku must be the URL string the client sends in its jku header")
        return cls(iss, algorithms, keys, jku, tenant_set)


def _algorithms(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise ValueError(f"{where}.algorithms must be a non-empty list such as {list(DEFAULT_ALGORITHMS)}")
    for alg in value:
        if not isinstance(alg, str) or alg.lower() == "none" or alg.upper().startswith("HS"):
            raise ValueError(
                f"{where}.algorithms lists {alg!r}: unsigned and symmetric (HS*) JWTs are never accepted "
                "(CDS Hooks 2.0.1, 'JWT Signing Algorithm')"
            )
        if alg not in ACCEPTABLE_ALGORITHMS:
            raise ValueError(f"{where}.algorithms lists {alg!r}; choose from {sorted(ACCEPTABLE_ALGORITHMS)}")
    return frozenset(value)


def _checked_url(url: Any, where: str) -> str:
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or not parts.hostname:
        raise ValueError(f"{where} must be an absolute https URL")
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS):
        raise ValueError(f"{where} must use https (plain http only for localhost): {url!r}")
    return url


def _seconds(config: Mapping[str, Any], name: str, *, positive: bool) -> float:
    value = config[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (positive and value == 0):
        raise ValueError(f"{name} must be a {'positive' if positive else 'non-negative'} number of seconds")
    return float(value)


# -- Verification ------------------------------------------------------------------------

_disabled_warning_lock = threading.Lock()
_disabled_warning_given = False


def _warn_authentication_disabled() -> None:
    global _disabled_warning_given
    with _disabled_warning_lock:
        if _disabled_warning_given:
            return
        _disabled_warning_given = True
    log.warning("JWT_REQUIRED is false: calls without a token are accepted. Authentication is DISABLED (dev only).")


def _show(value: Any) -> str:
    """A token field for the log: repr, cut short (it comes from an untrusted caller)."""
    text = repr(value)
    return text if len(text) <= 100 else text[:97] + "..."


MAX_TIMESTAMP = 2**40  # about the year 36800: a later exp or iat is garbage, and no float clock could compare it


def _is_timestamp(value: Any) -> bool:
    """A NumericDate (RFC 7519) a clock can compare: a finite number of seconds, not negative, not astronomical."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < MAX_TIMESTAMP


def _audience_matches(aud: Any, called: str) -> bool:
    """``aud`` (string or array) names the URL called; a trailing slash is the only difference tolerated."""
    wanted = called.removesuffix("/")
    values = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    return any(isinstance(value, str) and value.removesuffix("/") == wanted for value in values)


class JwtVerifier:
    def __init__(
        self,
        issuers: Mapping[str, Issuer],
        *,
        required: bool,
        leeway: float,
        max_lifetime: float,
        replay_store: replay.ReplayStore,
    ) -> None:
        self.issuers = dict(issuers)
        self.required = required
        self.leeway = leeway
        self.max_lifetime = max_lifetime
        self.replay_store = replay_store

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> JwtVerifier:
        """Build from the app config; a bad TRUSTED_ISSUERS fails here, at start-up, with a ValueError."""
        ttl = _seconds(config, "JWKS_CACHE_TTL_SECONDS", positive=False)
        timeout = _seconds(config, "JWKS_FETCH_TIMEOUT_SECONDS", positive=True)
        trusted = config["TRUSTED_ISSUERS"]
        if not isinstance(trusted, Mapping):
            raise ValueError("TRUSTED_ISSUERS must map each issuer (iss) to its key set")
        issuers = {iss: Issuer.from_config(iss, entry, ttl=ttl, timeout=timeout) for iss, entry in trusted.items()}
        required = bool(config["JWT_REQUIRED"])
        if required and not issuers:
            log.warning("JWT_REQUIRED is on and TRUSTED_ISSUERS is empty: every service call will be rejected")
        return cls(
            issuers,
            required=required,
            leeway=_seconds(config, "JWT_LEEWAY_SECONDS", positive=False),
            max_lifetime=_seconds(config, "JWT_MAX_LIFETIME_SECONDS", positive=True),
            replay_store=replay.from_config(config),
        )

    def verify(self, authorization: str | None, audience: str) -> dict | None:
        """The verified claims of the bearer JWT; None only when JWT_REQUIRED is off and no token came."""
        if authorization is None or not authorization.strip():
            if not self.required:
                _warn_authentication_disabled()
                return None
            log.info("jwt rejected: no Authorization header")
            metrics.record_jwt_rejection("missing-token")
            raise Unauthorized("missing bearer token")
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            log.info("jwt rejected: the Authorization header is not 'Bearer <token>'")
            metrics.record_jwt_rejection("not-bearer")
            raise Unauthorized("missing bearer token")
        try:
            claims = self._verified_claims(token, audience)
        except _Rejected as rejected:
            log.info("jwt rejected: %s", rejected)
            metrics.record_jwt_rejection(rejected.reason)
            raise Unauthorized("token rejected") from None
        observe.note_issuer(claims["iss"])
        return claims

    def _verified_claims(self, token: str, audience: str) -> dict:
        if len(token) > MAX_TOKEN_CHARS:
            raise _Rejected("too-long", f"token longer than {MAX_TOKEN_CHARS} characters")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise _Rejected("malformed", f"not a signed JWT ({type(exc).__name__})") from None
        iss = unverified.get("iss")
        issuer = self.issuers.get(iss) if isinstance(iss, str) else None
        if issuer is None:
            raise _Rejected("untrusted-issuer", f"iss {_show(iss)} is not in TRUSTED_ISSUERS")
        key = self._signing_key(issuer, header)
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[header["alg"]],
                leeway=self.leeway,
                options={"require": ["iss", "aud", "exp", "iat", "jti"], "verify_aud": False},
            )
        except jwt.PyJWTError as exc:  # signature, exp, iat in the future, nbf, missing claims
            raise _Rejected(_decode_failure(exc), f"iss={issuer.iss!r} kid={key.kid!r}: {exc}") from None
        self._check_claims(issuer, claims, audience)
        self._check_first_use(issuer, claims)
        return claims

    def _signing_key(self, issuer: Issuer, header: dict) -> PublicKey:
        alg, kid, typ, jku = header.get("alg"), header.get("kid"), header.get("typ"), header.get("jku")
        who = f"iss={issuer.iss!r} kid={_show(kid)}"
        if not isinstance(alg, str) or alg not in issuer.algorithms:
            raise _Rejected(
                "algorithm", f"{who}: alg {_show(alg)} is not allowed (allowed: {sorted(issuer.algorithms)})"
            )
        if "typ" in header and (not isinstance(typ, str) or typ.upper() != "JWT"):
            raise _Rejected("typ", f"{who}: typ {_show(typ)} is not JWT")
        if not isinstance(kid, str) or not kid:
            raise _Rejected("no-kid", f"iss={issuer.iss!r}: no kid in the header")
        if "jku" in header and jku != issuer.jku:
            raise _Rejected("jku", f"{who}: jku {_show(jku)} is not the issuer's configured key set URL (not fetched)")
        try:
            key = issuer.keys.get(kid)
        except KeySetUnavailable as exc:
            url = getattr(issuer.keys, "url", "?")
            log.warning("JWKS of %s at %s is unavailable (%s): its calls are rejected", issuer.iss, url, exc)
            raise _Rejected("key-set-unavailable", f"{who}: key set unavailable") from None
        if key is None:
            raise _Rejected("unknown-kid", f"{who}: no key with this kid in the issuer's key set")
        if not key.fits(alg):
            raise _Rejected("key-mismatch", f"{who}: the key does not fit alg {alg}")
        return key

    def _check_claims(self, issuer: Issuer, claims: dict, audience: str) -> None:
        who = f"iss={issuer.iss!r} jti={_show(claims.get('jti'))}"
        if not _audience_matches(claims["aud"], audience):
            raise _Rejected("audience", f"{who}: aud {_show(claims['aud'])} does not name {audience!r}")
        exp, iat, jti = claims["exp"], claims["iat"], claims["jti"]
        if not _is_timestamp(exp) or not _is_timestamp(iat):  # nan fails both comparisons
            raise _Rejected(
                "invalid-time", f"{who}: exp and iat must be numbers of seconds between 0 and {MAX_TIMESTAMP}"
            )
        if exp - iat > self.max_lifetime:
            raise _Rejected(
                "lifetime", f"{who}: lifetime exp - iat = {exp - iat:.0f} s exceeds {self.max_lifetime:.0f} s"
            )
        if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI_CHARS:
            raise _Rejected("invalid-jti", f"{who}: jti must be a string of 1 to {MAX_JTI_CHARS} characters")
        tenant = claims.get("tenant")
        if issuer.tenants is not None and (not isinstance(tenant, str) or tenant not in issuer.tenants):
            raise _Rejected("tenant", f"{who}: tenant {_show(tenant)} is not allowed")

    def _check_first_use(self, issuer: Issuer, claims: dict) -> None:
        # Last, so a token failing any other check cannot use up its jti. Kept until it could no longer pass exp.
        ttl = claims["exp"] + self.leeway - time.time()
        try:
            first = self.replay_store.first_use(issuer.iss, claims["jti"], ttl)
        except replay.ReplayStoreUnavailable as exc:
            # INFO, not WARNING: the store itself warns once per outage, and fail-closed refuses every call.
            log.info("JWT replay store unavailable (%s): rejecting, since the jti cannot be checked", exc)
            raise _Rejected("replay-store-unavailable", f"iss={issuer.iss!r}: replay store unavailable") from None
        if not first:
            raise _Rejected("replay", f"iss={issuer.iss!r} jti={_show(claims['jti'])}: already used (replay)")
