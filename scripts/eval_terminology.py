"""Held-out evaluation of code recognition: real codes from published value sets NOT used by the build.

    .venv/bin/python scripts/eval_terminology.py --extract [--mirrors DIR]   # (re)write the evaluation set
    .venv/bin/python scripts/eval_terminology.py                             # score it against the service
    .venv/bin/python scripts/eval_terminology.py --text [--split heldout]    # text only (scripts/eval_text.py)

The set (terminology/evaluation/heldout.json) is drawn from cqframework/ecqm-content-r4 (VSAC expansions
of 2017-2021, another repository and other releases than the dQM 2026 content the build reads), and from
the CDC opioid CDS value sets in cqframework/opioid-cds-r4 (the build reads only OMTKData there). The
site-specific VSAC sets (Prostate Cancer, Malignant Neoplasm of Colon, Bone Scan) are held out of the build
entirely. Each code is labelled by the value set it comes from (the Prostate Cancer set: malignancy,
prostate) or, for broad sets, by the explicit words of its display (labels below, written apart from the
build rules); codes the guideline does not use (prostatectomy, secondary liver cancer, chest pain) are kept
as negatives: the right answer for them is "not recognised".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
OUT = ROOT / "terminology" / "evaluation" / "heldout.json"

ECQM = ("cqframework/ecqm-content-r4", "04f5c4919ee8a56e24484c3269f74d47b03e3d75")
OPIOID = ("cqframework/opioid-cds-r4", "b29bdcbf6db6f3de26486dbc3820572ee9a78b89")
GROUP_FAMILY = {"conditions": "Condition", "observations": "Observation", "medications": "Medication"}


def _show(mirrors: Path, repo: tuple[str, str], path: str) -> dict:
    git_dir = mirrors / repo[0].replace("/", "+") / "repo"
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{repo[1]}:{path}"], check=True, capture_output=True
    )
    return json.loads(out.stdout)


def _codes(doc: dict) -> list[dict]:
    return [c for c in doc.get("expansion", {}).get("contains", ()) if c.get("code") and c.get("display")]


# -- labels (independent of scripts/build_valuesets.py: a reader's reading of the display) -------------

SITE_WORDS = (
    ("myeloma", "myeloma"),
    ("nasopharyn", "nasopharynx"),
    ("thyroid", "thyroid"),
    ("breast", "breast"),
    ("prostat", "prostate"),
    ("lung", "lung"),
    ("bronch", "lung"),
    ("kidney", "kidney"),
    ("renal cell", "kidney"),
    ("hepatocellular", "liver"),
    ("liver", "liver"),
    ("colon", "colorectal"),
    ("rectum", "colorectal"),
    ("rectal", "colorectal"),
    ("cecum", "colorectal"),
    ("stomach", "stomach"),
    ("gastric", "stomach"),
    ("cervix", "cervix"),
    ("melanoma", "melanoma"),
)


def cancer_label(display: str) -> dict | None:
    d = display.lower()
    if re.search(r"in situ|benign|uncertain|history|screening|suspected", d):
        return None
    bone = re.search(
        r"\bbones?\b|vertebra|femur|\bribs?\b|sternum|skull|humerus|pelvic bone|marrow|spine\b|clavicle|scapula|"
        r"ilium|sacrum|tibia|fibula|radius|ulna|patella",
        d,
    )
    if d.startswith("metastasis from malignant"):
        return {"concept": "malignancy"}  # the metastasis proves the primary it names
    if "secondary" in d or "metasta" in d:
        if bone and "lymph" not in d and "spinal cord" not in d:
            return {"concept": "bone-metastasis"}
        return None  # secondary elsewhere: not a primary malignancy, not bone
    if re.search(r"lymphoma|leuk|waldenstr|mycosis fungoides|s[eé]zary", d):
        return {"concept": "malignancy"}  # haematological: site "other" is not scored
    if re.search(r"malignan|carcinoma|sarcoma|cancer|melanoma|myeloma|blastoma", d):
        for word, site in SITE_WORDS:
            if word in d and not (word == "renal cell" and "pelvis" in d):
                return {"concept": "malignancy", "primary_site": site}
        return {"concept": "malignancy"}
    return None


OPIOID_AGENTS = ("morphine", "oxycodone", "fentanyl", "hydromorphone", "codeine", "dihydrocodeine", "tramadol")


def opioid_label(display: str) -> dict:
    d = display.lower()
    for agent in OPIOID_AGENTS:
        if re.search(rf"\b{agent}\b", d):
            return {"concept": agent}
    return {"concept": "opioid"}


NAMED_NSAIDS = ("ibuprofen", "naproxen", "diclofenac", "celecoxib")
OTHER_NSAIDS = (
    r"ketorolac|meloxicam|indomethacin|etodolac|nabumetone|piroxicam|sulindac|oxaprozin|ketoprofen|flurbiprofen"
)


def nsaid_label(display: str) -> dict | None:
    """A systemic product with an NSAID: the named agent, the class, or the opioid when there is one."""
    d = display.lower()
    if re.search(r"topical|ophthalmic|otic|gel\b|cream|patch|lozenge", d):
        return None
    if re.search(r"codeine|oxycodone|hydrocodone|tramadol|morphine", d):
        return opioid_label(display)
    for agent in NAMED_NSAIDS:
        if agent in d:
            return {"concept": agent}
    return {"concept": "nsaid"} if re.search(OTHER_NSAIDS, d) else None


def imaging_label(display: str) -> dict | None:
    if re.search(r"Guidance|guidance", display):
        return None
    if re.match(r"(NM|SPECT)\b.*\bBones?\b", display):
        return {"concept": "bone-scan"}
    for prefix, kind in (("XR", "xray"), ("Portable XR", "xray"), ("CT", "ct"), ("MR", "mri"), ("PET+CT", "pet-ct")):
        if re.match(rf"{re.escape(prefix)} ", display):
            return {"concept": kind}
    return None


def procedure_label(display: str) -> dict | None:
    d = display.lower()
    if "imaging" in d:
        return None
    if re.search(r"strontium.?89|samarium|radium.?223", d):
        return {"concept": "radionuclide-therapy"}
    # radiotherapy as the guideline means it (external beam to bone): brachytherapy, seeds, implants and
    # radiation aimed at another organ (prostate, brain) are not it (docs/terminology.md)
    if re.search(r"brachytherapy|seed|implant|radium|interstitial|intracavitary|prostat|cranial|brain|unsealed", d):
        return None
    if re.search(r"radiation|radiotherapy|teleradiotherapy", d) and "referral" not in d:
        return {"concept": "radiotherapy"}
    return None


def extract(mirrors: Path) -> list[dict]:
    rng = random.Random(8)
    items: list[dict] = []

    def add(kind: str, c: dict, expected: dict | None, source: str) -> None:
        items.append(
            {
                "kind": kind,
                "system": c["system"],
                "code": c["code"],
                "display": c["display"],
                "expected": expected,
                "source": source,
            }
        )

    base = "input/vocabulary/valueset/external/valueset-{}.json"
    src = f"{ECQM[0]}@{ECQM[1][:7]} VSAC {{}}"
    for oid, site in (
        ("2.16.840.1.113883.3.526.3.319", "prostate"),
        ("2.16.840.1.113883.3.464.1003.108.12.1001", "colorectal"),
    ):
        for c in _codes(_show(mirrors, ECQM, base.format(oid))):
            if c["system"].endswith("icd9cm"):
                c = {**c, "system": "http://hl7.org/fhir/sid/icd-9-cm"}
            secondary = re.search(r"secondary|metasta", c["display"], re.I)
            add(
                "conditions", c, None if secondary else {"concept": "malignancy", "primary_site": site}, src.format(oid)
            )
    cancers = _show(mirrors, ECQM, base.format("2.16.840.1.113762.1.4.1111.161"))
    snomed = [c for c in _codes(cancers) if c["system"].endswith("sct")]
    icd = [c for c in _codes(cancers) if c["system"].endswith("icd-10-cm")]
    for c in rng.sample(snomed, 200) + rng.sample(icd, 40):
        add("conditions", c, cancer_label(c["display"]), src.format("2.16.840.1.113762.1.4.1111.161"))
    for c in _codes(_show(mirrors, ECQM, base.format("2.16.840.1.113883.3.526.3.451"))):
        # the concept bone-pain is bone pain, malignant bone pain and neoplasm-related pain (guideline/concepts.py)
        bone_pain = (
            c["display"].lower() in {"bone pain (finding)", "malignant bone pain (finding)"} or c["code"] == "G89.3"
        )
        add(
            "conditions",
            c,
            {"concept": "bone-pain"} if bone_pain else None,
            src.format("2.16.840.1.113883.3.526.3.451"),
        )
    for oid, concept in (
        ("2.16.840.1.113883.3.666.5.2363", "creatinine"),
        ("2.16.840.1.113762.1.4.1045.129", "leukocytes"),
    ):
        for c in _codes(_show(mirrors, ECQM, base.format(oid))):
            add("observations", c, {"concept": concept}, src.format(oid))
    for c in _codes(_show(mirrors, ECQM, base.format("2.16.840.1.113883.3.526.3.320"))):
        add("imaging", c, {"concept": "bone-scan"}, src.format("2.16.840.1.113883.3.526.3.320"))
    xray = [c for c in _codes(_show(mirrors, ECQM, base.format("2.16.840.1.113883.3.464.1003.198.12.1034")))]
    xray = [c for c in xray if imaging_label(c["display"])]
    for c in rng.sample(xray, 100):
        add("imaging", c, imaging_label(c["display"]), src.format("2.16.840.1.113883.3.464.1003.198.12.1034"))
    for oid in ("2.16.840.1.113883.3.526.3.1026", "2.16.840.1.113883.3.526.3.398"):
        for c in _codes(_show(mirrors, ECQM, base.format(oid))):
            add("procedures", c, procedure_label(c["display"]), src.format(oid))
    for c in rng.sample(_codes(_show(mirrors, ECQM, base.format("2.16.840.1.113762.1.4.1111.165"))), 60):
        add("medications", c, opioid_label(c["display"]), src.format("2.16.840.1.113762.1.4.1111.165"))
    osrc = f"{OPIOID[0]}@{OPIOID[1][:7]} {{}}"
    for name, n in (("extended-release-opioid-with-ambulatory-misuse-potential", 40), ("oxycodone-medications", 30)):
        path = f"input/vocabulary/valueset/{name}.json"
        for c in rng.sample(_codes(_show(mirrors, OPIOID, path)), n):
            add("medications", c, opioid_label(c["display"]), osrc.format(name))
    # NSAID products (added after the draws above, so those stay as they were): every systemic product with an
    # NSAID in three VSAC sets of 2017 and in the CDC opioid set, none of them read by the build.
    for oid in (
        "2.16.840.1.113883.3.464.1003.196.12.1364",  # Ketorolac Tromethamine
        "2.16.840.1.113883.3.464.1003.196.12.1293",  # Diphenhydramine (ibuprofen, naproxen combinations)
        "2.16.840.1.113883.3.464.1003.196.12.1352",  # Chlorpheniramine (ibuprofen combinations)
    ):
        for c in _codes(_show(mirrors, ECQM, base.format(oid))):
            if nsaid_label(c["display"]) and re.search(r"profen|naproxen|ketorolac", c["display"], re.I):
                add("medications", c, nsaid_label(c["display"]), src.format(oid))
    name = "opioid-analgesics-with-ambulatory-misuse-potential"
    for c in _codes(_show(mirrors, OPIOID, f"input/vocabulary/valueset/{name}.json")):
        if re.search(r"ibuprofen|naproxen|diclofenac|celecoxib|ketorolac", c["display"], re.I):
            add("medications", c, nsaid_label(c["display"]), osrc.format(name))
    return items


# -- scoring -----------------------------------------------------------------------------------------


def recognised(item: dict) -> dict | None:
    from fhir_mappings import terminology as t

    groups = {
        "conditions": t.CONDITION_GROUPS,
        "observations": t.OBSERVATION_GROUPS,
        "medications": t.MEDICATION_GROUPS,
        "procedures": t.PROCEDURE_GROUPS,
        "imaging": t.IMAGING_GROUPS,
    }[item["kind"]]
    entry = t.INDEX.lookup(item["system"], item["code"], groups)
    if entry is None:
        return None
    return {"concept": entry.concept, "primary_site": entry.primary_site}


def correct(item: dict, found: dict | None) -> bool:
    expected = item["expected"]
    if expected is None:
        return found is None or found["concept"] not in {"malignancy", "bone-metastasis", "bone-pain"}
    if found is None or found["concept"] != expected["concept"]:
        return False
    return "primary_site" not in expected or found["primary_site"] == expected["primary_site"]


def score(items: list[dict]) -> dict:
    by_kind: Counter[str] = Counter()
    right: Counter[str] = Counter()
    misses = []
    for item in items:
        label = f"{item['kind']}{'' if item['expected'] else ' (negatives)'}"
        found = recognised(item)
        by_kind[label] += 1
        if correct(item, found):
            right[label] += 1
        else:
            misses.append((item, found))
    positives = [i for i in items if i["expected"]]
    hits = sum(correct(i, recognised(i)) for i in positives)
    return {
        "by_kind": {k: (right[k], n) for k, n in sorted(by_kind.items())},
        "positives": (hits, len(positives)),
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extract", action="store_true", help="rewrite the evaluation set from the mirrors")
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--misses", action="store_true", help="list what was not recognised right")
    parser.add_argument("--text", action="store_true", help="text-only evaluation (scripts/eval_text.py)")
    parser.add_argument("--extract-text", action="store_true", help="rewrite the text-only evaluation set")
    parser.add_argument(
        "--wheel-dir",
        type=Path,
        default=Path(os.environ.get("TERMINOLOGY_WHEELS", ROOT / "build" / "wheels")),
        help="folder of the GNU Health wheels (as scripts/build_valuesets.py)",
    )
    parser.add_argument("--split", choices=("dev", "heldout"), help="text-only evaluation: one split")
    args = parser.parse_args(argv)
    if args.extract_text or args.text:
        import eval_text

        if args.extract_text:
            eval_text.write(eval_text.extract(args.wheel_dir))
        eval_text.report(args.split, args.misses)
        return 0
    if args.extract:
        items = extract(args.mirrors)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(
            '{"items": [\n' + ",\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n]}\n", encoding="utf-8"
        )
    items = json.loads(OUT.read_text(encoding="utf-8"))["items"]
    result = score(items)
    for kind, (ok, n) in result["by_kind"].items():
        print(f"{kind:28} {ok:4}/{n:<4} {100 * ok / n:5.1f} %")
    ok, n = result["positives"]
    print(f"{'recognised right (positives)':28} {ok:4}/{n:<4} {100 * ok / n:5.1f} %")
    if args.misses:
        for item, found in result["misses"]:
            print(
                "MISS",
                item["kind"],
                item["system"].split("/")[-1],
                item["code"],
                item["display"][:80],
                item["expected"],
                found,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
