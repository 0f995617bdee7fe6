"""BM-SU-01..10, BM-SU-12 — surgical referral: fracture, fracture risk, instability, compression, refractory pain.

Guideline 一(三)5: "应用病理骨折风险预测系统可以指导预防性内固定的实施，评分7分以下可暂时不考虑手术，而评分7分以上有
高骨折风险，应进行手术治疗" (Table 1-4, Mirels; ≤ 7 defer, 8 borderline-high, ≥ 9 high per A.11-1; long bones only,
A.11-3). Principles (BM-SU-04, gates per A.11-12): "预计患者可存活三个月以上", "全身状况好，能够耐受手术创伤及麻醉";
favourable "孤立的骨转移病灶". When to consider surgery (BM-SU-05): "已经出现病理骨折的患者", "有神经压迫症状的患者",
"保守治疗后，疼痛仍继续加重的患者", "放、化疗治疗不敏感的骨转移灶，如肾癌骨转移等". Indications (BM-SU-07..09): weight-
bearing long bones "即将发生骨折；已发生骨折…负重下疼痛；放疗后疼痛"; spine "神经功能受损；脊柱不稳定；即将发生骨折；
疼痛"; pelvis "髋臼即将或已发生病理骨折；顽固性疼痛". Non-operative (BM-SU-10): "全身多发骨破坏", "多处成骨性转移灶",
"非负重骨溶骨性或混合性转移灶（如腓骨、肋骨、胸骨、锁骨等）", "位于髂骨翼、骨盆前部或肩胛骨的病灶", "全身一般条件差".
"外科治疗必须与其他治疗相结合" (BM-SU-12). Spinal instability is scored with SINS (beyond the guideline: REFERENCE
B.10, Fourney 2011); "poor general condition" has no number in the guideline (ECOG/Karnofsky limits from B.12).

When: cancer or bone metastasis, and one of: a pathological fracture (not of a non-weight-bearing bone); a Mirels
score at or above the threshold on a long bone (recorded, or computed from coded lesion findings; newest per site
within ``lesion_assessment_window_days``); pain on weight-bearing in a weight-bearing long bone not yet scored;
refractory pain at a confirmed metastasis of the spine, pelvis or a long bone (severe despite a strong opioid, or
moderate or worse after radiotherapy had time to work); spinal instability (coded, or SINS ≥ 7); nerve-root
compression; spinal cord compression only when the spinal-cord-compression card is switched off (that card owns
it, and the other spinal reasons, while it fires). A Mirels score below the threshold alone gives an info card
that surgery may be deferred (A.11-1); that card is folded away while the spinal-cord-compression card fires (the
critical card already sends the patient to the spine surgeon; a "may be deferred" beside it reads as a contradiction).
A surgical referral already ordered (or seen within the window) silences the card: its action is taken.
Then: warning (critical for cord compression); info when a gate fails (recorded survival under 3 months:
"三个月以上" includes 3 months, as 以上 does in Chinese drafting; or poor performance status), with the referral no
longer marked recommended. Orthopaedic and/or spine-surgery referral. The card opens with why surgery for the
leading reason (a fracture that has occurred is not "surgery before a fracture"), then the findings, the gates not
met or not recorded, and the favourable and non-operative factors the record shows. The planning factors of
一(三)5(3) and "外科治疗必须与其他治疗相结合" stay on this page.
Incomplete record: "no surgical referral yet" is a claim of absence. When procedures or orders could not all be
read, the card fires one step lower with the note that the record was incomplete (a cord compression this card
carries becomes a warning, as on the spinal-cord-compression card: its treatment may be on a page not read).
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, current_diagnoses
from guideline.calculators import mirels_band, mirels_risk, sins_band
from guideline.facts import Measurement, PatientFacts, ProcedureStatus
from guideline.lesions import assessment_groups, lesion_sites, mirels_assessments, recent, same_site
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.rules import spinal_cord_compression
from guideline.settings import Settings

RULE = Rule(
    ids=(
        "BM-SU-01",
        "BM-SU-02",
        "BM-SU-03",
        "BM-SU-04",
        "BM-SU-05",
        "BM-SU-06",
        "BM-SU-07",
        "BM-SU-08",
        "BM-SU-09",
        "BM-SU-10",
        "BM-SU-12",
    ),
    topic="surgery-referral",
    section="一(三)5",
    beyond_guideline="SINS (Fourney 2011); performance-status limits",
    digest="REFERENCE B.10, B.12",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
    | inputs.MEDICATIONS
)

# Where a surgical referral, done or ordered, is recorded: the absence the card rests on.
_REFERRAL_RECORD = frozenset({inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
NON_WEIGHT_BEARING = frozenset({"rib", "sternum", "clavicle", "scapula", "skull", "jaw"})  # BM-SU-10 item 6
WEIGHT_BEARING_LONG = frozenset({"femur", "peritrochanteric", "tibia-fibula", "lower-limb"})
PELVIS = frozenset({"pelvis", "acetabulum"})
# Reasons, most pressing first: the first one found leads the card's summary.
ORDER = (
    "cord-compression",
    "fracture",
    "mirels-high",
    "mirels-borderline",
    "instability",
    "nerve-root",
    "functional-pain",
    "refractory-opioid",
    "refractory-after-rt",
)


def _refractory_pain(facts: PatientFacts, settings: Settings) -> tuple[str, str, Measurement] | None:
    """("refractory-opioid" | "refractory-after-rt", site, pain score) for metastasis pain treatment left unrelieved."""
    if bone_metastasis(facts).status is not MetastasisStatus.CONFIRMED:
        return None
    pain = facts.latest(c.PAIN_SCORE, within=settings.days("pain_score_window_days"))
    if pain is None:
        return None
    sites = lesion_sites(facts)
    site = pain.body_site or (next(iter(sites)) if len(sites) == 1 else None)
    if site not in c.LONG_BONES | PELVIS | {"spine"}:
        return None  # no surgical target we can name: never guess which lesion hurts
    if pain.value > settings.pain_moderate_max and facts.medications_in(c.OPIOID_STRONG):
        return "refractory-opioid", site, pain
    settle = settings.days("radiotherapy_response_days")
    irradiated = [
        p
        for p in facts.procedures_of(c.RADIOTHERAPY)
        if p.status is ProcedureStatus.DONE
        and p.when is not None
        and p.when + settle <= pain.when
        and p.body_site in (None, site)
    ]
    if irradiated and pain.value > settings.pain_mild_max:
        return "refractory-after-rt", site, pain
    return None


def _target(site: str | None) -> str:
    if site == "spine":
        return "spine"
    return "pelvis" if site in PELVIS else "limb"


def _reasons(facts: PatientFacts, settings: Settings, values: dict[str, Any]) -> dict[str, str]:
    """Reason → target ("spine", "limb", "pelvis"); fills ``values`` with what the card cites."""
    found: dict[str, str] = {}
    spine_elsewhere = spinal_cord_compression.owns_spine(facts, settings)
    metastasis = bone_metastasis(facts).status is not MetastasisStatus.NONE

    compression = spinal_cord_compression.untreated_compression(facts)
    if compression is not None and not settings.enabled(spinal_cord_compression.RULE.topic):
        found["cord-compression"] = "spine"
        values["compression_date"] = compression.when

    fractures = sorted(current_diagnoses(facts, c.PATHOLOGICAL_FRACTURE), key=lambda d: d.when or facts.as_of)
    for fracture in reversed(fractures):  # newest first
        target = _target(fracture.body_site)
        if fracture.body_site in NON_WEIGHT_BEARING or (target == "spine" and spine_elsewhere):
            continue
        found["fracture"] = target
        values.update(
            fracture=fracture.source.display or "pathological fracture",
            fracture_date=fracture.when,
            fracture_site=fracture.body_site or "unrecorded",
        )
        break

    assessments = mirels_assessments(facts, settings.days("lesion_assessment_window_days"))
    if assessments:
        top = assessments[0]
        band = mirels_band(top.total, settings.mirels_surgery_threshold)
        values.update(
            mirels=top.total,
            mirels_site=top.site or "unrecorded",
            mirels_date=top.when,
            mirels_threshold=settings.mirels_surgery_threshold,
            mirels_band=band,
            mirels_risk=mirels_risk(top.total),
        )
        if top.parts is not None:
            p = top.parts
            values["mirels_parts"] = f"{p.site} + {p.pain} + {p.lesion} + {p.size}"
        fractured = values.get("fracture_site")
        if band != "low" and not (top.site and fractured and same_site(top.site, fractured)):
            found[f"mirels-{band}"] = "limb"  # a bone already fractured needs no fracture-risk score

    window = settings.days("lesion_assessment_window_days")
    sins = facts.latest(c.SINS_SCORE, within=window)
    if not spine_elsewhere and (
        current_diagnoses(facts, c.SPINAL_INSTABILITY)
        or (sins is not None and sins.value >= settings.sins_surgery_threshold)
    ):
        found["instability"] = "spine"
        if sins is not None:
            values.update(sins=int(sins.value), sins_band=sins_band(int(sins.value)), sins_date=sins.when)

    root = next(iter(current_diagnoses(facts, c.NERVE_ROOT_COMPRESSION)), None)
    if root is not None and metastasis and not spine_elsewhere:
        found["nerve-root"] = "spine"
        values["root_date"] = root.when

    scored = {a.site for a in assessments}
    for group in assessment_groups(facts, window):
        body_site = next((f.body_site for f in group.values() if f.body_site), None)
        site = body_site or (group["mirels-site"].value if "mirels-site" in group else None)
        pain = group.get("pain-character")
        if metastasis and pain is not None and pain.value == "functional" and site in WEIGHT_BEARING_LONG - scored:
            found["functional-pain"] = "limb"
            values["functional_site"] = site
            break

    refractory = _refractory_pain(facts, settings)
    if refractory is not None and not (refractory[1] == "spine" and spine_elsewhere):
        reason, pain_site, pain_score = refractory
        found[reason] = _target(pain_site)
        values.update(refractory_site=pain_site, pain=f"{pain_score.value:g}", pain_date=pain_score.when)
    return {reason: found[reason] for reason in ORDER if reason in found}


def _gates(facts: PatientFacts, settings: Settings, values: dict[str, Any]) -> tuple[list[str], bool]:
    """BM-SU-04 gates (survival, general condition) as notes, and whether one fails (A.11-12)."""
    notes, failed = [], False
    survival = facts.latest(c.EXPECTED_SURVIVAL_MONTHS, within=settings.days("lesion_assessment_window_days"))
    values["survival_min"] = f"{settings.surgery_min_survival_months:g}"
    if survival is None:
        notes.append("surgery-referral.gate-survival-unknown")
    else:
        values.update(survival_months=f"{survival.value:g}", survival_date=survival.when)
        failed = survival.value < settings.surgery_min_survival_months  # "三个月以上": 3 months itself qualifies
        if failed:
            notes.append("surgery-referral.gate-survival-failed")
    status_window = settings.days("lab_window_days")
    ecog, karnofsky = facts.latest(c.ECOG, within=status_window), facts.latest(c.KARNOFSKY, within=status_window)
    if ecog is not None:
        values.update(ecog=f"{ecog.value:g}", ecog_date=ecog.when)
    if karnofsky is not None:
        values.update(karnofsky=f"{karnofsky.value:g}", karnofsky_date=karnofsky.when)
    poor = (ecog is not None and ecog.value >= settings.poor_performance_ecog_min) or (
        karnofsky is not None and karnofsky.value <= settings.poor_performance_karnofsky_max
    )
    if poor:
        failed = True
        notes.append("surgery-referral.gate-condition-poor")
    elif ecog is None and karnofsky is None:
        notes.append("surgery-referral.gate-condition-unknown")
    if notes == ["surgery-referral.gate-survival-unknown", "surgery-referral.gate-condition-unknown"]:
        notes = ["surgery-referral.gate-unknown"]  # one line for both prerequisites
    return notes, failed


def _context(facts: PatientFacts, settings: Settings, reasons: dict[str, str], values: dict[str, Any]) -> list[str]:
    """Favourable and non-operative factors of BM-SU-04/05/09/10 that the record shows."""
    notes = []
    window = settings.days("lesion_assessment_window_days")
    counts = [f for f in facts.findings_of("lesion-count") if recent(f.when, facts, window)]
    count = max(counts, key=lambda f: f.when or facts.as_of).value if counts else None  # recent(): all dated
    blastic = any(f.value == "blastic" and recent(f.when, facts, window) for f in facts.findings_of("lesion-type"))
    if count == "multiple":
        notes.append("surgery-referral.multiple-blastic" if blastic else "surgery-referral.multiple-lesions")
    elif count == "solitary":
        notes.append("surgery-referral.solitary")
    if any(d.primary_site == "kidney" for d in current_diagnoses(facts, c.MALIGNANCY)):
        notes.append("surgery-referral.insensitive-primary")
    if values.get("fracture_site") == "pelvis" or "pelvis" in reasons.values():
        notes.append("surgery-referral.pelvis-sites")
    return notes


def _referred(facts: PatientFacts, settings: Settings) -> bool:
    """A surgical referral ordered, or completed within the assessment window: the surgeon has the question."""
    window = settings.days("lesion_assessment_window_days")
    for referral in facts.procedures_of(c.SURGICAL_REFERRAL):
        if referral.status in (ProcedureStatus.PLANNED, ProcedureStatus.IN_PROGRESS):
            return True
        if referral.status is ProcedureStatus.DONE and recent(referral.when, facts, window):
            return True
    return False


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if bone_metastasis(facts).status is MetastasisStatus.NONE and not current_diagnoses(facts, c.MALIGNANCY):
        return None
    compression_here = spinal_cord_compression.untreated_compression(facts) is not None and not settings.enabled(
        spinal_cord_compression.RULE.topic
    )
    if _referred(facts, settings) and not compression_here:
        return None  # the card's action is taken; cord compression (when this card carries it) stays critical
    values: dict[str, Any] = {}
    reasons = _reasons(facts, settings, values)
    if not reasons:
        if values.get("mirels_band") != "low" or spinal_cord_compression.owns_spine(facts, settings):
            return None  # nothing to refer; or a critical card already sends the patient to the surgeon
        return Recommendation(RULE, Indicator.INFO, "surgery-referral.defer", values)

    lead = next(iter(reasons))
    values.update(lead=lead, lead_why=lead)
    notes = [f"surgery-referral.{reason}" for reason in reasons]
    if "sins" in values and "instability" in reasons:
        notes[notes.index("surgery-referral.instability")] = "surgery-referral.instability-sins"
    if values.get("mirels_band") == "low":
        notes.append("surgery-referral.mirels-low")
    if "mirels_parts" in values and any(r.startswith("mirels-") for r in reasons):
        notes.append("surgery-referral.mirels-parts")
    gate_notes, gate_failed = _gates(facts, settings, values)
    notes += gate_notes + _context(facts, settings, reasons, values)

    critical = "cord-compression" in reasons
    indicator = Indicator.CRITICAL if critical else Indicator.INFO if gate_failed else Indicator.WARNING
    gaps = facts.gaps_in(_REFERRAL_RECORD)
    if gaps:
        indicator = lowered(indicator)
    recommended = critical or not gate_failed
    proposals = []
    if "spine" in reasons.values():
        proposals.append(
            Proposal(
                ProposalKind.CREATE, "order-neurosurgery-referral", "neurosurgery-referral", recommended=recommended
            )
        )
    if {"limb", "pelvis"} & set(reasons.values()):
        proposals.append(
            Proposal(ProposalKind.CREATE, "order-orthopaedic-referral", "orthopaedic-referral", recommended=recommended)
        )
    message = f"surgery-referral.{reasons[lead]}" + ("-gate-failed" if gate_failed and not critical else "")
    return Recommendation(
        RULE, indicator, message, values, tuple(proposals), tuple(notes), selection="any", incomplete=gaps
    )
