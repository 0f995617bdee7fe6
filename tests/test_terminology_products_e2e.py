"""Analgesic products and cord compression as EHRs code them, end to end through HTTP.

Codes come from the sources the build reads (docs/terminology.md): NSAID products from the HL7 PDDI-CDS value
sets, opioid combination products from the CDC OMTK table, SNOMED CT 71286001 from NLM MedGen. None from
../shared. A combination product named only in text ("acetaminophen 325 MG / oxycodone ...") must count as
the opioid at step II, not as paracetamol alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import fhir_builders as fb
import pytest
from test_order_hooks_e2e import by_topic, call, confirmed_bone_metastasis, healthy, man_68
from test_terminology_e2e import patient_view

from fhir_mappings import PatientData, map_record

ENDOCET = (fb.RXNORM, "1049223", "acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet [Endocet]")
IBUPROFEN_800 = (fb.RXNORM, "197807", "Ibuprofen 800 MG Oral Tablet")
KETOROLAC_10 = (fb.RXNORM, "834022", "Ketorolac Tromethamine 10 MG Oral Tablet")
LOCAL_COMBINATION = (
    "https://hospital.example/codes/drugs",
    "OXY-APAP-5",
    "acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet",
)
LOCAL_COMBINATION_ZH = ("https://hospital.example/codes/drugs", "AFQKTP", "氨酚羟考酮片 5mg:325mg")  # oxycodone/APAP


def one_pill(code, id: str) -> dict:
    """An oral order as the CDS Hooks sandbox sends it: '1 {pill}', the strength only in the product."""
    draft = fb.draft_medication(code, id=id, dose_mg=None, route="oral", every_weeks=None, infusion_min=None)
    draft["dosageInstruction"][0]["doseAndRate"] = [
        {"doseQuantity": {"value": 1, "unit": "pill", "system": fb.UCUM, "code": "{pill}"}}
    ]
    return draft


def ladder_card(client, hook: str, draft: dict, pain: int) -> dict | None:
    person, weight = man_68()
    resources = [*healthy(), weight, fb.score(fb.PAIN_NRS, pain)]
    return by_topic(call(client, hook, [draft], *resources, person=person)).get("analgesic-ladder")


@pytest.mark.parametrize("hook", ["order-select", "order-sign"])
@pytest.mark.parametrize(
    "product", [ENDOCET, LOCAL_COMBINATION, LOCAL_COMBINATION_ZH], ids=["rxnorm-product", "text-only", "text-zh"]
)
@pytest.mark.parametrize("pain, fires", [(5, False), (8, True)])
def test_an_oxycodone_paracetamol_product_is_a_step_ii_opioid_on_the_ladder(client, hook, product, pain, fires):
    """Step II covers moderate pain (5/10); severe pain (8/10) needs a strong opioid at full dose (step III)."""
    card = ladder_card(client, hook, one_pill(product, "oxy-apap"), pain)
    assert (card is not None) is fires
    if card:
        assert f"{pain}/10" in card["summary"]


@pytest.mark.parametrize("product", [IBUPROFEN_800, KETOROLAC_10], ids=["ibuprofen", "ketorolac"])
def test_an_nsaid_product_alone_for_moderate_pain_is_below_the_ladder_step(client, product):
    card = ladder_card(client, "order-sign", one_pill(product, "nsaid"), 5)
    assert card is not None and "5/10" in card["summary"]


def _order_facts(*drafts: dict):
    return map_record(
        PatientData(resources={"all": []}),
        context={"draftOrders": {"resourceType": "Bundle", "entry": [{"resource": d} for d in drafts]}},
        hook="order-sign",
        as_of=datetime.now(UTC),
    )


def test_the_strength_of_an_nsaid_product_fills_a_dose_ordered_as_one_pill():
    (order,) = _order_facts(one_pill(IBUPROFEN_800, "ibu")).orders
    medication = order.medication
    assert (medication.agent, medication.dose.amount, medication.dose.unit) == ("ibuprofen", 800.0, "mg")


def test_a_combination_named_only_in_text_is_the_opioid_with_the_non_opioid_and_says_it_was_read_from_text():
    (order,) = _order_facts(one_pill(LOCAL_COMBINATION, "oxy-apap")).orders
    medication = order.medication
    assert medication.agent == "oxycodone" and medication.matched_by_text
    assert {"opioid", "opioid-weak", "non-opioid"} <= medication.classes and "opioid-strong" not in medication.classes


@pytest.mark.parametrize(
    "name, agent",
    [
        ("氨酚待因片", "codeine"),
        ("氨酚曲马多片", "tramadol"),
        ("acetaminophen 300 MG / codeine phosphate 30 MG", "codeine"),
    ],
)
def test_chinese_and_english_combination_names_are_the_weak_opioid_with_paracetamol(name, agent):
    (order,) = _order_facts(one_pill(("https://hospital.example/codes/drugs", "X", name), "combo")).orders
    assert order.medication.agent == agent
    assert order.medication.classes == {"opioid", "opioid-weak", "non-opioid"}


def test_paracetamol_named_alone_in_text_stays_a_non_opioid():
    local = ("https://hospital.example/codes/drugs", "APAP-500", "acetaminophen 500 MG Oral Tablet")
    (order,) = _order_facts(one_pill(local, "apap")).orders
    assert order.medication.agent == "paracetamol" and "opioid" not in order.medication.classes


def test_cord_compression_coded_in_snomed_ct_in_a_patient_with_spinal_metastasis_is_a_critical_card(
    client, prefetch_keys
):
    compression = fb.condition((fb.SNOMED, "71286001", "Spinal cord compression"), days=1)
    cards = patient_view(client, prefetch_keys, fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=200), compression)
    assert cards["spinal-cord-compression"]["indicator"] == "critical"


CHINESE_ICD9CM3 = "urn:oid:2.16.156.10011.2.3.3.12"  # 手术(操作)代码表(ICD-9-CM), national edition


def test_an_alveoloplasty_ordered_in_icd9cm3_for_a_patient_on_denosumab_warns_of_jaw_osteonecrosis(client):
    person, weight = man_68()
    alveoloplasty = fb.service_request((CHINESE_ICD9CM3, "24.5", "牙槽成形术"), id="alveoloplasty")
    record = fb.medication_request((fb.RXNORM, "993452", "1 ML denosumab 60 MG/ML Prefilled Syringe"), days=90)
    cards = by_topic(call(client, "order-select", [alveoloplasty], *healthy(), weight, record, person=person))
    assert "osteonecrosis of the jaw" in cards["dental-procedure-on-bisphosphonate"]["summary"]


def test_a_spinal_fusion_done_after_the_cord_compression_is_its_treatment(client, prefetch_keys):
    cancer = fb.condition(fb.METASTATIC_PROSTATE_CANCER, days=200)
    compression = fb.condition((fb.SNOMED, "71286001", "Spinal cord compression"), days=10)
    fusion = fb.procedure(
        (CHINESE_ICD9CM3, "81.07", "Lumbar and lumbosacral fusion of the posterior column, posterior technique"),
        days=3,
    )
    assert "spinal-cord-compression" in patient_view(client, prefetch_keys, cancer, compression)
    assert "spinal-cord-compression" not in patient_view(client, prefetch_keys, cancer, compression, fusion)


def test_a_strontium_89_product_named_only_in_text_with_low_platelets_is_contraindicated(client):
    """Radiopharmaceuticals have no RxNorm products in any published value set (docs/terminology.md): the
    order is read by its name."""
    person, weight = man_68()
    product = ("https://hospital.example/codes/drugs", "SR89", "Strontium Chloride Sr-89 Injection, 4 mCi")
    draft = fb.draft_medication(product, id="sr89", dose_mg=None, route="iv", every_weeks=None, infusion_min=None)
    labs = [fb.observation(fb.PLATELETS, 45, "10*3/uL", days=3), fb.observation(fb.LEUKOCYTES, 6.1, "10*3/uL", days=3)]
    resources = [*confirmed_bone_metastasis(), weight, *labs]
    card = by_topic(call(client, "order-sign", [draft], *resources, person=person))["radionuclide-caution"]
    assert card["indicator"] == "critical" and "45" in card["detail"]
    assert "Strontium Chloride Sr-89 Injection, 4 mCi" in card["detail"], "the card says the order was read from text"
