"""Codes real EHRs send, end to end through HTTP: SNOMED CT cancers, RxNorm products, LOINC study codes,
CDT, Chinese national code tables. Every code here comes from the sources the value sets are built from
(see tests/test_terminology_built.py and docs/terminology.md), none from ../shared.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import fhir_builders as fb
import pytest
from test_order_hooks_e2e import by_topic, call, healthy, man_68

from fhir_mappings import PatientData, map_record

PATIENT_VIEW = "/cds-services/bm-patient-view"
SCT = fb.SNOMED
CHINESE_ICD10 = "urn:oid:2.16.156.10011.2.3.3.11"  # 诊断代码表(ICD-10), national clinical edition
CHINESE_ICD9CM3 = "urn:oid:2.16.156.10011.2.3.3.12"  # 手术(操作)代码表(ICD-9-CM)


def patient_view(client, prefetch_keys, *resources) -> dict[str, dict]:
    response = client.post(PATIENT_VIEW, json=fb.patient_view(prefetch_keys, *resources))
    assert response.status_code == 200, response.get_json()
    return {card["source"]["topic"]["code"]: card for card in response.get_json()["cards"]}


CANCERS = [
    (SCT, "254837009", "Malignant neoplasm of breast (disorder)"),
    (SCT, "399068003", "Malignant tumor of prostate (disorder)"),
    (SCT, "363358000", "Malignant tumor of lung (disorder)"),
    (SCT, "254632001", "Small cell carcinoma of lung (disorder)"),
    (SCT, "363518003", "Malignant tumor of kidney (disorder)"),
    (SCT, "109989006", "Multiple myeloma (disorder)"),
    ("urn:oid:2.16.840.1.113883.6.96", "363478007", "Malignant tumor of thyroid gland (disorder)"),
    (CHINESE_ICD10, "C50.900x001", "乳腺恶性肿瘤"),
    ("http://hl7.org/fhir/sid/icd-9-cm", "185", "Malignant neoplasm of prostate"),
]


@pytest.mark.parametrize("cancer", CANCERS, ids=[c[1] for c in CANCERS])
def test_a_cancer_coded_in_snomed_ct_or_a_national_edition_with_bone_pain_gets_the_work_up_card(
    client, prefetch_keys, cancer
):
    cards = patient_view(client, prefetch_keys, fb.condition(cancer, days=400), fb.condition(fb.BONE_PAIN, days=5))
    assert cards["bone-mets-workup"]["summary"].startswith("Cancer with signs of possible bone metastasis")


def test_an_unknown_cancer_code_is_read_only_by_its_text_and_the_card_says_so(client, prefetch_keys):
    local = ("https://hospital.example/codes/dx", "CA-BR", "Breast cancer")
    cards = patient_view(client, prefetch_keys, fb.condition(local), fb.condition(fb.BONE_PAIN))
    assert "Recognised from the text 'Breast cancer'" in cards["bone-mets-workup"]["detail"]  # text fallback


@pytest.mark.parametrize(
    "report_code",
    [
        (CHINESE_ICD9CM3, "92.1400x001", "骨扫描"),  # Chinese national ICD-9-CM-3 edition of 92.14 Bone scan
        (fb.LOINC, "39879-2", "SPECT Bone"),
        (fb.LOINC, "37365-4", "XR Bones Survey Views for metastasis"),
    ],
    ids=["icd9cm3-zh", "spect", "bone-survey"],
)
def test_a_bone_study_reported_after_the_finding_is_read_from_its_study_code(client, prefetch_keys, report_code):
    scan = fb.imaging_report(code=report_code, shows_metastasis=False, days=2)
    cards = patient_view(
        client, prefetch_keys, fb.condition(CANCERS[0], days=400), fb.condition(fb.BONE_PAIN, days=5), scan
    )
    assert "bone-mets-workup" not in cards


def test_an_mr_of_the_lumbar_spine_is_bone_imaging_that_silences_screening(client, prefetch_keys):
    cancer = fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=100)
    assert "bone-mets-screening" in patient_view(client, prefetch_keys, cancer)
    mr = fb.imaging_report(code=(fb.LOINC, "24968-0", "MR Lumbar spine"), shows_metastasis=False, days=10)
    assert "bone-mets-screening" not in patient_view(client, prefetch_keys, cancer, mr)


# -- order hooks: product codes and dental codes -----------------------------------------------------------------


def _product_order(code, value, unit, **repeat) -> dict:
    draft = fb.draft_medication(code, id="product-draft", dose_mg=None, **repeat)
    draft["dosageInstruction"][0]["doseAndRate"] = [
        {"doseQuantity": {"value": value, "system": fb.UCUM, "code": unit, "unit": unit}}
    ]
    return draft


def test_a_zoledronic_acid_vial_ordered_as_one_unit_is_judged_as_4_mg(client):
    """The strength is only in the product code (RxNorm 1114085): '1 {vial}' is 4 mg, and 4 mg weekly is wrong."""
    person, weight = man_68()
    product = (fb.RXNORM, "1114085", "100 ML zoledronic acid 0.04 MG/ML Injection")
    draft = _product_order(product, 1, "{vial}", every_weeks=(1, 1), infusion_min=5)
    card = by_topic(call(client, "order-sign", [draft], *healthy(), weight, person=person))["bisphosphonate-dose"]
    assert "4 mg" in card["detail"] and "every 7 days" in card["detail"]


def test_a_cdt_extraction_ordered_for_a_patient_on_denosumab_warns_of_jaw_osteonecrosis(client):
    person, weight = man_68()
    extraction = fb.service_request(
        ("http://www.ada.org/cdt", "D7140", "extraction, erupted tooth or exposed root"), id="extraction"
    )
    record = fb.medication_request((fb.RXNORM, "993452", "1 ML denosumab 60 MG/ML Prefilled Syringe"), days=90)
    cards = by_topic(call(client, "order-select", [extraction], *healthy(), weight, record, person=person))
    assert "osteonecrosis of the jaw" in cards["dental-procedure-on-bisphosphonate"]["summary"]


# -- facts, where the card does not show the detail --------------------------------------------------------------


def _facts(*resources, context=None):
    return map_record(
        PatientData(resources={"all": list(resources)}),
        context=context or {},
        hook="patient-view",
        as_of=datetime.now(UTC),
    )


def test_x_metastatic_to_bone_states_the_bone_metastasis_and_the_primary_cancer():
    code = (SCT, "712849003", "Primary malignant neoplasm of prostate metastatic to bone (disorder)")
    facts = _facts(fb.condition(code))
    assert sorted((d.concept, d.primary_site) for d in facts.diagnoses) == [
        ("bone-metastasis", "prostate"),
        ("malignancy", "prostate"),
    ]


def test_an_oxycodone_tablet_ordered_as_one_pill_has_its_dose_in_mg():
    """The CDS Hooks sandbox orders '1 {pill}': the strength of RxNorm 1049683 makes it 10 mg."""
    request = fb.medication_request((fb.RXNORM, "1049683", "oxycodone hydrochloride 10 MG Oral Tablet"))
    request["dosageInstruction"] = [
        {"doseAndRate": [{"doseQuantity": {"value": 1, "system": fb.UCUM, "code": "{pill}", "unit": "{pill}"}}]}
    ]
    [medication] = _facts(request).medications
    assert (medication.agent, medication.dose.amount, medication.dose.unit) == ("oxycodone", 10.0, "mg")
    assert medication.classes == {"opioid", "opioid-strong"}


def test_codings_in_unknown_systems_are_counted_and_logged_not_dropped_silently(caplog):
    local = fb.condition(("https://hospital.example/codes/dx", "BM-01", "骨转移"))
    with caplog.at_level(logging.INFO, logger="fhir_mappings"):
        facts = _facts(local)
    assert [d.source.matched_text for d in facts.diagnoses] == ["骨转移"]  # recognised only by its text, flagged
    assert "Condition unknown code system https://hospital.example/codes/dx x1" in caplog.text


def test_discovery_asks_the_ehr_for_every_member_of_the_lab_families(client):
    """The narrowed Observation prefetch names the built LOINC variants too (creatinine in blood, manual platelets)."""
    services = client.get("/cds-services").get_json()["services"]
    prefetch = " ".join(v for s in services for v in s.get("prefetch", {}).values())
    for code in ("59826-8", "778-1", "98980-6", "2160-0"):
        assert f"http://loinc.org|{code}" in prefetch, code
