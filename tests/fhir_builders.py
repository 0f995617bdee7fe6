"""FHIR R4 JSON as an EHR sends it, for the end-to-end tests: resources, searchset Bundles, hook requests.

Codes are the verified ones of REFERENCE.md section C (the value sets in fhir_mappings/valuesets name the
source of each). Dates are relative to now, because the service judges windows against the time of the call.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from cds_service.services import KIND_OF_RESOURCE_TYPE, PREFETCH_KEYS

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
DICOM = "http://dicom.nema.org/resources/ontology/DCM"
PATIENT_ID = "bm-e2e"

# (system, code, display) of the codes the e2e tests use; all from REFERENCE.md C.1-C.3.
BREAST_CANCER = (ICD10CM, "C50.911", "Malignant neoplasm of unspecified site of right female breast")
METASTATIC_PROSTATE_CANCER = (SNOMED, "314994000", "Metastasis from malignant tumor of prostate (disorder)")
BONE_METASTASIS = (ICD10CM, "C79.51", "Secondary malignant neoplasm of bone")
BONE_PAIN = (SNOMED, "12584003", "Bone pain (finding)")
FRACTURE_FEMUR = (ICD10CM, "M84.551A", "Pathological fracture in neoplastic disease, right femur, initial encounter")
HYPERCALCEMIA = (ICD10CM, "E83.52", "Hypercalcemia")
CALCIUM_MASS = (LOINC, "17861-6", "Calcium [Mass/volume] in Serum or Plasma")
CALCIUM_MOLAR = (LOINC, "2000-8", "Calcium [Moles/volume] in Serum or Plasma")
CALCIUM_IONISED = (LOINC, "1995-0", "Calcium.ionized [Moles/volume] in Serum or Plasma")
ALBUMIN = (LOINC, "1751-7", "Albumin [Mass/volume] in Serum or Plasma")
CREATININE_MASS = (LOINC, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma")
CREATININE_MOLAR = (LOINC, "14682-9", "Creatinine [Moles/volume] in Serum or Plasma")
CRCL = (LOINC, "35591-7", "Creatinine renal clearance predicted by Cockcroft-Gault formula")
EGFR = (LOINC, "98979-8", "Glomerular filtration rate/1.73 sq M.predicted by CKD-EPI 2021")
ALP = (LOINC, "6768-6", "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma")
BODY_WEIGHT = (LOINC, "29463-7", "Body weight")
ECOG = (LOINC, "89247-1", "ECOG Performance Status score")
BONE_SCAN = (LOINC, "39818-0", "NM Whole body Bone Views")
NO_ABNORMALITY = (SNOMED, "281900007", "No abnormality detected (finding)")  # valuesets/imaging-conclusions.json
ZOLEDRONIC_ACID = (RXNORM, "77655", "zoledronic acid")


def ago(days: float) -> str:
    """An ISO timestamp ``days`` before now."""
    return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")


def _concept(code: tuple[str, str, str]) -> dict:
    system, value, display = code
    return {"coding": [{"system": system, "code": value, "display": display}], "text": display}


def _subject() -> dict:
    return {"reference": f"Patient/{PATIENT_ID}"}


def _id() -> str:
    return uuid.uuid4().hex[:12]


def patient(gender: str = "female", birth_date: str = "1958-04-02") -> dict:
    return {
        "resourceType": "Patient",
        "id": PATIENT_ID,
        "gender": gender,
        "birthDate": birth_date,
        "name": [{"family": "Bonemet", "given": ["Test"]}],
    }


def condition(
    code: tuple[str, str, str],
    *,
    days: float = 30,
    clinical: str = "active",
    verification: str | None = "confirmed",
    evidence: tuple[str, ...] = (),
    id: str | None = None,
) -> dict:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": id or _id(),
        "subject": _subject(),
        "clinicalStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": clinical}]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                        "code": "problem-list-item",
                    }
                ]
            }
        ],
        "code": _concept(code),
        "onsetDateTime": ago(days),
        "recordedDate": ago(days),
    }
    if verification:
        resource["verificationStatus"] = {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": verification}]
        }
    if evidence:
        resource["evidence"] = [{"detail": [{"reference": ref} for ref in evidence]}]
    return resource


def observation(
    code: tuple[str, str, str],
    value: float,
    unit: str,
    *,
    days: float = 1,
    high: float | None = None,
    status: str = "final",
    category: str = "laboratory",
) -> dict:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id(),
        "status": status,
        "category": [
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": category}]}
        ],
        "code": _concept(code),
        "subject": _subject(),
        "effectiveDateTime": ago(days),
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
    }
    if high is not None:
        resource["referenceRange"] = [{"high": {"value": high, "unit": unit, "system": UCUM, "code": unit}}]
    return resource


def medication_request(
    code: tuple[str, str, str], *, dose_mg: float | None = None, status: str = "active", days: float = 60
) -> dict:
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": _id(),
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": _concept(code),
        "subject": _subject(),
        "authoredOn": ago(days),
    }
    if dose_mg is not None:
        resource["dosageInstruction"] = [
            {
                "route": {"coding": [{"system": SNOMED, "code": "47625008", "display": "Intravenous route"}]},
                "timing": {"repeat": {"frequency": 1, "period": 4, "periodUnit": "wk"}},
                "doseAndRate": [{"doseQuantity": {"value": dose_mg, "unit": "mg", "system": UCUM, "code": "mg"}}],
            }
        ]
    return resource


def imaging_study(modality: str, *, days: float = 10, id: str | None = None) -> dict:
    """An available ImagingStudy with a DICOM modality (CR/DX/CT/MR/PT; NM counts only with a bone-scan code)."""
    return {
        "resourceType": "ImagingStudy",
        "id": id or _id(),
        "status": "available",
        "subject": _subject(),
        "started": ago(days),
        "modality": [{"system": DICOM, "code": modality}],
    }


def imaging_report(
    *,
    code: tuple[str, str, str] | None = None,
    study: dict | None = None,
    shows_metastasis: bool = True,
    days: float = 10,
    id: str | None = None,
    conclusion: str | None = None,
    conclusion_codes: tuple[tuple[str, str, str], ...] = (),
    results: tuple[dict, ...] = (),
) -> dict:
    """A final imaging DiagnosticReport: by procedure code (bone scan) or citing its ImagingStudy.

    ``conclusion`` is the radiologist's text, ``conclusion_codes`` further conclusionCodes (e.g. NO_ABNORMALITY),
    ``results`` the Observations the report lists.
    """
    resource: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "id": id or _id(),
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "RAD", "display": "Radiology"}
                ]
            }
        ],
        "code": _concept(code) if code else {"text": "Imaging report"},
        "subject": _subject(),
        "effectiveDateTime": ago(days),
        "issued": ago(days),
    }
    if study is not None:
        resource["imagingStudy"] = [{"reference": f"ImagingStudy/{study['id']}"}]
    if shows_metastasis:
        resource["conclusionCode"] = [_concept((SNOMED, "94222008", "Secondary malignant neoplasm of bone"))]
    if conclusion_codes:
        resource["conclusionCode"] = [*resource.get("conclusionCode", []), *map(_concept, conclusion_codes)]
    if conclusion is not None:
        resource["conclusion"] = conclusion
    if results:
        resource["result"] = [{"reference": f"Observation/{r['id']}"} for r in results]
    return resource


def bundle(resources: list[dict] | tuple[dict, ...] = ()) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [
            {"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r, "search": {"mode": "match"}} for r in resources
        ],
    }


PREFETCH_OF_TYPE = {rt: PREFETCH_KEYS[kind] for rt, kind in KIND_OF_RESOURCE_TYPE.items() if rt != "Patient"}


def patient_view(prefetch_keys: list[str], *resources: dict, person: dict | None = None) -> dict:
    """A patient-view request with every prefetch key the service asks for (empty Bundles where no data)."""
    prefetch: dict[str, Any] = {key: bundle() for key in prefetch_keys if key != "patient"}
    prefetch["patient"] = person or patient()
    for resource in resources:
        key = PREFETCH_OF_TYPE[resource["resourceType"]]
        if key not in prefetch:
            raise KeyError(f"the service does not prefetch {key}; add it to the rule's READS")
        prefetch[key]["entry"].append({"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": resource})
        prefetch[key]["total"] += 1
    return {
        "hookInstance": str(uuid.uuid4()),
        "hook": "patient-view",
        "context": {"patientId": PATIENT_ID, "userId": "Practitioner/example"},
        "prefetch": prefetch,
    }


# -- order hooks (issue #5): draft orders and order-select / order-sign requests ------------------------------
ATC = "http://www.whocc.no/atc"
LESION_ASSESSMENT = "https://bone-metastasis-cds.github.io/CodeSystem/bone-lesion-assessment"
PAMIDRONATE = (ATC, "M05BA03", "pamidronic acid")
DENOSUMAB = (ATC, "M05BX04", "denosumab")
STRONTIUM_89 = (ATC, "V10BX01", "strontium (89Sr) chloride")
IBUPROFEN = (RXNORM, "5640", "ibuprofen")
MORPHINE = (RXNORM, "7052", "morphine")
CORD_COMPRESSION = (ICD10CM, "G95.20", "Unspecified cord compression")
PLATELETS = (LOINC, "777-3", "Platelets [#/volume] in Blood by Automated count")
LEUKOCYTES = (LOINC, "6690-2", "Leukocytes [#/volume] in Blood by Automated count")
PAIN_NRS = (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
SINS = (LESION_ASSESSMENT, "sins-score", "Spinal Instability Neoplastic Score")
TOOTH_EXTRACTION = (SNOMED, "55162003", "Tooth extraction (procedure)")
DENTAL_EXAMINATION = (SNOMED, "34043003", "Dental consultation and report")
STRONTIUM_THERAPY = (SNOMED, "228701001", "Strontium 89 therapy (procedure)")
ROUTE_CODES = {
    "iv": (SNOMED, "47625008", "Intravenous route"),
    "oral": (SNOMED, "26643006", "Oral route"),
    "im": (SNOMED, "78421000", "Intramuscular route"),
}


def draft_medication(
    code: tuple[str, str, str],
    *,
    id: str,
    dose_mg: float | None = None,
    route: str | None = "iv",
    every_weeks: tuple[float, float] | None = (3, 4),
    infusion_min: float | None = 15,
    status: str = "draft",
) -> dict:
    """A MedicationRequest as a CPOE sends it in draftOrders; ``None`` leaves a field out (not yet specified)."""
    dosage: dict[str, Any] = {}
    repeat: dict[str, Any] = {}
    if every_weeks is not None:
        repeat.update(frequency=1, period=every_weeks[0], periodUnit="wk")
        if every_weeks[1] != every_weeks[0]:
            repeat["periodMax"] = every_weeks[1]
    if infusion_min is not None:
        repeat.update(duration=infusion_min, durationUnit="min")
    if repeat:
        dosage["timing"] = {"repeat": repeat}
    if route is not None:
        dosage["route"] = _concept(ROUTE_CODES[route])
    if dose_mg is not None:
        dosage["doseAndRate"] = [{"doseQuantity": {"value": dose_mg, "unit": "mg", "system": UCUM, "code": "mg"}}]
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": id,
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": _concept(code),
        "subject": _subject(),
        "authoredOn": ago(0),
    }
    if dosage:
        resource["dosageInstruction"] = [dosage]
    return resource


def service_request(code: tuple[str, str, str], *, id: str | None = None, status: str = "draft") -> dict:
    return {
        "resourceType": "ServiceRequest",
        "id": id or _id(),
        "status": status,
        "intent": "order",
        "code": _concept(code),
        "subject": _subject(),
        "authoredOn": ago(0),
    }


def procedure(code: tuple[str, str, str], *, days: float = 30) -> dict:
    return {
        "resourceType": "Procedure",
        "id": _id(),
        "status": "completed",
        "code": _concept(code),
        "subject": _subject(),
        "performedDateTime": ago(days),
    }


def score(code: tuple[str, str, str], value: float, *, days: float = 1) -> dict:
    """A survey/exam score Observation (pain NRS, SINS) with a {score} value."""
    return observation(code, value, "{score}", days=days, category="survey")


def order_hook(
    hook: str,
    prefetch_keys: list[str],
    drafts: list[dict],
    *resources: dict,
    selections: list[str] | None = None,
    person: dict | None = None,
) -> dict:
    """An order-select (``selections`` default: every draft) or order-sign request with full prefetch."""
    request = patient_view(prefetch_keys, *resources, person=person)
    request["hook"] = hook
    request["context"]["draftOrders"] = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": d} for d in drafts],
    }
    if hook == "order-select":
        request["context"]["selections"] = (
            selections if selections is not None else [f"{d['resourceType']}/{d['id']}" for d in drafts]
        )
    return request
