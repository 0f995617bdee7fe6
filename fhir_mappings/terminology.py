"""Value sets as data: codes → concepts, loaded once at import and indexed for O(1) lookups.

Each ``valuesets/*.json`` file holds entries ``{system, code, display, concept, source, ...}``.
ICD-10 (CM and WHO) nests, so its entries match by prefix on the normalised code (upper case,
no dot): ``C79.5`` matches ``C79.51``, ``C7951`` and the Chinese national edition's
``C79.500x001``; the longest matching prefix wins. Every other system matches exactly unless an
entry says ``"match": "prefix"`` (ATC classes such as ``N02A``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD10_WHO = "http://hl7.org/fhir/sid/icd-10"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
DICOM = "http://dicom.nema.org/resources/ontology/DCM"
TEXT = "text"  # pseudo-system of name lists: matched in free text, flagged

PREFIX_SYSTEMS = frozenset({ICD10_CM, ICD10_WHO})
VALUESET_DIR = Path(__file__).with_name("valuesets")


@dataclass(frozen=True)
class Entry:
    """One value-set entry: a code and what it means for the guideline."""

    group: str  # the file it came from, e.g. "conditions-malignancy"
    system: str
    code: str
    display: str
    concept: str
    source: str
    status: str = ""
    match: str = "exact"
    primary_site: str | None = None
    body_site: str | None = None
    stage: str | None = None
    classes: frozenset[str] = frozenset()
    requires_bone_context: bool = False
    only_in: frozenset[str] = frozenset()  # resource types the entry applies to (empty: all)


def normalise(system: str, code: str) -> str:
    """The form codes are indexed under: ICD codes upper case without dots or spaces."""
    code = code.strip()
    if system in PREFIX_SYSTEMS:
        return code.upper().replace(".", "").replace(" ", "")
    return code.upper() if system == ATC else code


def _entry(group: str, raw: dict[str, Any]) -> Entry:
    system = raw["system"]
    return Entry(
        group=group,
        system=system,
        code=raw["code"],
        display=raw["display"],
        concept=raw["concept"],
        source=raw.get("source", ""),
        status=raw.get("status", ""),
        match=raw.get("match", "prefix" if system in PREFIX_SYSTEMS else "exact"),
        primary_site=raw.get("primary_site"),
        body_site=raw.get("body_site"),
        stage=raw.get("stage"),
        classes=frozenset(raw.get("classes", ())),
        requires_bone_context=bool(raw.get("requires_bone_context", False)),
        only_in=frozenset(raw.get("only_in", ())),
    )


def load_files(directory: Path = VALUESET_DIR) -> dict[str, dict[str, Any]]:
    """The raw JSON documents by group name (tests read ``source`` and ``excluded`` from them)."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))}


class Index:
    """Exact and prefix lookups per group; built once."""

    def __init__(self, documents: dict[str, dict[str, Any]]):
        self.entries: tuple[Entry, ...] = tuple(
            _entry(group, raw) for group, doc in documents.items() for raw in doc["entries"]
        )
        exact: dict[tuple[str, str], list[Entry]] = {}
        prefix: dict[tuple[str, str], list[Entry]] = {}
        names: list[Entry] = []
        for e in self.entries:
            if e.system == TEXT:
                names.append(e)
                continue
            table = prefix if e.match == "prefix" else exact
            table.setdefault((e.system, normalise(e.system, e.code)), []).append(e)
        self._exact = {k: tuple(v) for k, v in exact.items()}
        self._prefix = {k: tuple(v) for k, v in prefix.items()}
        self._max_prefix = max((len(code) for _, code in self._prefix), default=0)
        self.systems = frozenset(e.system for e in self.entries if e.system != TEXT)
        # Longest names first so 双氢可待因 wins over 可待因 and "strontium chloride sr-89" over nothing.
        self._names = tuple((_fold(e.code), e) for e in sorted(names, key=lambda e: -len(e.code)))

    def lookup(self, system: str | None, code: str | None, groups: Iterable[str]) -> Entry | None:
        """The entry a coding matches in one of ``groups`` (exact first, then longest prefix)."""
        if not isinstance(system, str) or not isinstance(code, str) or system not in self.systems:
            return None
        wanted = frozenset(groups)
        key = normalise(system, code)
        for e in self._exact.get((system, key), ()):
            if e.group in wanted:
                return e
        for length in range(min(len(key), self._max_prefix), 0, -1):
            for e in self._prefix.get((system, key[:length]), ()):
                if e.group in wanted:
                    return e
        return None

    def lookup_text(self, text: str | None, groups: Iterable[str], *, whole_word: bool = False) -> Entry | None:
        """A name entry found in free text (case-insensitive): the flagged last resort."""
        if not isinstance(text, str) or not text.strip():
            return None
        wanted = frozenset(groups)
        folded = _fold(text)
        for name, e in self._names:
            if e.group not in wanted:
                continue
            if whole_word:
                if folded == name:
                    return e
            elif name in folded:
                return e
        return None

    def of_group(self, group: str) -> Iterator[Entry]:
        return (e for e in self.entries if e.group == group)


def _fold(text: str) -> str:
    """Case-fold and collapse white space; full-width brackets as ASCII (氯化锶［89Sr］)."""
    text = text.translate(str.maketrans("［］（）", "[]()"))
    return re.sub(r"\s+", " ", text.casefold()).strip()


INDEX = Index(load_files())

# Groups by what reads them.
CONDITION_GROUPS = ("conditions-malignancy", "conditions-bone-metastasis", "conditions-complications")
OBSERVATION_GROUPS = ("observations-labs", "observations-scores-vitals", "observations-bone-lesion-assessment")
MEDICATION_GROUPS = ("medications-rxnorm", "medications-atc")
NAME_GROUPS = ("medication-names",)
PROCEDURE_GROUPS = ("procedures",)
IMAGING_GROUPS = ("imaging",)
PATHOLOGY_GROUPS = ("pathology",)
ROUTE_GROUPS = ("routes",)

_SEARCH_KINDS = MappingProxyType(
    {
        "observations": OBSERVATION_GROUPS,
        "conditions": CONDITION_GROUPS,
        "medications": MEDICATION_GROUPS,
        "procedures": PROCEDURE_GROUPS,
        "imaging": IMAGING_GROUPS,
    }
)


def search_codes(kind: str) -> list[str]:
    """Every ``system|code`` the value sets match for a data kind, for FHIR ``code=`` search parameters.

    ``kind`` is a guideline.inputs name (``"observations"``) or a group family. Prefix entries are
    listed as the code itself: a FHIR server searches exact codes, so callers that need the
    descendants of an ICD category must not narrow by code (Conditions are not narrowed).
    """
    groups = _SEARCH_KINDS.get(kind)
    if groups is None:
        raise KeyError(f"no value sets for data kind {kind!r}; known: {sorted(_SEARCH_KINDS)}")
    seen: dict[str, None] = {}
    for e in INDEX.entries:
        if e.group in groups and e.system != TEXT:
            seen.setdefault(f"{e.system}|{e.code}", None)
    return list(seen)
