"""Text of the duplicate-bone-agent card (guideline 一(三)3; ASCO/ESMO B.5, B.13; order hooks)."""

MESSAGES = {
    "duplicate-bone-agent.current": {
        "en": {
            "summary": "Patient is already on {other_drug}: do not add {drug}; use one bone-modifying agent",
            "detail": "{drug} is being ordered while {other_drug} is current (since {other_start}){same_agent_text}.",
        },
        "zh": {
            "summary": "患者正在使用{other_drug}：请勿加用{drug}，骨改良药物只用一种",
            "detail": "患者正在使用{other_drug}（自 {other_start}）{same_agent_text}，现又开具{drug}。",
        },
    },
    "duplicate-bone-agent.draft": {
        "en": {
            "summary": "{drug} and {other_drug} are both being ordered: keep one bone-modifying agent",
            "detail": "{drug} and {other_drug} are both among the orders of this session{same_agent_text}.",
        },
        "zh": {
            "summary": "同时开具{drug}和{other_drug}：骨改良药物请只保留一种",
            "detail": "本次医嘱中同时有{drug}和{other_drug}{same_agent_text}。",
        },
    },
    "duplicate-bone-agent.same_agent.yes": {
        "en": "; it is the same drug: if this is the next dose, complete or stop the old order rather than adding one",
        "zh": "；二者为同一药物：如为下一次用药，请完成或停止原医嘱，而非另加一条",
    },
    "duplicate-bone-agent.same_agent.no": {"en": "", "zh": ""},
    "duplicate-bone-agent.why": {
        "en": "The guideline treats the bisphosphonates as one therapy of similar efficacy and chooses one drug by "
        "renal function, GI function, route and the patient's wishes; denosumab (ASCO 2017, ESMO 2020) is an "
        "alternative to a bisphosphonate, not an addition. Two agents together are not a regimen of either, and "
        "each adds its own risk of renal impairment, hypocalcaemia and osteonecrosis of the jaw.",
        "zh": "规范认为各双膦酸盐临床疗效相似，应根据肾功能、胃肠功能、给药途径及患者意愿选择一种药物；地舒单抗（ASCO 2017、"
        "ESMO 2020）是双膦酸盐的替代而非叠加用药。两种药物联用不属于任何推荐方案，且各自增加肾功能损害、低钙血症及颌骨"
        "坏死的风险。",
    },
    "remove-new-bone-agent": {"en": "Remove the new {drug} order", "zh": "删除新开的{drug}医嘱"},
    "remove-other-bone-agent": {"en": "Remove the {other_drug} order instead", "zh": "改为删除{other_drug}医嘱"},
}
