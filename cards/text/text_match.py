"""The note a card carries when it rests on a fact recognised from free text, not a code (issue 8 item 6)."""

from __future__ import annotations

MESSAGES = {
    "text-match": {
        "en": "Recognised from the text '{texts}' (no code recognised): check the record before acting.",
        "zh": "根据文字“{texts}”识别（无可识别的编码）：请先核对病历。",
    },
}
