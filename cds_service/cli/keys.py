"""``bone-mets-cds keys``: a development key pair for a local EHR simulator, and how to trust it.

Writes the private key (PEM, readable by its owner only) and the public JWK Set, then
prints the TRUSTED_ISSUERS value that makes the service accept JWTs signed with it
(an inline set: nothing to host) and the ``call`` command that signs with it.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
from pathlib import Path
from typing import Any

from cds_service.cli import signing
from cds_service.cli.common import CliError

HELP = "make a development key pair and JWK Set, and print the settings that trust it"
PRIVATE_KEY_FILE = "private-key.pem"
JWKS_FILE = "jwks.json"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "keys",
        help=HELP,
        description=HELP + ". For local testing: anyone holding the private key can call the service as this "
        "issuer, so never trust a development key in production.",
    )
    parser.add_argument("--out", default="dev-keys", metavar="DIR", help="folder to write to (default: dev-keys)")
    parser.add_argument("--alg", choices=signing.ALGORITHMS, default="ES384", help="signing algorithm (default ES384)")
    parser.add_argument("--kid", help="key id (default: the key's RFC 7638 thumbprint, which `call` also defaults to)")
    parser.add_argument(
        "--iss", default=signing.DEV_ISSUER, help=f"issuer the EHR simulator signs as ({signing.DEV_ISSUER})"
    )
    parser.add_argument("--force", action="store_true", help="overwrite keys already in DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    key_path, jwks_path = out / PRIVATE_KEY_FILE, out / JWKS_FILE
    if not args.force and (key_path.exists() or jwks_path.exists()):
        raise CliError(f"{out} already holds keys; pass --force to replace them (tokens signed with the old key fail)")
    if not args.iss.strip():
        raise CliError("--iss must not be empty")
    key = signing.generate(args.alg)
    kid = args.kid or signing.thumbprint(key)
    jwks = signing.public_jwks(key, kid)
    try:
        out.mkdir(parents=True, exist_ok=True)
        if key_path.exists():
            key_path.unlink()
        # Created readable by its owner only: the file never exists with wider permissions.
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as private_file:
            private_file.write(signing.private_pem(key))
        jwks_path.write_text(json.dumps(jwks, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write to {out}: {exc.strerror or exc}") from None

    trusted = json.dumps({args.iss: {"jwks": jwks, "algorithms": [args.alg]}}, separators=(",", ":"))
    kid_flag = f" --kid {shlex.quote(kid)}" if args.kid else ""
    iss_flag = f" --iss {shlex.quote(args.iss)}" if args.iss != signing.DEV_ISSUER else ""
    print(f"Wrote {key_path} (private {args.alg} key: keep it secret, never commit it)")
    print(f"  and {jwks_path} (public JWK Set, kid {kid})")
    print()
    print("Trust it on the service (local development only), then restart it:")
    print(f"  export TRUSTED_ISSUERS={shlex.quote(trusted)}")
    print()
    print("Call the service as that EHR:")
    print(
        f"  bone-mets-cds call http://127.0.0.1:8080 --hook patient-view --patient PATIENT_ID "
        f"--key {shlex.quote(str(key_path))}{kid_flag}{iss_flag}"
    )
    return 0
