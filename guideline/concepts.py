"""The concept names facts use: the contract between fhir_mappings and the rules.

Value sets (``fhir_mappings/valuesets/*.json``) map codes to these names; rules
test facts against them. A test fails when a value set names a concept missing
here, so a typo cannot silently switch a rule off.
"""

from __future__ import annotations

# -- Diagnoses (Condition) -------------------------------------------------------------
MALIGNANCY = "malignancy"  # primary malignant neoplasm; Diagnosis.primary_site says where
BONE_METASTASIS = "bone-metastasis"  # secondary malignant neoplasm of bone (and marrow)
PATHOLOGICAL_FRACTURE = "pathological-fracture"
SPINAL_CORD_COMPRESSION = "spinal-cord-compression"
NERVE_ROOT_COMPRESSION = "nerve-root-compression"
SPINAL_INSTABILITY = "spinal-instability"
HYPERCALCAEMIA = "hypercalcaemia"
HYPOCALCAEMIA = "hypocalcaemia"
OSTEONECROSIS_OF_JAW = "osteonecrosis-of-jaw"
CHRONIC_KIDNEY_DISEASE = "chronic-kidney-disease"
MARROW_FAILURE = "marrow-failure"  # pancytopenia, aplasia, myelophthisis, cytopenias
BONE_PAIN = "bone-pain"  # bone pain, malignant bone pain, neoplasm-related pain
VITAMIN_D_DEFICIENCY = "vitamin-d-deficiency"

DIAGNOSES = frozenset(
    {
        MALIGNANCY,
        BONE_METASTASIS,
        PATHOLOGICAL_FRACTURE,
        SPINAL_CORD_COMPRESSION,
        NERVE_ROOT_COMPRESSION,
        SPINAL_INSTABILITY,
        HYPERCALCAEMIA,
        HYPOCALCAEMIA,
        OSTEONECROSIS_OF_JAW,
        CHRONIC_KIDNEY_DISEASE,
        MARROW_FAILURE,
        BONE_PAIN,
        VITAMIN_D_DEFICIENCY,
    }
)

# Primary sites (Diagnosis.primary_site of a MALIGNANCY); BM-OV-02 incidence table.
PRIMARY_SITES = frozenset(
    {
        "breast",
        "prostate",
        "nasopharynx",
        "lung",
        "thyroid",
        "melanoma",
        "liver",
        "kidney",
        "head-and-neck",
        "stomach",
        "colorectal",
        "cervix",
        "myeloma",
        "bone-sarcoma",
        "unknown-primary",
        "other",
    }
)

# Body sites (Diagnosis/Measurement/Imaging/Procedure.body_site).
BODY_SITES = frozenset(
    {
        "spine",
        "femur",
        "peritrochanteric",  # Mirels "粗隆周围": 3 points
        "humerus",
        "radius-ulna",
        "tibia-fibula",
        "pelvis",
        "acetabulum",
        "rib",
        "sternum",
        "clavicle",
        "scapula",
        "skull",
        "jaw",
        "upper-limb",
        "lower-limb",
    }
)
LONG_BONES = frozenset(
    {"femur", "peritrochanteric", "humerus", "radius-ulna", "tibia-fibula", "upper-limb", "lower-limb"}
)
WEIGHT_BEARING = frozenset({"spine", "femur", "peritrochanteric", "tibia-fibula", "pelvis", "acetabulum", "lower-limb"})

# -- Measurements (Observation), with the canonical unit each is converted to ----------
CANONICAL_UNITS: dict[str, str] = {
    "calcium": "mmol/L",  # total serum/plasma calcium
    "calcium-ionised": "mmol/L",
    "calcium-corrected": "mmol/L",  # albumin-corrected, as reported by the lab
    "albumin": "g/L",
    "creatinine": "umol/L",
    "egfr": "mL/min/{1.73_m2}",
    "creatinine-clearance": "mL/min",
    "alp": "U/L",
    "bone-alp": "U/L",
    "platelets": "10*9/L",
    "leukocytes": "10*9/L",
    "neutrophils": "10*9/L",
    "haemoglobin": "g/L",  # blood haemoglobin; SI mass unit, as Chinese labs report it (no rule reads it yet)
    "vitamin-d": "nmol/L",
    "phosphate": "mmol/L",
    "magnesium": "mmol/L",
    "pain-score": "{score}",  # NRS 0-10
    "karnofsky": "{score}",
    "ecog": "{score}",
    "body-weight": "kg",
    "body-height": "cm",
    # Bone-lesion assessment recorded with this service's own code system (see fhir_mappings/valuesets)
    "mirels-score": "{score}",
    "sins-score": "{score}",
    "expected-survival-months": "mo",
}
MEASUREMENTS = frozenset(CANONICAL_UNITS)
CALCIUM = "calcium"
CALCIUM_IONISED = "calcium-ionised"
CALCIUM_CORRECTED = "calcium-corrected"
ALBUMIN = "albumin"
CREATININE = "creatinine"
EGFR = "egfr"
CREATININE_CLEARANCE = "creatinine-clearance"
ALP = "alp"
PLATELETS = "platelets"
LEUKOCYTES = "leukocytes"
HAEMOGLOBIN = "haemoglobin"
PAIN_SCORE = "pain-score"
KARNOFSKY = "karnofsky"
ECOG = "ecog"
BODY_WEIGHT = "body-weight"
MIRELS_SCORE = "mirels-score"
SINS_SCORE = "sins-score"
EXPECTED_SURVIVAL_MONTHS = "expected-survival-months"

# -- Coded findings (Observation with a coded value) ------------------------------------
FINDINGS = frozenset(
    {
        "mirels-site",  # value: upper-limb | lower-limb | peritrochanteric (Table 1-4 "部位")
        "stage-group",  # a cancer's stage group; mapped onto Diagnosis.stage, never a Finding fact
        "lesion-type",  # value: lytic | mixed | blastic
        "lesion-size-fraction",  # value: lt-1/3 | 1/3-2/3 | gt-2/3 (of bone diameter)
        "pain-character",  # value: mild | moderate | functional (on weight-bearing)
        "lesion-count",  # value: solitary | multiple
        "neuropathic-pain",  # value: present
    }
)

# -- Medications: ingredient agents and the classes rules test -------------------------
BISPHOSPHONATE = "bisphosphonate"
BONE_MODIFYING_AGENT = "bone-modifying-agent"  # bisphosphonates and denosumab (A.11-14)
RADIONUCLIDE = "radionuclide"  # bone-seeking radiopharmaceuticals (ATC V10B, radium-223)
OPIOID_STRONG = "opioid-strong"
OPIOID_WEAK = "opioid-weak"
OPIOID = "opioid"  # any opioid; set with the strength class when the code says it
NSAID = "nsaid"
NON_OPIOID = "non-opioid"  # NSAIDs and paracetamol: WHO step 1 (A.11-4)
ADJUVANT_ANALGESIC = "adjuvant-analgesic"
CALCITONIN = "calcitonin"
MEDICATION_CLASSES = frozenset(
    {
        BISPHOSPHONATE,
        BONE_MODIFYING_AGENT,
        RADIONUCLIDE,
        OPIOID_STRONG,
        OPIOID_WEAK,
        OPIOID,
        NSAID,
        NON_OPIOID,
        ADJUVANT_ANALGESIC,
        CALCITONIN,
    }
)
AGENTS = frozenset(
    {
        "zoledronic-acid",
        "pamidronate",
        "ibandronate",
        "clodronate",
        "alendronate",
        "risedronate",
        "etidronate",
        "denosumab",
        "strontium-89",
        "samarium-153",
        "radium-223",
        "rhenium-186",
        "morphine",
        "oxycodone",
        "fentanyl",
        "hydromorphone",
        "codeine",
        "dihydrocodeine",
        "tramadol",
        "ibuprofen",
        "naproxen",
        "diclofenac",
        "celecoxib",
        "paracetamol",
        "calcitonin",
        "adjuvant",  # antidepressants, anticonvulsants, corticosteroids ... (by ATC class)
    }
)

# -- Procedures (Procedure, ServiceRequest) ---------------------------------------------
DENTAL_EXAMINATION = "dental-examination"
DENTAL_INVASIVE = "dental-invasive"  # extraction, implant, oral surgery
RADIOTHERAPY = "radiotherapy"
RADIONUCLIDE_THERAPY = "radionuclide-therapy"
BONE_SURGERY = "bone-surgery"  # fixation, arthroplasty, decompression for metastasis
BONE_BIOPSY = "bone-biopsy"
RENAL_FUNCTION_TEST = "renal-function-test"  # a serum creatinine ordered (ServiceRequest), not a result
BONE_IMAGING = "bone-imaging"  # a bone scan ordered (ServiceRequest), not yet reported
SURGICAL_REFERRAL = "surgical-referral"  # orthopaedic or spine-surgery referral ordered (ServiceRequest)
CALCIUM_TEST = "calcium-test"  # a serum calcium ordered (ServiceRequest), not a result
PROCEDURES = frozenset(
    {
        RENAL_FUNCTION_TEST,
        BONE_IMAGING,
        DENTAL_EXAMINATION,
        DENTAL_INVASIVE,
        RADIOTHERAPY,
        RADIONUCLIDE_THERAPY,
        BONE_SURGERY,
        BONE_BIOPSY,
        SURGICAL_REFERRAL,
        CALCIUM_TEST,
    }
)

# -- Imaging kinds, report kinds and routes (value-set concepts of fhir_mappings) ----------
IMAGING_KINDS = frozenset({"bone-scan", "xray", "ct", "mri", "pet-ct"})  # guideline.facts.ImagingKind values
# What an imaging report's codes conclude (valuesets/imaging-conclusions.json, fhir_mappings/imaging_conclusions.py)
IMAGING_CONCLUSIONS = frozenset({"no-abnormality", "abnormal"})
PATHOLOGY = "pathology"  # a DiagnosticReport category that marks pathology/cytology
ROUTES = frozenset({"iv", "oral", "sc", "im", "transdermal"})  # guideline.facts.Dose.route values
