"""BM-SU-01..08, BM-SU-10, BM-SU-12 — surgical referral for fracture risk, fracture, cord compression, instability.

Guideline 一(三)5: "应用病理骨折风险预测系统可以指导预防性内固定的实施，评分7分以下可暂时不考虑手术，
而评分7分以上有高骨折风险，应进行手术治疗。" (Table 1-4, Mirels; threshold ≥ 8 per A.11-1, scored only on
long bones per A.11-3). When to consider surgery (BM-SU-05): "已经出现病理骨折的患者", "有神经压迫症状的患者",
"脊柱溶骨性破坏，截瘫危险性大的患者"; spine indications (BM-SU-08): "神经功能受损；脊柱不稳定". Gates
(BM-SU-04, A.11-12): "预计患者可存活三个月以上" and "全身状况好，能够耐受手术创伤及麻醉". Lytic or mixed
lesions of non-weight-bearing bones favour non-operative care (BM-SU-10 item 6).
Spinal instability is scored with SINS (beyond the guideline: REFERENCE B.10, Fourney 2011).

When: a patient with cancer or bone metastasis has a pathological fracture of a weight-bearing bone (or
of an uncoded site), a Mirels score at or above the threshold on a long bone, spinal cord compression,
or spinal instability (coded, or SINS ≥ 7).
Then: warning (critical for cord compression; info when a recorded survival estimate ≤ 3 months says
surgery is unlikely to help); suggest orthopaedic or neurosurgical referral; show the gates.
"""

from __future__ import annotations

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis
from guideline.calculators import mirels, mirels_band, sins_band
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-SU-01", "BM-SU-02", "BM-SU-03", "BM-SU-04", "BM-SU-05", "BM-SU-06", "BM-SU-07", "BM-SU-08", "BM-SU-10"),
    topic="surgery-referral",
    section="一(三)5",
)
HOOKS = ("patient-view",)
READS = frozenset(
    {inputs.PATIENT, inputs.CONDITIONS, inputs.OBSERVATIONS, inputs.IMAGING_STUDIES, inputs.DIAGNOSTIC_REPORTS}
)

NON_WEIGHT_BEARING = frozenset({"rib", "sternum", "clavicle", "scapula", "skull", "jaw"})


def _mirels_total(facts: PatientFacts) -> tuple[int, str | None] | None:
    """A recorded Mirels total, else one computed from coded lesion findings on a long bone."""
    recorded = facts.latest(c.MIRELS_SCORE)
    if recorded is not None:
        return int(recorded.value), recorded.body_site
    by_site: dict[str | None, dict[str, str]] = {}
    for finding in facts.findings:
        if finding.concept in ("lesion-type", "lesion-size-fraction", "pain-character"):
            by_site.setdefault(finding.body_site, {})[finding.concept] = finding.value
    for site, parts in by_site.items():
        if site not in c.LONG_BONES:
            continue  # A.11-3: Mirels is a long-bone score
        score = mirels(
            site, parts.get("pain-character", ""), parts.get("lesion-type", ""), parts.get("lesion-size-fraction", "")
        )
        if score is not None:
            return score.total, site
    return None


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if bone_metastasis(facts).status is MetastasisStatus.NONE and not facts.has_diagnosis(c.MALIGNANCY):
        return None
    reasons: list[str] = []
    values: dict = {}
    indicator = Indicator.WARNING
    spine = False

    compression = next(iter(facts.diagnoses_of(c.SPINAL_CORD_COMPRESSION)), None)
    if compression is not None:
        reasons.append("surgery-referral.cord-compression")
        values["compression_date"] = compression.when
        indicator, spine = Indicator.CRITICAL, True

    fractures = [d for d in facts.diagnoses_of(c.PATHOLOGICAL_FRACTURE) if d.body_site not in NON_WEIGHT_BEARING]
    if fractures:
        fracture = fractures[0]
        reasons.append("surgery-referral.fracture")
        values.update(fracture=fracture.source.display or "pathological fracture", fracture_date=fracture.when)
        spine = spine or fracture.body_site == "spine"

    score = _mirels_total(facts)
    if score is not None and score[0] >= settings.mirels_surgery_threshold:
        total, site = score
        band = mirels_band(total, settings.mirels_surgery_threshold)
        reasons.append(f"surgery-referral.mirels-{band}")
        values.update(mirels=total, mirels_site=site or "long bone", mirels_threshold=settings.mirels_surgery_threshold)

    sins = facts.latest(c.SINS_SCORE)
    if facts.has_diagnosis(c.SPINAL_INSTABILITY) or (
        sins is not None and sins.value >= settings.sins_surgery_threshold
    ):
        reasons.append("surgery-referral.instability")
        if sins is not None:
            values.update(sins=int(sins.value), sins_band=sins_band(int(sins.value)))
        spine = True

    if not reasons:
        return None

    notes = list(reasons)
    survival = facts.latest(c.EXPECTED_SURVIVAL_MONTHS)
    if survival is None:
        notes.append("surgery-referral.gates-unknown")
    elif survival.value <= 3:
        values["survival_months"] = survival.value
        notes.append("surgery-referral.gate-survival-failed")
        if indicator is not Indicator.CRITICAL:
            indicator = Indicator.INFO
    else:
        values["survival_months"] = survival.value
    for concept, key in ((c.KARNOFSKY, "karnofsky"), (c.ECOG, "ecog")):
        status = facts.latest(concept, within=settings.days("lab_window_days"))
        if status is not None:
            values[key] = int(status.value)
    notes.append("surgery-referral.combine")

    template = "neurosurgery-referral" if spine else "orthopaedic-referral"
    return Recommendation(
        rule=RULE,
        indicator=indicator,
        message="surgery-referral.spine" if spine else "surgery-referral.limb",
        values=values,
        proposals=(Proposal(ProposalKind.CREATE, f"order-{template}", template=template, recommended=True),),
        notes=tuple(notes),
    )
