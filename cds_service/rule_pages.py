"""Rule pages: /rules/ (every card topic, grouped) and /rules/<topic> (one card, in plain words).

A clinician arrives here from a card's link, in the card's language (``?lang=``, else CARD_LANGUAGE). The words
are data (cards.rule_pages); the thresholds are the settings this app runs with (GUIDELINE_SETTINGS over the
defaults of guideline/settings.py), so the page says what the cards here actually do. ``/guideline``, where
older cards link, redirects to the index in the same language.
"""

from __future__ import annotations

import inspect
from functools import cache
from types import ModuleType
from typing import Any

from flask import Blueprint, abort, current_app, redirect, url_for
from werkzeug.wrappers import Response

from cards.override_reasons import override_reasons
from cards.rule_pages import GROUPS, HOOK_WORDS, SETTINGS_TEXT, TOPIC_TEXT, UNITS, VALUE_WORDS, WORDS
from cards.text import catalogue
from cds_service.web_pages import page_language, render_page
from guideline.catalogue import TOPIC_SYSTEM, TOPICS
from guideline.engine import rule_modules
from guideline.settings import Settings
from guideline.traceability import settings_read

blueprint = Blueprint("rule_pages", __name__)


@cache
def _modules_of(code: str) -> tuple[ModuleType, ...]:
    return tuple(m for m in rule_modules() if m.RULE.topic == code)


@cache
def _fields_of(code: str) -> tuple[str, ...]:
    """The settings the topic's rules read, in the order guideline/settings.py declares them."""
    read = {f for m in _modules_of(code) for f in settings_read(m)} | set(TOPIC_TEXT[code].also_reads)
    return tuple(f for f in Settings.__dataclass_fields__ if f in read)


def _sources_of(code: str) -> list[str]:
    """The published sources the topic's rules cite beyond the guideline (English, as the cards cite them)."""
    messages = catalogue()
    found: list[str] = []
    for module in _modules_of(code):
        candidates = [module.RULE.beyond_guideline, *getattr(module, "SOURCES", {}).values()]
        candidates += [v for v in vars(module).values() if isinstance(v, str)]
        for source in candidates:
            if source and f"source:{source}" in messages and source not in found:
                found.append(source)
    return [s for s in found if not any(s != other and s in other for other in found)]  # parts of a fuller one


def _shown(value: Any, unit: str | None, lang: str) -> str:
    if isinstance(value, frozenset):
        words = [VALUE_WORDS.get(v, {}).get(lang, v) for v in sorted(value)]
        return ("、" if lang == "zh" else ", ").join(words)
    if isinstance(value, bool):
        return VALUE_WORDS[value][lang]
    number = f"{value:g}" if isinstance(value, float) else str(value)
    if unit is None:
        return number
    symbol = UNITS[unit][lang]
    return f"{number}{symbol}" if unit == "nrs" or (lang == "zh" and unit in ("days", "months", "points")) else (
        f"{number} {symbol}"
    )


def _setting_rows(code: str, settings: Settings, lang: str) -> list[dict]:
    defaults = Settings()
    rows = []
    for field in _fields_of(code):
        text = SETTINGS_TEXT[field]
        value, default = getattr(settings, field), getattr(defaults, field)
        rows.append(
            {
                "name": field,
                "label": getattr(text, lang),
                "value": _shown(value, text.unit, lang),
                "default": _shown(default, text.unit, lang),
                "changed": value != default,
            }
        )
    return rows


def _settings() -> Settings:
    return current_app.extensions["cds"].guideline_settings


def _deployment(lang: str) -> dict:
    config = current_app.config
    days = config["CARD_SUPPRESSION_DAYS"]
    reasons = {r["code"]: r["display"] for r in override_reasons(lang)}
    return {
        "language": WORDS[lang]["language-names"][config["CARD_LANGUAGE"]],
        "suppression": WORDS[lang]["suppression"].format(days=f"{days:g}") if days else None,
        "reasons": [reasons[code] for code in config["CARD_SUPPRESSION_REASONS"]],
        "text_fallback": _settings().text_fallback,
    }


@blueprint.get("/rules/")
def index() -> str:
    lang = page_language()
    settings = _settings()
    groups = [
        {
            "title": title[lang],
            "topics": [
                {
                    "code": code,
                    "title": TOPIC_TEXT[code].title[lang],
                    "means": TOPIC_TEXT[code].means[lang],
                    "hooks": [HOOK_WORDS[h][lang] for h in TOPICS[code].hooks],
                    "enabled": settings.enabled(code),
                }
                for code in codes
            ],
        }
        for title, codes in GROUPS
    ]
    return render_page(
        "rules_index.html", title=WORDS[lang]["index-title"], words=WORDS[lang], groups=groups,
        deployment=_deployment(lang),
    )


@blueprint.get("/rules/<code>")
def topic_page(code: str) -> str:
    lang = page_language()
    if code not in TOPICS:
        abort(404, WORDS[lang]["not-found"])
    text, entry, settings = TOPIC_TEXT[code], TOPICS[code], _settings()
    modules = _modules_of(code)
    sources = _sources_of(code)
    return render_page(
        "rule_page.html",
        title=text.title[lang],
        words=WORDS[lang],
        code=code,
        text=text,
        section="; ".join(dict.fromkeys(part for m in modules for part in m.RULE.section.split("; "))),
        hooks=[HOOK_WORDS[h][lang] for h in entry.hooks],
        enabled=settings.enabled(code),
        settings_rows=_setting_rows(code, settings, lang),
        sources=[catalogue()[f"source:{s}"][lang] for s in sources],
        technical={
            "system": TOPIC_SYSTEM,
            "hooks": entry.hooks,
            "ids": sorted({i for m in modules for i in m.RULE.ids}),
            "modules": [
                {
                    "path": m.__name__.replace(".", "/") + ".py",
                    "doc": inspect.cleandoc(m.__doc__ or "") if lang == "en" else None,
                }
                for m in modules
            ],
            "digests": sorted({m.RULE.digest for m in modules if m.RULE.digest}),
        },
    )


@blueprint.get("/guideline")
def old_guideline_page() -> Response:
    """Cards made before the rule pages link here (with #topic, which the browser keeps across the redirect)."""
    return redirect(url_for("rule_pages.index", lang=page_language()), code=301)
