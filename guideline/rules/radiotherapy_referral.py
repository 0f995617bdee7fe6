"""BM-RT-01..07, BM-RN-01..04 — radiotherapy for painful or weight-bearing bone metastasis.

Guideline 一(三)4: "放射治疗是治疗骨转移疼痛最有效的方法". 4(1): "针对骨转移局部病灶的体外照射是骨转移姑息性放疗的
首选放疗方法。体外照射的主要适应证：有骨疼痛等症状的骨转移灶，用于缓解疼痛及恢复功能；选择性用于负重部位骨转移的
预防性放疗，如脊柱或股骨转移" with "300cGy/次，共10次；400cGy/次，共5次；800cGy/次，单次照射" ("单次照射组…需要再程
放疗的可能性显著高于分次照射组"; "对于预期生存时间短的骨转移患者，应该争取在短时间内获得有效的治疗"). Response:
"如果治疗后6周，疼痛仍无缓解时，表示疼痛缓解的机会非常小…不要首先认定是肿瘤不敏感，而是要检查自己的放疗定位是否
准确，是否有病灶遗漏。如果没有进行MRI扫描，应给予MRI扫描". 4(2): radionuclides (⁸⁹Sr most used) "禁忌用于硬脑脊膜外
的病变、骨髓抑制的骨转移患者；慎用于脊柱明显破坏或有明显的病理性骨折风险的患者…适合于一般情况较好，多发转移但病灶
小、广泛，疼痛不是十分严重的患者" (marrow limits A.11-11, B.15).

When: confirmed bone metastasis (radiotherapy treats a known lesion; a bone-scan-only patient gets
bone-mets-confirm) and either pain (a recent NRS ≥ ``radiotherapy_pain_min``, default 4 = moderate pain: a pain of
1-3/10 controlled on analgesics is not a referral, the ESMO 2020 threshold; else a bone-pain diagnosis) or a
lesion in a weight-bearing site, with no radiotherapy to that site done, under way or planned (a course without a
recorded site counts for every site: the oncologist has the patient). Or: radiotherapy to a site done more than
``radiotherapy_response_days`` ago and a pain score since then no lower than the last one before it (BM-RT-06/07).
Then: painful → warning above mild pain, else info; weight-bearing without pain → info ("选择性"). Offer a
radiotherapy referral; a single 8 Gy fraction when recorded survival is short; for widespread painful disease
radionuclide therapy with its contraindications and cautions from the patient's own data.
Sequencing (beyond the guideline, Mirels 1989: "lesions with scores of 8 or higher require prophylactic internal
fixation prior to irradiation"): when the site to irradiate has a pathological fracture of a long bone, a Mirels score
at or above ``mirels_surgery_threshold``, or spinal instability (coded, or SINS at or above its threshold: surgical
consultation before radiotherapy, Fourney 2011), and no bone surgery there since, the card says fixation (or the
surgical opinion) comes first and radiotherapy after it, and the referral is no longer marked recommended (the
surgery-referral card carries the surgical referral).
The schedules (3 Gy × 10, 4 Gy × 5, 8 Gy × 1: equal relief; single fraction re-treated more often), the onset of
relief (1-2 weeks; 90 % within 3 months; analgesics meanwhile) and the radionuclide details (marrow suppression
~12 weeks, 10 % pain flare) are on this page, not on the card.
Incomplete record: "no radiotherapy recorded" is a claim of absence. When procedures or orders could not all be
read, the card fires one step lower with the note that the record was incomplete.
While the spinal-cord-compression card fires it owns the spine (no second spinal referral here), and its urgent
radiation-oncology referral carries the other sites too (this card then names them without a second referral).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, current_diagnoses
from guideline.facts import ImagingKind, Measurement, PatientFacts, ProcedureFact, ProcedureStatus
from guideline.lesions import lesion_sites, mirels_assessments, ordered_sites, same_site
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.rules import spinal_cord_compression
from guideline.settings import Settings

RULE = Rule(
    ids=(
        "BM-RT-01",
        "BM-RT-02",
        "BM-RT-03",
        "BM-RT-04",
        "BM-RT-05",
        "BM-RT-06",
        "BM-RT-07",
        "BM-RN-01",
        "BM-RN-02",
        "BM-RN-03",
        "BM-RN-04",
    ),
    topic="radiotherapy-referral",
    section="一(三)4",
    beyond_guideline="strontium-89 label (marrow limits); Mirels 1989 and SINS (surgery before radiotherapy)",
    digest="REFERENCE B.15, A.11-11, A.11-1, B.10",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
)

_UNDER_WAY = (ProcedureStatus.DONE, ProcedureStatus.IN_PROGRESS, ProcedureStatus.PLANNED)
# Where radiotherapy done or planned is recorded: the absence the card asserts rests on these.
_TREATMENT_RECORD = frozenset({inputs.PROCEDURES, inputs.SERVICE_REQUESTS})


def fixation_first(facts: PatientFacts, settings: Settings) -> dict[str | None, tuple[str, Any]]:
    """Sites where surgery comes before radiotherapy: site → (reason, value) for the card.

    A pathological fracture of a long bone, a Mirels score at or above the threshold (Mirels 1989: fixation before
    irradiation), or spinal instability (SINS: surgical consultation before radiotherapy); none once bone surgery
    at that site (or of unrecorded site) is done, under way or planned since the finding.
    """
    found: dict[str | None, tuple[str, Any, datetime | None]] = {}
    for fracture in current_diagnoses(facts, c.PATHOLOGICAL_FRACTURE):
        if fracture.body_site in c.LONG_BONES:
            found.setdefault(fracture.body_site, ("fracture", None, fracture.when))
    for score in mirels_assessments(facts, settings.days("lesion_assessment_window_days")):
        if score.total >= settings.mirels_surgery_threshold:
            found.setdefault(score.site, ("mirels", score.total, score.when))
    sins = facts.latest(c.SINS_SCORE, within=settings.days("lesion_assessment_window_days"))
    if sins is not None and sins.value >= settings.sins_surgery_threshold:
        found.setdefault("spine", ("sins", int(sins.value), sins.when))
    elif current_diagnoses(facts, c.SPINAL_INSTABILITY):
        found.setdefault("spine", ("instability", None, None))
    surgery = [p for p in facts.procedures_of(c.BONE_SURGERY) if p.status in _UNDER_WAY]
    return {
        site: (reason, value)
        for site, (reason, value, when) in found.items()
        if not any(
            (p.body_site is None or site is None or same_site(p.body_site, site))
            and (p.status is not ProcedureStatus.DONE or when is None or (p.when is not None and p.when >= when))
            for p in surgery
        )
    }


def _fixation_at(first_surgery: dict[str | None, tuple[str, Any]], site: str | None) -> tuple[str, Any] | None:
    """The reason surgery comes first at ``site`` (an unrecorded site matches only an unrecorded site)."""
    for key, reason in first_surgery.items():
        if key == site or (key is not None and site is not None and same_site(key, site)):
            return reason
    return None


def _courses(facts: PatientFacts) -> list[ProcedureFact]:
    return [p for p in facts.procedures_of(c.RADIOTHERAPY) if p.status in _UNDER_WAY]


def _covered(site: str | None, courses: list[ProcedureFact]) -> bool:
    return any(p.body_site is None or site is None or same_site(p.body_site, site) for p in courses)


def _targets(facts: PatientFacts, settings: Settings, pain: Measurement | None) -> tuple[str, list[str | None]]:
    """Why a referral is due ("painful" / "weight-bearing") and the sites without radiotherapy."""
    sites, courses = lesion_sites(facts), _courses(facts)
    painful = (
        pain.value >= settings.radiotherapy_pain_min
        if pain is not None
        else bool(current_diagnoses(facts, c.BONE_PAIN))
    )
    if painful:
        where: list[str | None] = [pain.body_site] if pain is not None and pain.body_site else [*ordered_sites(sites)]
        targets = [s for s in (where or [None]) if not _covered(s, courses)]
        if targets:
            return "painful", targets
    weight_bearing = [s for s in ordered_sites(sites) if s in c.WEIGHT_BEARING and not _covered(s, courses)]
    return "weight-bearing", list(weight_bearing)


def _poor_response(facts: PatientFacts, settings: Settings) -> dict[str, Any] | None:
    """BM-RT-06: the last course was long enough ago to work, and pain since then is no lower than before it."""
    done = [p for p in _courses(facts) if p.status is not ProcedureStatus.PLANNED and p.when and p.when <= facts.as_of]
    if not done or any(p.status is ProcedureStatus.PLANNED for p in _courses(facts)):
        return None  # nothing given yet, or a further course already planned
    course = max(done, key=lambda p: p.when or facts.as_of)
    if course.when is None:  # never: ``done`` keeps dated courses only
        return None
    settle = course.when + settings.days("radiotherapy_response_days")
    scores = facts.measurements_of(c.PAIN_SCORE, within=settings.days("pain_score_window_days"))
    after = next((m for m in scores if m.when >= settle), None)
    before = next((m for m in facts.measurements_of(c.PAIN_SCORE) if m.when <= course.when), None)
    if after is None or before is None or after.value < before.value or after.value < settings.radiotherapy_pain_min:
        return None
    if course.body_site and after.body_site and not same_site(course.body_site, after.body_site):
        return None  # the pain is elsewhere: not this course's failure
    return {
        "rt_date": course.when,
        "site": course.body_site or "unrecorded",
        "pain_before": f"{before.value:g}",
        "pain_before_date": before.when,
        "pain": f"{after.value:g}",
        "pain_date": after.when,
    }


def _radionuclide_notes(facts: PatientFacts, settings: Settings, values: dict[str, Any]) -> list[str]:
    """BM-RN-02..04 from the patient's own data: contraindications first, then cautions and missing counts."""
    notes = ["radiotherapy-referral.radionuclide-option"]
    window = settings.days("blood_count_window_days")
    platelets, leukocytes = facts.latest(c.PLATELETS, within=window), facts.latest(c.LEUKOCYTES, within=window)
    if current_diagnoses(facts, c.SPINAL_CORD_COMPRESSION):
        notes.append("radiotherapy-referral.radionuclide-epidural")
    values.update(platelets_min=settings.platelets_min, leukocytes_min=settings.leukocytes_min)
    suppressed = False
    for key, count, limit in (
        ("platelets", platelets, settings.platelets_min),
        ("leukocytes", leukocytes, settings.leukocytes_min),
    ):
        if count is not None and count.value < limit:
            values.update({key: f"{count.value:g}", f"{key}_date": count.when})
            notes.append(f"radiotherapy-referral.radionuclide-low-{key}")
            suppressed = True
    failure = next(iter(current_diagnoses(facts, c.MARROW_FAILURE)), None)
    if failure is not None:
        values["marrow_failure"] = failure.source.display or "marrow failure"
        notes.append("radiotherapy-referral.radionuclide-marrow-failure")
        suppressed = True
    if not suppressed and platelets is None and leukocytes is None:
        notes.append("radiotherapy-referral.radionuclide-counts-missing")
    elif not suppressed and (platelets is None or leukocytes is None):  # say which one is missing
        missing = "platelets" if platelets is None else "leukocytes"
        notes.append(f"radiotherapy-referral.radionuclide-{missing}-missing")
    assessment = settings.days("lesion_assessment_window_days")
    sins, mirels = facts.latest(c.SINS_SCORE, within=assessment), facts.latest(c.MIRELS_SCORE, within=assessment)
    if (
        any(d.body_site == "spine" for d in current_diagnoses(facts, c.PATHOLOGICAL_FRACTURE))
        or current_diagnoses(facts, c.SPINAL_INSTABILITY)
        or (sins is not None and sins.value >= settings.sins_surgery_threshold)
        or (mirels is not None and mirels.value >= settings.mirels_surgery_threshold)
    ):
        notes.append("radiotherapy-referral.radionuclide-caution")
    return notes


def _widespread(facts: PatientFacts, settings: Settings) -> bool:
    """Multiple lesions: coded as such, or metastases recorded at two or more separate sites."""
    window = settings.days("lesion_assessment_window_days")
    coded = any(
        f.value == "multiple" and f.when is not None and facts.as_of - window <= f.when <= facts.as_of
        for f in facts.findings_of("lesion-count")
    )
    sites = ordered_sites(lesion_sites(facts))
    distinct = [s for i, s in enumerate(sites) if not any(same_site(s, t) for t in sites[:i])]
    return coded or len(distinct) >= 2


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if bone_metastasis(facts).status is not MetastasisStatus.CONFIRMED:
        return None
    pain = facts.latest(c.PAIN_SCORE, within=settings.days("pain_score_window_days"))
    reason, targets = _targets(facts, settings, pain)
    compression_card = spinal_cord_compression.owns_spine(facts, settings)
    if compression_card:  # an unrecorded site may be the compressing spinal lesion itself
        targets = [s for s in targets if s not in ("spine", None)]
    referral = Proposal(
        ProposalKind.CREATE, "order-radiotherapy-referral", template="radiotherapy-referral", recommended=True
    )
    # The cord-compression card already sends an urgent radiation-oncology referral: name this site in it instead
    # of offering a second referral to the same team.
    proposals: tuple[Proposal, ...] = () if compression_card else (referral,)
    if not targets:
        response = _poor_response(facts, settings)
        if response is None:
            return None
        notes = ["radiotherapy-referral.check-target"]
        imaging_complete = not facts.gaps_in(inputs.IMAGING_RECORD)
        if imaging_complete and not any(i.kind is ImagingKind.MRI for i in facts.imaging):
            notes.append("radiotherapy-referral.mri")  # "no MRI on record" only when the imaging was all read
        gaps = facts.gaps_in(_TREATMENT_RECORD)  # a further course may be planned on a page not read
        indicator = lowered(Indicator.WARNING) if gaps else Indicator.WARNING
        return Recommendation(
            RULE, indicator, "radiotherapy-referral.poor-response", response, proposals, tuple(notes), incomplete=gaps
        )

    first_surgery = fixation_first(facts, settings)
    surgical = [s for s in targets if _fixation_at(first_surgery, s) is not None]
    lead = surgical[0] if surgical else targets[0]
    values: dict[str, Any] = {"site": lead or "unrecorded", "more_sites": len(targets) - 1}
    notes = ["radiotherapy-referral.with-compression-referral"] if compression_card else []
    if len(targets) > 1:
        notes.append("radiotherapy-referral.more-sites")
    if pain is not None:
        values.update(pain=f"{pain.value:g}", pain_date=pain.when)
    survival = facts.latest(c.EXPECTED_SURVIVAL_MONTHS, within=settings.days("lesion_assessment_window_days"))
    if survival is not None and survival.value <= settings.short_survival_months:
        values["survival_months"] = f"{survival.value:g}"
        notes.append("radiotherapy-referral.short-survival")
    if reason == "painful":
        indicator = Indicator.WARNING if pain is not None and pain.value > settings.pain_mild_max else Indicator.INFO
        message = "radiotherapy-referral.painful" if pain is not None else "radiotherapy-referral.bone-pain"
        if _widespread(facts, settings):
            notes += _radionuclide_notes(facts, settings, values)
    else:
        indicator, message = Indicator.INFO, "radiotherapy-referral.weight-bearing"
    fixation = _fixation_at(first_surgery, lead)
    if fixation is not None:
        why, value = fixation
        values.update(fixation_reason=why, fixation_value=value)
        spinal = why in ("sins", "instability")  # SINS asks for a surgical opinion, not necessarily fixation
        message = "radiotherapy-referral.after-surgical-opinion" if spinal else "radiotherapy-referral.after-fixation"
        # Surgery comes first: no "name it in the urgent referral", no radionuclide options for this site yet.
        notes = [n for n in notes if n in ("radiotherapy-referral.more-sites", "radiotherapy-referral.short-survival")]
        proposals = tuple(Proposal(p.kind, p.label, p.template, recommended=False) for p in proposals)
    gaps = facts.gaps_in(_TREATMENT_RECORD)
    if gaps:
        indicator = lowered(indicator)
    return Recommendation(RULE, indicator, message, values, proposals, tuple(notes), incomplete=gaps)
