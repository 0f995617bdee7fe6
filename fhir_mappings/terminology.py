"""Value sets as data: codes → concepts, loaded once per process and indexed for O(1) lookups.

Three layers, first match wins: the hand-verified ``valuesets/*.json`` (each entry with its source),
a deployer's own value sets (``TERMINOLOGY_DIR``: FHIR ValueSets or files in this format), and the
value sets built from published sources (``valuesets/built/*.json``, scripts/build_valuesets.py).
Entries are ``{system, code, display, concept, source, ...}``. ICD-10 (CM and WHO) and ICD-9-CM
nest, so their entries match by prefix on the normalised code (upper case, no dot): ``C79.5``
matches ``C79.51``, ``C7951`` and the Chinese national edition's ``C79.500x001``; the longest
matching prefix wins. Every other system matches exactly unless an entry says ``"match": "prefix"``
(ATC classes such as ``N02A``). System URIs are read through ``SYSTEM_ALIASES`` (OIDs, the Chinese
national code-table OIDs), so ``urn:oid:2.16.840.1.113883.6.96`` is SNOMED CT.
"""

from __future__ import annotations

import json
import os
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
ICD9_CM = "http://hl7.org/fhir/sid/icd-9-cm"  # diagnoses and procedures (volume 3)
CPT = "http://www.ama-assn.org/go/cpt"
CDT = "http://www.ada.org/cdt"
TEXT = "text"  # pseudo-system of name lists: matched in free text, flagged

PREFIX_SYSTEMS = frozenset({ICD10_CM, ICD10_WHO, ICD9_CM})
_MEMO_SIZE = 50_000  # distinct codes remembered by Index.matches and Index.lookup (a few MB at most each)
VALUESET_DIR = Path(__file__).with_name("valuesets")
BUILT_DIR = VALUESET_DIR / "built"

# Other names EHRs send for the same code systems (docs/terminology.md says where each comes from).
SYSTEM_ALIASES = MappingProxyType(
    {
        "urn:oid:2.16.840.1.113883.6.96": SNOMED,
        "http://snomed.info/sct/": SNOMED,
        "urn:oid:2.16.840.1.113883.6.1": LOINC,
        "urn:oid:2.16.840.1.113883.6.88": RXNORM,
        "urn:oid:2.16.840.1.113883.6.90": ICD10_CM,
        "urn:oid:2.16.840.1.113883.6.3": ICD10_WHO,
        "urn:oid:2.16.840.1.113883.6.73": ATC,
        "urn:oid:1.2.840.10008.2.16.4": DICOM,
        "urn:oid:2.16.840.1.113883.6.103": ICD9_CM,  # ICD-9-CM diagnoses
        "urn:oid:2.16.840.1.113883.6.104": ICD9_CM,  # ICD-9-CM procedures (volume 3)
        "http://hl7.org/fhir/sid/icd-9": ICD9_CM,
        "urn:oid:2.16.840.1.113883.6.12": CPT,
        "urn:oid:2.16.840.1.113883.6.13": CDT,
        "http://ada.org/cdt": CDT,
        # Chinese national health-information code tables (WS/T 500 shared-document CDA): 诊断代码表(ICD-10)
        # carries the national clinical edition, which extends WHO codes (C79.500x001) and matches by prefix.
        "urn:oid:2.16.156.10011.2.3.3.11": ICD10_WHO,
        "urn:oid:2.16.156.10011.2.3.3.11.3": ICD10_WHO,
        "2.16.156.10011.2.3.3.11": ICD10_WHO,
        # 手术(操作)代码表(ICD-9-CM): the national clinical edition of ICD-9-CM-3 (92.1400x001 骨扫描 ...).
        "urn:oid:2.16.156.10011.2.3.3.12": ICD9_CM,
        "2.16.156.10011.2.3.3.12": ICD9_CM,
    }
)


def canonical_system(system: str | None) -> str | None:
    """The canonical URI of a code system, given the one a coding carries (or an alias of it)."""
    if not isinstance(system, str):
        return None
    system = system.strip()
    return SYSTEM_ALIASES.get(system, system)


@dataclass(frozen=True, slots=True)
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
    unit_dose_mg: float | None = None  # RxNorm product: mg of the agent in one unit (tablet, vial as named)
    mg_per_ml: float | None = None  # RxNorm product: concentration of the agent


def normalise(system: str, code: str) -> str:
    """The form codes are indexed under: ICD-10 codes upper case without dots or spaces."""
    code = code.strip()
    if system == ICD9_CM:  # dots kept: procedure 92.14 (bone scan) and diagnosis 921.4 differ only by them
        return code.upper().replace(" ", "")
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
        unit_dose_mg=raw.get("unit_dose_mg"),
        mg_per_ml=raw.get("mg_per_ml"),
    )


def load_files(directory: Path = VALUESET_DIR) -> dict[str, dict[str, Any]]:
    """The raw JSON documents by group name (tests read ``source`` and ``excluded`` from them)."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))}


def load_layers(local_dir: str | Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(group, document) of every layer in lookup order: hand-verified, a deployer's own, built."""
    from fhir_mappings.local_valuesets import load_local  # a module of its own: FHIR ValueSet parsing

    layers = list(load_files().items())
    if local_dir:
        layers += load_local(Path(local_dir))
    layers += [(doc.get("group", stem), doc) for stem, doc in load_files(BUILT_DIR).items()]
    return layers


class Index:
    """Exact and prefix lookups per group; built once."""

    def __init__(self, documents: dict[str, dict[str, Any]] | list[tuple[str, dict[str, Any]]]):
        pairs = documents.items() if isinstance(documents, dict) else documents
        self.entries: tuple[Entry, ...] = tuple(_entry(group, raw) for group, doc in pairs for raw in doc["entries"])
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
        # Longest prefix entry per system: systems without prefix entries (SNOMED CT, LOINC) skip the loop.
        self._max_prefix: dict[str, int] = {}
        for system, code in self._prefix:
            self._max_prefix[system] = max(self._max_prefix.get(system, 0), len(code))
        self._wanted: dict[tuple[str, ...], frozenset[str]] = {}
        self._memo: dict[tuple[str, str], tuple[Entry, ...]] = {}
        self._chosen: dict[tuple[str, str, tuple[str, ...]], Entry | None] = {}
        self.systems = frozenset(e.system for e in self.entries if e.system != TEXT)
        self._by_group: dict[str, list[Entry]] = {}
        for e in self.entries:
            self._by_group.setdefault(e.group, []).append(e)
        # Longest names first so 双氢可待因 wins over 可待因 and "strontium chloride sr-89" over nothing.
        self._names = tuple((_fold(e.code), e) for e in sorted(names, key=lambda e: -len(e.code)))

    def lookup(self, system: str | None, code: str | None, groups: Iterable[str]) -> Entry | None:
        """The entry a coding matches in one of ``groups`` (exact first, then longest prefix).

        The hottest call of the mapping (two or three per Observation): the answer is remembered per
        (system, code, groups), bounded like matches()'s memory.
        """
        if not isinstance(system, str) or not isinstance(code, str):
            return None
        if not isinstance(groups, tuple):
            return self._lookup(system, code, groups)
        key = (system, code, groups)
        try:
            return self._chosen[key]
        except KeyError:  # once per code and group tuple
            pass
        entry = self._lookup(system, code, groups)
        if len(self._chosen) >= _MEMO_SIZE:
            self._chosen.clear()
        self._chosen[key] = entry
        return entry

    def _lookup(self, system: str, code: str, groups: Iterable[str]) -> Entry | None:
        found = self.matches(system, code)
        if not found:
            return None
        wanted = self._groups(groups)
        for e in found:
            if e.group in wanted:
                return e
        return None

    def matches(self, system: str, code: str) -> tuple[Entry, ...]:
        """Every entry a coding matches, in lookup order (exact, then longest prefix first): one dict probe.

        Remembered per (system, code) as sent: a record repeats its codes (monthly labs), so each is
        normalised and its prefixes walked once per process. Bounded: past _MEMO_SIZE codes (a flood of
        distinct ones) the memory starts again, so it cannot grow without limit.
        """
        key = (system, code)
        found = self._memo.get(key)
        if found is None:
            found = self._match(system, code)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _match(self, system: str, code: str) -> tuple[Entry, ...]:
        system = SYSTEM_ALIASES.get(system, system)
        if system not in self.systems:
            return ()
        key = normalise(system, code)
        found = list(self._exact.get((system, key), ()))
        for length in range(min(len(key), self._max_prefix.get(system, 0)), 0, -1):
            found += self._prefix.get((system, key[:length]), ())
        return tuple(found)

    def _groups(self, groups: Iterable[str]) -> frozenset[str]:
        """The groups as a set, cached for the module's group tuples (a lookup per coding stays two dict probes)."""
        if isinstance(groups, tuple):
            found = self._wanted.get(groups)
            if found is None:
                found = self._wanted[groups] = frozenset(groups)
            return found
        return frozenset(groups)

    def lookup_text(self, text: str | None, groups: Iterable[str], *, whole_word: bool = False) -> Entry | None:
        """A name entry found in free text (case-insensitive): the flagged last resort."""
        if not isinstance(text, str) or not text.strip():
            return None
        wanted = self._groups(groups)
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
        return iter(self._by_group.get(group, ()))

    def knows_system(self, system: str | None) -> bool:
        """A code system some value set uses (after aliases): codings in any other one are not read."""
        return isinstance(system, str) and SYSTEM_ALIASES.get(system, system) in self.systems


def _fold(text: str) -> str:
    """Case-fold and collapse white space; full-width brackets as ASCII (氯化锶［89Sr］)."""
    text = text.translate(str.maketrans("［］（）", "[]()"))
    return re.sub(r"\s+", " ", text.casefold()).strip()


# TERMINOLOGY_DIR: a deployer's directory of FHIR ValueSets (see docs/terminology.md), read once per worker.
INDEX = Index(load_layers(os.environ.get("TERMINOLOGY_DIR")))

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


_CODED_FIELDS = ("code", "medicationCodeableConcept", "procedureCode")
_URI = re.compile(r"^[A-Za-z][\w+.-]*:[^\s]{1,200}$")


def unknown_code_systems(resource: dict) -> list[str]:
    """Code systems of a resource's main codings that no value set knows: reported, not silently dropped.

    Only URIs are returned as they are (they name a code system, never a patient); anything else is
    reported as "(not a URI)". A coding without a system counts as "(no system)".
    """
    found = []
    known = _KNOWN_SYSTEMS
    for field in _CODED_FIELDS:
        concepts = resource.get(field)
        if concepts is None:
            continue
        for concept in concepts if isinstance(concepts, list) else (concepts,):
            codings = concept.get("coding") if isinstance(concept, dict) else None
            if not isinstance(codings, list):
                continue
            for coding in codings:
                if not isinstance(coding, dict):
                    continue
                system = coding.get("system")
                if isinstance(system, str):
                    if system not in known and coding.get("code"):
                        found.append(system if _URI.match(system) else "(not a URI)")
                elif coding.get("code"):
                    found.append("(no system)")
    return found


# Canonical URIs and their aliases, for the per-resource scan (one set probe per coding).
_KNOWN_SYSTEMS = frozenset(INDEX.systems | {alias for alias, canon in SYSTEM_ALIASES.items() if canon in INDEX.systems})
