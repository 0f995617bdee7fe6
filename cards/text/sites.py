"""Body-site names in English and Chinese, for the phrases of cards that name a lesion's site.

The renderer resolves ``<value-name>_text`` from keys ``"<topic>.<value-name>.<value>"``; ``site_phrases``
builds those keys for every body-site concept (guideline.concepts.BODY_SITES) so a card can say "femur"/"股骨".
"""

from __future__ import annotations

SITE_NAMES: dict[str, dict[str, str]] = {
    "spine": {"en": "spine", "zh": "脊柱"},
    "femur": {"en": "femur", "zh": "股骨"},
    "peritrochanteric": {"en": "peritrochanteric femur", "zh": "股骨粗隆周围"},
    "humerus": {"en": "humerus", "zh": "肱骨"},
    "radius-ulna": {"en": "radius/ulna", "zh": "尺桡骨"},
    "tibia-fibula": {"en": "tibia/fibula", "zh": "胫腓骨"},
    "pelvis": {"en": "pelvis", "zh": "骨盆"},
    "acetabulum": {"en": "acetabulum", "zh": "髋臼"},
    "rib": {"en": "rib", "zh": "肋骨"},
    "sternum": {"en": "sternum", "zh": "胸骨"},
    "clavicle": {"en": "clavicle", "zh": "锁骨"},
    "scapula": {"en": "scapula", "zh": "肩胛骨"},
    "skull": {"en": "skull", "zh": "颅骨"},
    "jaw": {"en": "jaw", "zh": "颌骨"},
    "upper-limb": {"en": "upper limb", "zh": "上肢"},
    "lower-limb": {"en": "lower limb", "zh": "下肢"},
    "unrecorded": {"en": "site not recorded", "zh": "部位未记录"},
}


def site_phrases(topic: str, *value_names: str) -> dict[str, dict[str, str]]:
    """Phrase entries ``<topic>.<value-name>.<site>`` for each value name that holds a body site."""
    return {f"{topic}.{name}.{site}": text for name in value_names for site, text in SITE_NAMES.items()}


MESSAGES: dict[str, dict] = {}  # this module only supplies names to the topic modules
