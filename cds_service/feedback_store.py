"""PLACEHOLDER — replaced by the feedback storage work (issue #2 item 10)."""

from __future__ import annotations


class FeedbackStore:
    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    def record(self, service_id: str, items: list[dict]) -> int:
        return 0
