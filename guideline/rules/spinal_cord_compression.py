"""BM-DX-01, BM-RT-01, BM-SU-05 (item 7), BM-SU-08, BM-SU-11, BM-RN-02 — spinal cord compression: act now.

Guideline 一(二): "确诊为恶性肿瘤的患者，一旦出现…脊髓压迫或脊神经根压迫…应进一步检查排除骨转移病变".
一(三)4: "放射治疗…还能预防骨折和脊髓压迫的发生，并能缓解脊髓压迫症". 一(三)5(2) item 7: "有神经压迫症状的患者"
(consider surgery); 5(4)2): "脊柱转移癌：神经功能受损；脊柱不稳定；即将发生骨折；疼痛"; 5(6)3): "彻底解除对脊髓的
压迫…避免单纯后路椎板减压术". 一(三)4(2): "放射性核素治疗禁忌用于硬脑脊膜外的病变" (A.11-11: includes cord
compression). The guideline names no imaging for it; MRI "准确显示骨转移侵犯部位、范围及周围软组织受累情况" (BM-DX-07).
Beyond the guideline: NICE NG234 (2023, https://www.nice.org.uk/guidance/NG234/chapter/recommendations) — MRI of
the whole spine as soon as possible, within 24 hours, and
dexamethasone 16 mg for neurological symptoms or signs (rec. 1.8.1); shown as such, never ordered.

When: an active spinal cord compression diagnosis (confirmed or suspected; an emergency either way), not dated
after the chart's date, in a patient with a malignancy or a (suspected) bone metastasis, and no radiotherapy or
bone surgery to the spine done, under way or planned since its onset.
Then: critical card: urgent whole-spine MRI (unless one was done since onset), urgent spine-surgery and
radiotherapy assessment; no radionuclide therapy; dexamethasone per NICE. This card owns the spinal actions: while
it fires, surgery-referral and radiotherapy-referral leave the spine to it (``owns_spine``), so no two cards ask for
the same referral, and a "Mirels ≤ 7: surgery may be deferred" card is not shown beside it.
Behind the link (this page), not on the card: the guideline's surgical principles (remove tumour and fully relieve
the compression; avoid isolated posterior laminectomy, which worsens instability; anterior reconstruction with
posterior stabilisation; expected survival of 3 months or more and fitness for surgery are prerequisites), and the
full NICE text (dexamethasone 16 mg by mouth or the parenteral equivalent as soon as possible for neurological
symptoms or signs, continued daily while awaiting surgery or radiotherapy).
Incomplete record: "no spinal radiotherapy or surgery since" is a claim of absence. When procedures or orders could
not all be read, the card fires one step lower (warning) with the note that the record was incomplete: the
compression is real, but its treatment may already be arranged on a page not read. When only imaging was not all
read, the MRI is still offered (a second order is cheap) and the card says the record was incomplete, still critical.
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_metastasis, current_diagnoses
from guideline.facts import Diagnosis, ImagingKind, PatientFacts, ProcedureStatus, Verification
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-DX-01", "BM-RT-01", "BM-SU-05", "BM-SU-08", "BM-SU-11", "BM-RN-02"),
    topic="spinal-cord-compression",
    section="一(二); 一(三)4; 一(三)5",
    beyond_guideline="NICE NG234 (2023): MRI within 24 hours, dexamethasone",
)
HOOKS = ("patient-view",)
READS = (
    frozenset({inputs.PATIENT, inputs.OBSERVATIONS, inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
    | inputs.EVIDENCE_OF_BONE_METASTASIS
)

URGENT = {"priority": "urgent"}  # ServiceRequest.priority (FHIR request-priority)
# Where spinal radiotherapy or surgery, done or ordered, is recorded: the absence the card rests on.
_TREATMENT_RECORD = frozenset({inputs.PROCEDURES, inputs.SERVICE_REQUESTS})
_UNDER_WAY = (ProcedureStatus.DONE, ProcedureStatus.IN_PROGRESS, ProcedureStatus.PLANNED)
_SPINE_OR_UNKNOWN = ("spine", None)
_CERTAINTY = {
    Verification.CONFIRMED: "confirmed",
    Verification.PROVISIONAL: "suspected",
    Verification.UNKNOWN: "recorded",
}


def _in_scope(facts: PatientFacts) -> bool:
    """Cord compression is this guideline's only in cancer (a disc prolapse is not)."""
    return bool(current_diagnoses(facts, c.MALIGNANCY)) or bone_metastasis(facts).status is not MetastasisStatus.NONE


def _treated_since(facts: PatientFacts, compression: Diagnosis) -> bool:
    """Radiotherapy or surgery to the spine done, under way or planned on or after the compression's date."""
    for procedure in facts.procedures:
        if procedure.concept not in (c.RADIOTHERAPY, c.BONE_SURGERY) or procedure.status not in _UNDER_WAY:
            continue
        if procedure.body_site not in _SPINE_OR_UNKNOWN:
            continue
        if procedure.status is not ProcedureStatus.DONE:
            return True  # ordered or running: the referral has happened
        if procedure.when is None or procedure.when > facts.as_of:
            continue  # undated, or "done" in the future: cannot be placed after the onset
        if compression.when is None or procedure.when >= compression.when:
            return True
    return False


def untreated_compression(facts: PatientFacts) -> Diagnosis | None:
    """The newest active cord compression in a cancer patient with no spinal treatment since; None otherwise."""
    if not _in_scope(facts):
        return None
    pending = [d for d in current_diagnoses(facts, c.SPINAL_CORD_COMPRESSION) if not _treated_since(facts, d)]
    return max(pending, key=lambda d: d.when or facts.as_of, default=None)


def owns_spine(facts: PatientFacts, settings: Settings) -> bool:
    """True when this card will speak for the spine, so other cards leave spinal reasons to it."""
    return settings.enabled(RULE.topic) and untreated_compression(facts) is not None


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    compression = untreated_compression(facts)
    if compression is None:
        return None
    values: dict[str, Any] = {
        "diagnosis": compression.source.display or "spinal cord compression",  # English cards quote the EHR
        "compression_date": compression.when,
        "certainty": _CERTAINTY[compression.verification],
    }
    notes = []
    mri = [
        i
        for i in facts.imaging
        if i.kind is ImagingKind.MRI
        and i.body_site in _SPINE_OR_UNKNOWN
        and i.when is not None
        and i.when <= facts.as_of
        and (compression.when is None or i.when >= compression.when)
    ]
    proposals = []
    if mri:
        values["mri_date"] = max(i.when for i in mri if i.when is not None)
        message = "spinal-cord-compression.imaged"
    else:
        message = "spinal-cord-compression.image"
        proposals.append(Proposal(ProposalKind.CREATE, "order-spine-mri", template="spine-mri", recommended=True))
    for template in ("neurosurgery-referral", "radiotherapy-referral"):
        proposals.append(
            Proposal(ProposalKind.CREATE, f"order-{template}", template, changes=dict(URGENT), recommended=True)
        )

    sins = facts.latest(c.SINS_SCORE, within=settings.days("lesion_assessment_window_days"))
    unstable = sins is not None and sins.value >= settings.sins_surgery_threshold
    if current_diagnoses(facts, c.SPINAL_INSTABILITY) or unstable:
        notes.append("spinal-cord-compression.instability")
        if sins is not None:
            values["sins"] = int(sins.value)
    fracture = next((d for d in current_diagnoses(facts, c.PATHOLOGICAL_FRACTURE) if d.body_site == "spine"), None)
    if fracture is not None:
        values.update(fracture=fracture.source.display or "vertebral fracture", fracture_date=fracture.when)
        notes.append("spinal-cord-compression.vertebral-fracture")
    if bone_metastasis(facts).status is MetastasisStatus.NONE:
        notes.append("spinal-cord-compression.exclude-metastasis")
    notes += ["spinal-cord-compression.steroids", "spinal-cord-compression.no-radionuclide"]
    gaps = facts.gaps_in(_TREATMENT_RECORD)
    # "No MRI since" rests on the imaging record too; a second MRI order is cheap, so that gap is said, not lowered.
    imaging_gaps = facts.gaps_in(inputs.IMAGING_RECORD) if message == "spinal-cord-compression.image" else ()
    return Recommendation(
        rule=RULE,
        indicator=lowered(Indicator.CRITICAL) if gaps else Indicator.CRITICAL,
        incomplete=gaps + imaging_gaps,
        message=message,
        values=values,
        proposals=tuple(proposals),
        notes=tuple(notes),
        selection="any",
    )
