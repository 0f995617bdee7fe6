"""Names of the record's concepts in English and Chinese, for cards that name a cancer or an imaging study.

An EHR's display is English ("Malignant neoplasm of unspecified part of unspecified bronchus or lung"); a Chinese
card names the concept instead (肺癌), from the guideline's own words. ``phrases`` builds the renderer's
``<topic>.<value-name>.<concept>`` keys, as cards/text/sites.py does for body sites (drug names: drug_names.py).
"""

from __future__ import annotations

# Primary sites of a malignancy (guideline.concepts.PRIMARY_SITES): the guideline's names, 一(一).
PRIMARIES: dict[str, dict[str, str]] = {
    "breast": {"en": "breast cancer", "zh": "乳腺癌"},
    "prostate": {"en": "prostate cancer", "zh": "前列腺癌"},
    "nasopharynx": {"en": "nasopharyngeal cancer", "zh": "鼻咽癌"},
    "lung": {"en": "lung cancer", "zh": "肺癌"},
    "thyroid": {"en": "thyroid cancer", "zh": "甲状腺癌"},
    "melanoma": {"en": "melanoma", "zh": "黑色素瘤"},
    "liver": {"en": "liver cancer", "zh": "肝癌"},
    "kidney": {"en": "kidney cancer", "zh": "肾癌"},
    "head-and-neck": {"en": "head and neck cancer", "zh": "头颈部癌"},
    "stomach": {"en": "stomach cancer", "zh": "胃癌"},
    "colorectal": {"en": "colorectal cancer", "zh": "结直肠癌"},
    "cervix": {"en": "cervical cancer", "zh": "宫颈癌"},
    "myeloma": {"en": "multiple myeloma", "zh": "多发性骨髓瘤"},
    "bone-sarcoma": {"en": "primary bone sarcoma", "zh": "骨原发恶性肿瘤"},
    "unknown-primary": {"en": "cancer of unknown primary", "zh": "原发灶不明的恶性肿瘤"},
    "other": {"en": "malignancy", "zh": "恶性肿瘤"},
    "unrecorded": {"en": "malignancy", "zh": "恶性肿瘤"},
}

# Imaging kinds (guideline.facts.ImagingKind values), as the guideline names the studies.
IMAGING: dict[str, dict[str, str]] = {
    "bone-scan": {"en": "bone scan", "zh": "放射性核素骨显像"},
    "xray": {"en": "X-ray", "zh": "X线平片"},
    "ct": {"en": "CT", "zh": "CT扫描"},
    "mri": {"en": "MRI", "zh": "MR扫描"},
    "pet-ct": {"en": "PET-CT", "zh": "PET-CT扫描"},
}


def phrases(topic: str, table: dict[str, dict[str, str]], *value_names: str) -> dict[str, dict[str, str]]:
    """Phrase entries ``<topic>.<value-name>.<concept>`` for each value name that holds a concept of ``table``."""
    return {f"{topic}.{name}.{concept}": text for name in value_names for concept, text in table.items()}


MESSAGES: dict[str, dict] = {}  # this module only supplies names to the topic modules
