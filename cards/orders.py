"""FHIR R4 resources that card suggestions create or update.

Every code here is one the service also recognises (a test checks each against
fhir_mappings' value sets), with its display and where it was verified:
- RxNorm 77655 zoledronic acid (ingredient): REFERENCE C.4 (V-2).
- ATC M05BA02/03/06/08 clodronic/pamidronic/ibandronic/zoledronic acid, M05BX04 denosumab: WHO ATC-DDD index,
  REFERENCE C.5.
- SNOMED 47625008 Intravenous route, 26643006 Oral route, 34206005 Subcutaneous route: FHIR R4 ValueSet
  route-codes (SNOMED CT Route Codes).
- LOINC 2160-0 Creatinine [Mass/volume] in Serum or Plasma: VSAC 2.16.840.1.113762.1.4.1248.21 (REFERENCE C.3).
- SNOMED 103697008 Patient referral for dental care (procedure): VSAC (REFERENCE C.2).
- SNOMED 308481009 Referral to orthopedic surgeon (procedure), 308482002 Referral to neurosurgeon (procedure):
  VSAC value set "Referral" (eCQM Update 2025-05-08 expansion).
- SNOMED 108252007 Laboratory procedure: FHIR R4 ValueSet servicerequest-category. 3457005 Patient referral (not in
  that value set): root of the FHIR STU3 ValueSet referral-type ("is-a 3457005 Patient referral") and in US Core
  ServiceRequest Category Codes (added in v9.0.0).
- SNOMED 306256000 Referral to radiotherapist (procedure): VSAC value set "Referral"
  2.16.840.1.113883.3.464.1003.101.12.1046 (eCQM Update 2025-05-08 expansion, as mirrored in
  canvas-medical/canvas-plugins canvas_sdk/value_set).
- SNOMED 241645008 Magnetic resonance imaging of spine (procedure): HL7 Belgium eReferral IG ValueSet
  be-vs-diagnostic-imaging-procedure (hl7-be/referral); Synthea module value sets (SHIFT-Task-Force slsValueSets).
- SNOMED 363679005 Imaging: FHIR R4 ValueSet servicerequest-category (also HL7 AU diagnostic-request category).
- LOINC 39818-0 NM Whole body Bone Views: VSAC "Bone Scan" 2.16.840.1.113883.3.526.3.320 (REFERENCE C.3).
- SNOMED 363680008 Radiographic imaging procedure (procedure), 77477000 Computerized axial tomography (procedure):
  HL7 mCODE IG ValueSet mcode-tumor-size-method-vs (HL7/fhir-mCODE-ig, TumorSize.fsh).
- LOINC 58410-2 CBC panel - Blood by Automated count: HL7 Switzerland CH LAB-Report IG profile
  ch-lab-observation-cbc-panel; US Core example DiagnosticReport-cbc (older long name "Complete blood count
  (hemogram) panel - Blood by Automated count").
Regimens are the guideline's (guideline.dosing). The hypercalcaemia measures (0.9 % saline, calcitonin, calcium with
albumin) and their codes are in cards/hypercalcaemia_orders.py.
"""

from __future__ import annotations

import copy
from typing import Any

from cards import hypercalcaemia_orders
from guideline.dosing import EVERY_3_TO_4_WEEKS, REDUCED_DOSE_INFUSION_UNVERIFIED, REGIMENS

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"

DRUGS: dict[str, dict[str, Any]] = {
    "zoledronic-acid": {
        "coding": [
            {"system": RXNORM, "code": "77655", "display": "zoledronic acid"},
            {"system": ATC, "code": "M05BA08", "display": "zoledronic acid"},
        ],
        "text": {"en": "zoledronic acid", "zh": "唑来膦酸"},
    },
    "pamidronate": {
        "coding": [{"system": ATC, "code": "M05BA03", "display": "pamidronic acid"}],
        "text": {"en": "pamidronate", "zh": "帕米膦酸"},
    },
    "ibandronate": {
        "coding": [{"system": ATC, "code": "M05BA06", "display": "ibandronic acid"}],
        "text": {"en": "ibandronate", "zh": "伊班膦酸"},
    },
    "clodronate": {
        "coding": [{"system": ATC, "code": "M05BA02", "display": "clodronic acid"}],
        "text": {"en": "clodronate", "zh": "氯膦酸二钠"},
    },
    "denosumab": {
        "coding": [{"system": ATC, "code": "M05BX04", "display": "denosumab"}],
        "text": {"en": "denosumab", "zh": "地舒单抗"},
    },
}

ROUTES = {
    "iv": {"system": SNOMED, "code": "47625008", "display": "Intravenous route"},
    "oral": {"system": SNOMED, "code": "26643006", "display": "Oral route"},
    "sc": {"system": SNOMED, "code": "34206005", "display": "Subcutaneous route"},
}

LAB = {"system": SNOMED, "code": "108252007", "display": "Laboratory procedure"}
REFERRAL = {"system": SNOMED, "code": "3457005", "display": "Patient referral"}
IMAGING = {"system": SNOMED, "code": "363679005", "display": "Imaging"}

SERVICES: dict[str, dict[str, Any]] = {
    "serum-creatinine": {
        "category": LAB,
        "code": {"system": LOINC, "code": "2160-0", "display": "Creatinine [Mass/volume] in Serum or Plasma"},
        "text": {"en": "Serum creatinine", "zh": "血清肌酐"},
    },
    "bone-scan": {
        "category": IMAGING,
        "code": {"system": LOINC, "code": "39818-0", "display": "NM Whole body Bone Views"},
        "text": {"en": "Whole-body radionuclide bone scan (ECT)", "zh": "放射性核素全身骨显像（ECT）"},
    },
    "ct-bone": {
        "category": IMAGING,
        "code": {"system": SNOMED, "code": "77477000", "display": "Computerized axial tomography (procedure)"},
        "text": {
            "en": "CT of the bone lesion(s) seen on bone scan, to confirm metastasis",
            "zh": "骨扫描所示骨病灶CT检查，以确诊骨转移",
        },
    },
    "xray-bone": {
        "category": IMAGING,
        "code": {"system": SNOMED, "code": "363680008", "display": "Radiographic imaging procedure (procedure)"},
        "text": {
            "en": "X-ray of the bone lesion(s) seen on bone scan, to confirm metastasis",
            "zh": "骨扫描所示骨病灶X线平片检查，以确诊骨转移",
        },
    },
    "mri-bone": {  # SNOMED 113091000: HL7 mCODE TumorSizeMethodVS (HL7/fhir-mCODE-ig)
        "category": IMAGING,
        "code": {"system": SNOMED, "code": "113091000", "display": "Magnetic resonance imaging (procedure)"},
        "text": {
            "en": "MRI of the bone lesion(s) seen on bone scan (CT negative)",
            "zh": "骨扫描所示骨病灶MR扫描（CT阴性）",
        },
    },
    "blood-count": {
        "category": LAB,
        "code": {"system": LOINC, "code": "58410-2", "display": "CBC panel - Blood by Automated count"},
        "text": {"en": "Complete blood count with platelets", "zh": "血常规（含血小板计数）"},
    },
    "dental-referral": {
        "category": REFERRAL,
        "code": {"system": SNOMED, "code": "103697008", "display": "Patient referral for dental care (procedure)"},
        "text": {"en": "Dental examination before bone-modifying therapy", "zh": "骨改良药物治疗前口腔检查"},
    },
    "dental-referral-on-therapy": {  # the same referral for a patient already on therapy (issue 9 item 11)
        "category": REFERRAL,
        "code": {"system": SNOMED, "code": "103697008", "display": "Patient referral for dental care (procedure)"},
        "text": {"en": "Dental examination during bone-modifying therapy", "zh": "骨改良药物治疗期间口腔检查"},
    },
    "orthopaedic-referral": {
        "category": REFERRAL,
        "code": {"system": SNOMED, "code": "308481009", "display": "Referral to orthopedic surgeon (procedure)"},
        "text": {"en": "Orthopaedic surgery referral: pathological fracture risk", "zh": "骨科会诊：病理性骨折风险"},
    },
    "neurosurgery-referral": {
        "category": REFERRAL,
        "code": {"system": SNOMED, "code": "308482002", "display": "Referral to neurosurgeon (procedure)"},
        "text": {"en": "Spine surgery referral: spinal metastasis", "zh": "脊柱外科会诊：脊柱转移"},
    },
    "radiotherapy-referral": {
        "category": REFERRAL,
        "code": {"system": SNOMED, "code": "306256000", "display": "Referral to radiotherapist (procedure)"},
        "text": {"en": "Radiation oncology referral: bone metastasis", "zh": "放疗科会诊：骨转移放射治疗"},
    },
    "spine-mri": {
        "category": IMAGING,
        "code": {"system": SNOMED, "code": "241645008", "display": "Magnetic resonance imaging of spine (procedure)"},
        "text": {"en": "MRI of the whole spine: spinal cord compression", "zh": "全脊柱MR扫描：脊髓压迫"},
        "priority": "urgent",
    },
    **hypercalcaemia_orders.SERVICES,  # serum calcium and albumin: their codes and sources are there
}

_PERIOD = {"period": 3, "periodMax": 4, "periodUnit": "wk", "frequency": 1}

# One-off doses outside the guideline's maintenance regimens. Zoledronic acid for hypercalcaemia of malignancy:
# 4 mg IV over no less than 15 min, once, after rehydration; retreat no sooner than 7 days (label, REFERENCE B.1).
SINGLE_DOSES: dict[str, dict[str, Any]] = {
    "zoledronic-acid-hcm": {
        "agent": "zoledronic-acid",
        "dose_mg": 4.0,
        "route": "iv",
        "infusion_minutes": 15,
        "text": {
            "en": "4 mg IV over no less than 15 min, once, after rehydration",
            "zh": "4 mg，充分水化后静脉滴注不少于15分钟，单次给药",
        },
    },
}


def _single_dose(template: str, patient: str | None, language: str) -> dict:
    dose = SINGLE_DOSES[template]
    drug = DRUGS[dose["agent"]]
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"coding": drug["coding"], "text": drug["text"][language]},
        "dosageInstruction": [
            {
                "text": dose["text"][language],
                "timing": {"repeat": {"count": 1, "duration": dose["infusion_minutes"], "durationUnit": "min"}},
                "route": {"coding": [ROUTES[dose["route"]]]},
                "doseAndRate": [
                    {"doseQuantity": {"value": dose["dose_mg"], "unit": "mg", "system": UCUM, "code": "mg"}}
                ],
            }
        ],
    }
    if patient:
        resource["subject"] = {"reference": patient}
    return resource


def _medication_request(template: str, changes: dict[str, Any], patient: str | None, language: str) -> dict:
    regimen = REGIMENS[template]
    drug = DRUGS[regimen.agent]
    dose = changes.get("dose_mg", regimen.dose_mg)
    repeat = _interval(template)
    if regimen.min_infusion_minutes:
        repeat.update(duration=regimen.min_infusion_minutes, durationUnit="min")
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"coding": drug["coding"], "text": drug["text"][language]},
        "dosageInstruction": [
            {
                "text": dosage_text(template, dose, language),
                "timing": {"repeat": repeat},
                "route": {"coding": [ROUTES[regimen.route]]},
                "doseAndRate": [{"doseQuantity": {"value": dose, "unit": "mg", "system": UCUM, "code": "mg"}}],
            }
        ],
    }
    if patient:
        resource["subject"] = {"reference": patient}
    return resource


def _interval(template: str, *, twelve_weekly: bool = False) -> dict[str, Any]:
    """Timing.repeat of a regimen's interval (and clodronate IV's 5-day course)."""
    regimen = REGIMENS[template]
    if twelve_weekly:
        return {"frequency": 1, "period": 12, "periodUnit": "wk"}
    if regimen.every_days is None:
        repeat: dict[str, Any] = {"frequency": 1, "period": 1, "periodUnit": "d"}
    elif regimen.every_days == EVERY_3_TO_4_WEEKS:
        repeat = dict(_PERIOD)
    else:  # a fixed interval in weeks (denosumab every 4 weeks)
        repeat = {"frequency": 1, "period": regimen.every_days[0] / 7, "periodUnit": "wk"}
    if regimen.course_days:
        repeat["boundsDuration"] = {"value": regimen.course_days, "unit": "d", "system": UCUM, "code": "d"}
    return repeat


def dosage_text(template: str, dose_mg: float, language: str, *, twelve_weekly: bool = False) -> str:
    """The regimen in words, e.g. '4 mg IV over ≥ 15 min, every 3-4 weeks' (or every 12 weeks, B.13)."""
    regimen = REGIMENS[template]
    dose = f"{dose_mg:g} mg"
    check = regimen.agent in REDUCED_DOSE_INFUSION_UNVERIFIED and dose_mg < regimen.dose_mg
    if language == "zh":
        if regimen.route == "oral":
            return f"{dose}/日，口服"
        if regimen.route == "sc":
            weeks = f"，每{regimen.every_days[0] / 7:g}周一次" if regimen.every_days else ""
            return f"{dose}，皮下注射{weeks}"
        if check:
            return f"{dose}，静脉滴注（减量时延长滴注时间，请药师核对），{'每12周' if twelve_weekly else '每3~4周'}重复"
        infusion = (
            f"，静脉滴注不少于{regimen.min_infusion_minutes:g}分钟" if regimen.min_infusion_minutes else "，静脉注射"
        )
        if regimen.course_days:
            return f"{dose}/日{infusion}，连续{regimen.course_days}天，之后改为口服"
        return f"{dose}{infusion}，{'每12周' if twelve_weekly else '每3~4周'}重复"
    if regimen.route == "oral":
        return f"{dose} per day by mouth"
    if regimen.route == "sc":
        return f"{dose} subcutaneously every {regimen.every_days[0] / 7:g} weeks" if regimen.every_days else dose
    if check:
        every = "12" if twelve_weekly else "3-4"
        return f"{dose} IV (longer infusion at a reduced dose: pharmacist to confirm the time), every {every} weeks"
    infusion = f" IV over no less than {regimen.min_infusion_minutes:g} min" if regimen.min_infusion_minutes else " IV"
    if regimen.course_days:
        return f"{dose} per day{infusion} for {regimen.course_days} days, then by mouth"
    return f"{dose}{infusion}, every {'12' if twelve_weekly else '3-4'} weeks"


def _service_request(template: str, changes: dict[str, Any], patient: str | None, language: str) -> dict:
    service = SERVICES[template]
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "order",
        "category": [{"coding": [service["category"]]}],
        "code": {"coding": [service["code"]], "text": service["text"][language]},
    }
    if changes.get("priority", service.get("priority")):
        resource["priority"] = changes.get("priority", service.get("priority"))  # FHIR request-priority code
    if patient:
        resource["subject"] = {"reference": patient}
    return resource


def create_all(template: str, changes: dict[str, Any], patient: str | None, language: str) -> list[dict]:
    """The draft orders of a proposal: one, or each order of a group (e.g. calcium with albumin)."""
    members = hypercalcaemia_orders.GROUPS.get(template, (template,))
    return [create(member, changes, patient, language) for member in members]


def create(template: str, changes: dict[str, Any], patient: str | None, language: str) -> dict:
    """A new draft order for a proposal's template."""
    if template in REGIMENS:
        return _medication_request(template, changes, patient, language)
    if template in SINGLE_DOSES:
        return _single_dose(template, patient, language)
    if template in hypercalcaemia_orders.MEDICATIONS:
        return hypercalcaemia_orders.medication_request(template, changes, patient, language)
    return _service_request(template, changes, patient, language)


# Timing.repeat fields an interval or infusion correction replaces; the draft's others (count, timeOfDay ...) stay.
_INTERVAL_FIELDS = ("frequency", "frequencyMax", "period", "periodMax", "periodUnit")
_INFUSION_FIELDS = ("duration", "durationMax", "durationUnit")
_BOUNDS = ("boundsDuration", "boundsRange", "boundsPeriod")  # bounds[x]: one of them at most


def _object(value: object) -> dict[str, Any]:
    """A JSON object as it is, anything else as an empty one (drafts come as the EHR wrote them)."""
    return value if isinstance(value, dict) else {}


def updated(draft: dict, changes: dict[str, Any], language: str) -> dict:
    """The whole draft, corrected as ``changes`` say (spec: an update carries the entire resource, same id).

    ``changes`` (guideline.regimen_review.RegimenReview.changes): ``template`` the regimen, ``dose_mg`` a new dose,
    ``route``, ``interval`` ("regimen" or "12-weekly"), ``infusion_minutes``, and ``text_dose_mg`` for the
    dosage text. Only the named fields change, so what the clinician wrote correctly stays. The first
    dosage line is corrected and further lines dropped: a second line would keep the wrong dose in force.
    """
    resource = copy.deepcopy(draft)
    template = changes.get("template")
    if resource.get("resourceType") != "MedicationRequest":
        return resource
    dosages = resource.get("dosageInstruction")
    first = copy.deepcopy(dosages[0]) if isinstance(dosages, list) and dosages and isinstance(dosages[0], dict) else {}
    dose = changes.get("dose_mg")
    if dose is not None:
        first["doseAndRate"] = [{"doseQuantity": {"value": dose, "unit": "mg", "system": UCUM, "code": "mg"}}]
        first.pop("maxDosePerAdministration", None)
    if template not in REGIMENS:  # a dose change alone
        if dose is not None:
            resource["dosageInstruction"] = [first]
        return resource
    regimen = REGIMENS[template]
    if "route" in changes:
        first["route"] = {"coding": [ROUTES[changes["route"]]]}
    timing = _object(first.get("timing"))
    repeat = dict(_object(timing.get("repeat")))
    interval = changes.get("interval")
    if interval is not None:
        replaced = _INTERVAL_FIELDS + (_BOUNDS if regimen.course_days else ())
        repeat = {k: v for k, v in repeat.items() if k not in replaced}
        repeat.update(_interval(template, twelve_weekly=interval == "12-weekly"))
        timing = {k: v for k, v in timing.items() if k != "code"}  # a timing code (e.g. QD) would contradict
    if regimen.course_days:  # the text says "for 5 days": the structured order must end there too (issue 9 item 11)
        repeat = {k: v for k, v in repeat.items() if k not in _BOUNDS + ("count", "countMax")}
        repeat["boundsDuration"] = _interval(template)["boundsDuration"]
    if "infusion_minutes" in changes:
        repeat = {k: v for k, v in repeat.items() if k not in _INFUSION_FIELDS}
        repeat.update(duration=changes["infusion_minutes"], durationUnit="min")
        # A rate sets the infusion time too: drop it so the two cannot disagree.
        kept = [
            {k: v for k, v in entry.items() if not k.startswith("rate")}
            for entry in first.get("doseAndRate") or []
            if isinstance(entry, dict)
        ]
        first["doseAndRate"] = [entry for entry in kept if entry]
        if not first["doseAndRate"]:
            del first["doseAndRate"]
    timing["repeat"] = repeat
    first["timing"] = timing
    for scheduled_only in ("asNeededBoolean", "asNeededCodeableConcept"):
        first.pop(scheduled_only, None)  # the regimens are scheduled, never as needed
    text_dose = changes.get("text_dose_mg", dose)
    if text_dose is not None:
        first["text"] = dosage_text(template, text_dose, language, twelve_weekly=interval == "12-weekly")
    resource["dosageInstruction"] = [first]
    return resource
