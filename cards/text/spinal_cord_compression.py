"""Text of the spinal-cord-compression card (guideline 一(二), 一(三)4-5; NICE NG234 where marked)."""

MESSAGES = {
    "spinal-cord-compression.image": {
        "en": {
            "summary": "Spinal cord compression: urgent whole-spine MRI and urgent spine surgery and radiotherapy assessment",
            "detail": "Spinal cord compression is {certainty_text}: {diagnosis} ({compression_date}), and no spinal "
            "radiotherapy or surgery is recorded since. Cord compression is a skeletal-related event that threatens "
            "function: image the whole spine urgently and have a spine surgeon and a radiation oncologist assess "
            "decompression and/or radiotherapy now.",
        },
        "zh": {
            "summary": "脊髓压迫：紧急行全脊柱MR扫描，并紧急请脊柱外科及放疗科评估",
            "detail": "{certainty_text}脊髓压迫：{diagnosis}（{compression_date}），此后未见脊柱放疗或手术记录。"
            "脊髓压迫是威胁神经功能的骨相关事件：请紧急行全脊柱MR扫描，并立即请脊柱外科及放疗科评估减压手术和/或放射治疗。",
        },
    },
    "spinal-cord-compression.imaged": {
        "en": {
            "summary": "Spinal cord compression: urgent spine surgery and radiotherapy assessment",
            "detail": "Spinal cord compression is {certainty_text}: {diagnosis} ({compression_date}); spinal MRI on "
            "{mri_date}. No spinal radiotherapy or surgery is recorded since. Have a spine surgeon and a radiation "
            "oncologist assess decompression and/or radiotherapy now.",
        },
        "zh": {
            "summary": "脊髓压迫：紧急请脊柱外科及放疗科评估减压手术或放疗",
            "detail": "{certainty_text}脊髓压迫：{diagnosis}（{compression_date}）；{mri_date} 已行脊柱MR扫描。"
            "此后未见脊柱放疗或手术记录。请立即请脊柱外科及放疗科评估减压手术和/或放射治疗。",
        },
    },
    "spinal-cord-compression.certainty.confirmed": {"en": "confirmed", "zh": "已确诊"},
    "spinal-cord-compression.certainty.suspected": {"en": "suspected", "zh": "疑似"},
    "spinal-cord-compression.certainty.recorded": {"en": "recorded", "zh": "已记录"},
    "spinal-cord-compression.why": {
        "en": "The guideline: radiotherapy relieves spinal cord compression; patients with symptoms of neural "
        "compression should be considered for surgery; neurological deficit and spinal instability are indications "
        "for spinal metastasis surgery.",
        "zh": "规范：放射治疗能缓解脊髓压迫症；有神经压迫症状的患者应考虑外科治疗；神经功能受损、脊柱不稳定是脊柱转移癌的手术适应证。",
    },
    "spinal-cord-compression.instability": {
        "en": "Spinal instability is also recorded (SINS {sins}): tell the spine surgeon.",
        "zh": "同时记录有脊柱不稳定（SINS {sins} 分）：请告知脊柱外科医师。",
    },
    "spinal-cord-compression.vertebral-fracture": {
        "en": "Vertebral pathological fracture: {fracture} ({fracture_date}).",
        "zh": "椎体病理性骨折：{fracture}（{fracture_date}）。",
    },
    "spinal-cord-compression.exclude-metastasis": {
        "en": "No bone metastasis is on record: the guideline asks for further examination to exclude it; the "
        "spinal MRI serves both.",
        "zh": "尚无骨转移记录：规范要求进一步检查排除骨转移病变，脊柱MR扫描可兼顾。",
    },
    "spinal-cord-compression.surgery": {
        "en": "Surgical principles of the guideline: remove tumour and fully relieve cord compression; avoid "
        "isolated posterior laminectomy, which worsens instability; anterior reconstruction with posterior "
        "stabilisation. Expected survival > 3 months and fitness for surgery and anaesthesia are prerequisites.",
        "zh": "规范的外科原则：尽量切除肿瘤，彻底解除对脊髓的压迫；避免单纯后路椎板减压术（会加重脊柱不稳定性）；"
        "前路重建、后路重建维护脊柱稳定性。预计可存活三个月以上、能耐受手术创伤及麻醉是手术前提。",
    },
    "spinal-cord-compression.no-radionuclide": {
        "en": "Radionuclide therapy (e.g. strontium-89) is contraindicated with epidural disease or cord compression.",
        "zh": "放射性核素治疗（如89锶）禁用于硬脊膜外病变或脊髓压迫。",
    },
    "spinal-cord-compression.steroids": {
        "en": "Beyond this guideline, NICE NG234 (rec. 1.8.1) offers dexamethasone 16 mg by mouth (or the parenteral "
        "equivalent) as soon as possible to people with neurological symptoms or signs of cord compression, "
        "continued daily while awaiting surgery or radiotherapy.",
        "zh": "超出本规范：NICE NG234（推荐1.8.1）建议对有脊髓压迫神经症状或体征者尽快给予地塞米松16 mg口服（或等效静脉剂量），"
        "等待手术或放疗期间每日继续。",
    },
    "order-spine-mri": {"en": "Order urgent MRI of the whole spine", "zh": "开具紧急全脊柱MR扫描"},
}
