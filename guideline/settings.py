"""Thresholds, windows and switches of the guideline logic: one place, with defaults.

Each default is the guideline's own number or, where the guideline gives none,
the resolution in REFERENCE.md (A.11, B) named beside it. Deployments override
any field with the ``GUIDELINE_SETTINGS`` environment variable (a JSON object of
field names to values); see README "Configuration".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from guideline.catalogue import TOPICS


@dataclass(frozen=True)
class Settings:
    # Rules switched on. supportive-care is off by default (alert fatigue, issue #3).
    enabled_topics: frozenset[str] = frozenset(TOPICS) - {"supportive-care"}

    # Renal check: creatinine within this many days before a bisphosphonate dose (A.11-7).
    renal_check_window_days: int = 7
    # Patient view, on therapy: a creatinine within one 3-4 week dosing cycle (label: before each dose, B.1).
    renal_monitoring_window_days: int = 28
    # On a daily oral course (clodronate) there is no pre-dose creatinine: "定期检查肾功能" has no interval (A.11-7);
    # one lab window (not in the guideline or a label).
    renal_monitoring_window_oral_days: int = 90
    # Dental examination counts if done within this many days before starting (BM-BP-11; window not in guideline).
    dental_exam_window_days: int = 180
    # A bisphosphonate/denosumab given within this many days still counts as "recently on" (ONJ risk, BM-BP-12).
    bone_agent_recent_days: int = 365
    # During therapy, "定期检查口腔" (BM-BP-12): a dental check at least this often (interval not in guideline).
    dental_followup_window_days: int = 365
    # A bisphosphonate/denosumab dose completed this recently means the course goes on, even when each infusion
    # order is closed (every 3-4 weeks, or every 12 weeks when de-escalated: B.13, B.14). Never narrower than the
    # longest interval the service accepts (84 days with zoledronic_acid_12_weekly): guideline.bone_agent_course.
    bone_agent_course_days: int = 90

    # Mirels score: surgery at or above this score (A.11-1; guideline ">7").
    mirels_surgery_threshold: int = 8
    # SINS: surgical consultation at or above (B.10).
    sins_surgery_threshold: int = 7
    # Mirels/SINS scores, coded lesion findings and survival estimates older than this are not used
    # (not in the guideline; BM-TX-02 "动态评估病情").
    lesion_assessment_window_days: int = 90
    # Surgical gate BM-SU-04 "预计患者可存活三个月以上": a recorded survival estimate of at least this many months
    # (以上 includes the number itself, A.11-1's drafting convention; issue 9 item 11).
    surgery_min_survival_months: float = 3.0
    # "全身一般条件差" (BM-SU-10 item 9) has no cut-off: ECOG at or above / Karnofsky at or below (B.12 table).
    poor_performance_ecog_min: int = 3
    poor_performance_karnofsky_max: int = 40

    # Pain NRS bands (A.11-4, B.9): upper bounds of mild and moderate.
    pain_mild_max: int = 3
    pain_moderate_max: int = 6
    # A pain score older than this is not used at all (not in the guideline).
    pain_score_window_days: int = 30
    # Analgesic ladder: a pain score drives the warning only this fresh; an older one (up to pain_score_window_days)
    # only asks for a reassessment, at info. Pain changes within days and the ladder is chosen for today's pain; the
    # NHC 《癌症疼痛诊疗规范（2018年版）》 asks for reassessment within 72 h of admission or of a change, and at least
    # twice a month: 7 days is this service's choice inside that (not in the guideline).
    analgesic_pain_current_days: int = 7
    # Radiotherapy for "有骨疼痛等症状的骨转移灶" (BM-RT-02): at or above this NRS. Default 4, moderate pain (ESMO 2020
    # "moderate-severe", B.14; A.11-4 bands): a pain of 1-3/10 controlled on analgesics is not a referral.
    radiotherapy_pain_min: int = 4
    # Analgesia goes on while radiotherapy takes effect, "约3个月" (BM-PN-08); no relief 6 weeks after it (BM-RT-06).
    radiotherapy_onset_days: int = 90
    radiotherapy_response_days: int = 42
    # "预期生存时间短" (BM-RT-05) has no number: at or below this many months favour a single 8 Gy fraction.
    short_survival_months: float = 3.0

    # Hypercalcaemia bands, total or albumin-corrected calcium in mmol/L (A.11-6).
    calcium_mild_min: float = 2.75
    calcium_moderate_min: float = 3.0
    calcium_severe_above: float = 3.5
    calcium_crisis_above: float = 3.75
    # A calcium older than this is not used at all (not in the guideline). The hypercalcaemia card asks for a repeat
    # of a moderate or worse value within it but older than calcium_current_days.
    calcium_window_days: int = 30
    # Severe hypercalcaemia / crisis is "critical, treat now" only on a calcium this fresh (72 h); older (up to
    # calcium_current_days) it is a warning asking for a repeat today. Calcium moves within days (dehydration,
    # treatment), and "立即治疗" needs today's value (window not in the guideline: this service's choice).
    calcium_critical_window_days: int = 3
    # Moderate hypercalcaemia (warning) and mild (info) only on a calcium this fresh. The zoledronic-acid
    # prescribing information waits 7 days after a hypercalcaemia dose for the full response before retreating
    # (REFERENCE B.1): over a week the value is expected to change (window not in the guideline).
    calcium_current_days: int = 7
    # Zoledronic acid 4 mg for hypercalcaemia of malignancy: no dose adjustment below this creatinine, umol/L (B.1).
    hcm_zoledronic_creatinine_below: float = 400.0

    # Order hooks: zoledronic acid every 12 weeks is accepted, not flagged (ASCO 2017 B.13, ESMO 2020 B.14; A.11-9).
    zoledronic_acid_12_weekly: bool = True

    # Radionuclide marrow limits, 10*9/L (A.11-11, B.15 strontium-89 label).
    platelets_min: float = 60.0
    leukocytes_min: float = 2.4
    # Platelet and leukocyte counts older than this do not exclude marrow suppression before a radionuclide (not in
    # the guideline or the strontium-89 label: this service's choice).
    blood_count_window_days: int = 30
    # A low count makes the radionuclide card critical ("contraindicated: remove") only this fresh; older, it asks
    # for a recount. The strontium-89 label monitors counts at least every other week (REFERENCE B.15), the pace at
    # which they move (window not in the guideline).
    blood_count_critical_days: int = 14

    # High-risk primaries for routine screening (A.11-10) and what counts as intermediate/advanced ("中、晚"): add
    # "II" where the deployer's oncologists read "中" as stage II (the guideline gives no stage number).
    high_risk_primaries: frozenset[str] = frozenset({"breast", "lung", "nasopharynx", "prostate"})
    advanced_stages: frozenset[str] = frozenset({"III", "IV", "M1"})

    # Renal impairment: eGFR (mL/min/1.73 m2) flags reduced function only when CrCl cannot be computed (B.6);
    # denosumab needs close calcium monitoring below the CrCl (or, lacking it, eGFR) limit (B.5).
    egfr_fallback_below: float = 60.0
    denosumab_hypocalcaemia_below: float = 30.0

    # Supportive care (BM-SC-03): ECOG at which activity needs help, and at which the patient is bedridden (B.12).
    assisted_activity_ecog_min: int = 3
    bedridden_ecog_min: int = 4

    # Cockcroft-Gault body weight: measured weight within this many days (B.6).
    weight_window_days: int = 90
    # Labs older than this are "stale" for any rule that reads them without its own window.
    lab_window_days: int = 90

    # Recognise conditions, labs, procedures, imaging and drugs from their text when no code is recognised
    # (fhir_mappings/text_match.py; never from negated or historical text; cards say so). Off: codes only.
    text_fallback: bool = True

    def enabled(self, topic: str) -> bool:
        return topic in self.enabled_topics

    def days(self, name: str) -> timedelta:
        return timedelta(days=getattr(self, name))

    @classmethod
    def from_mapping(cls, overrides: dict[str, Any] | None) -> Settings:
        """Defaults with ``overrides`` applied; unknown names raise ValueError."""
        if not overrides:
            return cls()
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(f"unknown guideline settings: {', '.join(unknown)}")
        defaults = cls()
        values = {name: _typed(name, value, getattr(defaults, name)) for name, value in overrides.items()}
        unknown_topics = values.get("enabled_topics", frozenset()) - set(TOPICS)
        if unknown_topics:
            raise ValueError(f"unknown topics in enabled_topics: {', '.join(sorted(unknown_topics))}")
        return cls(**values)


def _typed(name: str, value: Any, default: Any) -> Any:
    """``value`` as the type of the default; a value of another kind is an error, never coerced."""
    if isinstance(default, frozenset):
        if not isinstance(value, list | tuple | set | frozenset) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"guideline setting {name} must be a list of strings")
        return frozenset(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"guideline setting {name} must be true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"guideline setting {name} must be a number")
    if isinstance(default, int) and value != int(value):
        raise ValueError(f"guideline setting {name} must be a whole number")
    return type(default)(value)
