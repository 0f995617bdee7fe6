"""Names of the bone-modifying agents in both languages, for cards that name the patient's drug.

A card carries the agent concept (e.g. ``drug="zoledronic-acid"``), never the EHR's display, so a Chinese card
names the drug in Chinese: the guideline's names (唑来膦酸, 帕米膦酸, 伊班膦酸, 氯膦酸二钠) and the usual Chinese
approved names of the others. ``phrases(topic, value)`` gives the ``<topic>.<value>.<agent>`` keys that
cards.render turns into ``{<value>_text}``.
"""

from __future__ import annotations

NAMES: dict[str, dict[str, str]] = {
    "zoledronic-acid": {"en": "zoledronic acid", "zh": "唑来膦酸"},
    "pamidronate": {"en": "pamidronate", "zh": "帕米膦酸"},
    "ibandronate": {"en": "ibandronate", "zh": "伊班膦酸"},
    "clodronate": {"en": "clodronate", "zh": "氯膦酸二钠"},
    "alendronate": {"en": "alendronate", "zh": "阿仑膦酸钠"},
    "risedronate": {"en": "risedronate", "zh": "利塞膦酸钠"},
    "etidronate": {"en": "etidronate", "zh": "依替膦酸二钠"},
    "bisphosphonate": {"en": "a bisphosphonate", "zh": "双膦酸盐"},
    "denosumab": {"en": "denosumab", "zh": "地舒单抗"},
}


def phrases(topic: str, value: str) -> dict[str, dict[str, str]]:
    return {f"{topic}.{value}.{agent}": names for agent, names in NAMES.items()}


MESSAGES: dict[str, dict] = {}
