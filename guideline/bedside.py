"""The bedside calculators: plain values in, the rules' own arithmetic and thresholds out.

One implementation: each calculator calls the functions the rules call (guideline.calculators, guideline.dosing,
the hypercalcaemia and analgesic-ladder rules) with the deployment's Settings, so a page and a card cannot disagree.
Inputs are declared here with their plausible ranges (this service's limits, not the guideline's: they catch typing
errors and impossible values, never a clinical judgement); the web layer parses them and names what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from guideline import calculators as calc
from guideline.dosing import REGIMENS, UNTABLED_CHECK_BELOW_CRCL, renal_advice
from guideline.rules.analgesic_ladder import STEP_OF_BAND, pain_band
from guideline.rules.hypercalcemia import MG_DL_PER_MMOL_L, grade
from guideline.settings import Settings

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Choice:
    name: str
    options: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class Number:
    """A number with a plausible range per unit; ``unit_field`` names the Choice that holds its unit."""

    name: str
    ranges: dict[str, tuple[float, float]]
    unit_field: str | None = None
    integer: bool = False
    required: bool = True


Field = Choice | Number


@dataclass(frozen=True)
class Calculator:
    name: str
    fields: tuple[Field, ...]
    compute: Callable[[Values, Settings], dict[str, Any]]
    topics: tuple[str, ...] = field(default=())  # card topics whose thresholds it applies


def _mirels(values: Values, settings: Settings) -> dict[str, Any]:
    score = calc.mirels(values["site"], values["pain"], values["lesion"], values["size"])
    assert score is not None  # every answer was checked against the table's options
    band = calc.mirels_band(score.total, settings.mirels_surgery_threshold)
    return {
        "score": score.total,
        "parts": {"site": score.site, "pain": score.pain, "lesion": score.lesion, "size": score.size},
        "band": band,
        "risk": calc.mirels_risk(score.total),
        "threshold": settings.mirels_surgery_threshold,
        "surgery": band != "low",
    }


def _sins(values: Values, settings: Settings) -> dict[str, Any]:
    score = calc.sins({name: values[name] for name in calc.SINS_PARTS})
    assert score is not None
    return {
        "score": score.total,
        "parts": score.parts,
        "band": calc.sins_band(score.total),
        "threshold": settings.sins_surgery_threshold,
        "surgical_consultation": score.total >= settings.sins_surgery_threshold,
    }


def _calcium(values: Values, settings: Settings) -> dict[str, Any]:
    in_mg_dl = values["unit"] == "mg/dL"
    calcium = values["calcium"] / MG_DL_PER_MMOL_L if in_mg_dl else values["calcium"]
    albumin = values.get("albumin")
    albumin_g_l = None if albumin is None else albumin * 10 if in_mg_dl else albumin  # g/dL beside mg/dL
    graded = calcium if albumin_g_l is None else calc.albumin_corrected_mmol_l(calcium, albumin_g_l)
    graded = round(graded, 2)
    edges = (
        settings.calcium_mild_min,
        settings.calcium_moderate_min,
        settings.calcium_severe_above,
        settings.calcium_crisis_above,
    )
    return {
        "unit": values["unit"],
        "basis": "total" if albumin_g_l is None else "corrected",
        "corrected_mmol_l": graded,
        "corrected_mg_dl": round(graded * MG_DL_PER_MMOL_L, 1),
        "grade": grade(graded, settings, in_mg_dl=in_mg_dl),
        "edges_mmol_l": edges,
        "edges_mg_dl": tuple(round(edge * MG_DL_PER_MMOL_L, 1) for edge in edges),
    }


def _crcl(values: Values, settings: Settings) -> dict[str, Any]:
    creatinine = values["creatinine"]
    umol_l = creatinine * calc.UMOL_PER_MG_DL_CREATININE if values["creatinine_unit"] == "mg/dL" else creatinine
    crcl = calc.cockcroft_gault(values["age"], values["sex"], values["weight"], umol_l)
    doses = []
    for key, regimen in REGIMENS.items():
        verdict, dose = renal_advice(key, crcl)
        if key == "denosumab" and crcl < settings.denosumab_hypocalcaemia_below:
            verdict = "monitor-calcium"
        doses.append(
            {
                "regimen": key,
                "route": regimen.route,
                "full_mg": regimen.per_day_mg or regimen.dose_mg,
                "daily": regimen.per_day_mg is not None,
                "verdict": verdict,
                "dose_mg": dose,
            }
        )
    return {
        "crcl": crcl,
        "creatinine_umol_l": round(umol_l),
        "doses": doses,
        "check_below": UNTABLED_CHECK_BELOW_CRCL,
        "denosumab_monitor_below": settings.denosumab_hypocalcaemia_below,
    }


def _pain(values: Values, settings: Settings) -> dict[str, Any]:
    band = pain_band(values["pain"], settings)
    needed = STEP_OF_BAND[band]
    current = values.get("current_step")
    return {
        "band": band,
        "needed_step": needed,
        "current_step": current,
        "escalate": None if current is None else current < needed,
        "mild_max": settings.pain_mild_max,
        "moderate_max": settings.pain_moderate_max,
    }


CALCULATORS: dict[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "mirels",
            (
                Choice("site", ("upper-limb", "lower-limb", "peritrochanteric")),  # Table 1-4's three sites
                Choice("pain", tuple(calc.MIRELS_PAIN)),
                Choice("lesion", tuple(calc.MIRELS_LESION)),
                Choice("size", tuple(calc.MIRELS_SIZE)),
            ),
            _mirels,
            ("surgery-referral",),
        ),
        Calculator(
            "sins",
            tuple(Choice(name, tuple(table)) for name, table in calc.SINS_PARTS.items()),
            _sins,
            ("surgery-referral",),
        ),
        Calculator(
            "calcium",
            (
                Number("calcium", {"mmol/L": (1.0, 6.0), "mg/dL": (4.0, 24.0)}, "unit"),
                Number("albumin", {"mmol/L": (10.0, 60.0), "mg/dL": (1.0, 6.0)}, "unit", required=False),
                Choice("unit", ("mmol/L", "mg/dL")),
            ),
            _calcium,
            ("hypercalcemia",),
        ),
        Calculator(
            "crcl",
            (
                Number("age", {"": (18, 120)}, integer=True),  # Cockcroft-Gault is an adult formula
                Choice("sex", ("female", "male")),
                Number("weight", {"": (20.0, 300.0)}),
                Number("creatinine", {"umol/L": (20.0, 2000.0), "mg/dL": (0.23, 22.6)}, "creatinine_unit"),
                Choice("creatinine_unit", ("umol/L", "mg/dL")),
            ),
            _crcl,
            ("renal-impairment",),
        ),
        Calculator(
            "pain",
            (
                Number("pain", {"": (0, 10)}, integer=True),
                Number("current_step", {"": (0, 3)}, integer=True, required=False),
            ),
            _pain,
            ("analgesic-ladder",),
        ),
    )
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one input: "missing", "unknown-option", "not-a-number", "not-whole", "out-of-range"."""

    field: str
    kind: str
    low: float | None = None
    high: float | None = None
    unit: str = ""


def parse(calculator: Calculator, raw: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values of the inputs given, and the problems with them (a missing required input is one)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for spec in calculator.fields:
        if isinstance(spec, Choice):
            text = raw.get(spec.name, "").strip()
            if not text:
                if spec.required:
                    problems.append(Problem(spec.name, "missing"))
            elif text in spec.options:
                values[spec.name] = text
            else:
                problems.append(Problem(spec.name, "unknown-option"))
    for spec in calculator.fields:
        if isinstance(spec, Number):
            problem = _number(spec, raw, values)
            if problem is not None:
                problems.append(problem)
    order = [spec.name for spec in calculator.fields]
    return values, sorted(problems, key=lambda problem: order.index(problem.field))


def _number(spec: Number, raw: Mapping[str, str], values: dict[str, Any]) -> Problem | None:
    text = raw.get(spec.name, "").strip().replace(",", ".")
    if not text:
        return Problem(spec.name, "missing") if spec.required else None
    try:
        number = float(text)
    except ValueError:
        return Problem(spec.name, "not-a-number")
    if number != number or number in (float("inf"), float("-inf")):
        return Problem(spec.name, "not-a-number")
    if spec.integer and number != int(number):
        return Problem(spec.name, "not-whole")
    unit = values.get(spec.unit_field, "") if spec.unit_field else ""
    low, high = spec.ranges.get(unit) or next(iter(spec.ranges.values()))
    if not low <= number <= high:
        return Problem(spec.name, "out-of-range", low, high, unit)
    values[spec.name] = int(number) if spec.integer else number
    return None


def calculate(
    name: str, raw: Mapping[str, str], settings: Settings
) -> tuple[dict[str, Any], dict[str, Any] | None, list[Problem]]:
    """(values, result or None, problems) of calculator ``name`` on raw text inputs; KeyError for an unknown name."""
    calculator = CALCULATORS[name]
    values, problems = parse(calculator, raw)
    if problems:
        return values, None, problems
    return values, calculator.compute(values, settings), []
