"""Value sets built from published sources: provenance, each family with codes from those sources, build rules.

The codes below are taken from the built files' sources (VSAC expansions in cqframework/dqm-content-cms-2026,
OMTK in cqframework/opioid-cds-r4, the LOINC/RSNA playbook, ICD-9-CM from CMS v32 and GNU Health), never
from ../shared. docs/terminology.md lists the sources.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
import warnings
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from fhir_mappings import terminology as t
from fhir_mappings.dosage import map_dosage
from fhir_mappings.local_valuesets import load_local
from guideline import concepts

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as cm

ROOT = Path(__file__).resolve().parents[1]
BUILT = t.load_files(t.BUILT_DIR)
SOURCES = json.loads((ROOT / "terminology" / "sources.json").read_text(encoding="utf-8"))["sources"]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build = _script("build_valuesets")
evaluation = _script("eval_terminology")


# -- provenance ------------------------------------------------------------------------------------------------


def test_every_built_entry_names_a_source_with_its_origin_and_version():
    assert set(BUILT) >= {"conditions-malignancy", "conditions-bone-metastasis", "medications-rxnorm", "imaging"}
    for group, doc in BUILT.items():
        assert doc["group"] == group
        for key, source in doc["sources"].items():
            assert source.get("url") and (source.get("version") or source.get("expansion")), key
            assert (source.get("repository") and len(source.get("commit", "")) == 40) or source.get("package"), key
        for entry in doc["entries"]:
            assert entry["display"].strip() and entry["source"] in doc["sources"], entry
            assert entry["status"] == "V-auth"
            assert (
                entry["concept"]
                in concepts.DIAGNOSES
                | concepts.MEASUREMENTS
                | concepts.AGENTS
                | {"opioid", "nsaid"}  # a class as the agent (other opioids; NSAIDs the guideline does not name)
                | concepts.PROCEDURES
                | concepts.IMAGING_KINDS
            ), entry
            assert entry.get("primary_site") in concepts.PRIMARY_SITES | {None}
            assert entry.get("body_site") in concepts.BODY_SITES | {None}
            assert set(entry.get("classes", ())) <= concepts.MEDICATION_CLASSES


def test_each_git_source_is_pinned_to_a_commit():
    for key, source in SOURCES.items():
        if source["kind"] == "git":
            assert len(source["commit"]) == 40, key
        else:
            assert "==" in source["package"], key
        assert source["licence"] and source["canonical"], key


def test_a_code_means_one_thing_in_a_family_across_hand_built_and_local_layers():
    seen: dict[tuple[str, str, str], str] = {}
    for e in t.INDEX.entries:
        if e.system == t.TEXT:
            continue
        key = (e.group.split("-")[0], e.system, t.normalise(e.system, e.code))
        meaning = f"{e.concept}:{e.primary_site}"
        first = seen.setdefault(key, meaning)
        assert first == meaning, (key, first, meaning)


def test_hand_verified_entries_are_not_rebuilt():
    hand = {(g.split("-")[0], r["system"], r["code"]) for g, doc in t.load_files().items() for r in doc["entries"]}
    built = {(g.split("-")[0], r["system"], r["code"]) for g, doc in BUILT.items() for r in doc["entries"]}
    assert not hand & built


# -- each family, with codes from the imported sources ----------------------------------------------------------

SNOMED, LOINC, RXNORM, ICD9, CPT, CDT = t.SNOMED, t.LOINC, t.RXNORM, t.ICD9_CM, t.CPT, t.CDT
CASES = [
    # SNOMED CT cancers by primary site (the codes first), VSAC 2.16.840.1.113883.3.464.1003.1194
    (SNOMED, "254837009", t.CONDITION_GROUPS, "malignancy", "breast", None),
    (SNOMED, "399068003", t.CONDITION_GROUPS, "malignancy", "prostate", None),
    (SNOMED, "363358000", t.CONDITION_GROUPS, "malignancy", "lung", None),
    (SNOMED, "254632001", t.CONDITION_GROUPS, "malignancy", "lung", None),
    (SNOMED, "363518003", t.CONDITION_GROUPS, "malignancy", "kidney", None),
    (SNOMED, "109989006", t.CONDITION_GROUPS, "malignancy", "myeloma", None),
    (SNOMED, "363478007", t.CONDITION_GROUPS, "malignancy", "thyroid", None),
    (SNOMED, "187692001", t.CONDITION_GROUPS, "malignancy", "nasopharynx", None),
    (SNOMED, "95214007", t.CONDITION_GROUPS, "malignancy", "liver", None),
    (SNOMED, "363406005", t.CONDITION_GROUPS, "malignancy", "colorectal", None),
    (SNOMED, "363349007", t.CONDITION_GROUPS, "malignancy", "stomach", None),
    (SNOMED, "1255725002", t.CONDITION_GROUPS, "malignancy", "lung", None),
    # bone metastasis: site-specific, and "X metastatic to bone" keeping the primary
    (SNOMED, "94250008", t.CONDITION_GROUPS, "bone-metastasis", None, "spine"),
    (SNOMED, "94300004", t.CONDITION_GROUPS, "bone-metastasis", None, "femur"),
    (SNOMED, "94478006", t.CONDITION_GROUPS, "bone-metastasis", None, "pelvis"),
    (SNOMED, "712849003", t.CONDITION_GROUPS, "bone-metastasis", "prostate", None),
    (SNOMED, "424887002", t.CONDITION_GROUPS, "bone-metastasis", "thyroid", None),
    # skeletal-related events
    (SNOMED, "11309881000119104", t.CONDITION_GROUPS, "pathological-fracture", None, "femur"),
    (SNOMED, "11304841000119108", t.CONDITION_GROUPS, "pathological-fracture", None, "tibia-fibula"),
    # ICD-9-CM diagnoses (CMS v32), dotted
    (ICD9, "174.9", t.CONDITION_GROUPS, "malignancy", "breast", None),
    (ICD9, "185", t.CONDITION_GROUPS, "malignancy", "prostate", None),
    (ICD9, "203.00", t.CONDITION_GROUPS, "malignancy", "myeloma", None),
    (ICD9, "198.5", t.CONDITION_GROUPS, "bone-metastasis", None, None),
    (ICD9, "733.13", t.CONDITION_GROUPS, "pathological-fracture", None, "spine"),
    (ICD9, "275.42", t.CONDITION_GROUPS, "hypercalcaemia", None, None),
    # procedures: CDT, CPT, SNOMED CT, ICD-9-CM-3 (and its Chinese national edition by prefix)
    (CDT, "D7140", t.PROCEDURE_GROUPS, "dental-invasive", None, None),
    (CPT, "77385", t.PROCEDURE_GROUPS, "radiotherapy", None, None),
    (SNOMED, "77613002", t.PROCEDURE_GROUPS, "radiotherapy", None, None),
    (ICD9, "92.24", t.PROCEDURE_GROUPS, "radiotherapy", None, None),
    (ICD9, "23.09", t.PROCEDURE_GROUPS, "dental-invasive", None, None),
    (ICD9, "89.31", t.PROCEDURE_GROUPS, "dental-examination", None, None),
    (ICD9, "81.65", t.PROCEDURE_GROUPS, "bone-surgery", None, "spine"),
    (ICD9, "92.2400x001", t.PROCEDURE_GROUPS, "radiotherapy", None, None),
    # LOINC laboratory families
    (LOINC, "59826-8", t.OBSERVATION_GROUPS, "creatinine", None, None),
    (LOINC, "21232-4", t.OBSERVATION_GROUPS, "creatinine", None, None),
    (LOINC, "98980-6", t.OBSERVATION_GROUPS, "egfr", None, None),
    (LOINC, "70969-1", t.OBSERVATION_GROUPS, "egfr", None, None),
    (LOINC, "778-1", t.OBSERVATION_GROUPS, "platelets", None, None),
    (LOINC, "804-5", t.OBSERVATION_GROUPS, "leukocytes", None, None),
    (LOINC, "54347-0", t.OBSERVATION_GROUPS, "albumin", None, None),
    # imaging study codes: LOINC/RSNA, VSAC, CPT, ICD-9-CM-3
    (LOINC, "24968-0", t.IMAGING_GROUPS, "mri", None, "spine"),
    (LOINC, "24627-2", t.IMAGING_GROUPS, "ct", None, None),
    (LOINC, "39879-2", t.IMAGING_GROUPS, "bone-scan", None, None),
    (LOINC, "24578-7", t.IMAGING_GROUPS, "bone-scan", None, None),
    (LOINC, "37365-4", t.IMAGING_GROUPS, "xray", None, None),
    (LOINC, "81551-4", t.IMAGING_GROUPS, "bone-scan", None, None),
    (ICD9, "92.14", t.IMAGING_GROUPS, "bone-scan", None, None),
    (ICD9, "88.93", t.IMAGING_GROUPS, "mri", None, "spine"),
    # RxNorm products → ingredient (OMTK)
    (RXNORM, "1049683", t.MEDICATION_GROUPS, "oxycodone", None, None),
    (RXNORM, "1232113", t.MEDICATION_GROUPS, "morphine", None, None),
    (RXNORM, "245134", t.MEDICATION_GROUPS, "fentanyl", None, None),
    (RXNORM, "835603", t.MEDICATION_GROUPS, "tramadol", None, None),
    (RXNORM, "1190201", t.MEDICATION_GROUPS, "dihydrocodeine", None, None),
    (RXNORM, "1044427", t.MEDICATION_GROUPS, "opioid", None, None),
    (RXNORM, "1114085", t.MEDICATION_GROUPS, "zoledronic-acid", None, None),
    (RXNORM, "993452", t.MEDICATION_GROUPS, "denosumab", None, None),
]


@pytest.mark.parametrize("system, code, groups, concept, primary_site, body_site", CASES, ids=[c[1] for c in CASES])
def test_a_code_from_a_published_value_set_is_recognised_with_its_concept_and_site(
    system, code, groups, concept, primary_site, body_site
):
    entry = t.INDEX.lookup(system, code, groups)
    assert entry is not None, code
    assert (entry.concept, entry.primary_site, entry.body_site) == (concept, primary_site, body_site)


def test_built_primary_malignancies_hold_no_secondary_benign_or_in_situ_code():
    """Secondary cancers of other organs are not primaries (the hand list decides the few exceptions)."""
    words = ("in situ", "benign", "secondary malignant", "metastatic malignant neoplasm to")
    displays = [e["display"].lower() for e in BUILT["conditions-malignancy"]["entries"]]
    assert len(displays) > 1000 and not [d for d in displays if any(w in d for w in words)]


def test_an_icd9_diagnosis_is_not_read_as_the_procedure_its_digits_spell():
    assert t.INDEX.lookup(ICD9, "921.4", t.IMAGING_GROUPS) is None  # contusion of eyeball, not 92.14 bone scan
    assert t.INDEX.lookup(ICD9, "92.14", t.CONDITION_GROUPS) is None


def test_combination_products_are_step_two_and_carry_the_non_opioid():
    entry = t.INDEX.lookup(RXNORM, "1190201", t.MEDICATION_GROUPS)  # acetaminophen / caffeine / dihydrocodeine
    assert entry is not None and entry.classes == {"opioid", "opioid-weak", "non-opioid"}
    strong = t.INDEX.lookup(RXNORM, "1049683", t.MEDICATION_GROUPS)
    assert strong is not None and strong.classes == {"opioid", "opioid-strong"}


# -- strength from the product fills a missing dose ------------------------------------------------------------


def _dosage(value, unit):
    return [{"doseAndRate": [{"doseQuantity": {"value": value, "system": "http://unitsofmeasure.org", "code": unit}}]}]


@pytest.mark.parametrize(
    "code, value, unit, mg",
    [
        ("1049683", 1, "{pill}", 10.0),  # oxycodone hydrochloride 10 MG Oral Tablet
        ("1049683", 2, "TAB", 20.0),
        ("1442790", 2, "mL", 10.0),  # 1 ML morphine sulfate 5 MG/ML Prefilled Syringe
        ("1114085", 1, "{vial}", 4.0),  # 100 ML zoledronic acid 0.04 MG/ML Injection
        ("1049683", 5, "mg", 5.0),  # a dose in mg stays as ordered
    ],
)
def test_a_dose_in_product_units_becomes_mg_with_the_strength_of_the_product(code, value, unit, mg):
    product = t.INDEX.lookup(RXNORM, code, t.MEDICATION_GROUPS)
    dose = map_dosage(_dosage(value, unit), product)
    assert dose is not None and (dose.amount, dose.unit) == (mg, "mg")


def test_a_patch_rate_or_an_unknown_product_leaves_the_dose_in_its_own_units():
    patch = t.INDEX.lookup(RXNORM, "245134", t.MEDICATION_GROUPS)  # 72 HR fentanyl 0.025 MG/HR
    assert (map_dosage(_dosage(1, "{patch}"), patch).amount, map_dosage(_dosage(1, "{patch}"), patch).unit) == (
        1.0,
        "{patch}",
    )
    assert map_dosage(_dosage(1, "{pill}"), None).unit == "{pill}"


# -- code systems: aliases and unknown systems ------------------------------------------------------------------


def test_every_alias_names_a_system_the_index_knows():
    assert {canonical for canonical in t.SYSTEM_ALIASES.values()} <= t.INDEX.systems


@pytest.mark.parametrize(
    "system, code, groups, concept",
    [
        ("urn:oid:2.16.840.1.113883.6.96", "254837009", t.CONDITION_GROUPS, "malignancy"),
        ("urn:oid:2.16.840.1.113883.6.1", "2160-0", t.OBSERVATION_GROUPS, "creatinine"),
        ("urn:oid:2.16.840.1.113883.6.88", "1049683", t.MEDICATION_GROUPS, "oxycodone"),
        ("urn:oid:2.16.156.10011.2.3.3.11", "C79.500x001", t.CONDITION_GROUPS, "bone-metastasis"),
        ("urn:oid:2.16.156.10011.2.3.3.12", "92.1400x001", t.IMAGING_GROUPS, "bone-scan"),
        ("urn:oid:2.16.156.10011.2.3.3.12", "23.0900", t.PROCEDURE_GROUPS, "dental-invasive"),
        ("urn:oid:2.16.840.1.113883.6.13", "D7140", t.PROCEDURE_GROUPS, "dental-invasive"),
    ],
)
def test_oids_and_chinese_national_code_tables_are_aliases_of_the_canonical_systems(system, code, groups, concept):
    entry = t.INDEX.lookup(system, code, groups)
    assert entry is not None and entry.concept == concept


def test_codings_in_systems_no_value_set_knows_are_reported():
    resource = {
        "resourceType": "Condition",
        "code": {
            "coding": [
                {"system": "https://hospital.example/codes/dx", "code": "BM01"},
                {"system": "urn:oid:2.16.840.1.113883.6.96", "code": "254837009"},
                {"code": "X1"},
                {"system": "not a uri at all", "code": "Z"},
                {"system": {"garbage": True}, "code": "Y"},
            ]
        },
    }
    assert t.unknown_code_systems(resource) == [
        "https://hospital.example/codes/dx",
        "(no system)",
        "(not a URI)",
        "(no system)",
    ]


# -- a deployer's own value sets (TERMINOLOGY_DIR) --------------------------------------------------------------

LOCAL_VS = {
    "resourceType": "ValueSet",
    "url": "https://hospital.example/fhir/ValueSet/bone-scan",
    "version": "2026-01",
    "extension": [
        {
            "url": "https://bone-metastasis-cds.github.io/fhir/StructureDefinition/guideline-concept",
            "valueCode": "bone-scan",
        }
    ],
    "compose": {
        "include": [
            {
                "system": "https://hospital.example/codes/radiology",
                "concept": [{"code": "NM-WB", "display": "全身骨显像"}],
            }
        ]
    },
}


def test_a_local_fhir_valueset_adds_codes_without_editing_the_package(tmp_path):
    (tmp_path / "radiology.json").write_text(json.dumps(LOCAL_VS, ensure_ascii=False), encoding="utf-8")
    index = t.Index(t.load_layers(tmp_path))
    entry = index.lookup("https://hospital.example/codes/radiology", "NM-WB", t.IMAGING_GROUPS)
    assert entry is not None and entry.concept == "bone-scan" and entry.display == "全身骨显像"
    assert "hospital.example/fhir/ValueSet/bone-scan" in entry.source
    # the shipped layers are still there, and a hand-verified entry still wins over a local one
    assert index.lookup(t.SNOMED, "254837009", t.CONDITION_GROUPS).primary_site == "breast"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda vs: vs["extension"][0].update(valueCode="bone-scann"), "unknown guideline concept"),
        (lambda vs: vs["compose"]["include"][0]["concept"][0].pop("display"), "needs a system, a code and a display"),
        (lambda vs: vs.pop("extension"), "guideline-concept extension"),
    ],
)
def test_a_local_valueset_that_cannot_be_read_stops_start_up_with_its_name(tmp_path, change, message):
    broken = json.loads(json.dumps(LOCAL_VS))
    change(broken)
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_local(tmp_path)


def test_terminology_dir_is_read_once_when_the_worker_starts(tmp_path):
    (tmp_path / "radiology.json").write_text(json.dumps(LOCAL_VS, ensure_ascii=False), encoding="utf-8")
    code = (
        "from fhir_mappings import terminology as t;"
        "print(t.INDEX.lookup('https://hospital.example/codes/radiology', 'NM-WB', t.IMAGING_GROUPS).concept)"
    )
    env = {**os.environ, "TERMINOLOGY_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "bone-scan"


# -- the optional terminology server ($expand) ------------------------------------------------------------------


class _FakeTerminologyServer(BaseHTTPRequestHandler):
    """Answers ValueSet/$expand like Snowstorm/Ontoserver would, for one ECL; records what was asked."""

    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).asked.append(self.path)
        body = {
            "resourceType": "ValueSet",
            "expansion": {
                "timestamp": "2026-11-30T10:00:00Z",
                "parameter": [
                    {"name": "version", "valueUri": "http://snomed.info/sct/900000000000207008/version/20251101"}
                ],
                "contains": [
                    {
                        "system": t.SNOMED,
                        "code": "1111000000001",
                        "display": "Adenocarcinoma of breast metastatic to bone (disorder)",
                    },
                    {"system": t.SNOMED, "code": "1111000000002", "display": "Benign neoplasm of breast (disorder)"},
                ],
            },
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_the_build_expands_intensional_definitions_on_a_terminology_server():
    server = HTTPServer(("127.0.0.1", 0), _FakeTerminologyServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        sources: dict = {}
        definitions = [{"system": t.SNOMED, "ecl": "<< 363346000", "meaning": "malignant neoplastic disease"}]
        codings = list(build.expand_on_server(f"http://127.0.0.1:{server.server_port}/fhir", definitions, sources))
    finally:
        server.shutdown()
        server.server_close()
    assert (
        "/fhir/ValueSet/$expand?url=http%3A%2F%2Fsnomed.info%2Fsct%3Ffhir_vs%3Decl%2F%3C%3C+363346000"
        in (_FakeTerminologyServer.asked[0])
    )
    assert sources["tx:<< 363346000"]["version"].endswith("20251101")
    found = [list(build.condition_entries(c)) for c in codings]
    assert found[0] == [
        ("conditions-bone-metastasis", {"concept": "bone-metastasis", "primary_site": "breast", "body_site": None})
    ]
    assert found[1] == []  # benign: not a malignancy


def test_the_intensional_definitions_file_lists_ecl_for_each_condition_family():
    definitions = json.loads((ROOT / "terminology" / "intensional.json").read_text(encoding="utf-8"))["definitions"]
    assert {d["system"] for d in definitions} == {t.SNOMED}
    assert all(d["ecl"].startswith(("<<", "<")) and d["meaning"] for d in definitions)


@pytest.mark.skipif(not (build.MIRRORS / "cqframework+dqm-content-cms-2026" / "repo").exists(), reason="no mirrors")
def test_the_committed_files_are_what_the_build_makes_from_the_pinned_sources():
    if not list(build.WHEELS.glob("*.whl")):
        pytest.skip("ICD-9-CM wheels not downloaded")
    assert build.main(["--check"]) == 0


# -- the held-out evaluation ------------------------------------------------------------------------------------

HELDOUT = json.loads((ROOT / "terminology" / "evaluation" / "heldout.json").read_text(encoding="utf-8"))["items"]


def test_held_out_real_codes_are_recognised_with_the_right_concept_and_site_in_at_least_90_percent():
    result = evaluation.score(HELDOUT)
    hits, total = result["positives"]
    assert total >= 400 and hits / total >= 0.90, (hits, total)
    negatives = [i for i in HELDOUT if i["expected"] is None]
    wrong = [i for i in negatives if not evaluation.correct(i, evaluation.recognised(i))]
    assert len(wrong) / len(negatives) <= 0.05, wrong


def test_held_out_icd10cm_codes_are_real_icd10cm_codes():
    icd = [i["code"] for i in HELDOUT if i["system"] == t.ICD10_CM]
    assert icd and all(cm.is_valid_item(code) for code in icd)
