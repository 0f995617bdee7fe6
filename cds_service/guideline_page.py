"""The page card links point to: every topic with the guideline text its rules implement.

Built once from the rule modules' docstrings and the catalogue, so it cannot drift
from the code. Plain HTML, escaped; no templates, no scripts.
"""

from __future__ import annotations

import html
from functools import cache

from guideline.catalogue import TOPIC_SYSTEM, TOPICS
from guideline.engine import rule_modules


@cache
def render_page() -> str:
    by_topic: dict[str, list] = {}
    for module in rule_modules():
        by_topic.setdefault(module.RULE.topic, []).append(module)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Bone metastasis guideline rules</title></head><body>",
        "<h1>Bone metastasis CDS: rules and guideline text (骨转移瘤诊疗规范)</h1>",
        f"<p>Card topics use the code system <code>{html.escape(TOPIC_SYSTEM)}</code>.</p>",
    ]
    for code, entry in TOPICS.items():
        parts.append(f"<section id='{html.escape(code)}'><h2>{html.escape(code)}: {html.escape(entry.display)}</h2>")
        parts.append(
            f"<p>Guideline section {html.escape(entry.section)}; hooks: {html.escape(', '.join(entry.hooks))}</p>"
        )
        for module in by_topic.get(code, []):
            ids = ", ".join(module.RULE.ids)
            parts.append(f"<h3>{html.escape(ids)} <small>({html.escape(module.__name__)})</small></h3>")
            parts.append(f"<pre>{html.escape((module.__doc__ or '').strip())}</pre>")
            if module.RULE.beyond_guideline:
                beyond = module.RULE.beyond_guideline + (f" ({module.RULE.digest})" if module.RULE.digest else "")
                parts.append(f"<p>Beyond the guideline: {html.escape(beyond)}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)
