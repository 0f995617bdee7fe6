"""order-select and order-sign end to end: real CDS Hooks requests with FHIR R4 drafts and prefetch, cards back.

Every request carries every prefetch key the service's discovery asks for (empty searchset Bundles where
there is no data) and no fhirServer: an EHR that honours prefetch needs no fetch.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

import fhir_builders as fb
import pytest
from conftest import EXAMPLES, load_json
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.servicerequest import ServiceRequest

from cds_service.schemas import validator

HOOKS = ["order-select", "order-sign"]
SANDBOX = EXAMPLES / "sandbox-captured"


def _born_68_years_ago() -> str:
    """A birth date that makes the patient 68 today and on every lab date of these tests (all within 30 days)."""
    today = datetime.now(UTC).date()
    return (date(today.year - 68, today.month, min(today.day, 28)) - timedelta(days=30)).isoformat()


def prefetch_keys(client, hook: str) -> list[str]:
    services = {s["hook"]: s for s in client.get("/cds-services").get_json()["services"]}
    return list(services[hook]["prefetch"])


def call(client, hook: str, drafts: list[dict], *resources: dict, selections=None, person=None) -> list[dict]:
    request = fb.order_hook(hook, prefetch_keys(client, hook), drafts, *resources, selections=selections, person=person)
    response = client.post(f"/cds-services/bm-{hook}", json=request)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [e.message for e in validator("cds-service-response.schema.json").iter_errors(body)] == []
    return body["cards"]


def by_topic(cards: list[dict]) -> dict[str, dict]:
    return {card["source"]["topic"]["code"]: card for card in cards}


def man_68(weight_kg: float = 66.0) -> tuple[dict, dict]:
    """A man of 68 and his weight: Cockcroft-Gault CrCl = weight / creatinine (mg/dL)."""
    return fb.patient("male", _born_68_years_ago()), fb.observation(
        fb.BODY_WEIGHT, weight_kg, "kg", days=3, category="vital-signs"
    )


def confirmed_bone_metastasis() -> list[dict]:
    return [fb.condition(fb.BREAST_CANCER, days=400), fb.condition(fb.BONE_METASTASIS, days=60)]


def healthy(creatinine_mg_dl: float = 1.0, *, creatinine_days: float = 2, dental_days: float | None = 30) -> list[dict]:
    """Confirmed bone metastasis, a creatinine (CrCl 66 at 1.0 mg/dL), a dental check, normal blood counts."""
    resources = [
        *confirmed_bone_metastasis(),
        fb.observation(fb.CREATININE_MASS, creatinine_mg_dl, "mg/dL", days=creatinine_days),
        fb.observation(fb.PLATELETS, 210, "10*3/uL", days=3),
        fb.observation(fb.LEUKOCYTES, 6.1, "10*3/uL", days=3),
    ]
    if dental_days is not None:
        resources.append(fb.procedure(fb.DENTAL_EXAMINATION, days=dental_days))
    return resources


def zoledronic_acid(dose_mg: float | None = 4, **kw) -> dict:
    return fb.draft_medication(fb.ZOLEDRONIC_ACID, id="zol-draft", dose_mg=dose_mg, **kw)


# -- nothing to say ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
def test_a_correct_zoledronic_acid_order_for_healthy_kidneys_and_a_recent_dental_check_gives_no_card(client, hook):
    person, weight = man_68()
    assert call(client, hook, [zoledronic_acid()], *healthy(), weight, person=person) == []


@pytest.mark.parametrize("hook", HOOKS)
def test_an_order_without_a_medication_yet_gives_no_card_and_no_error(client, hook):
    still_editing = {"resourceType": "MedicationRequest", "id": "new-1", "status": "draft", "intent": "order"}
    empty_code = {
        "resourceType": "ServiceRequest",
        "id": "new-2",
        "status": "draft",
        "intent": "plan",
        "code": {"coding": [{}]},
    }
    person, weight = man_68()
    assert call(client, hook, [still_editing, empty_code], *healthy(), weight, person=person) == []


CAPTURES = [
    "03-order-select.json",
    "04-order-sign.json",
    "05-order-select.json",
    "06-order-select.json",
    "07-order-select.json",
]


@pytest.mark.parametrize("name", CAPTURES)
def test_the_sandbox_order_captures_as_sent_never_fail_with_a_5xx(client, name):
    capture = load_json(SANDBOX / name)
    response = client.post(capture["http"]["path"], json=capture["body"])
    assert response.status_code < 500
    if response.status_code == 200:
        assert response.get_json()["cards"] == []
    else:  # only the patient is prefetched and the sandbox's fhirServer is not an allowed server: 412, said why
        assert response.status_code == 412 and response.get_json()["error"]


@pytest.mark.parametrize("name", CAPTURES)
def test_the_sandbox_order_captures_with_full_prefetch_give_no_card(client, name):
    body = copy.deepcopy(load_json(SANDBOX / name)["body"])
    keys = prefetch_keys(client, body["hook"])
    body["prefetch"].update({key: fb.bundle() for key in keys if key != "patient"})
    body.pop("fhirServer")
    response = client.post(f"/cds-services/bm-{body['hook']}", json=body)
    assert response.status_code == 200
    assert response.get_json()["cards"] == []


# -- bisphosphonate-not-indicated ----------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
def test_a_bisphosphonate_on_bone_scan_only_offers_removal_and_a_confirmatory_ct(client, hook):
    person, weight = man_68()
    scan = fb.imaging_report(code=fb.BONE_SCAN, days=12)
    resources = [fb.condition(fb.BREAST_CANCER, days=400), scan, weight, *healthy()[2:]]
    card = by_topic(call(client, hook, [zoledronic_acid()], *resources, person=person))["bisphosphonate-not-indicated"]
    assert card["indicator"] == "warning"
    assert "bone scan only" in card["summary"]
    assert card["selectionBehavior"] == "any"
    delete, ct, xray = card["suggestions"]
    assert delete["isRecommended"] is True
    assert delete["actions"] == [
        {"type": "delete", "description": delete["label"], "resourceId": "MedicationRequest/zol-draft"}
    ]
    created = ct["actions"][0]["resource"]
    ServiceRequest.model_validate(created)
    assert (
        created["code"]["coding"][0]["code"] == "77477000"
        and created["subject"]["reference"] == f"Patient/{fb.PATIENT_ID}"
    )
    assert xray["actions"][0]["resource"]["code"]["coding"][0]["code"] == "363680008"


@pytest.mark.parametrize("hook", HOOKS)
def test_a_bisphosphonate_for_confirmed_bone_metastasis_is_indicated(client, hook):
    person, weight = man_68()
    assert "bisphosphonate-not-indicated" not in by_topic(
        call(client, hook, [zoledronic_acid()], *healthy(), weight, person=person)
    )


# -- bisphosphonate-dose ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
def test_an_overdose_written_in_chinese_units_without_a_ucum_code_gets_the_critical_card(client, hook):
    person, weight = man_68()
    draft = zoledronic_acid(8)
    # A HIS's own unit text, no UCUM code.
    draft["dosageInstruction"][0]["doseAndRate"] = [{"doseQuantity": {"value": 8, "unit": "毫克"}}]
    card = by_topic(call(client, hook, [draft], *healthy(), weight, person=person))["bisphosphonate-dose"]
    assert card["indicator"] == "critical" and "8 mg" in card["detail"]
    draft["dosageInstruction"][0]["doseAndRate"] = [{"doseQuantity": {"value": 4, "unit": "毫克"}}]
    assert "bisphosphonate-dose" not in by_topic(call(client, hook, [draft], *healthy(), weight, person=person))


@pytest.mark.parametrize("hook", HOOKS)
def test_a_wrong_zoledronic_acid_regimen_is_corrected_by_updating_the_draft_with_valid_fhir(client, hook):
    person, weight = man_68()
    draft = zoledronic_acid(8, every_weeks=(1, 1), infusion_min=5)
    card = by_topic(call(client, hook, [draft], *healthy(), weight, person=person))["bisphosphonate-dose"]
    assert card["indicator"] == "critical"  # above 4 mg (issue 9 item 2)
    assert "8 mg" in card["detail"] and "5 min" in card["detail"] and "every 7 days" in card["detail"]
    (suggestion,) = card["suggestions"]
    assert suggestion["isRecommended"] is True
    (action,) = suggestion["actions"]
    assert action["type"] == "update"
    resource = action["resource"]
    MedicationRequest.model_validate(resource)
    assert resource["id"] == "zol-draft" and resource["status"] == "draft"
    assert resource["medicationCodeableConcept"] == draft["medicationCodeableConcept"]
    (dosage,) = resource["dosageInstruction"]
    assert dosage["doseAndRate"][0]["doseQuantity"]["value"] == 4.0
    repeat = dosage["timing"]["repeat"]
    assert (
        repeat["period"],
        repeat["periodMax"],
        repeat["periodUnit"],
        repeat["duration"],
        repeat["durationUnit"],
    ) == (
        3,
        4,
        "wk",
        15,
        "min",
    )


@pytest.mark.parametrize("hook", HOOKS)
def test_a_draft_that_does_not_state_infusion_time_or_interval_is_not_flagged(client, hook):
    person, weight = man_68()
    draft = zoledronic_acid(4, every_weeks=None, infusion_min=None)
    assert "bisphosphonate-dose" not in by_topic(call(client, hook, [draft], *healthy(), weight, person=person))


# -- renal-impairment: each creatinine clearance band --------------------------------------------------------

BANDS = [  # CrCl = 66 kg / creatinine mg/dL for a man of 68
    (1.0, None),  # 66 mL/min: full dose
    (1.2, 3.5),  # 55
    (1.47, 3.3),  # 44.9
    (1.89, 3.0),  # 34.9
    (2.64, "delete"),  # 25
]


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("creatinine, expected", BANDS)
def test_each_creatinine_clearance_band_updates_the_dose_or_removes_the_order(client, hook, creatinine, expected):
    person, weight = man_68()
    cards = by_topic(call(client, hook, [zoledronic_acid(4)], *healthy(creatinine), weight, person=person))
    if expected is None:
        assert "renal-impairment" not in cards
        return
    card = cards["renal-impairment"]
    (suggestion,) = card["suggestions"]
    (action,) = suggestion["actions"]
    if expected == "delete":
        assert card["indicator"] == "critical"
        assert action == {
            "type": "delete",
            "description": suggestion["label"],
            "resourceId": "MedicationRequest/zol-draft",
        }
        assert "bisphosphonate-dose" not in cards
        return
    assert card["indicator"] == "warning" and f"{expected:g} mg" in card["summary"]
    MedicationRequest.model_validate(action["resource"])
    assert action["resource"]["id"] == "zol-draft"
    assert action["resource"]["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] == expected


@pytest.mark.parametrize("hook", HOOKS)
def test_dose_and_renal_cards_offer_one_corrected_order_and_the_other_card_refers_to_it(client, hook):
    person, weight = man_68()
    cards = by_topic(call(client, hook, [zoledronic_acid(4, infusion_min=5)], *healthy(1.47), weight, person=person))
    (suggestion,) = cards["renal-impairment"]["suggestions"]
    corrected = suggestion["actions"][0]["resource"]
    assert corrected["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 3.3
    assert corrected["dosageInstruction"][0]["timing"]["repeat"]["duration"] == 15  # the dose card's finding too
    assert "suggestions" not in cards["bisphosphonate-dose"]
    assert "offered on the renal impairment card" in cards["bisphosphonate-dose"]["detail"]


# -- renal-check -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("days, fires", [(2, False), (10, True)])
def test_a_creatinine_older_than_seven_days_asks_for_a_new_one(client, hook, days, fires):
    person, weight = man_68()
    cards = by_topic(call(client, hook, [zoledronic_acid()], *healthy(creatinine_days=days), weight, person=person))
    assert ("renal-check" in cards) is fires
    if fires:
        created = cards["renal-check"]["suggestions"][0]["actions"][0]["resource"]
        ServiceRequest.model_validate(created)
        assert created["code"]["coding"][0]["code"] == "2160-0"


# -- dental-review and dental-procedure-on-bisphosphonate ----------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("dental_days, fires", [(30, False), (200, True), (None, True)])
def test_the_first_bisphosphonate_order_asks_for_a_dental_examination(client, hook, dental_days, fires):
    person, weight = man_68()
    cards = by_topic(call(client, hook, [zoledronic_acid()], *healthy(dental_days=dental_days), weight, person=person))
    assert ("dental-review" in cards) is fires
    if fires:
        created = cards["dental-review"]["suggestions"][0]["actions"][0]["resource"]
        ServiceRequest.model_validate(created)
        assert created["code"]["coding"][0]["code"] == "103697008"


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("on_denosumab", [True, False])
def test_a_tooth_extraction_for_a_patient_on_denosumab_warns_of_jaw_osteonecrosis(client, hook, on_denosumab):
    person, weight = man_68()
    extraction = fb.service_request(fb.TOOTH_EXTRACTION, id="extraction")
    record = [fb.medication_request(fb.DENOSUMAB, days=90)] if on_denosumab else []
    cards = by_topic(call(client, hook, [extraction], *healthy(), weight, *record, person=person))
    assert ("dental-procedure-on-bisphosphonate" in cards) is on_denosumab
    if on_denosumab:
        card = cards["dental-procedure-on-bisphosphonate"]
        assert card["indicator"] == "warning" and "osteonecrosis of the jaw" in card["summary"]
        assert card["overrideReasons"] and "suggestions" not in card


# -- radionuclide-caution ------------------------------------------------------------------------------------


def strontium() -> dict:
    return fb.draft_medication(
        fb.STRONTIUM_89, id="sr89", dose_mg=None, route="iv", every_weeks=None, infusion_min=None
    )


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("platelets, indicator", [(210, None), (60, None), (45, "critical")])
def test_strontium_89_with_low_platelets_is_contraindicated(client, hook, platelets, indicator):
    person, weight = man_68()
    labs = [
        fb.observation(fb.PLATELETS, platelets, "10*3/uL", days=3),
        fb.observation(fb.LEUKOCYTES, 6.1, "10*3/uL", days=3),
    ]
    resources = [*confirmed_bone_metastasis(), weight, *labs]
    card = by_topic(call(client, hook, [strontium()], *resources, person=person)).get("radionuclide-caution")
    assert (card["indicator"] if card else None) == indicator
    if card:
        assert "45" in card["detail"]
        assert card["suggestions"][0]["actions"][0] == {
            "type": "delete",
            "description": card["suggestions"][0]["label"],
            "resourceId": "MedicationRequest/sr89",
        }


@pytest.mark.parametrize("hook", HOOKS)
def test_strontium_89_therapy_ordered_with_cord_compression_is_critical(client, hook):
    person, weight = man_68()
    order = fb.service_request(fb.STRONTIUM_THERAPY, id="sr89-therapy")
    resources = [*healthy(), weight, fb.condition(fb.CORD_COMPRESSION, days=5)]
    card = by_topic(call(client, hook, [order], *resources, person=person))["radionuclide-caution"]
    assert card["indicator"] == "critical" and "cord compression" in card["detail"].lower()
    assert card["suggestions"][0]["actions"][0]["resourceId"] == "ServiceRequest/sr89-therapy"


@pytest.mark.parametrize("hook", HOOKS)
def test_strontium_89_without_recent_counts_asks_for_a_blood_count(client, hook):
    person, weight = man_68()
    card = by_topic(call(client, hook, [strontium()], *confirmed_bone_metastasis(), weight, person=person))[
        "radionuclide-caution"
    ]
    assert card["indicator"] == "warning"
    created = card["suggestions"][0]["actions"][0]["resource"]
    ServiceRequest.model_validate(created)
    assert created["code"]["coding"][0]["code"] == "58410-2"


@pytest.mark.parametrize("hook", HOOKS)
def test_strontium_89_with_spinal_instability_is_a_caution(client, hook):
    person, weight = man_68()
    resources = [*healthy(), weight, fb.score(fb.SINS, 11)]
    card = by_topic(call(client, hook, [strontium()], *resources, person=person))["radionuclide-caution"]
    assert card["indicator"] == "warning" and "SINS" in card["detail"]


# -- duplicate-bone-agent ------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("on_denosumab", [True, False])
def test_zoledronic_acid_for_a_patient_on_denosumab_offers_to_delete_the_new_draft(client, hook, on_denosumab):
    person, weight = man_68()
    record = [fb.medication_request(fb.DENOSUMAB, days=60)] if on_denosumab else []
    cards = by_topic(call(client, hook, [zoledronic_acid()], *healthy(), weight, *record, person=person))
    assert ("duplicate-bone-agent" in cards) is on_denosumab
    if on_denosumab:
        (suggestion,) = cards["duplicate-bone-agent"]["suggestions"]
        assert suggestion["isRecommended"] is True
        assert suggestion["actions"][0]["resourceId"] == "MedicationRequest/zol-draft"


@pytest.mark.parametrize("hook", HOOKS)
def test_two_bone_agents_drafted_together_are_caught(client, hook):
    person, weight = man_68()
    denosumab = fb.draft_medication(
        fb.DENOSUMAB, id="dmab", dose_mg=120, route=None, every_weeks=(4, 4), infusion_min=None
    )
    cards = by_topic(call(client, hook, [zoledronic_acid(), denosumab], *healthy(), weight, person=person))
    ids = {s["actions"][0]["resourceId"] for s in cards["duplicate-bone-agent"]["suggestions"]}
    assert ids == {"MedicationRequest/zol-draft", "MedicationRequest/dmab"}


# -- analgesic-ladder ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
@pytest.mark.parametrize("pain, fires", [(2, False), (5, True), (8, True)])
def test_an_nsaid_alone_for_moderate_or_severe_pain_is_below_the_ladder_step(client, hook, pain, fires):
    person, weight = man_68()
    ibuprofen = fb.draft_medication(
        fb.IBUPROFEN, id="ibu", dose_mg=400, route="oral", every_weeks=None, infusion_min=None
    )
    resources = [*healthy(), weight, fb.score(fb.PAIN_NRS, pain)]
    cards = by_topic(call(client, hook, [ibuprofen], *resources, person=person))
    assert ("analgesic-ladder" in cards) is fires
    if fires:
        assert f"{pain}/10" in cards["analgesic-ladder"]["summary"]


@pytest.mark.parametrize("hook", HOOKS)
def test_an_nsaid_added_to_morphine_for_severe_pain_is_not_flagged(client, hook):
    person, weight = man_68()
    ibuprofen = fb.draft_medication(
        fb.IBUPROFEN, id="ibu", dose_mg=400, route="oral", every_weeks=None, infusion_min=None
    )
    morphine = fb.draft_medication(fb.MORPHINE, id="mor", dose_mg=10, route="oral", every_weeks=None, infusion_min=None)
    resources = [*healthy(), weight, fb.score(fb.PAIN_NRS, 8)]
    assert "analgesic-ladder" not in by_topic(call(client, hook, [ibuprofen, morphine], *resources, person=person))


# -- order-select judges its selections only; Chinese cards ----------------------------------------------------


def test_order_select_judges_the_selection_with_earlier_drafts_as_context(client):
    person, weight = man_68()
    wrong_but_earlier = fb.draft_medication(fb.PAMIDRONATE, id="pam", dose_mg=30, infusion_min=10)
    denosumab = fb.draft_medication(
        fb.DENOSUMAB, id="dmab", dose_mg=120, route=None, every_weeks=(4, 4), infusion_min=None
    )
    cards = by_topic(
        call(
            client,
            "order-select",
            [wrong_but_earlier, denosumab],
            *healthy(),
            weight,
            selections=["MedicationRequest/dmab"],
            person=person,
        )
    )
    assert "bisphosphonate-dose" not in cards  # the pamidronate was judged when it was selected
    (suggestion, *_) = cards["duplicate-bone-agent"]["suggestions"]
    assert suggestion["actions"][0]["resourceId"] == "MedicationRequest/dmab" and suggestion["isRecommended"] is True


@pytest.fixture
def chinese_client(app_config):
    from cds_service import create_app

    app_config["CARD_LANGUAGE"] = "zh"
    return create_app(app_config).test_client()


def test_order_cards_speak_chinese_when_configured(chinese_client):
    person, weight = man_68()
    cards = by_topic(call(chinese_client, "order-sign", [zoledronic_acid(4)], *healthy(1.47), weight, person=person))
    card = cards["renal-impairment"]
    assert "肌酐清除率" in card["summary"] and "3.3 mg" in card["summary"]
    assert card["suggestions"][0]["label"].startswith("将医嘱改为")
    assert "静脉滴注不少于15分钟" in card["suggestions"][0]["actions"][0]["resource"]["dosageInstruction"][0]["text"]


def test_a_re_signed_active_order_is_judged_but_is_not_its_own_duplicate_nor_a_first_dose(client):
    person, weight = man_68()
    re_signed = zoledronic_acid(4, infusion_min=5, status="active")
    on_record = copy.deepcopy(re_signed)
    on_record["authoredOn"] = fb.ago(60)
    cards = by_topic(
        call(client, "order-sign", [re_signed], *healthy(dental_days=None), weight, on_record, person=person)
    )
    assert set(cards) == {"bisphosphonate-dose"}
    assert cards["bisphosphonate-dose"]["suggestions"][0]["actions"][0]["resource"]["status"] == "active"


# -- accepted suggestions close the loop --------------------------------------------------------------------------


def test_accepting_the_creatinine_and_dental_suggestions_silences_those_cards_at_signing(client):
    person, weight = man_68()
    record = [*healthy(creatinine_days=40, dental_days=None), weight]
    first = by_topic(call(client, "order-select", [zoledronic_acid()], *record, person=person))
    assert {"renal-check", "dental-review"} <= set(first)

    # The EHR adds each accepted suggestion's resource to the session's draft orders, with an id.
    accepted = []
    for topic in ("renal-check", "dental-review"):
        resource = dict(first[topic]["suggestions"][0]["actions"][0]["resource"], id=f"accepted-{topic}")
        accepted.append(resource)
    signed = by_topic(call(client, "order-sign", [zoledronic_acid(), *accepted], *record, person=person))

    assert "renal-check" not in signed
    assert "dental-review" not in signed
