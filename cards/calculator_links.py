"""Links from a card to the bedside calculator it needs, pre-filled with what the chart has (``/calculators/``).

A card links a calculator where a score or an input is missing from the chart: the fracture-risk cards when a
long-bone lesion has no Mirels score (or a spinal one no SINS), a bisphosphonate card when creatinine clearance
cannot be computed, a hypercalcaemia card with its calcium (and albumin, else asking for it), the analgesic-ladder
card with the pain score and current step. Only values the rule itself used, or that are current by its own
reckoning, are carried: a stale weight is left for the clinician to enter, never pre-filled.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from cards.text import catalogue
from guideline import calculators as calc
from guideline import concepts as c
from guideline.facts import Measurement, PatientFacts
from guideline.lesions import assessment_groups, mirels_assessments
from guideline.recommendation import Recommendation
from guideline.rules.hypercalcemia import MG_DL_PER_MMOL_L

# Mirels' three site rows (Table 1-4) by their points: humerus → upper limb, femur → lower limb, …
_MIRELS_ROW = {1: "upper-limb", 2: "lower-limb", 3: "peritrochanteric"}
_EVER = timedelta(days=365 * 200)  # "recorded at all": a score of any age means the score is not missing


def calculator_links(
    recommendation: Recommendation, facts: PatientFacts, *, language: str, base_url: str
) -> list[dict[str, str]]:
    """CDS Hooks links (absolute) to the calculators this card needs, in the card's language."""
    links = []
    for name, params in _needed(recommendation, facts):
        query = urlencode({**{k: v for k, v in params.items() if v is not None}, "lang": language, "from": "card"})
        label = catalogue()[f"calculator-link.{name}"][language]
        links.append({"label": label, "url": f"{base_url}/calculators/{name}?{query}", "type": "absolute"})
    return links


def _needed(recommendation: Recommendation, facts: PatientFacts) -> Iterator[tuple[str, dict[str, Any]]]:
    values, topic = recommendation.values, recommendation.topic
    if topic == "hypercalcemia":
        params = _calcium(facts, values)
        if params is not None:
            yield "calcium", params
    elif topic == "analgesic-ladder" and recommendation.message.split(".")[-1] in ("mild", "moderate", "severe"):
        yield "pain", {"pain": values.get("pain"), "current_step": values.get("current_step")}
    elif topic == "surgery-referral":
        if "functional_site" in values:  # pain on weight-bearing at a long bone that has no Mirels score
            yield "mirels", _mirels(facts, values["functional_site"], pain="functional")
        if "surgery-referral.instability" in recommendation.notes:  # instability coded, no SINS
            yield "sins", {}
    elif topic == "radiotherapy-referral":
        site = values.get("site")
        if site in c.LONG_BONES and not any(_scores(a.site, site) for a in mirels_assessments(facts, _EVER)):
            yield "mirels", _mirels(facts, site)
        if site == "spine" and facts.latest(c.SINS_SCORE) is None:
            yield "sins", {}
    elif topic == "bisphosphonate-start" and values.get("missing") not in (None, "none"):
        yield "crcl", _clearance(facts, missing=str(values["missing"]).split("-"))
    elif recommendation.message == "renal-impairment.egfr-only":
        yield "crcl", _clearance(facts, missing=["weight"], creatinine_near=values.get("egfr_date"))


def _scores(scored: str | None, site: str) -> bool:
    """A Mirels assessment that may be the one of this site: the same bone, its limb's row, or no site at all."""
    if scored is None or scored == site:
        return True
    return scored in ("upper-limb", "lower-limb") and calc.MIRELS_SITE[scored] == calc.MIRELS_SITE.get(site)


def _mirels(facts: PatientFacts, site: str, pain: str | None = None) -> dict[str, Any]:
    """The Mirels site row, and any coded parts recorded for that site (the rule found them incomplete)."""
    params: dict[str, Any] = {"site": _MIRELS_ROW.get(calc.MIRELS_SITE.get(site, 0)), "pain": pain}
    for group in assessment_groups(facts, _EVER):
        if any(f.body_site == site for f in group.values()):
            for concept, name in (
                ("pain-character", "pain"),
                ("lesion-type", "lesion"),
                ("lesion-size-fraction", "size"),
            ):
                if concept in group and params.get(name) is None:
                    params[name] = group[concept].value
    return params


def _calcium(facts: PatientFacts, values: dict[str, Any]) -> dict[str, Any] | None:
    """The calcium the card graded and its same-day albumin; none for a lab-reported corrected value."""
    when = values.get("calcium_date")
    calcium = _at(facts.measurements_of(c.CALCIUM), when)
    if calcium is None:
        return None  # the card graded the lab's own corrected calcium: nothing to correct
    albumin = _nearest(facts.measurements_of(c.ALBUMIN), calcium.when) if "albumin" in values else None
    if (calcium.original or "").lower().endswith("mg/dl"):
        return {
            "calcium": f"{calcium.value * MG_DL_PER_MMOL_L:.1f}",
            "unit": "mg/dL",
            "albumin": None if albumin is None else f"{albumin.value / 10:g}",
        }
    return {
        "calcium": f"{calcium.value:.2f}",
        "unit": "mmol/L",
        "albumin": None if albumin is None else f"{albumin.value:g}",
    }


def _clearance(facts: PatientFacts, *, missing: list[str], creatinine_near: datetime | None = None) -> dict[str, Any]:
    """Age, sex, and the weight and creatinine the rule found current (those it reported missing are left out)."""
    params: dict[str, Any] = {}
    if "age" not in missing:
        params["age"] = facts.person.age_on(facts.as_of.date())
    if "sex" not in missing and facts.person.sex in ("male", "female"):
        params["sex"] = facts.person.sex
    weight = facts.latest(c.BODY_WEIGHT)
    if "weight" not in missing and weight is not None:
        params["weight"] = f"{weight.value:g}"
    creatinine = facts.latest(c.CREATININE)
    if creatinine_near is not None:
        creatinine = _nearest(facts.measurements_of(c.CREATININE), creatinine_near)
    if "creatinine" not in missing and creatinine is not None:
        params.update(creatinine=f"{round(creatinine.value):d}", creatinine_unit="umol/L")
    return params


def _at(measurements: list[Measurement], when: Any) -> Measurement | None:
    return next((m for m in measurements if m.when == when), None)


def _nearest(measurements: list[Measurement], when: datetime) -> Measurement | None:
    """The measurement closest in time to ``when`` and within a day of it (the rules' "same day")."""
    close = [m for m in measurements if abs((m.when - when).total_seconds()) <= 86400]
    return min(close, key=lambda m: abs((m.when - when).total_seconds()), default=None)
