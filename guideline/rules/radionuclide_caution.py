"""BM-RN-02, BM-RN-03 — a bone-seeking radionuclide ordered despite a contraindication or a caution.

Guideline 一(三)4(2): "放射性核素治疗禁忌用于硬脑脊膜外的病变、骨髓抑制的骨转移患者；慎用于脊柱明显破坏或有
明显的病理性骨折风险的患者。" Also: "全身性放射性核素治疗的骨髓抑制发生率相对较高，而且恢复较慢（约12周）" and
about 10 % of patients have a transient pain flare. The guideline gives no numbers for marrow suppression:
platelets < ``platelets_min`` (60 × 10⁹/L) or leukocytes < ``leukocytes_min`` (2.4 × 10⁹/L), from the
strontium-89 label (A.11-11, REFERENCE B.15), in counts within ``blood_count_window_days``. Epidural disease
includes known spinal cord compression (A.11-11).

When: a selected order for a radionuclide (drug class radionuclide, or a radionuclide-therapy procedure), and
- epidural disease / cord compression, or marrow suppression (counts or a marrow-failure diagnosis):
  contraindicated → critical, suggest removing the order;
  a low count is a contraindication only within ``blood_count_critical_days`` (14: the strontium-89 label asks
  for counts at least every other week); an older low count (up to ``blood_count_window_days``) may have
  recovered or fallen further → warning, recount first (suggest a blood count), never "remove" on it alone;
- no platelet count, or no leukocyte count, within the window: the check cannot be made → warning naming the
  missing count(s), suggest a blood count;
- spinal instability (coded, or SINS at the surgical threshold), Mirels at the surgical threshold, or a
  pathological fracture: "慎用" → warning (scores within ``lesion_assessment_window_days``).
Then: one card with every finding. Incomplete observations (facts.gaps_in): a "count missing" card is lowered to
info with the "record incomplete" note (the count may be in the part not read); a low count found stays critical
(a positive finding of marrow suppression) and carries the same note, since a newer count may exist; a caution
card keeps its indicator and carries the note.
"""

from __future__ import annotations

from typing import Any

from guideline import concepts as c
from guideline import inputs
from guideline.facts import Order, PatientFacts
from guideline.recommendation import Indicator, Proposal, ProposalKind, Recommendation, Rule, lowered
from guideline.settings import Settings

RULE = Rule(
    ids=("BM-RN-02", "BM-RN-03"),
    topic="radionuclide-caution",
    section="一(三)4(2)",
    beyond_guideline="marrow limits from the strontium-89 chloride label; SINS (Fourney 2011)",
    digest="REFERENCE B.10, B.15, A.11-11",
)
HOOKS = ("order-select", "order-sign")
READS = frozenset({inputs.PATIENT, inputs.CONDITIONS, inputs.OBSERVATIONS})


def _radionuclide_orders(facts: PatientFacts) -> list[Order]:
    return [
        o
        for o in facts.orders
        if o.selected
        and (
            (o.medication is not None and c.RADIONUCLIDE in o.medication.classes)
            or (o.procedure is not None and o.procedure.concept == c.RADIONUCLIDE_THERAPY)
        )
    ]


def _contraindications(facts: PatientFacts, settings: Settings, values: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(contraindications, low counts too old to call one: they ask for a recount)."""
    found, old = [], []
    compression = next(iter(facts.diagnoses_of(c.SPINAL_CORD_COMPRESSION)), None)
    if compression is not None:
        found.append("radionuclide-caution.epidural")
        values["compression_date"] = compression.when
    if facts.has_diagnosis(c.MARROW_FAILURE):
        found.append("radionuclide-caution.marrow-failure")
    window = settings.days("blood_count_window_days")
    fresh = settings.days("blood_count_critical_days")
    # Shown at the precision labs report them in 10⁹/L: platelets whole, leukocytes to 0.01.
    for concept, name, limit, digits in (
        (c.PLATELETS, "platelets", settings.platelets_min, 0),
        (c.LEUKOCYTES, "leukocytes", settings.leukocytes_min, 2),
    ):
        count = facts.latest(concept, within=window)
        if count is not None and count.value < limit:
            values.update(
                {name: round(count.value, digits) if digits else round(count.value), f"{name}_date": count.when}
            )
            if facts.as_of - count.when <= fresh:
                found.append(f"radionuclide-caution.{name}-low")
            else:
                old.append(f"radionuclide-caution.{name}-low-old")
    return found, old


def _cautions(facts: PatientFacts, settings: Settings, values: dict[str, Any]) -> list[str]:
    found = []
    window = settings.days("lesion_assessment_window_days")  # an old score no longer describes the lesion
    sins = facts.latest(c.SINS_SCORE, within=window)
    if facts.has_diagnosis(c.SPINAL_INSTABILITY):
        found.append("radionuclide-caution.spine")
    if sins is not None and sins.value >= settings.sins_surgery_threshold:
        found.append("radionuclide-caution.sins")
        values["sins"] = int(sins.value)
    fracture = next(iter(facts.diagnoses_of(c.PATHOLOGICAL_FRACTURE)), None)
    if fracture is not None:
        found.append("radionuclide-caution.fracture")
    mirels = facts.latest(c.MIRELS_SCORE, within=window)
    if mirels is not None and mirels.value >= settings.mirels_surgery_threshold:
        found.append("radionuclide-caution.mirels")
        values["mirels"] = int(mirels.value)
    return found


def evaluate(facts: PatientFacts, settings: Settings) -> Recommendation | None:
    ordered = _radionuclide_orders(facts)
    if not ordered:
        return None
    order = ordered[0]
    # The drug's concept (a Chinese card names it in Chinese); a procedure order is "radionuclide therapy".
    values: dict[str, Any] = {
        "radionuclide": order.medication.agent if order.medication is not None else c.RADIONUCLIDE_THERAPY,
        "window_days": settings.blood_count_window_days,
        "platelets_min": settings.platelets_min,
        "leukocytes_min": settings.leukocytes_min,
    }
    contraindications, old_low = _contraindications(facts, settings, values)
    window = settings.days("blood_count_window_days")
    platelets, leukocytes = facts.latest(c.PLATELETS, within=window), facts.latest(c.LEUKOCYTES, within=window)
    missing = [name for name, count in (("platelets", platelets), ("leukocytes", leukocytes)) if count is None]
    cautions = _cautions(facts, settings, values)
    if not (contraindications or old_low or missing or cautions):
        return None
    # A missing count, and the newest count, are claims over the observations read.
    gaps = facts.gaps_in({inputs.OBSERVATIONS})

    proposals = []
    if contraindications:
        indicator, message = Indicator.CRITICAL, "radionuclide-caution.contraindicated"
        if order.reference is not None:
            proposals.append(
                Proposal(ProposalKind.DELETE, "remove-radionuclide-order", order_ref=order.reference, recommended=True)
            )
    elif old_low:
        indicator, message = Indicator.WARNING, "radionuclide-caution.recount"
    elif missing:
        indicator, message = Indicator.WARNING, "radionuclide-caution.counts-needed"
        indicator = lowered(indicator) if gaps else indicator
    else:
        indicator, message = Indicator.WARNING, "radionuclide-caution.caution"
    notes = [*contraindications, *old_low, *cautions]
    if missing or (old_low and not contraindications):
        if missing:
            values["missing"] = "both" if len(missing) == 2 else missing[0]
            notes.append("radionuclide-caution.counts-missing")
        proposals.append(
            Proposal(
                ProposalKind.CREATE, "order-blood-count", template="blood-count", recommended=not contraindications
            )
        )
    if not contraindications:
        notes.append("radionuclide-caution.after-treatment")
    return Recommendation(
        rule=RULE,
        indicator=indicator,
        message=message,
        values=values,
        proposals=tuple(proposals),
        notes=tuple(notes),
        selection="any",
        incomplete=gaps,
    )
