"""The kinds of patient data a rule may read.

Each rule module declares ``READS``, a set of these names. The CDS service turns
them into discovery prefetch templates and FHIR queries (cds_service/prefetch.py),
so what a service asks for is exactly what its rules read.
"""

PATIENT = "patient"
CONDITIONS = "conditions"
OBSERVATIONS = "observations"
MEDICATION_REQUESTS = "medication-requests"
MEDICATION_STATEMENTS = "medication-statements"
PROCEDURES = "procedures"
SERVICE_REQUESTS = "service-requests"
IMAGING_STUDIES = "imaging-studies"
DIAGNOSTIC_REPORTS = "diagnostic-reports"

ALL = frozenset(
    {
        PATIENT,
        CONDITIONS,
        OBSERVATIONS,
        MEDICATION_REQUESTS,
        MEDICATION_STATEMENTS,
        PROCEDURES,
        SERVICE_REQUESTS,
        IMAGING_STUDIES,
        DIAGNOSTIC_REPORTS,
    }
)

# Groups several rules share (set unions keep READS short and the derivation exact):
# what guideline.assessments.bone_metastasis reads, the diagnosis and its imaging evidence;
EVIDENCE_OF_BONE_METASTASIS = frozenset({CONDITIONS, IMAGING_STUDIES, DIAGNOSTIC_REPORTS})
# where imaging done or ordered is recorded: studies and reports, and a study recorded as a completed procedure
# or order (a Chinese HIS's ICD-9-CM-3 92.14 骨扫描: fhir_mappings.imaging.map_imaging_procedure);
IMAGING_RECORD = frozenset({IMAGING_STUDIES, DIAGNOSTIC_REPORTS, PROCEDURES, SERVICE_REQUESTS})
# and the medication record (bone agents, analgesics), as orders and as statements.
MEDICATIONS = frozenset({MEDICATION_REQUESTS, MEDICATION_STATEMENTS})
