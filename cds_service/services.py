"""The CDS services this server offers, one per hook, and their prefetch templates.

A service's prefetch is derived from what its rules read (``READS`` in each
guideline rule module), so discovery asks for exactly the data the logic uses.
Templates use only the spec's tokens: root-level ``{{context.patientId}}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from fhir_mappings import lesion_findings, staging, terminology
from guideline import inputs
from guideline.engine import reads_for

# Observations are many (a Synthea patient has ~900): ask only for the codes the value sets read.
OBSERVATION_CODES = ",".join(
    [*terminology.search_codes(inputs.OBSERVATIONS), *lesion_findings.search_codes(), *staging.search_codes()]
)

# One FHIR query per data kind. ``{{context.patientId}}`` is the only token used.
QUERIES: dict[str, str] = {
    inputs.PATIENT: "Patient/{{context.patientId}}",
    inputs.CONDITIONS: "Condition?patient={{context.patientId}}",
    inputs.OBSERVATIONS: "Observation?patient={{context.patientId}}&code=" + OBSERVATION_CODES,
    inputs.MEDICATION_REQUESTS: "MedicationRequest?patient={{context.patientId}}",
    inputs.MEDICATION_STATEMENTS: "MedicationStatement?patient={{context.patientId}}",
    inputs.PROCEDURES: "Procedure?patient={{context.patientId}}",
    inputs.SERVICE_REQUESTS: "ServiceRequest?patient={{context.patientId}}",
    inputs.IMAGING_STUDIES: "ImagingStudy?patient={{context.patientId}}",
    inputs.DIAGNOSTIC_REPORTS: "DiagnosticReport?patient={{context.patientId}}",
}

# The FHIR resource type each data kind holds (the query's first path segment), and back.
RESOURCE_TYPES: dict[str, str] = {kind: query.split("?")[0].split("/")[0] for kind, query in QUERIES.items()}
KIND_OF_RESOURCE_TYPE: dict[str, str] = {resource_type: kind for kind, resource_type in RESOURCE_TYPES.items()}

# Prefetch keys are the spec's camelCase style; each maps to one data kind.
PREFETCH_KEYS: dict[str, str] = {
    inputs.PATIENT: "patient",
    inputs.CONDITIONS: "conditions",
    inputs.OBSERVATIONS: "observations",
    inputs.MEDICATION_REQUESTS: "medicationRequests",
    inputs.MEDICATION_STATEMENTS: "medicationStatements",
    inputs.PROCEDURES: "procedures",
    inputs.SERVICE_REQUESTS: "serviceRequests",
    inputs.IMAGING_STUDIES: "imagingStudies",
    inputs.DIAGNOSTIC_REPORTS: "diagnosticReports",
}


@dataclass(frozen=True)
class Service:
    id: str
    hook: str
    title: str
    description: str
    usage_requirements: str

    @property
    def reads(self) -> frozenset[str]:
        # Every service reads the patient: age and sex feed renal dosing and cards.
        return reads_for(self.hook) | {inputs.PATIENT}

    def prefetch(self) -> dict[str, str]:
        return {PREFETCH_KEYS[kind]: QUERIES[kind] for kind in sorted(self.reads)}

    def discovery(self) -> dict:
        return {
            "hook": self.hook,
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "prefetch": self.prefetch(),
            "usageRequirements": self.usage_requirements,
        }


_USAGE = (
    "Reads the patient's conditions, labs, medications, procedures and imaging, from prefetch or from "
    "fhirServer with fhirAuthorization. Calls need a JWT signed by a trusted issuer (ES384 or RS384)."
)

SERVICES: dict[str, Service] = {
    s.id: s
    for s in (
        Service(
            "bm-patient-view",
            "patient-view",
            "Bone metastasis guideline: chart review",
            "Work-up, confirmation, bisphosphonate therapy, renal and dental checks, analgesia, radiotherapy, "
            "surgery referral and hypercalcaemia for patients with cancer and suspected or confirmed bone "
            "metastasis (骨转移瘤诊疗规范).",
            _USAGE,
        ),
        Service(
            "bm-order-select",
            "order-select",
            "Bone metastasis guideline: order selection",
            "Checks newly selected bisphosphonate, denosumab, radionuclide, analgesic and dental orders against "
            "the bone-metastasis guideline and the patient's renal function, dental status and blood counts.",
            _USAGE,
        ),
        Service(
            "bm-order-sign",
            "order-sign",
            "Bone metastasis guideline: order signing",
            "Checks every order being signed (bisphosphonates, denosumab, radionuclides, analgesics, dental "
            "procedures) against the bone-metastasis guideline, with one-click corrections.",
            _USAGE,
        ),
    )
}


@cache
def discovery_document() -> dict:
    return {"services": [s.discovery() for s in SERVICES.values()]}
