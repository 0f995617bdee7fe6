"""Text of the duplicate-bone-agent card (guideline 一(三)3; ASCO 2017, ESMO 2020; order hooks)."""

MESSAGES = {
    "duplicate-bone-agent.current": {
        "en": {
            "summary": "Patient is already on {other_drug}: do not add {drug}; use one bone-modifying agent",
            "detail": "The patient is on {other_drug} (since {other_start}) and {drug} is being ordered.",
        },
        "zh": {
            "summary": "患者正在使用{other_drug}：请勿加用{drug}，骨改良药物只用一种",
            "detail": "患者自 {other_start} 起使用{other_drug}，现又开具{drug}。",
        },
    },
    "duplicate-bone-agent.draft": {
        "en": {
            "summary": "Both {drug} and {other_drug} are being ordered: keep one bone-modifying agent",
            "detail": "Both {drug} and {other_drug} are among this session's orders.",
        },
        "zh": {
            "summary": "同时开具{drug}和{other_drug}：骨改良药物请只保留一种",
            "detail": "本次医嘱中同时有{drug}和{other_drug}。",
        },
    },
    "duplicate-bone-agent.same-agent": {
        "en": "Same drug twice: if this is the next dose, complete or stop the old order rather than add one.",
        "zh": "同一药物重复开具：如为下一次用药，请完成或停止原医嘱，勿另加一条。",
    },
    "duplicate-bone-agent.why": {
        "en": "The guideline chooses one bisphosphonate; denosumab is an alternative, not an addition. Two agents "
        "add renal, calcium and jaw risks.",
        "zh": "规范要求选用一种双膦酸盐；地舒单抗是替代而非叠加用药。两药联用增加肾损害、低钙血症及颌骨坏死风险。",
    },
    "remove-new-bone-agent": {"en": "Remove the new {drug} order", "zh": "删除新开的{drug}医嘱"},
    "remove-other-bone-agent": {"en": "Remove the {other_drug} order instead", "zh": "改为删除{other_drug}医嘱"},
}
