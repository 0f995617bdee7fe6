"""bodySite codes (DICOM CID 4031 SNOMED regions) → the sites the surgical and radiotherapy rules use."""

from __future__ import annotations

from datetime import UTC, datetime

import fhir_builders as fb
import pytest

from fhir_mappings import PatientData, map_record

SCT = "http://snomed.info/sct"


def site(code: str, display: str) -> dict:
    return {"coding": [{"system": SCT, "code": code, "display": display}]}


def facts_of(**resources: list[dict]):
    return map_record(PatientData(resources=resources), context={}, hook="patient-view", as_of=datetime.now(UTC))


@pytest.mark.parametrize(
    "code, display, expected",
    [
        ("71341001", "Femur", "femur"),
        ("122496007", "Lumbar spine", "spine"),
        ("816092008", "Pelvis", "pelvis"),
        ("113197003", "Rib", "rib"),
        ("68367000", "Thigh", None),  # a region, not a bone: not guessed
    ],
)
def test_a_bone_metastasis_condition_takes_its_site_from_body_site(code, display, expected):
    condition = fb.condition(fb.BONE_METASTASIS)
    condition["bodySite"] = [site(code, display)]
    (diagnosis,) = facts_of(conditions=[condition]).diagnoses
    assert diagnosis.body_site == expected


def test_an_icd_code_that_names_the_site_wins_over_body_site():
    fracture = fb.condition(fb.FRACTURE_FEMUR)  # M84.551A: right femur
    fracture["bodySite"] = [site("421060004", "Spine")]
    (diagnosis,) = facts_of(conditions=[fracture]).diagnoses
    assert diagnosis.body_site == "femur"


def test_radiotherapy_and_imaging_carry_their_site():
    radiotherapy = fb.procedure((SCT, "1156506007", "External beam radiation therapy using photons (procedure)"))
    radiotherapy["bodySite"] = [site("122495006", "Thoracic spine")]
    study = fb.imaging_study("CT", days=5)
    study["series"] = [
        {
            "uid": "1.2.3",
            "modality": {"system": fb.DICOM, "code": "CT"},
            "bodySite": {"system": SCT, "code": "71341001"},
        }
    ]
    facts = facts_of(procedures=[radiotherapy], **{"imaging-studies": [study]})
    assert [p.body_site for p in facts.procedures] == ["spine"]
    assert [i.body_site for i in facts.imaging] == ["femur"]
