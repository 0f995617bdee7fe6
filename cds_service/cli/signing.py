"""A CDS client's side of "Trusting CDS Clients" (CDS Hooks 2.0.1): its key pair, JWK Set and JWTs.

The service verifies (cds_service.auth); this signs, for ``keys`` and ``call`` and for
anyone simulating an EHR. Keys are ES384 (P-384) or RS384 (RSA 3072), the spec's pair;
the ``kid`` defaults to the key's RFC 7638 thumbprint, so a signer that holds only the
private key names the same kid its JWK Set does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

ALGORITHMS = ("ES384", "RS384")
DEV_ISSUER = "https://ehr-simulator.localhost"  # .localhost never resolves beyond this machine (RFC 6761)
TOKEN_LIFETIME_SECONDS = 300  # what the CDS Hooks sandbox uses; the service accepts up to an hour by default
_EC_ALGORITHMS = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}


def generate(alg: str) -> PrivateKey:
    if alg == "ES384":
        return ec.generate_private_key(ec.SECP384R1())
    if alg == "RS384":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise ValueError(f"choose one of {', '.join(ALGORITHMS)}, not {alg!r}")


def private_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key(pem: bytes) -> PrivateKey:
    """An unencrypted PEM private key (EC or RSA); ValueError says why not."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise ValueError("the key is encrypted; give an unencrypted PEM private key") from None
    except ValueError:
        raise ValueError("not a PEM private key (expected '-----BEGIN PRIVATE KEY-----')") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ValueError("only EC and RSA keys can sign CDS Hooks JWTs")
    return key


def algorithm_of(key: PrivateKey) -> str:
    """The JWS alg this key signs with: ES256/384/512 by curve, RS384 for RSA."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        try:
            return _EC_ALGORITHMS[key.curve.name]
        except KeyError:
            raise ValueError(f"EC curve {key.curve.name} has no JWS algorithm") from None
    return "RS384"


def _public_members(key: PrivateKey) -> dict[str, Any]:
    public = key.public_key()
    to_jwk = ECAlgorithm.to_jwk if isinstance(public, ec.EllipticCurvePublicKey) else RSAAlgorithm.to_jwk
    return to_jwk(public, as_dict=True)


def thumbprint(key: PrivateKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) of the public key: a stable kid."""
    members = _public_members(key)
    required = ("crv", "kty", "x", "y") if members["kty"] == "EC" else ("e", "kty", "n")
    canonical = json.dumps({name: members[name] for name in required}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def public_jwks(key: PrivateKey, kid: str) -> dict:
    """The JWK Set with the public half of ``key``: what the service is configured to trust."""
    return {"keys": [{**_public_members(key), "kid": kid, "use": "sig", "alg": algorithm_of(key)}]}


def sign_call(
    key: PrivateKey,
    *,
    iss: str,
    aud: str,
    kid: str,
    lifetime: int = TOKEN_LIFETIME_SECONDS,
    jku: str | None = None,
    tenant: str | None = None,
) -> str:
    """The bearer JWT for one call to the service endpoint ``aud``: iss, aud, iat, exp, a fresh jti; kid header."""
    now = int(time.time())
    claims: dict[str, Any] = {"iss": iss, "aud": aud, "iat": now, "exp": now + lifetime, "jti": str(uuid.uuid4())}
    if tenant is not None:
        claims["tenant"] = tenant
    headers = {"typ": "JWT", "kid": kid, **({"jku": jku} if jku else {})}
    return jwt.encode(claims, key, algorithm=algorithm_of(key), headers=headers)
