"""Text fallback: a concept recognised from free text when no coding is (issue 8 item 6).

The phrase lists and the cues that stop a match are data (``text_phrases.json``, with their
rationale). A text is read only when short (a label, not a narrative), and never when it negates
the concept ("no evidence of bone metastasis", "排除骨转移"), dates it back or gives it to someone
else ("history of", "家族史"). A hedged text ("suspected", "r/o", "疑似", "待排") gives a Condition
that is provisional, and nothing for the other kinds. Callers use it (``fallback``) only when no
coding of the resource is recognised and none is in a system the value sets cover, and mark the fact
with the text (``Source.matched_text``) so that a card that rests on it says so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fhir_mappings import terminology as t
from fhir_mappings.reading import codings, concept_texts

PHRASES_FILE = Path(__file__).with_name("text_phrases.json")
KINDS = ("conditions", "labs", "procedures", "imaging")
SHOWN_LENGTH = 60  # how much of the text a card quotes


@dataclass(frozen=True)
class TextMatch:
    concept: str
    text: str  # the text as written (trimmed, shortened for the card)
    phrase: str  # the phrase of the list that matched
    suspected: bool = False  # an uncertainty cue: a Condition is provisional
    primary_site: str | None = None
    only_in: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Phrase:
    folded: str
    pattern: re.Pattern[str]
    entry: dict[str, Any]
    unless: tuple[re.Pattern[str], ...] = ()  # words that make the phrase mean something else


def _fold(text: str) -> str:
    """Case-fold, full-width ASCII forms as ASCII (ＣＴ, （）, ？), white space collapsed."""
    text = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)
    return re.sub(r"\s+", " ", text.casefold()).strip()


def _pattern(phrase: str) -> re.Pattern[str]:
    """English phrases match as whole words; Chinese ones (and punctuation) anywhere."""
    folded = _fold(phrase)
    before = r"(?<![a-z0-9])" if folded[:1].isascii() and folded[:1].isalnum() else ""
    after = r"(?![a-z0-9])" if folded[-1:].isascii() and folded[-1:].isalnum() else ""
    return re.compile(before + re.escape(folded) + after)


def _longest_first(pattern: re.Pattern[str]) -> int:
    return -len(pattern.pattern)


def _words(lists: dict[str, list[str]]) -> list[re.Pattern[str]]:
    return sorted((_pattern(p) for lang in ("en", "zh") for p in lists.get(lang, ())), key=_longest_first)


@dataclass(frozen=True)
class _Composed:
    """A concept named by two words of a class, in any order: a morphology and a site ("carcinoma of the
    sigmoid colon", "乳房上内象限恶性肿瘤"), the wording of ICD-10 and SNOMED CT names."""

    concept: str
    morphology: tuple[tuple[str, re.Pattern[str]], ...]  # (folded word, its pattern), longest first
    sites: tuple[tuple[str | None, tuple[re.Pattern[str], ...]], ...]  # first that occurs wins
    site_required: bool
    not_with: tuple[re.Pattern[str], ...]
    default_site: str | None

    def match(self, folded: str) -> tuple[str, str | None] | None:
        """(the morphology word, the primary site) or None."""
        word = next((w for w, m in self.morphology if m.search(folded)), None)
        if word is None or any(n.search(folded) for n in self.not_with):
            return None
        for site, patterns in self.sites:
            if any(p.search(folded) for p in patterns):
                return word, site
        return None if self.site_required else (word, self.default_site)


class Matcher:
    def __init__(self, document: dict[str, Any]):
        self.max_length: int = document["max_text_length"]
        cues = document["cues"]
        self.protected = [_fold(p) for lang in ("en", "zh") for p in cues["protected"][lang]]
        self.cues = {
            name: sorted((_pattern(p) for lang in ("en", "zh") for p in cues[name][lang]), key=_longest_first)
            for name in ("uncertain", "negation", "history", "other_specimen")
        }
        self.phrases: dict[str, list[_Phrase]] = {}
        for kind in KINDS:
            found = [
                _Phrase(_fold(p), _pattern(p), entry, tuple(_pattern(u) for u in entry.get("unless", ())))
                for entry in document["kinds"][kind]["entries"]
                for lang in ("en", "zh")
                for p in entry[lang]
            ]
            self.phrases[kind] = sorted(found, key=lambda p: -len(p.folded))  # longest first: "pet-ct" before "ct"
        self.composed: dict[str, list[_Composed]] = {
            kind: [
                _Composed(
                    concept=c["concept"],
                    morphology=tuple(
                        sorted(
                            ((_fold(w), _pattern(w)) for lang in ("en", "zh") for w in c["morphology"][lang]),
                            key=lambda m: -len(m[0]),
                        )
                    ),
                    sites=tuple((site.get("primary_site"), tuple(_words(site))) for site in c.get("sites", ())),
                    site_required=c.get("site_required", False),
                    not_with=tuple(_words(c.get("not_with", {}))),
                    default_site=c.get("default_site"),
                )
                for c in document["kinds"][kind].get("composed", ())
            ]
            for kind in KINDS
        }
        # One search tells whether any phrase of a kind is there: most texts name nothing the guideline reads.
        self.any_phrase = {
            kind: re.compile(
                "|".join(
                    [p.pattern.pattern for p in phrases]
                    + [m.pattern for c in self.composed[kind] for _, m in c.morphology]
                )
            )
            for kind, phrases in self.phrases.items()
        }

    def _composed(self, folded: str, kind: str) -> _Phrase | None:
        for composed in self.composed[kind]:
            found = composed.match(folded)
            if found is not None:
                word, site = found
                entry = {"concept": composed.concept, "primary_site": site}
                return _Phrase(word, _pattern(word), entry)
        return None

    def match(self, text: object, kind: str) -> TextMatch | None:
        if not isinstance(text, str) or not text.strip() or len(text) > self.max_length:
            return None
        folded = _fold(text)
        if not self.any_phrase[kind].search(folded):
            return None
        phrase = next((p for p in self.phrases[kind] if p.pattern.search(folded)), None)
        if phrase is not None and any(word.search(folded) for word in phrase.unless):
            return None
        if phrase is None:
            phrase = self._composed(folded, kind)
            if phrase is None:
                return None
        rest = folded
        for word in self.protected:
            rest = rest.replace(word, " ")
        suspected = False
        for cue in self.cues["uncertain"]:  # first, so "not excluded" / "不除外" are not read as negations
            rest, hits = cue.subn(" ", rest)
            suspected = suspected or hits > 0
        if any(cue.search(rest) for cue in self.cues["negation"] + self.cues["history"]):
            return None
        if kind == "labs" and any(cue.search(rest) for cue in self.cues["other_specimen"]):
            return None
        if suspected and kind != "conditions":
            return None  # "? bone scan", "possible CT": not a study that was done
        shown = " ".join(text.split())
        return TextMatch(
            concept=phrase.entry["concept"],
            text=shown if len(shown) <= SHOWN_LENGTH else shown[: SHOWN_LENGTH - 1] + "…",
            phrase=phrase.folded,
            suspected=suspected,
            primary_site=phrase.entry.get("primary_site"),
            only_in=frozenset(phrase.entry.get("only_in", ())),
        )


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    return Matcher(json.loads(PHRASES_FILE.read_text(encoding="utf-8")))


def match(text: object, kind: str) -> TextMatch | None:
    """The concept ``text`` names for a kind (conditions, labs, procedures, imaging), or None."""
    return _match_cached(text, kind) if isinstance(text, str) else None


@lru_cache(maxsize=4096)  # records repeat their labels ("Hemoglobin", "血常规"): each is read once per worker
def _match_cached(text: str, kind: str) -> TextMatch | None:
    return matcher().match(text, kind)


def fallback(
    concepts: list[object], kind: str, *, resource_type: str | None = None, extra: tuple[str | None, ...] = ()
) -> TextMatch | None:
    """The text fallback for a resource whose ``concepts`` (CodeableConcepts) no value set recognised.

    Only when none of their codings is in a system the value sets cover: a SNOMED CT, ICD-10, LOINC ...
    code that is not in a value set was left out on purpose (pathological fracture due to osteoporosis is
    not a metastatic one; a urine creatinine is not a serum one), and its display is not second-guessed.
    Local codes, systems the service does not know, and text-only concepts are read.
    """
    if any(t.INDEX.knows_system(system) for concept in concepts for system, _, _ in codings(concept)):
        return None
    texts = [text for concept in concepts for text in concept_texts(concept)] + list(extra)
    return match_first(texts, kind, resource_type=resource_type)


def match_first(texts: list[str | None], kind: str, *, resource_type: str | None = None) -> TextMatch | None:
    """The first of several texts (CodeableConcept.text, then each display) that names a concept."""
    for text in texts:
        found = match(text, kind)
        if found is not None and (not found.only_in or resource_type in found.only_in):
            return found
    return None
