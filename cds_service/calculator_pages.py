"""Bedside calculators: ``/calculators/`` (index), ``/calculators/<name>`` (form and result), ``<name>.json``.

The page is a GET form: it works without JavaScript (the server renders the result), and a small script of the
app's own (static/calculators.js) asks the JSON endpoint as the inputs change. Both compute with guideline.bedside,
the rules' own functions and this deployment's settings. A card links here pre-filled (cards/calculator_links.py).
Bad input: the page names each problem (400), the endpoint answers 400 JSON with an ``errors`` list; never a 500.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from cds_service import calculator_text as text
from cds_service.errors import InvalidRequest
from cds_service.web_pages import page_language, render_page
from guideline.bedside import CALCULATORS, Choice, calculate
from guideline.settings import Settings

blueprint = Blueprint("calculators", __name__)


def _settings() -> Settings:
    return current_app.extensions["cds"].guideline_settings


def _known(name: str) -> str:
    if name not in CALCULATORS:
        abort(404, description=f"no calculator named {name!r}; known: {', '.join(text.ORDER)}")
    return name


@blueprint.get("/calculators/")
def index() -> str:
    lang = page_language()
    entries = [(name, text.PAGES[name][lang]) for name in text.ORDER]
    return render_page(
        "calculators/index.html", title=text.COMMON[lang]["index-title"], entries=entries, words=text.COMMON[lang]
    )


@blueprint.get("/calculators/<name>.json")
def compute_json(name: str) -> Response:
    lang = page_language()
    values, result, problems = calculate(_known(name), request.args, _settings())
    if problems:
        errors = [{"path": p.field, "message": text.problem_text(name, p, lang), "problem": p.kind} for p in problems]
        raise InvalidRequest("; ".join(e["message"] for e in errors), errors=errors)
    assert result is not None
    return jsonify(
        {"calculator": name, "inputs": values, "result": result, "text": text.describe(name, result, values, lang)}
    )


@blueprint.get("/calculators/<name>")
def page(name: str) -> tuple[str, int]:
    lang = page_language()
    calculator = CALCULATORS[_known(name)]
    words = text.PAGES[name][lang]
    given = {spec.name for spec in calculator.fields if request.args.get(spec.name, "").strip()}
    values, result, problems = calculate(name, request.args, _settings()) if given else ({}, None, [])
    missing = [p for p in problems if p.kind == "missing"]
    # A card's link carries what the chart has: missing inputs are asked for, not reported as errors,
    # until the clinician submits the form.
    wrong = [p for p in problems if p not in missing or "submitted" in request.args]
    fields = [_field(spec, words, lang) for spec in calculator.fields]
    status = 400 if wrong else 200
    return render_page(
        "calculators/calculator.html",
        title=words["title"],
        name=name,
        words=words,
        common=text.COMMON[lang],
        fields=fields,
        chosen={key: request.args.get(key, "") for key in (f["name"] for f in fields)},
        result=text.describe(name, result, values, lang) if result is not None else None,
        errors={p.field: text.problem_text(name, p, lang) for p in wrong},
        still_needed=[words["fields"][p.field] for p in missing] if not wrong else [],
        from_chart=request.args.get("from") == "card",
        thresholds=text.thresholds(name, _settings(), lang),
    ), status


def _field(spec: Any, words: dict, lang: str) -> dict:
    """What the template needs to draw one input: a select for a choice, a number box otherwise."""
    options = words.get("options", {}).get(spec.name)
    required = spec.required
    if isinstance(spec, Choice) or options:
        return {
            "name": spec.name,
            "label": words["fields"][spec.name],
            "options": list((options or {}).items()),
            "required": required,
        }
    low, high = next(iter(spec.ranges.values()))
    return {
        "name": spec.name,
        "label": words["fields"][spec.name],
        "options": None,
        "required": required,
        "step": "1" if spec.integer else "any",
        "min": None if spec.unit_field else low,
        "max": None if spec.unit_field else high,
    }
