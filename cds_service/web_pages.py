"""What every human-facing page shares: the language it is shown in and the layout around it.

Pages (rule pages, calculators, insights) are Jinja templates extending ``base.html`` (autoescaped),
styled by ``static/pages.css``; nothing is loaded from outside the app, so they work on a hospital
network without internet. A page's language is ``?lang=en|zh``, else the deployment's CARD_LANGUAGE:
a clinician who clicks from a Chinese card reads Chinese.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import current_app, render_template, request

LANGUAGES = ("en", "zh")

# The layout's own words; each page keeps its text beside its template or its module.
_LAYOUT_TEXT = {
    "en": {"skip": "Skip to content", "rules": "Rules", "calculators": "Calculators", "insights": "Insights",
           "language": "Language", "service": "Bone metastasis CDS"},
    "zh": {"skip": "跳到正文", "rules": "规则", "calculators": "计算器", "insights": "反馈统计",
           "language": "语言", "service": "骨转移瘤临床决策支持"},
}


def page_language() -> str:
    asked = request.args.get("lang", "")
    return asked if asked in LANGUAGES else current_app.config["CARD_LANGUAGE"]


def _url_in(language: str) -> str:
    """This page in ``language``, its other query parameters (a pre-filled calculator's) kept."""
    args = request.args.copy()
    args["lang"] = language
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


def render_page(template: str, *, title: str, **values: Any) -> str:
    """``template`` (extending base.html) in the request's language; ``lang`` and ``layout`` are set here."""
    lang = page_language()
    return render_template(
        template,
        title=title,
        lang=lang,
        layout=_LAYOUT_TEXT[lang],
        language_urls={language: _url_in(language) for language in LANGUAGES},
        **values,
    )
