"""Text of the spinal-cord-compression card (guideline 一(二), 一(三)4-5; NICE NG234 where marked).

The guideline's surgical principles and the full NICE text are on the rule page, not on the card.
"""

MESSAGES = {
    "spinal-cord-compression.image": {
        "en": {
            "summary": "Spinal cord compression: urgent whole-spine MRI and urgent spine surgery and radiotherapy assessment",
            "detail": "Spinal cord compression {certainty_text}: {diagnosis} ({compression_date}), no spinal "
            "radiotherapy or surgery since. Image the whole spine now and have a spine surgeon and a radiation "
            "oncologist assess decompression and/or radiotherapy.",
        },
        "zh": {
            "summary": "脊髓压迫：紧急行全脊柱MR扫描，并紧急请脊柱外科及放疗科评估",
            "detail": "{certainty_text}脊髓压迫（{compression_date}），此后未见脊柱放疗或手术记录。"
            "请立即行全脊柱MR扫描，并请脊柱外科及放疗科评估减压手术和/或放射治疗。",
        },
    },
    "spinal-cord-compression.imaged": {
        "en": {
            "summary": "Spinal cord compression: urgent spine surgery and radiotherapy assessment",
            "detail": "Spinal cord compression {certainty_text}: {diagnosis} ({compression_date}); spinal MRI on "
            "{mri_date}; no spinal radiotherapy or surgery since. Have a spine surgeon and a radiation oncologist "
            "assess decompression and/or radiotherapy now.",
        },
        "zh": {
            "summary": "脊髓压迫：紧急请脊柱外科及放疗科评估减压手术或放疗",
            "detail": "{certainty_text}脊髓压迫（{compression_date}），{mri_date} 已行脊柱MR扫描，此后未见脊柱放疗或手术记录。"
            "请立即请脊柱外科及放疗科评估减压手术和/或放射治疗。",
        },
    },
    "spinal-cord-compression.certainty.confirmed": {"en": "confirmed", "zh": "已确诊"},
    "spinal-cord-compression.certainty.suspected": {"en": "suspected", "zh": "疑似"},
    "spinal-cord-compression.certainty.recorded": {"en": "recorded", "zh": "已记录"},
    "spinal-cord-compression.instability": {
        "en": "Spinal instability also recorded (SINS {sins}): tell the spine surgeon.",
        "zh": "同时记录有脊柱不稳定（SINS {sins} 分）：请告知脊柱外科医师。",
    },
    "spinal-cord-compression.vertebral-fracture": {
        "en": "Vertebral pathological fracture: {fracture} ({fracture_date}).",
        "zh": "椎体病理性骨折（{fracture_date}）。",
    },
    "spinal-cord-compression.exclude-metastasis": {
        "en": "No bone metastasis on record: the spinal MRI also serves to exclude it.",
        "zh": "尚无骨转移记录：脊柱MR扫描可兼顾排除骨转移。",
    },
    "spinal-cord-compression.steroids": {
        "en": "Neurological symptoms or signs: dexamethasone 16 mg as soon as possible (NICE).",
        "zh": "有神经症状或体征者尽快给予地塞米松16 mg（NICE）。",
    },
    "spinal-cord-compression.no-radionuclide": {
        "en": "Radionuclide therapy (strontium-89) is contraindicated.",
        "zh": "禁用放射性核素治疗（89锶）。",
    },
    "order-spine-mri": {"en": "Order urgent MRI of the whole spine", "zh": "开具紧急全脊柱MR扫描"},
}
