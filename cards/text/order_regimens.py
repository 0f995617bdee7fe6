"""Regimen phrases and order-action labels shared by the bisphosphonate order cards (guideline 一(三)3).

bisphosphonate-dose and renal-impairment propose the same corrected order, so they name it with
the same words: one phrase per regimen, registered under both topics ("<topic>.regimen.<key>").
"""

_REGIMENS = {
    "zoledronic-acid": {
        "en": "{target_dose} mg IV over no less than 15 min, every 3-4 weeks",
        "zh": "{target_dose} mg，静脉滴注不少于15分钟，每3~4周重复",
    },
    "zoledronic-acid-12-weekly": {
        "en": "{target_dose} mg IV over no less than 15 min, every 12 weeks",
        "zh": "{target_dose} mg，静脉滴注不少于15分钟，每12周重复",
    },
    "pamidronate": {
        "en": "{target_dose} mg IV over no less than 2 h, every 3-4 weeks",
        "zh": "{target_dose} mg，静脉滴注不少于2小时，每3~4周重复",
    },
    "ibandronate": {
        "en": "{target_dose} mg IV over no less than 15 min, every 3-4 weeks",
        "zh": "{target_dose} mg，静脉滴注不少于15分钟，每3~4周重复",
    },
    "clodronate-oral": {"en": "{target_dose} mg per day by mouth", "zh": "{target_dose} mg/d，口服"},
    "clodronate-iv": {
        "en": "300 mg per day IV over no less than 2 h for 5 days, then by mouth",
        "zh": "300 mg/d，静脉滴注不少于2小时，连续5天，之后改为口服制剂",
    },
    "denosumab": {
        "en": "{target_dose} mg subcutaneously every 4 weeks",
        "zh": "{target_dose} mg，皮下注射，每4周一次",
    },
}
_ROUTES = {
    "iv": {"en": "intravenous", "zh": "静脉"},
    "oral": {"en": "by mouth", "zh": "口服"},
    "sc": {"en": "subcutaneous", "zh": "皮下"},
    "im": {"en": "intramuscular", "zh": "肌内"},
    "transdermal": {"en": "transdermal", "zh": "经皮"},
}

MESSAGES = {
    **{
        f"{topic}.regimen.{key}": text
        for topic in ("bisphosphonate-dose", "renal-impairment")
        for key, text in _REGIMENS.items()
    },
    **{
        f"bisphosphonate-dose.{name}.{key}": text
        for name in ("ordered_route", "regimen_route")
        for key, text in _ROUTES.items()
    },
    "update-bisphosphonate-regimen": {"en": "Change the order to {regimen_text}", "zh": "将医嘱改为：{regimen_text}"},
    "update-renal-dose": {"en": "Change the order to {regimen_text}", "zh": "将医嘱改为：{regimen_text}"},
    "remove-bisphosphonate-order": {"en": "Remove the {drug} order", "zh": "删除{drug}医嘱"},
}
