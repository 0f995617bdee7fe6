"""Initial version: the card renderer is written next."""

from __future__ import annotations


def render(recommendations, facts, *, language: str, base_url: str) -> list[dict]:
    return []
