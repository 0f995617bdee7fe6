"""PLACEHOLDER — replaced by the JWT work (issue #2 item 6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cds_service.errors import Unauthorized


class JwtVerifier:
    def __init__(self, required: bool) -> None:
        self.required = required

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> JwtVerifier:
        return cls(config["JWT_REQUIRED"])

    def verify(self, authorization: str | None, audience: str) -> dict | None:
        if self.required:
            raise Unauthorized("JWT verification not implemented yet")
        return None
