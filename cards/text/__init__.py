"""Card text in English and Chinese, one module per topic.

Each module defines ``MESSAGES``: message key → {"en": ..., "zh": ...}. A card's main
message has {"summary", "detail"} per language; notes and suggestion labels are one
string per language. Placeholders are ``str.format`` fields filled from the
recommendation's values. The Chinese uses the guideline's own terms.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache


@cache
def catalogue() -> dict[str, dict]:
    messages: dict[str, dict] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, text in module.MESSAGES.items():
            if key in messages:
                raise ValueError(f"card message {key!r} defined twice (in {info.name})")
            messages[key] = text
    return messages
