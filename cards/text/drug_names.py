"""Drug names in both languages: one table for every card that names a drug, its buttons and its orders.

A card carries the drug's concept (``guideline.concepts``: an ingredient, or a class when only the class is coded),
never the EHR's display, so a Chinese card names the drug in Chinese: the guideline's own names where it gives them
(唑来膦酸, 帕米膦酸, 伊班膦酸, 氯膦酸二钠, 吗啡, 羟考酮, 芬太尼, 可待因, 双氢可待因, 降钙素) and the Chinese approved names
otherwise (地舒单抗, 氯化锶[89Sr], 来昔决南钐[153Sm] …). Every medication concept of fhir_mappings/valuesets has one
(tests/test_response_safety.py checks it).
"""

from __future__ import annotations

NAMES: dict[str, dict[str, str]] = {
    # bone-modifying agents (一(三)3) and calcitonin (一(三)6)
    "zoledronic-acid": {"en": "zoledronic acid", "zh": "唑来膦酸"},
    "pamidronate": {"en": "pamidronate", "zh": "帕米膦酸"},
    "ibandronate": {"en": "ibandronate", "zh": "伊班膦酸"},
    "clodronate": {"en": "clodronate", "zh": "氯膦酸二钠"},
    "alendronate": {"en": "alendronate", "zh": "阿仑膦酸钠"},
    "risedronate": {"en": "risedronate", "zh": "利塞膦酸钠"},
    "etidronate": {"en": "etidronate", "zh": "依替膦酸二钠"},
    "bisphosphonate": {"en": "bisphosphonate", "zh": "双膦酸盐"},
    "denosumab": {"en": "denosumab", "zh": "地舒单抗"},
    "calcitonin": {"en": "calcitonin", "zh": "降钙素"},
    # analgesics (一(三)2)
    "morphine": {"en": "morphine", "zh": "吗啡"},
    "oxycodone": {"en": "oxycodone", "zh": "羟考酮"},
    "fentanyl": {"en": "fentanyl", "zh": "芬太尼"},
    "hydromorphone": {"en": "hydromorphone", "zh": "氢吗啡酮"},
    "codeine": {"en": "codeine", "zh": "可待因"},
    "dihydrocodeine": {"en": "dihydrocodeine", "zh": "双氢可待因"},
    "tramadol": {"en": "tramadol", "zh": "曲马多"},
    "opioid": {"en": "opioid", "zh": "阿片类镇痛药"},
    "ibuprofen": {"en": "ibuprofen", "zh": "布洛芬"},
    "naproxen": {"en": "naproxen", "zh": "萘普生"},
    "diclofenac": {"en": "diclofenac", "zh": "双氯芬酸"},
    "celecoxib": {"en": "celecoxib", "zh": "塞来昔布"},
    "nsaid": {"en": "NSAID", "zh": "非甾体类抗炎药"},
    "paracetamol": {"en": "paracetamol", "zh": "对乙酰氨基酚"},
    "non-opioid": {"en": "non-opioid analgesic", "zh": "非阿片类镇痛药"},
    "adjuvant": {"en": "adjuvant analgesic", "zh": "辅助镇痛药"},
    # bone-seeking radionuclides (一(三)4(2))
    "strontium-89": {"en": "strontium-89 chloride", "zh": "氯化锶[89Sr]"},
    "samarium-153": {"en": "samarium-153 lexidronam", "zh": "来昔决南钐[153Sm]"},
    "radium-223": {"en": "radium-223 dichloride", "zh": "二氯化镭[223Ra]"},
    "rhenium-186": {"en": "rhenium-186 etidronate", "zh": "依替膦酸铼[186Re]"},
    "radionuclide": {"en": "bone-seeking radionuclide", "zh": "亲骨性放射性核素药物"},
    "radionuclide-therapy": {"en": "radionuclide therapy", "zh": "放射性核素治疗"},
}

# A class named inside an English sentence takes its article ("start a bisphosphonate"); an ingredient does not.
_IN_A_SENTENCE = {
    "bisphosphonate": "a bisphosphonate",
    "opioid": "an opioid",
    "nsaid": "an NSAID",
    "non-opioid": "a non-opioid analgesic",
    "adjuvant": "an adjuvant analgesic",
    "radionuclide": "radionuclide therapy",
}


def in_a_sentence(concept: str) -> dict[str, str]:
    names = NAMES[concept]
    return {**names, "en": _IN_A_SENTENCE.get(concept, names["en"])}


def phrases(topic: str, value: str) -> dict[str, dict[str, str]]:
    """``<topic>.<value>.<concept>`` keys, from which cards.render fills ``{<value>_text}``."""
    return {f"{topic}.{value}.{concept}": in_a_sentence(concept) for concept in NAMES}


MESSAGES: dict[str, dict] = {}
