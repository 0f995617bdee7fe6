"""Rule pages' text: what each card topic means, in both languages, and the guideline's words.

Pure data for cds_service.rule_pages (the web pages) and scripts/gen_rules_doc.py (docs/rules.md):
``TOPIC_TEXT`` (cards.rule_pages.topics), ``SETTINGS_TEXT`` (cards.rule_pages.settings_text), the groups of
the index and the pages' own words (``WORDS``).
"""

from __future__ import annotations

from cards.rule_pages.settings_text import SETTINGS_TEXT, UNITS, VALUE_WORDS, SettingText
from cards.rule_pages.topics import TOPIC_TEXT
from cards.rule_pages.types import Quote, Text, TopicText

__all__ = [
    "GROUPS",
    "HOOK_WORDS",
    "OCR_CORRECTIONS",
    "SETTINGS_TEXT",
    "TOPIC_TEXT",
    "UNITS",
    "VALUE_WORDS",
    "WORDS",
    "Quote",
    "SettingText",
    "TopicText",
    "corrected_guideline",
]

# OCR slips of /shared/guideline/bone-metastasis-guideline.zh.txt, read as the printed guideline has them; the
# rule modules' docstrings note the same readings.
OCR_CORRECTIONS = {
    "#5": "钙",
    "f丐": "钙",
    "妁": "的",
    "憐": "磷",
    "非留体": "非甾体",
    "骨髂": "骨骼",
    "浴寓": "浴室",
    "情況": "情况",
    "〉": ">",
    "〜": "～",  # a wave dash for the full-width tilde of ranges (2.75～3mmol/L); most CJK fonts have only the latter
}

# ASCII punctuation of the OCR text read as the full-width forms the quotes use.
_PUNCTUATION = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})


def corrected_guideline(text: str) -> str:
    """The guideline text as quotes are compared with it: OCR slips corrected, no spaces, full-width punctuation."""
    for slip, reading in OCR_CORRECTIONS.items():
        text = text.replace(slip, reading)
    return "".join(text.split()).translate(_PUNCTUATION)


GROUPS: tuple[tuple[Text, tuple[str, ...]], ...] = (
    (
        {"en": "Diagnosis", "zh": "诊断"},
        ("bone-mets-workup", "bone-mets-screening", "bone-mets-confirm"),
    ),
    (
        {"en": "Bisphosphonates and denosumab", "zh": "双膦酸盐与地舒单抗"},
        (
            "bisphosphonate-start",
            "renal-check",
            "renal-impairment",
            "dental-review",
            "bisphosphonate-not-indicated",
            "bisphosphonate-dose",
            "duplicate-bone-agent",
            "dental-procedure-on-bisphosphonate",
        ),
    ),
    (
        {"en": "Pain, radiotherapy and surgery", "zh": "止痛、放疗与手术"},
        ("analgesic-ladder", "radiotherapy-referral", "radionuclide-caution", "surgery-referral"),
    ),
    (
        {"en": "Emergencies and supportive care", "zh": "急症与支持治疗"},
        ("spinal-cord-compression", "hypercalcemia", "supportive-care"),
    ),
)

HOOK_WORDS = {
    "patient-view": {"en": "on opening the chart", "zh": "打开病历时"},
    "order-select": {"en": "on choosing an order", "zh": "选择医嘱时"},
    "order-sign": {"en": "on signing an order", "zh": "签署医嘱时"},
}

WORDS = {
    "en": {
        "index-title": "Rules behind the cards",
        "index-intro": "Each card the service shows has a page here: what it means, when it appears, the "
        "guideline's own words and the thresholds in effect on this deployment.",
        "guideline": "Guideline: 《骨转移瘤诊疗规范》 (diagnosis and treatment of bone metastases).",
        "deployment": "On this deployment",
        "card-language": "Cards are shown in",
        "language-names": {"en": "English", "zh": "Chinese"},
        "colon": ": ",
        "suppression": "A card overridden as already addressed, declined by the patient or against the goals "
        "of care is not shown again to that patient for {days} days (never a critical card).",
        "suppression-off": "Overridden cards are shown again at the next visit (suppression is off).",
        "text-fallback-on": "Diagnoses, results and drugs are also recognised from their text when no code is "
        "recognised; the card then says so.",
        "text-fallback-off": "Only coded diagnoses, results and drugs are read.",
        "off": "switched off here",
        "shown": "Shown",
        "section": "Guideline section",
        "means": "What the card means",
        "fires": "When it appears",
        "silent": "When it stays silent",
        "guideline-words": "What the guideline says",
        "quote-note": "The guideline's words, with obvious misprints of the source text corrected; the English "
        "is this service's rendering, not an official translation.",
        "thresholds": "Thresholds and time windows in effect",
        "thresholds-none": "This card has no configurable threshold of its own.",
        "setting": "Setting",
        "value": "Value here",
        "default": "Default",
        "changed": "changed on this deployment (default {default})",
        "as-default": "as default",
        "switched-off": "This card is switched off on this deployment: it is not shown.",
        "beyond": "Beyond the guideline",
        "beyond-intro": "Where the guideline gives no number or no instruction, the card relies on these "
        "published sources, and says so on the card:",
        "beyond-none": "Nothing: the card rests on the guideline alone.",
        "technical": "Technical detail (for informaticians)",
        "topic-code": "Card topic code",
        "rule-ids": "Rule ids (REFERENCE.md)",
        "modules": "Rule modules",
        "hooks": "CDS Hooks",
        "digest": "Where the project's digest records the sources",
        "setting-names": "Setting names (GUIDELINE_SETTINGS)",
        "all-rules": "All rules",
        "not-found": "No card topic has this code.",
        "logic-en": "The rule logic as each module states it is on the English page.",
    },
    "zh": {
        "index-title": "提示卡所依据的规则",
        "index-intro": "本系统显示的每一种提示卡在此都有说明页：提示卡的含义、何时出现、指南原文，以及本机构当前使用的阈值。",
        "guideline": "依据指南：《骨转移瘤诊疗规范》。",
        "deployment": "本机构的设置",
        "card-language": "提示卡语言",
        "language-names": {"en": "英文", "zh": "中文"},
        "colon": "：",
        "suppression": "提示卡以“已处理”“患者拒绝”或“不符合治疗目标”为由忽略后，{days}天内不再对该患者显示（紧急提示卡除外）。",
        "suppression-off": "被忽略的提示卡下次就诊时仍会显示（未开启抑制）。",
        "text-fallback-on": "无法识别编码时，也从文本中识别诊断、检验和药物，提示卡会注明。",
        "text-fallback-off": "只读取有编码的诊断、检验和药物。",
        "off": "本机构已关闭",
        "shown": "出现时机",
        "section": "指南章节",
        "means": "提示卡的含义",
        "fires": "何时出现",
        "silent": "何时不提示",
        "guideline-words": "指南原文",
        "quote-note": "引文为指南原文，已更正来源文本中明显的印刷错误。",
        "thresholds": "当前使用的阈值与时间窗",
        "thresholds-none": "此提示卡没有单独可配置的阈值。",
        "setting": "设置项",
        "value": "本机构取值",
        "default": "默认值",
        "changed": "本机构已修改（默认 {default}）",
        "as-default": "同默认值",
        "switched-off": "本机构已关闭此提示卡：不会显示。",
        "beyond": "指南以外的依据",
        "beyond-intro": "指南未给出数值或未作规定之处，提示卡依据以下公开发表的资料，并在提示卡上注明：",
        "beyond-none": "无：此提示卡完全依据指南。",
        "technical": "技术细节（供信息人员参考）",
        "topic-code": "提示卡主题编码",
        "rule-ids": "规则编号",
        "modules": "规则模块",
        "hooks": "触发点",
        "digest": "项目摘要中记录来源之处",
        "setting-names": "设置名称",
        "all-rules": "全部规则",
        "not-found": "没有此编码的提示卡主题。",
        "logic-en": "各规则模块的详细逻辑说明（英文）见英文页面。",
    },
}
