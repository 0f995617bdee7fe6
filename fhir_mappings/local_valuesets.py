"""A deployer's own codes: FHIR ValueSets (or files in the value-set format) in ``TERMINOLOGY_DIR``.

A FHIR ValueSet names the guideline concept its codes mean with an extension, and lists the codes in
``expansion.contains`` or ``compose.include[].concept`` (each with a display)::

    {"resourceType": "ValueSet", "url": "https://hospital.example/fhir/ValueSet/bone-scan",
     "extension": [{"url": "https://bone-metastasis-cds.github.io/fhir/StructureDefinition/guideline-concept",
                    "valueCode": "bone-scan"}],
     "compose": {"include": [{"system": "https://hospital.example/codes/radiology",
                              "concept": [{"code": "NM-BONE-WB", "display": "全身骨显像"}]}]}}

Optional extensions ``.../primary-site`` and ``.../body-site`` (valueCode) qualify every code. A file
with an unknown concept, a code without a display, or malformed JSON stops start-up with the file name:
a local list the service silently ignores would be worse than one that fails loudly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guideline import concepts

EXTENSION = "https://bone-metastasis-cds.github.io/fhir/StructureDefinition/"


def group_of(concept: str) -> str:
    """The value-set group (and so the resources that read it) a concept belongs to."""
    if concept == concepts.MALIGNANCY:
        return "conditions-malignancy"
    if concept == concepts.BONE_METASTASIS:
        return "conditions-bone-metastasis"
    if concept in concepts.DIAGNOSES:
        return "conditions-complications"
    if concept in concepts.MEASUREMENTS:
        return "observations-labs"
    if concept in concepts.AGENTS or concept in concepts.MEDICATION_CLASSES:
        return "medications-rxnorm"
    if concept in concepts.PROCEDURES:
        return "procedures"
    if concept in concepts.IMAGING_KINDS:
        return "imaging"
    raise ValueError(f"unknown guideline concept {concept!r}")


def _extension(resource: dict, name: str) -> str | None:
    for ext in resource.get("extension", ()):
        if isinstance(ext, dict) and ext.get("url") == EXTENSION + name:
            return ext.get("valueCode") or ext.get("valueString")
    return None


def _codes(valueset: dict) -> list[tuple[object, object, object]]:
    found = [
        (c.get("system"), c.get("code"), c.get("display"))
        for c in valueset.get("expansion", {}).get("contains", ())
        if isinstance(c, dict)
    ]
    for include in valueset.get("compose", {}).get("include", ()):
        found += [(include.get("system"), c.get("code"), c.get("display")) for c in include.get("concept", ())]
    return found


def from_valueset(valueset: dict, name: str) -> tuple[str, dict[str, Any]]:
    """(group, document in the value-set format) of one FHIR ValueSet."""
    concept = _extension(valueset, "guideline-concept")
    if not concept:
        raise ValueError(f"{name}: no {EXTENSION}guideline-concept extension")
    group = group_of(concept)
    primary_site, body_site = _extension(valueset, "primary-site"), _extension(valueset, "body-site")
    if primary_site is not None and primary_site not in concepts.PRIMARY_SITES:
        raise ValueError(f"{name}: unknown primary site {primary_site!r}")
    if body_site is not None and body_site not in concepts.BODY_SITES:
        raise ValueError(f"{name}: unknown body site {body_site!r}")
    source = f"local: {name} {valueset.get('url', '')} {valueset.get('version', '')}".strip()
    entries = []
    for system, code, display in _codes(valueset):
        if not (isinstance(system, str) and isinstance(code, str) and isinstance(display, str) and display.strip()):
            raise ValueError(f"{name}: every code needs a system, a code and a display ({code!r})")
        entry: dict[str, Any] = {
            "system": system,
            "code": code,
            "display": display,
            "concept": concept,
            "source": source,
            "status": "local",
        }
        entry.update({k: v for k, v in (("primary_site", primary_site), ("body_site", body_site)) if v})
        if concept in concepts.AGENTS:
            entry["classes"] = sorted(set(_extension_list(valueset, "classes")))
        elif concept in concepts.MEDICATION_CLASSES:
            entry["classes"] = [concept]
        entries.append(entry)
    return group, {"group": group, "entries": entries}


def _extension_list(resource: dict, name: str) -> list[str]:
    values = [
        str(ext["valueCode"])
        for ext in resource.get("extension", ())
        if isinstance(ext, dict) and ext.get("url") == EXTENSION + name and ext.get("valueCode")
    ]
    unknown = set(values) - concepts.MEDICATION_CLASSES
    if unknown:
        raise ValueError(f"unknown medication classes {sorted(unknown)}")
    return values


def load_local(directory: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every ``*.json`` in ``directory``: FHIR ValueSets or value-set documents, sorted by file name."""
    if not directory.is_dir():
        raise ValueError(f"TERMINOLOGY_DIR {directory} is not a directory")
    layers = []
    for path in sorted(directory.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path.name}: not readable JSON ({exc})") from exc
        if isinstance(doc, dict) and doc.get("resourceType") == "ValueSet":
            layers.append(from_valueset(doc, path.name))
        elif isinstance(doc, dict) and isinstance(doc.get("entries"), list):
            group = doc.get("group") or path.stem
            for entry in doc["entries"]:
                group_of(entry.get("concept", ""))  # an unknown concept stops start-up here
                entry.setdefault("source", f"local: {path.name}")
            layers.append((group, doc))
        else:
            raise ValueError(f"{path.name}: neither a FHIR ValueSet nor a value-set document")
    return layers
