"""Bone lesions as the record shows them: where they are, and their Mirels fracture-risk score.

Shared by surgery-referral (Mirels, refractory pain) and radiotherapy-referral (sites without radiotherapy).
Mirels (guideline Table 1-4) is scored only on long bones (A.11-3), from a clinician's recorded total or from the
coded parts of one assessment (this service's own code system, mapped by fhir_mappings/lesion_findings.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from guideline import concepts as c
from guideline.assessments import current_diagnoses
from guideline.calculators import MirelsScore, mirels
from guideline.facts import Finding, PatientFacts

MIRELS_FINDINGS = ("mirels-site", "pain-character", "lesion-type", "lesion-size-fraction")
_LESION_PARTS = frozenset({"pain-character", "lesion-type", "lesion-size-fraction"})
# Sites one radiotherapy field covers together; the order says which site a card names first.
_SAME_FIELD = ({"femur", "peritrochanteric"}, {"pelvis", "acetabulum"})
_PRIORITY = ("spine", "femur", "peritrochanteric", "acetabulum", "pelvis", "tibia-fibula", "lower-limb", "humerus")


def recent(when: datetime | None, facts: PatientFacts, window: timedelta) -> bool:
    """Dated within ``window`` before the chart's date (never after it)."""
    return when is not None and facts.as_of - window <= when <= facts.as_of


def same_site(a: str, b: str) -> bool:
    """Two body sites one radiotherapy field or one Mirels assessment treats as the same place."""
    return a == b or any(a in group and b in group for group in _SAME_FIELD)


def lesion_sites(facts: PatientFacts) -> set[str]:
    """Body sites of the bone metastases the record shows.

    Coded on the bone-metastasis diagnosis, on imaging that shows metastasis, on a pathological fracture (in a
    patient with bone metastasis, the lesion is there), or on a lesion assessment (Mirels parts are scored at the
    lesion's site; SINS only scores spinal lesions).
    """
    sites = {d.body_site for d in current_diagnoses(facts, c.BONE_METASTASIS) if d.body_site}
    sites |= {i.body_site for i in facts.imaging if i.shows_bone_metastasis and i.body_site}
    sites |= {d.body_site for d in current_diagnoses(facts, c.PATHOLOGICAL_FRACTURE) if d.body_site}
    sites |= {f.body_site for f in facts.findings if f.concept in _LESION_PARTS and f.body_site}
    if facts.latest(c.SINS_SCORE) is not None:
        sites.add("spine")
    return sites


def ordered_sites(sites: set[str]) -> list[str]:
    """Sites in the order a card names them: spine and weight-bearing bones first."""
    return sorted(sites, key=lambda s: (_PRIORITY.index(s) if s in _PRIORITY else len(_PRIORITY), s))


@dataclass(frozen=True)
class MirelsAssessment:
    """One site's Mirels total, recorded by a clinician or computed here from coded findings (then with parts)."""

    total: int
    site: str | None
    when: datetime
    parts: MirelsScore | None = None


def assessment_groups(facts: PatientFacts, window: timedelta) -> list[dict[str, Finding]]:
    """Coded Mirels parts, grouped per assessment: one Observation's components, else one body site."""
    groups: dict[object, dict[str, Finding]] = {}
    oldest = datetime.min.replace(tzinfo=facts.as_of.tzinfo)
    for finding in sorted(facts.findings, key=lambda f: f.when or oldest):  # the newest part wins
        if finding.concept in MIRELS_FINDINGS and recent(finding.when, facts, window):
            key = finding.source.reference or ("site", finding.body_site)
            groups.setdefault(key, {})[finding.concept] = finding
    return list(groups.values())


def mirels_assessments(facts: PatientFacts, window: timedelta) -> list[MirelsAssessment]:
    """The newest Mirels per long-bone site, highest total first (A.11-3: long bones only).

    A recorded total counts as recorded; otherwise the total is computed from the coded parts (site from the
    "mirels-site" answer, else the finding's body site; pain, lesion type and size). A part missing: no score.
    """
    by_site: dict[str | None, MirelsAssessment] = {}
    for score in facts.measurements_of(c.MIRELS_SCORE, within=window):  # newest first
        if score.body_site is not None and score.body_site not in c.LONG_BONES:
            continue
        if score.value != int(score.value) or not 4 <= score.value <= 12:
            continue  # not a Mirels total (4-12): the record contradicts itself, so it is not used
        by_site.setdefault(score.body_site, MirelsAssessment(int(score.value), score.body_site, score.when))
    for group in assessment_groups(facts, window):
        body_site = next((f.body_site for f in group.values() if f.body_site), None)
        site = group["mirels-site"].value if "mirels-site" in group else body_site
        if site not in c.LONG_BONES:
            continue
        value = {concept: finding.value for concept, finding in group.items()}
        computed = mirels(
            site, value.get("pain-character", ""), value.get("lesion-type", ""), value.get("lesion-size-fraction", "")
        )
        if computed is None:
            continue
        when = max(f.when for f in group.values() if f.when is not None)
        shown = body_site if body_site in c.LONG_BONES else site
        kept = by_site.get(shown)
        if kept is None or when > kept.when:
            by_site[shown] = MirelsAssessment(computed.total, shown, when, computed)
    return sorted(by_site.values(), key=lambda a: -a.total)
