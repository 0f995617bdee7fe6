"""Card statistics over every response the test suite's patients get: are the cards readable in seconds?

Runs the pytest suite (HTTP through the Flask app) with CARD_STATS_FILE set, so tests/conftest.py records
each CDS Hooks request and response; every request answered in English is sent again to an app that answers
in Chinese (and the other way round), so both languages are judged on the same patients. Reports, per
language: cards per response (mean,
max), detail length in characters (mean, max, how many over a limit), cards naming an internal id (rule
ids, digest sections: goal 0), and English words in Chinese cards outside codes, units and names of
published sources (goal 0), with the words found.

    .venv/bin/python scripts/card_stats.py            # runs the suite, then reports
    .venv/bin/python scripts/card_stats.py cards.jsonl  # reports on a file recorded before
"""

from __future__ import annotations

import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXCLUDED_TESTS = ("tests/test_hostile_resources.py",)
DETAIL_LIMIT = 400  # "two or three short lines"; a longer detail is counted
INTERNAL_ID = re.compile(r"BM-[A-Z]{2}-\d{2}|REFERENCE|\b[ABC]\.\d+\b|\bA\.11-\d+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")
URL = re.compile(r"https?://\S+")
# Allowed in a Chinese card: units, test and imaging abbreviations Chinese clinicians use as they are,
# score names, and the names of published sources (authors, bodies, documents).
ALLOWED_IN_CHINESE = {
    *"mg mL min mmol umol µmol dL kg g L IU U mol h d wk Gy cGy cm mm".split(),
    *"CT MR MRI PET ECT SPECT X NRS VAS SINS ECOG KPS CrCl eGFR ALP ICD LOINC SNOMED RxNorm ATC".split(),
    *"Sr Sm Ra Mirels ASCO ESMO NICE NG NCCN SmPC Cockcroft-Gault Cockcroft Gault Aapro Fourney WHO EU".split(),
    *"FHIR CDS Hooks mCODE UCUM PET-CT NMDA NSAID NSAIDs".split(),
}


def _strings(card: dict) -> list[str]:
    texts = [card.get("summary", ""), card.get("detail", "")]
    texts += [s.get("label", "") for s in card.get("suggestions", [])]
    return texts


QUOTED = re.compile(r"“[^”]*”")  # the record's own text, quoted as the EHR sent it
STAGE = re.compile(r"(?:0|I{1,3}V?|IV)[ABC]?\d?")  # TNM/AJCC stage groups: IIIB, IV


def _english_words(text: str) -> list[str]:
    words = LATIN_WORD.findall(QUOTED.sub("", URL.sub("", text)))
    return [w for w in words if w not in ALLOWED_IN_CHINESE and not STAGE.fullmatch(w)]


def report(lines: list[dict]) -> str:
    out = []
    for language in ("en", "zh"):
        responses = [line for line in lines if line["language"] == language]
        cards = [card for line in responses for card in line["cards"]]
        if not responses:
            continue
        per_response = [len(line["cards"]) for line in responses]
        with_cards = [n for n in per_response if n]
        details = [len(card.get("detail", "")) for card in cards]
        internal = [card for card in cards if any(INTERNAL_ID.search(t) for t in _strings(card))]
        out.append(f"## {language}: {len(responses)} responses, {len(cards)} cards")
        out.append(
            f"cards per response: mean {statistics.fmean(per_response):.2f}, max {max(per_response)}; "
            f"responses with cards: {len(with_cards)} (mean {statistics.fmean(with_cards or [0]):.2f} cards)"
        )
        if details:
            over = sum(d > DETAIL_LIMIT for d in details)
            out.append(
                f"detail length (chars): mean {statistics.fmean(details):.0f}, median {statistics.median(details):.0f},"
                f" max {max(details)}; over {DETAIL_LIMIT}: {over}"
            )
            longest = max(cards, key=lambda c: len(c.get("detail", "")))
            out.append(f"longest detail: {longest['source']['topic']['code']} ({len(longest['detail'])} chars)")
        out.append(f"cards naming an internal id: {len(internal)}")
        if language == "zh":
            words = Counter(w for card in cards for t in _strings(card) for w in _english_words(t))
            cards_with_english = sum(any(_english_words(t) for t in _strings(card)) for card in cards)
            out.append(f"Chinese cards with English words: {cards_with_english}; words: {sum(words.values())}")
            if words:
                out.append("most frequent: " + ", ".join(f"{w} ({n})" for w, n in words.most_common(25)))
        by_topic = Counter(card["source"]["topic"]["code"] for card in cards)
        out.append("cards by topic: " + ", ".join(f"{t} {n}" for t, n in sorted(by_topic.items())))
        out.append("")
    return "\n".join(out)


def _in_the_other_language(lines: list[dict]):
    """The recorded requests, answered again in the other card language (those whose data was all prefetched)."""
    sys.path.insert(0, str(ROOT))
    from cds_service import create_app

    logging.disable(logging.CRITICAL)  # the report is the output, not the service's request log
    with tempfile.TemporaryDirectory() as folder:
        for language in ("en", "zh"):
            app = create_app(
                {
                    "DATABASE_URL": f"sqlite:///{folder}/{language}.sqlite3",
                    "JWT_REQUIRED": False,
                    "CARD_LANGUAGE": language,
                }
            )
            client = app.test_client()
            for line in lines:
                if line["language"] == language or not line.get("request"):
                    continue
                response = client.post(line["path"], json=line["request"])
                if response.status_code == 200:
                    yield {**line, "language": language, "cards": response.get_json()["cards"]}


def main() -> int:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        path = Path(tempfile.mkdtemp()) / "cards.jsonl"
        env = {**os.environ, "CARD_STATS_FILE": str(path)}
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            check=False,
        )
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # The fuzz tests send one patient thousands of times with a field mangled: not patients a clinician would see.
    lines = [line for line in lines if not line["test"].startswith(EXCLUDED_TESTS)]
    print(report(lines + list(_in_the_other_language(lines))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
