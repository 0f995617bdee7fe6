"""What an imaging report concludes: negative only when it says so and nothing in it disagrees (issue 9 item 7)."""

from __future__ import annotations

import pytest

from fhir_mappings.imaging_conclusions import Reading, read_report, read_text

INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
NO_ABNORMALITY = {"coding": [{"system": "http://snomed.info/sct", "code": "281900007"}]}
BONE_METASTASIS = {"coding": [{"system": "http://snomed.info/sct", "code": "94222008"}]}
OSTEOARTHRITIS = {"coding": [{"system": "http://snomed.info/sct", "code": "396275006"}]}


@pytest.mark.parametrize(
    "text",
    [
        "No evidence of osseous metastatic disease.",
        "No suspicious osseous lesion.",
        "No fracture or lytic lesion.",
        "Negative.",
        "Normal study.",
        "No abnormality detected.",
        "Degenerative changes of the lumbar spine. No evidence of metastasis.",
        "右股骨未见骨质破坏。",
        "未见明显异常。",
        "骨转移：阴性",
        "腰椎退行性变，未见骨转移征象。",
        "未见可疑骨质破坏",
    ],
)
def test_negative_conclusions_in_english_and_chinese(text):
    assert read_text(text) is Reading.NOT_SHOWN


@pytest.mark.parametrize(
    "text",
    [
        "Lytic lesion in the left femur.",
        "L3椎体骨质破坏，考虑转移",
        "Sclerotic focus in L2, likely bone island.",
        "Metastasis cannot be excluded.",
        "L3未见明确骨质破坏，不除外早期转移",
        "No change in known metastases.",
        "No new lesion.",
        "No acute osseous abnormality.",
        "No liver metastases.",
        "双肺未见转移",
        "No liver metastases. Lytic lesion T8.",
        "较前无明显变化",
        "",
    ],
)
def test_findings_hedges_and_other_organs_are_not_negative(text):
    assert read_text(text) is Reading.UNKNOWN


def report(**fields) -> dict:
    return {"resourceType": "DiagnosticReport", "status": "final", **fields}


def result(code: str | None, ident: str = "r1") -> dict:
    observation = {"resourceType": "Observation", "id": ident, "status": "final"}
    if code:
        observation["interpretation"] = [{"coding": [{"system": INTERPRETATION, "code": code}]}]
    return observation


@pytest.mark.parametrize(
    "fields, results, reading",
    [
        ({"conclusionCode": [BONE_METASTASIS], "conclusion": "No fracture."}, {}, Reading.SHOWN),
        ({"conclusionCode": [NO_ABNORMALITY]}, {}, Reading.NOT_SHOWN),
        ({"conclusionCode": [NO_ABNORMALITY], "conclusion": "Lytic lesion T8."}, {}, Reading.UNKNOWN),
        ({"conclusionCode": [NO_ABNORMALITY, OSTEOARTHRITIS]}, {}, Reading.UNKNOWN),  # another finding coded
        ({"conclusion": "Lytic lesion in the femur."}, {}, Reading.UNKNOWN),  # text never makes it positive
        ({"result": [{"reference": "Observation/r1"}]}, {"r1": result("N")}, Reading.NOT_SHOWN),
        ({"result": [{"reference": "Observation/r1"}]}, {"r1": result("NEG")}, Reading.NOT_SHOWN),
        (
            {"result": [{"reference": "Observation/r1"}, {"reference": "Observation/r2"}]},
            {"r1": result("N"), "r2": result("A", "r2")},
            Reading.UNKNOWN,
        ),
        ({"result": [{"reference": "Observation/r1"}]}, {"r1": result(None)}, Reading.UNKNOWN),  # uninterpreted
        ({}, {}, Reading.UNKNOWN),
    ],
)
def test_codes_text_and_results_are_read_together(fields, results, reading):
    assert read_report(report(**fields), results) is reading
