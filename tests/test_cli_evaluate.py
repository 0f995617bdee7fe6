"""``bone-mets-cds evaluate``: a patient's FHIR Bundle in, the HTTP service's own cards out, offline.

Each case sends the same record to the Flask app as an EHR honouring prefetch would (every resource of the
patient under its prefetch key) and compares the cards with what the command prints for the Bundle file.
"""

from __future__ import annotations

import copy
import json
import uuid

import fhir_builders as fb
import pytest
from cli_helpers import run_cli, run_script, without_uuids
from conftest import FHIR_DATA, ROOT, load_json
from test_order_hooks_e2e import call as call_order_hook
from test_order_hooks_e2e import healthy, man_68, zoledronic_acid
from test_real_data_e2e import call as call_patient_view
from test_real_data_e2e import synthea

CHINESE = ROOT / "tests" / "fixtures" / "fhir" / "chinese-patient-bundle.json"
SYNTHEA = FHIR_DATA / "synthea-smart-r4"


def evaluate_json(capsys, *argv: str) -> list[dict]:
    result = run_cli(capsys, "evaluate", *argv, "--json", "--base-url", "http://localhost")
    assert result.code == 0, result.err
    return json.loads(result.out)["cards"]


def topics(cards: list[dict]) -> list[str]:
    return [card["source"]["topic"]["code"] for card in cards]


def transaction(resources: list[dict]) -> dict:
    """A Synthea-style transaction: urn:uuid fullUrls, references to them, POSTs, no ids."""
    resources = copy.deepcopy(resources)
    urls = {f"{r['resourceType']}/{r['id']}": f"urn:uuid:{uuid.uuid4()}" for r in resources}
    entries = []
    for resource in resources:
        url = urls[f"{resource['resourceType']}/{resource.pop('id')}"]
        for field in ("subject", "patient"):
            if isinstance(resource.get(field), dict):
                resource[field] = {"reference": urls[resource[field]["reference"]]}
        entries.append(
            {"fullUrl": url, "resource": resource, "request": {"method": "POST", "url": resource["resourceType"]}}
        )
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_chinese_patient_gets_the_cards_of_the_http_service_in_either_language(app, client, capsys, language):
    app.extensions["cds"].language = language
    resources = [entry["resource"] for entry in load_json(CHINESE)["entry"]]
    over_http = call_patient_view(client, resources, "cn-1")
    printed = evaluate_json(capsys, str(CHINESE), "--hook", "patient-view", "--lang", language)
    assert topics(printed) == ["renal-check", "dental-review"]
    assert without_uuids(printed) == without_uuids(over_http)


def test_a_synthea_transaction_bundle_is_read_as_a_fhir_server_would_load_it(client, capsys, tmp_path):
    resources = synthea("Vito_Feeney", alive=True)  # metastatic prostate cancer, references resolved by hand
    path = tmp_path / "vito.json"
    path.write_text(json.dumps(transaction(resources)))
    over_http = call_patient_view(client, resources, next(r["id"] for r in resources if r["resourceType"] == "Patient"))
    printed = evaluate_json(capsys, str(path), "--hook", "patient-view")
    assert topics(printed) == ["bone-mets-screening"]
    # The file's urn:uuid ids become the patient's ids, as on a FHIR server: compare all but the patient reference.
    assert [c["summary"] for c in printed] == [c["summary"] for c in over_http]
    assert [c["detail"] for c in printed] == [c["detail"] for c in over_http]


@pytest.mark.parametrize("name", ["Ali_Herman", "Vito_Feeney"])
def test_the_shared_synthea_files_as_published_get_what_the_http_service_gives(client, capsys, name):
    path = next(SYNTHEA.glob(f"{name}_*.json"))
    resources = synthea(name)
    patient_id = next(r["id"] for r in resources if r["resourceType"] == "Patient")
    assert evaluate_json(capsys, str(path), "--hook", "patient-view") == call_patient_view(
        client, resources, patient_id
    )


@pytest.mark.parametrize("hook", ["order-select", "order-sign"])
def test_order_hooks_take_the_draft_orders_from_a_file(client, capsys, tmp_path, hook):
    person, weight = man_68()
    record = [person, weight, *healthy(creatinine_mg_dl=2.0)]  # CrCl 33 mL/min: 4 mg is too much
    patient_file, drafts_file = tmp_path / "patient.json", tmp_path / "drafts.json"
    patient_file.write_text(
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in record]})
    )
    drafts_file.write_text(json.dumps(fb.bundle([zoledronic_acid(4)])))
    over_http = call_order_hook(client, hook, [zoledronic_acid(4)], *record[1:], person=person)
    printed = evaluate_json(capsys, str(patient_file), "--hook", hook, "--draft-orders", str(drafts_file))
    assert "bisphosphonate-dose" in topics(printed) or "renal-impairment" in topics(printed)
    assert without_uuids(printed) == without_uuids(over_http)


def test_draft_orders_in_the_patient_bundle_are_what_is_being_ordered(capsys, tmp_path):
    person, weight = man_68()
    record = [person, weight, *healthy(creatinine_mg_dl=2.0), zoledronic_acid(4)]
    path = tmp_path / "patient.json"
    path.write_text(
        json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in record]})
    )
    shown = run_cli(capsys, "evaluate", str(path), "--hook", "order-sign", "--show-request")
    request = json.loads(shown.out)
    assert [e["resource"]["id"] for e in request["context"]["draftOrders"]["entry"]] == ["zol-draft"]
    assert request["prefetch"]["medicationRequests"]["entry"] == []  # a draft is not yet in the record
    separate, drafts = tmp_path / "record.json", tmp_path / "drafts.json"
    separate.write_text(json.dumps(fb.bundle(record[:-1])))
    drafts.write_text(json.dumps(record[-1]))  # one order, not in a Bundle
    from_file = evaluate_json(capsys, str(separate), "--hook", "order-sign", "--draft-orders", str(drafts))
    assert without_uuids(evaluate_json(capsys, str(path), "--hook", "order-sign")) == without_uuids(from_file)
    assert from_file != []


def test_the_terminal_shows_indicator_summary_detail_suggestion_and_source(capsys):
    result = run_cli(capsys, "evaluate", str(CHINESE), "--hook", "patient-view", "--lang", "zh")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "bm-patient-view (patient-view) for Patient/cn-1: 2 cards"
    assert lines[2].startswith("1. [WARNING] 正在使用唑来膦酸")
    assert "   Suggestion (recommended): 开具血清肌酐检测" in lines
    assert any(
        line.startswith("   Source: 骨转移瘤诊疗规范 <") and line.endswith("topic renal-check") for line in lines
    )
    assert "\x1b" not in result.out  # no colour when stdout is not a terminal


def test_control_characters_from_the_record_are_shown_escaped(capsys, tmp_path):
    bundle = load_json(CHINESE)
    creatinine = next(e["resource"] for e in bundle["entry"] if e["resource"].get("id") == "cn-cr")
    creatinine["valueQuantity"]["unit"] = "umol/L\x1b[2J"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(bundle))
    result = run_cli(capsys, "evaluate", str(path), "--hook", "patient-view")
    assert result.code == 0 and "\x1b" not in result.out


BAD_INPUT = [
    (["missing.json"], "no such file"),
    (["not-json.json"], "is not valid JSON (line 1"),
    (["patient.json"], "must be a FHIR Bundle, not 'Patient'"),
    (["history.json"], "is a 'history' Bundle"),
    (["no-patient.json"], "holds no Patient resource"),
    (["two-patients.json"], "holds 2 patients (a, b); choose one with --patient ID"),
    (["two-patients.json", "--patient", "c"], "holds no Patient with id 'c'"),
    (["two-patients.json", "--patient", "a", "--hook", "order-sign"], "order-sign needs the orders being placed"),
    (["bad-id.json"], "context.patientId must be a FHIR id"),
    (["two-patients.json", "--patient", "a", "--as-of", "yesterday"], "--as-of must be a date"),
]


@pytest.mark.parametrize("argv, message", BAD_INPUT)
def test_bad_input_gets_a_clear_message_and_exit_code_1(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    patient = {"resourceType": "Patient", "id": "a"}
    files = {
        "not-json.json": "{'resourceType': 'Bundle'}",
        "patient.json": json.dumps(patient),
        "history.json": json.dumps({"resourceType": "Bundle", "type": "history", "entry": []}),
        "no-patient.json": json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}),
        "two-patients.json": json.dumps(fb.bundle([patient, {**patient, "id": "b"}])),
        "bad-id.json": json.dumps(fb.bundle([{**patient, "id": "not an id!"}])),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    hook = [] if "--hook" in argv else ["--hook", "patient-view"]
    result = run_cli(capsys, "evaluate", *argv, *hook)
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("bone-mets-cds evaluate: error: ") and message in result.err, result.err
    assert "Traceback" not in result.err


def test_the_installed_script_evaluates_and_a_wrong_command_line_exits_2(tmp_path):
    done = run_script("evaluate", str(CHINESE), "--hook", "patient-view", "--json")
    assert done.code == 0, done.err
    assert topics(json.loads(done.out)["cards"]) == ["renal-check", "dental-review"]
    wrong = run_script("evaluate", str(CHINESE), "--hook", "patient-veiw")
    assert wrong.code == 2 and "invalid choice: 'patient-veiw'" in wrong.err and "Traceback" not in wrong.err
