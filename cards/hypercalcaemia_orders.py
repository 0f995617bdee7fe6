"""Draft orders for the guideline's hypercalcaemia measures besides the bisphosphonate (一(三)6: 扩容, 降钙素, and the
repeat calcium that shows whether they work).

Codes, with display and where verified:
- LOINC 17861-6 Calcium [Mass/volume] in Serum or Plasma: HL7 PDDI-CDS valueset-calcium-LOINC (REFERENCE C.3, V-auth).
- LOINC 1751-7 Albumin [Mass/volume] in Serum or Plasma: VSAC 2.16.840.1.113762.1.4.1248.221 (REFERENCE C.3, V-auth).
  Both are in fhir_mappings/valuesets/observations-labs.json, so the results come back as facts the rule reads.
- ATC H05BA01 calcitonin (salmon synthetic): WHO ATC-DDD index (REFERENCE C.5, V-auth; in medications-atc.json).
- ATC B05BB01 electrolytes (group B05BB "Solutions affecting the electrolyte balance", where WHO classifies plain
  sodium chloride infusions): WHO ATC-DDD index, scrape fabkury/atcd@934a347 "WHO ATC-DDD 2026-04-25.csv". No
  RxNorm code for 0.9 % saline is verified in REFERENCE part C, so none is sent; the product is in ``text``.
- SNOMED 47625008 Intravenous route: as cards/orders.py.
Calcitonin dose: the calcitonin-salmon injection prescribing information (US), "2.2 Hypercalcemia": starting dose
4 International Units/kg every 12 hours by subcutaneous or intramuscular injection. The guideline gives no doses;
saline volume and rate are left to the prescriber (they depend on fluid status, heart and kidneys).
"""

from __future__ import annotations

from typing import Any

ATC = "http://www.whocc.no/atc"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
LAB = {"system": SNOMED, "code": "108252007", "display": "Laboratory procedure"}
IV_ROUTE = {"system": SNOMED, "code": "47625008", "display": "Intravenous route"}

SERVICES: dict[str, dict[str, Any]] = {
    "serum-calcium": {
        "category": LAB,
        "code": {"system": LOINC, "code": "17861-6", "display": "Calcium [Mass/volume] in Serum or Plasma"},
        "text": {"en": "Serum calcium", "zh": "血清钙"},
    },
    "serum-albumin": {
        "category": LAB,
        "code": {"system": LOINC, "code": "1751-7", "display": "Albumin [Mass/volume] in Serum or Plasma"},
        "text": {"en": "Serum albumin (to correct the calcium)", "zh": "血清白蛋白（用于校正血钙）"},
    },
}

# A suggestion that creates several orders at once: a repeat calcium is read with an albumin of the same day (B.7).
GROUPS: dict[str, tuple[str, ...]] = {"calcium-albumin": ("serum-calcium", "serum-albumin")}

MEDICATIONS: dict[str, dict[str, Any]] = {
    "saline-iv": {
        "coding": [{"system": ATC, "code": "B05BB01", "display": "electrolytes"}],
        "text": {"en": "Sodium chloride 0.9% infusion", "zh": "0.9%氯化钠注射液"},
        "dosage": {
            "en": "IV rehydration (volume expansion) before the bisphosphonate; volume and rate by fluid status, "
            "heart and kidney function",
            "zh": "静脉补液扩容，先于双膦酸盐；补液量及速度依容量状态及心、肾功能而定",
        },
        "route": IV_ROUTE,
    },
    "calcitonin": {
        "coding": [{"system": ATC, "code": "H05BA01", "display": "calcitonin (salmon synthetic)"}],
        "text": {"en": "Calcitonin (salmon) injection", "zh": "鲑降钙素注射液"},
        "dosage": {
            "en": "4 IU/kg SC or IM every 12 hours (prescribing information starting dose)",
            "zh": "4 IU/kg，皮下或肌内注射，每12小时一次（说明书起始剂量）",
        },
        "every_hours": 12,
    },
}


def medication_request(template: str, changes: dict[str, Any], patient: str | None, language: str) -> dict:
    """A draft MedicationRequest; ``changes["dose_iu"]`` (calcitonin, from a recent weight) adds the dose."""
    drug = MEDICATIONS[template]
    dosage: dict[str, Any] = {"text": drug["dosage"][language]}
    if "every_hours" in drug:
        dosage["timing"] = {"repeat": {"frequency": 1, "period": drug["every_hours"], "periodUnit": "h"}}
    if "route" in drug:
        dosage["route"] = {"coding": [drug["route"]]}
    if changes.get("dose_iu"):
        dosage["doseAndRate"] = [
            {"doseQuantity": {"value": changes["dose_iu"], "unit": "IU", "system": UCUM, "code": "[iU]"}}
        ]
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"coding": drug["coding"], "text": drug["text"][language]},
        "dosageInstruction": [dosage],
    }
    if patient:
        resource["subject"] = {"reference": patient}
    return resource
