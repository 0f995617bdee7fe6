"""Generate docs/rules.md: every rule of REFERENCE.md section A, what computes it, from what, and its tests.

Everything comes from the code, so the page cannot drift from it: rule ids, topic, hooks and section from each
rule module's RULE/HOOKS/READS; thresholds from the ``settings.<field>`` the module reads (with the default and
the comment in guideline/settings.py); the guideline text from the module docstring; what the card means in plain
words from cards/rule_pages (the same words as the rule pages /rules/<topic>); the tests from the test
files that name the topic code or import the module; and, for rules not computed, guideline/traceability.py.

    .venv/bin/python scripts/gen_rules_doc.py            # rewrite docs/rules.md
    .venv/bin/python scripts/gen_rules_doc.py --check    # exit 1 if docs/rules.md is out of date

tests/test_traceability.py runs ``render`` and fails when docs/rules.md differs.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cards.rule_pages import TOPIC_TEXT  # noqa: E402
from cards.text import catalogue  # noqa: E402
from guideline import settings as settings_module  # noqa: E402
from guideline.catalogue import TOPICS  # noqa: E402
from guideline.engine import rule_modules  # noqa: E402
from guideline.settings import Settings  # noqa: E402
from guideline.traceability import ReferenceRule, claims, not_computed, reference_rules, settings_read  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "guideline" / "REFERENCE.md"
TESTS = ROOT / "tests"
OUTPUT = ROOT / "docs" / "rules.md"

# FHIR searches behind each data kind a rule reads (cds_service.services.QUERIES, without the patient token).
DATA_KINDS = {
    "patient": "Patient (age, sex)",
    "conditions": "Condition",
    "observations": "Observation (labs, scores, coded findings)",
    "medication-requests": "MedicationRequest",
    "medication-statements": "MedicationStatement",
    "procedures": "Procedure",
    "service-requests": "ServiceRequest",
    "imaging-studies": "ImagingStudy",
    "diagnostic-reports": "DiagnosticReport",
}


def settings_comments() -> dict[str, str]:
    """Field → the comment block above it in guideline/settings.py (a block covers the fields that follow it)."""
    comments: dict[str, str] = {}
    block: list[str] = []
    after_comment = False
    for line in inspect.getsource(settings_module).splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            block = [*block, stripped.lstrip("# ")] if after_comment else [stripped.lstrip("# ")]
            after_comment = True
            continue
        after_comment = False
        field = re.match(r"(\w+):", stripped)
        if field and block:
            comments[field.group(1)] = " ".join(block)
        elif not field:
            block = []
    return comments


def _shown(value: object) -> str:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value))
    return str(value)


def tests_of(module: ModuleType, tests_dir: Path) -> list[str]:
    """Test files that import the module, or that check cards by topic code (the code quoted and "topic" named)."""
    name = module.__name__.rsplit(".", 1)[-1]
    imports = re.compile(rf"rules\.{name}\b|^from guideline\.rules import .*\b{name}\b", re.MULTILINE)
    topic = re.compile(rf"""["']{re.escape(module.RULE.topic)}["']""")
    found = []
    for path in sorted(tests_dir.glob("test_*.py")):
        if path.name == "test_traceability.py" or path.name.startswith(("test_rule_pages", "test_insights")):
            continue  # they name topics to check the catalogue, the pages or the counts, and test no rule's behaviour
        text = path.read_text("utf-8")
        if imports.search(text) or (topic.search(text) and "topic" in text):
            found.append(f"tests/{path.name}")
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _module_path(module: ModuleType) -> str:
    return module.__name__.replace(".", "/") + ".py"


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in inspect.cleandoc(text).splitlines()]


def _module_section(module: ModuleType, reference: dict[str, ReferenceRule], tests_dir: Path) -> list[str]:
    rule = module.RULE
    topic = TOPICS[rule.topic]
    defaults = Settings()
    comments = settings_comments()
    lines = [
        f"### `{rule.topic}` — {topic.display} ({_module_path(module)})",
        "",
        f"- **For the clinician** (rule page `/rules/{rule.topic}`, words from cards/rule_pages): "
        f"{TOPIC_TEXT[rule.topic].means['en']}",
        f"- **Guideline section**: {rule.section}",
        f"- **Hooks**: {', '.join(module.HOOKS)}",
        f"- **Inputs (FHIR data read)**: {', '.join(DATA_KINDS[k] for k in sorted(module.READS))}",
    ]
    fields = settings_read(module)
    if fields:
        lines.append("- **Thresholds and windows** (guideline/settings.py, configurable):")
        lines += [f"  - `{f}` = {_shown(getattr(defaults, f))}: {comments.get(f, '')}".rstrip(": ") for f in fields]
    else:
        lines.append("- **Thresholds and windows**: none of its own")
    if rule.beyond_guideline:
        digest = f" ({rule.digest})" if rule.digest else ""
        lines.append(f"- **Beyond the guideline**: {rule.beyond_guideline}{digest}")
    tests = tests_of(module, tests_dir)
    lines.append(f"- **Tests**: {', '.join(tests) if tests else 'none yet'}")
    lines += ["", "| Rule | What REFERENCE.md says it is |", "|---|---|"]
    for rule_id in rule.ids:
        row = reference.get(rule_id)
        lines.append(f"| {rule_id} | {_cell(row.rule) if row else '**not in REFERENCE.md**'} |")
    lines += ["", "Guideline text and logic (module docstring):", "", *_quote(module.__doc__ or ""), ""]
    return lines


def render(reference_text: str, tests_dir: Path = TESTS) -> str:
    """The whole of docs/rules.md."""
    reference = reference_rules(reference_text)
    modules = rule_modules()
    claimed = claims(modules)
    skipped = not_computed()
    messages = catalogue()
    lines = [
        "# Guideline rules: what the service computes, from what, and where it is tested",
        "",
        "<!-- Generated by scripts/gen_rules_doc.py; do not edit. Regenerate after changing a rule, a setting or "
        "a test. -->",
        "",
        "Every rule of REFERENCE.md section A (the guideline 《骨转移瘤诊疗规范》 made computable) is listed once: "
        "either the rule module and card topic that compute it, or why it is not computed and which card text "
        "still carries it to the clinician. Thresholds are the defaults; each can be changed with the "
        "`GUIDELINE_SETTINGS` configuration.",
        "",
        "## Every rule",
        "",
        "| Rule | § | Strength | Computed by (card topic: module) | Tests |",
        "|---|---|---|---|---|",
    ]
    for rule_id, row in reference.items():
        if rule_id in claimed:
            where = "<br>".join(f"`{m.RULE.topic}`: {m.__name__.rsplit('.', 1)[-1]}" for m in claimed[rule_id])
            tests = sorted({t for m in claimed[rule_id] for t in tests_of(m, tests_dir)})
            lines.append(f"| {rule_id} | {row.section} | {row.strength} | {where} | {', '.join(tests) or '—'} |")
        elif rule_id in skipped:
            lines.append(f"| {rule_id} | {row.section} | {row.strength} | not computed (see below) | — |")
        else:
            lines.append(f"| {rule_id} | {row.section} | {row.strength} | **unaccounted for** | — |")
    lines += ["", "## Rules computed, by card", ""]
    for module in sorted(modules, key=lambda m: (m.RULE.topic, m.__name__)):
        lines += _module_section(module, reference, tests_dir)
    lines += ["## Rules not computed", ""]
    for rule_id, entry in skipped.items():
        row = reference.get(rule_id)
        reaches = ", ".join(f"`{key}`" for key in entry.reaches) or "no card (this page only)"
        missing = [key for key in entry.reaches if key not in messages]
        lines += [
            f"### {rule_id} ({row.section if row else 'not in REFERENCE.md'})",
            "",
            f"- **Rule**: {row.rule if row else '—'}",
            f"- **Guideline text**: {row.anchor if row else '—'}",
            f"- **Why not computed**: {entry.reason}",
            f"- **Where it reaches the clinician**: {reaches}"
            + (f" (**missing message keys**: {', '.join(missing)})" if missing else ""),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="path to REFERENCE.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/rules.md is out of date")
    args = parser.parse_args(argv)
    text = render(args.reference.read_text("utf-8"))
    if args.check:
        current = OUTPUT.read_text("utf-8") if OUTPUT.exists() else ""
        if current != text:
            print("docs/rules.md is out of date: run scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
