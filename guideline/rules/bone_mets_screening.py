"""BM-DX-02, BM-OV-02 — consider routine bone-metastasis screening for high-risk cancers at later stages.

Guideline 一(二): "对于某些高风险发生骨转移的恶性肿瘤（如乳腺癌、肺癌、鼻咽癌、前列腺癌等中、晚恶性肿瘤）患者，
可考虑把排除骨转移的临床检查作为常规检查项目。" 一(一) (BM-OV-02) gives the incidence that makes them high-risk:
"晚期恶性肿瘤的骨转移发生率：乳腺癌65%〜75%，前列腺癌65%〜75%，鼻咽癌67%〜75%，肺癌30%〜40%……".

The open list "等" and the stage words "中、晚" are configuration (A.11-10): ``high_risk_primaries`` (default
breast, lung, nasopharynx, prostate) and ``advanced_stages`` (default III, IV, M1; substages such as IIIB or
M1a count as their group). "中" (intermediate) has no stage number in the guideline: a deployer whose oncologists
read it as stage II sets ``advanced_stages`` to II, III, IV, M1, and stage II (IIA, IIB...) then qualifies.
When: an active, non-provisional malignancy of a high-risk primary at an intermediate/advanced stage, no bone
imaging since the cancer was diagnosed (imaging from before it cannot exclude metastasis), and bone metastasis
neither confirmed nor suspected.
Silent when the stage is not recorded: the guideline restricts screening to 中、晚 stages, so an unstaged cancer
does not qualify, and asking for a stage on every chart is a staging reminder the guideline does not make.
Silent, too, when bone-mets-workup fires: that card already asks for the bone scan, with the stronger "应".
Then: info (the guideline says 可考虑); suggest a whole-body bone scan. The incidences of 一(一) and the next steps
stay on this page.
Incomplete record: "no bone imaging since the diagnosis" is a claim of absence; an info card about routine
screening is not worth asserting on a partial record, so the rule stays silent when imaging studies, reports or
orders could not all be read.
"""

from __future__ import annotations

import re

from guideline import concepts as c
from guideline import inputs
from guideline.assessments import MetastasisStatus, bone_imaging_ordered, bone_metastasis
from guideline.facts import Diagnosis, PatientFacts, Verification
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule
from guideline.rules import bone_mets_workup
from guideline.settings import Settings

RULE = Rule(ids=("BM-DX-02", "BM-OV-02"), topic="bone-mets-screening", section="一(二); 一(一)")
HOOKS = ("patient-view",)
READS = frozenset({inputs.PATIENT, inputs.OBSERVATIONS}) | inputs.EVIDENCE_OF_BONE_METASTASIS | inputs.IMAGING_RECORD


def stage_group(stage: str | None) -> str | None:
    """ "IIIB" → "III", "IVa" → "IV", "M1c" or "T2N1M1" → "M1"; None when there is no recognisable stage."""
    if not stage:
        return None
    text = stage.strip().upper()
    if re.search(r"M1", text):
        return "M1"
    match = re.match(r"(?:STAGE\s*)?(IV|III|II|I|0)(?![IV])", text)
    return match.group(1) if match else None


def _qualifying(facts: PatientFacts, settings: Settings) -> Diagnosis | None:
    for cancer in facts.diagnoses_of(c.MALIGNANCY):
        if cancer.verification is Verification.PROVISIONAL or cancer.primary_site not in settings.high_risk_primaries:
            continue
        if stage_group(cancer.stage) in settings.advanced_stages:
            return cancer
    return None


def _imaged_since(facts: PatientFacts, cancer: Diagnosis) -> bool:
    """Any imaging on or after the cancer's date (any imaging at all when that date is unknown)."""
    if cancer.when is None:
        return bool(facts.imaging)
    return any(i.when is None or i.when.date() >= cancer.when.date() for i in facts.imaging)


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    if facts.gaps_in(inputs.IMAGING_RECORD):
        return None  # the imaging may be on a page not read: not worth an info card
    cancer = _qualifying(facts, settings)
    if cancer is None or _imaged_since(facts, cancer) or bone_imaging_ordered(facts):
        return None
    if bone_metastasis(facts).status is not MetastasisStatus.NONE:
        return None
    if settings.enabled(bone_mets_workup.RULE.topic) and bone_mets_workup.evaluate(facts, settings) is not None:
        return None
    return Recommendation(
        rule=RULE,
        indicator=Indicator.INFO,
        message="bone-mets-screening",
        values={
            "malignancy": cancer.source.display or cancer.primary_site,
            "malignancy_date": cancer.when,
            "stage": cancer.stage,
            "primary": cancer.primary_site,
            "site": cancer.primary_site or "unrecorded",
        },
        proposals=(Proposal(ProposalKind.CREATE, "order-bone-scan", template="bone-scan"),),
        notes=("bone-mets-screening.incidence",),
    )
