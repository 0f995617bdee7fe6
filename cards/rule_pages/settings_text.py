"""The settings as a clinician reads them on a rule page: a name in each language and a unit.

Keyed by the field of guideline.settings.Settings; a test fails when a field has no entry here, so a new
threshold cannot reach a rule page unnamed. Units are printed as written (codes and SI symbols need no
translation); ``unit`` None means a count, a score or a switch.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SettingText:
    en: str
    zh: str
    unit: str | None = None  # key of UNITS


UNITS = {
    "days": {"en": "days", "zh": "天"},
    "months": {"en": "months", "zh": "个月"},
    "points": {"en": "points", "zh": "分"},
    "nrs": {"en": "/10 (NRS)", "zh": "/10（NRS）"},
    "mmol/L": {"en": "mmol/L", "zh": "mmol/L"},
    "umol/L": {"en": "µmol/L", "zh": "µmol/L"},
    "10^9/L": {"en": "× 10⁹/L", "zh": "× 10⁹/L"},
    "mL/min": {"en": "mL/min", "zh": "mL/min"},
    "mL/min/1.73m2": {"en": "mL/min/1.73 m²", "zh": "mL/min/1.73 m²"},
}

# Words for the values of set-valued settings; a value without an entry is shown as written (a stage code).
VALUE_WORDS = {
    "breast": {"en": "breast", "zh": "乳腺癌"},
    "lung": {"en": "lung", "zh": "肺癌"},
    "nasopharynx": {"en": "nasopharynx", "zh": "鼻咽癌"},
    "prostate": {"en": "prostate", "zh": "前列腺癌"},
    "kidney": {"en": "kidney", "zh": "肾癌"},
    "thyroid": {"en": "thyroid", "zh": "甲状腺癌"},
    "stomach": {"en": "stomach", "zh": "胃癌"},
    "liver": {"en": "liver", "zh": "肝癌"},
    "cervix": {"en": "cervix", "zh": "宫颈癌"},
    "colorectum": {"en": "colorectum", "zh": "结直肠癌"},
    "melanoma": {"en": "melanoma", "zh": "黑色素瘤"},
    True: {"en": "yes", "zh": "是"},
    False: {"en": "no", "zh": "否"},
}

SETTINGS_TEXT: dict[str, SettingText] = {
    "enabled_topics": SettingText("Cards switched on", "启用的提示卡"),
    "renal_check_window_days": SettingText(
        "Serum creatinine needed within, before a bisphosphonate dose is ordered", "开具双膦酸盐医嘱前，血肌酐须在此期限内", "days"
    ),
    "renal_monitoring_window_days": SettingText(
        "Serum creatinine needed within, during an intravenous course", "静脉用药疗程中，血肌酐须在此期限内", "days"
    ),
    "renal_monitoring_window_oral_days": SettingText(
        "Serum creatinine needed within, during a daily oral course (clodronate)", "每日口服疗程（氯膦酸）中，血肌酐须在此期限内", "days"
    ),
    "dental_exam_window_days": SettingText(
        "A dental examination counts if done within, before the first dose", "首次用药前此期限内的口腔检查有效", "days"
    ),
    "bone_agent_recent_days": SettingText(
        "A bisphosphonate or denosumab given within counts as recent", "此期限内用过双膦酸盐或地舒单抗视为近期用药", "days"
    ),
    "dental_followup_window_days": SettingText(
        "During therapy, a dental check at least every", "治疗期间，口腔检查间隔不超过", "days"
    ),
    "bone_agent_course_days": SettingText(
        "A course goes on if the last dose was within", "末次给药在此期限内视为疗程仍在进行", "days"
    ),
    "mirels_surgery_threshold": SettingText("Mirels score calling for surgery, at or above", "Mirels评分达到或超过此值时建议手术", "points"),
    "sins_surgery_threshold": SettingText(
        "SINS score calling for a surgical consultation, at or above", "SINS评分达到或超过此值时建议外科会诊", "points"
    ),
    "lesion_assessment_window_days": SettingText(
        "Fracture-risk scores and lesion findings used only if recorded within", "骨折风险评分和病灶所见仅在此期限内有效", "days"
    ),
    "surgery_min_survival_months": SettingText(
        "Expected survival needed for surgery, at least", "手术要求的预计生存期，至少", "months"
    ),
    "poor_performance_ecog_min": SettingText("Poor general condition: ECOG at or above", "全身一般条件差：ECOG评分达到或超过"),
    "poor_performance_karnofsky_max": SettingText(
        "Poor general condition: Karnofsky at or below", "全身一般条件差：Karnofsky评分不超过", "points"
    ),
    "pain_mild_max": SettingText("Mild pain: pain score up to", "轻度疼痛：疼痛评分不超过", "nrs"),
    "pain_moderate_max": SettingText("Moderate pain: pain score up to", "中度疼痛：疼痛评分不超过", "nrs"),
    "pain_score_window_days": SettingText("A pain score is used only if recorded within", "疼痛评分仅在此期限内有效", "days"),
    "analgesic_pain_current_days": SettingText(
        "A pain score calls for a stronger analgesic only if recorded within", "疼痛评分在此期限内才据以升级止痛药", "days"
    ),
    "radiotherapy_pain_min": SettingText(
        "Pain score calling for radiotherapy, at or above", "疼痛评分达到或超过此值时建议放疗", "nrs"
    ),
    "radiotherapy_onset_days": SettingText(
        "Analgesics continue after radiotherapy while it takes effect, for", "放疗显效前继续使用止痛药的期限", "days"
    ),
    "radiotherapy_response_days": SettingText(
        "Pain not relieved this long after radiotherapy: reassess", "放疗后此期限内疼痛仍未缓解：重新评估", "days"
    ),
    "short_survival_months": SettingText(
        "Short expected survival (single 8 Gy fraction): at most", "预期生存时间短（单次8 Gy照射）：不超过", "months"
    ),
    "calcium_mild_min": SettingText("Mild hypercalcaemia from", "轻度高钙血症下限", "mmol/L"),
    "calcium_moderate_min": SettingText("Moderate hypercalcaemia from", "中度高钙血症下限", "mmol/L"),
    "calcium_severe_above": SettingText("Severe hypercalcaemia above", "重度高钙血症：高于", "mmol/L"),
    "calcium_crisis_above": SettingText("Hypercalcaemic crisis above", "高钙危象：高于", "mmol/L"),
    "calcium_window_days": SettingText("A calcium is used only if measured within", "血钙仅在此期限内有效", "days"),
    "calcium_critical_window_days": SettingText(
        "Severe hypercalcaemia is treated now only on a calcium measured within", "重度高钙血症须以此期限内的血钙为据立即治疗", "days"
    ),
    "calcium_current_days": SettingText(
        "Mild or moderate hypercalcaemia is acted on only on a calcium measured within", "轻、中度高钙血症须以此期限内的血钙为据", "days"
    ),
    "hcm_zoledronic_creatinine_below": SettingText(
        "Zoledronic acid 4 mg for hypercalcaemia without dose change below a creatinine of",
        "高钙血症用唑来膦酸4 mg无需调整剂量的血肌酐上限",
        "umol/L",
    ),
    "zoledronic_acid_12_weekly": SettingText(
        "Zoledronic acid every 12 weeks accepted", "接受唑来膦酸每12周一次的方案"
    ),
    "platelets_min": SettingText("Radionuclide therapy: platelets at least", "放射性核素治疗：血小板不低于", "10^9/L"),
    "leukocytes_min": SettingText("Radionuclide therapy: white cells at least", "放射性核素治疗：白细胞不低于", "10^9/L"),
    "blood_count_window_days": SettingText("A blood count is used only if measured within", "血常规仅在此期限内有效", "days"),
    "blood_count_critical_days": SettingText(
        "A low count contraindicates a radionuclide only if measured within", "血细胞减少须在此期限内测得才视为禁忌", "days"
    ),
    "high_risk_primaries": SettingText("High-risk primary cancers for routine screening", "常规筛查的高风险原发肿瘤"),
    "advanced_stages": SettingText("Stages counted as intermediate or advanced", "视为中、晚期的分期"),
    "egfr_fallback_below": SettingText(
        "Without creatinine clearance, eGFR flags reduced kidney function below", "无法计算肌酐清除率时，eGFR低于此值提示肾功能减退", "mL/min/1.73m2"
    ),
    "denosumab_hypocalcaemia_below": SettingText(
        "Denosumab: close calcium monitoring below a creatinine clearance of", "地舒单抗：肌酐清除率低于此值时密切监测血钙", "mL/min"
    ),
    "assisted_activity_ecog_min": SettingText("Activities need help: ECOG at or above", "日常活动需辅助：ECOG评分达到或超过"),
    "bedridden_ecog_min": SettingText("Bedridden: ECOG at or above", "卧床不起：ECOG评分达到或超过"),
    "weight_window_days": SettingText(
        "Body weight for creatinine clearance used only if measured within", "计算肌酐清除率的体重仅在此期限内有效", "days"
    ),
    "lab_window_days": SettingText("Other laboratory results used only if measured within", "其他检验结果仅在此期限内有效", "days"),
    "text_fallback": SettingText(
        "Diagnoses, results and drugs also recognised from their text when no code is recognised",
        "无法识别编码时，也从文本中识别诊断、检验和药物",
    ),
}
