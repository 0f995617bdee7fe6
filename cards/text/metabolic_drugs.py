"""Drug names in both languages for the hypercalcaemia, analgesic-ladder and radionuclide cards.

A card carries the drug's concept (``guideline.concepts.AGENTS``, or a class when only the class is coded), never
the EHR's display, so a Chinese card names the drug in Chinese: the guideline's own names where it gives them
(吗啡, 羟考酮, 芬太尼, 可待因, 双氢可待因, 唑来膦酸, 降钙素, 89锶 …) and the usual Chinese approved names otherwise.
``phrases(topic, value)`` gives the ``<topic>.<value>.<concept>`` keys from which cards.render fills
``{<value>_text}``.
"""

from __future__ import annotations

NAMES: dict[str, dict[str, str]] = {
    # bone-modifying agents (一(三)3) and calcitonin (一(三)6)
    "zoledronic-acid": {"en": "zoledronic acid", "zh": "唑来膦酸"},
    "pamidronate": {"en": "pamidronate", "zh": "帕米膦酸二钠"},
    "ibandronate": {"en": "ibandronate", "zh": "伊班膦酸"},
    "clodronate": {"en": "clodronate", "zh": "氯膦酸二钠"},
    "alendronate": {"en": "alendronate", "zh": "阿仑膦酸钠"},
    "risedronate": {"en": "risedronate", "zh": "利塞膦酸钠"},
    "etidronate": {"en": "etidronate", "zh": "依替膦酸二钠"},
    "denosumab": {"en": "denosumab", "zh": "地舒单抗"},
    "bisphosphonate": {"en": "a bisphosphonate", "zh": "双膦酸盐"},
    "calcitonin": {"en": "calcitonin", "zh": "降钙素"},
    # analgesics (一(三)2)
    "morphine": {"en": "morphine", "zh": "吗啡"},
    "oxycodone": {"en": "oxycodone", "zh": "羟考酮"},
    "fentanyl": {"en": "fentanyl", "zh": "芬太尼"},
    "hydromorphone": {"en": "hydromorphone", "zh": "氢吗啡酮"},
    "codeine": {"en": "codeine", "zh": "可待因"},
    "dihydrocodeine": {"en": "dihydrocodeine", "zh": "双氢可待因"},
    "tramadol": {"en": "tramadol", "zh": "曲马多"},
    "ibuprofen": {"en": "ibuprofen", "zh": "布洛芬"},
    "naproxen": {"en": "naproxen", "zh": "萘普生"},
    "diclofenac": {"en": "diclofenac", "zh": "双氯芬酸"},
    "celecoxib": {"en": "celecoxib", "zh": "塞来昔布"},
    "paracetamol": {"en": "paracetamol", "zh": "对乙酰氨基酚"},
    "opioid": {"en": "an opioid", "zh": "阿片类镇痛药"},
    "nsaid": {"en": "an NSAID", "zh": "非甾体类抗炎药"},
    "non-opioid": {"en": "a non-opioid analgesic", "zh": "非阿片类镇痛药"},
    "adjuvant": {"en": "an adjuvant analgesic", "zh": "辅助镇痛药"},
    # bone-seeking radionuclides (一(三)4(2)) and the procedure
    "strontium-89": {"en": "strontium-89 chloride", "zh": "氯化锶[89Sr]"},
    "samarium-153": {"en": "samarium-153 lexidronam", "zh": "来昔决南钐[153Sm]"},
    "radium-223": {"en": "radium-223 dichloride", "zh": "二氯化镭[223Ra]"},
    "rhenium-186": {"en": "rhenium-186 etidronate", "zh": "依替膦酸铼[186Re]"},
    "radionuclide": {"en": "radionuclide therapy", "zh": "放射性核素治疗"},
    "radionuclide-therapy": {"en": "radionuclide therapy", "zh": "放射性核素治疗"},
}


def phrases(topic: str, value: str) -> dict[str, dict[str, str]]:
    return {f"{topic}.{value}.{concept}": names for concept, names in NAMES.items()}


MESSAGES: dict[str, dict] = {}
