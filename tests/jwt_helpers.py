"""Test CDS clients: key pairs, their JWK Sets, and the tokens they sign.

A CDS client signs with its private key and publishes the public half as a JWK
Set; these helpers do both, plus the forgeries an attacker would try (an
unsigned token, an HS256 token keyed with the public key).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

ISSUER = "https://ehr.example.org"


@dataclass(frozen=True)
class ClientKey:
    """One key pair of a CDS client, with the kid and alg it signs with."""

    kid: str
    alg: str
    private_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    def public_jwk(self, **extra: Any) -> dict:
        public = self.private_key.public_key()
        to_jwk = ECAlgorithm.to_jwk if isinstance(public, ec.EllipticCurvePublicKey) else RSAAlgorithm.to_jwk
        return {**to_jwk(public, as_dict=True), "kid": self.kid, "use": "sig", "alg": self.alg, **extra}

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, claims: dict, **header: Any) -> str:
        """A compact JWS; ``header`` adds or overrides fields (pass ``kid=None`` to drop the kid)."""
        fields = {"typ": "JWT", "kid": self.kid, **header}
        headers = {name: value for name, value in fields.items() if value is not None}
        return jwt.encode(claims, self.private_key, algorithm=self.alg, headers=headers)


def ec_p384_key(kid: str = "ec-384") -> ClientKey:
    return ClientKey(kid, "ES384", ec.generate_private_key(ec.SECP384R1()))


def ec_p256_key(kid: str = "ec-256") -> ClientKey:
    return ClientKey(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


def rsa_key(kid: str = "rsa-2048", alg: str = "RS384") -> ClientKey:
    return ClientKey(kid, alg, rsa.generate_private_key(public_exponent=65537, key_size=2048))


def jwks(*keys: ClientKey) -> dict:
    """The client's public JWK Set."""
    return {"keys": [key.public_jwk() for key in keys]}


def claims(
    aud: str | list[str], *, iss: str = ISSUER, lifetime: int = 300, iat: int | None = None, **extra: Any
) -> dict:
    """The claims CDS Hooks 2.0.1 requires, valid now, with a fresh jti; ``extra`` adds or overrides."""
    issued = int(time.time()) if iat is None else iat
    return {"iss": iss, "aud": aud, "iat": issued, "exp": issued + lifetime, "jti": str(uuid.uuid4()), **extra}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segments(header: dict, payload: dict) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())


def unsigned_token(payload: dict, kid: str) -> str:
    """``alg: none``: no signature at all."""
    return _segments({"alg": "none", "typ": "JWT", "kid": kid}, payload) + "."


def hs256_token(payload: dict, secret: bytes, kid: str) -> str:
    """HMAC-signed by hand (PyJWT refuses a PEM as HMAC secret): the classic key-confusion forgery."""
    signing_input = _segments({"alg": "HS256", "typ": "JWT", "kid": kid}, payload)
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)
