"""What a CDS client is told when its request or feedback breaks CDS Hooks 2.0.1, and what is accepted anyway.

Every case is a real payload (the sandbox's captured calls, the spec's examples)
changed in one place and sent over HTTP. Accepted calls answer 200, or 412 when
the data cannot be had offline; refused ones answer 400 with a sentence and a
JSON pointer per problem.
"""

from __future__ import annotations

import copy

import pytest
from conftest import EXAMPLES, load_json

from cds_service.validation import MAX_ERRORS

SANDBOX = EXAMPLES / "sandbox-captured"
SPEC = EXAMPLES / "spec-2.0.1"


@pytest.fixture(autouse=True)
def offline(app_config):
    app_config.update(ALLOWED_FHIR_SERVERS=[], JWT_REQUIRED=False)


def captured(name: str) -> dict:
    return copy.deepcopy(load_json(SANDBOX / name)["body"])


def patient_view() -> dict:
    return captured("01-patient-view.json")


def order_select() -> dict:
    return captured("03-order-select.json")


def order_sign() -> dict:
    return captured("04-order-sign.json")


def with_authorization() -> dict:
    return copy.deepcopy(load_json(SPEC / "spec-02-request-patient-view-with-fhirAuthorization-and-prefetch.json"))


def feedback_accepted() -> dict:
    return copy.deepcopy(load_json(SPEC / "spec-19-feedback-accepted.json"))


def feedback_overridden() -> dict:
    return copy.deepcopy(load_json(SPEC / "spec-21-feedback-overridden-with-reason.json"))


SERVICE_OF = {"patient-view": "bm-patient-view", "order-select": "bm-order-select", "order-sign": "bm-order-sign"}


def call(client, body, service: str | None = None):
    return client.post(f"/cds-services/{service or SERVICE_OF[body['hook']]}", json=body)


def assert_accepted(response) -> None:
    assert response.status_code in (200, 412), response.get_json()
    if response.status_code == 412:
        assert response.get_json()["error"] == "precondition-failed"


def assert_refused(response, *pointers: str) -> dict:
    """400 whose errors name exactly ``pointers`` (in any order); returns the body."""
    body = response.get_json()
    assert response.status_code == 400, body
    assert body["error"] == "invalid-request"
    assert isinstance(body["detail"], str) and body["detail"]
    assert {e["path"] for e in body["errors"]} == set(pointers)
    return body


def send_feedback(client, body, service: str = "bm-patient-view"):
    return client.post(f"/cds-services/{service}/feedback", json=body)


# -- hook ----------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [patient_view, order_select, order_sign], ids=lambda f: f.__name__)
def test_a_service_accepts_a_call_for_its_own_hook(client, make):
    assert_accepted(call(client, make()))


@pytest.mark.parametrize(
    "make, service",
    [(patient_view, "bm-order-sign"), (order_select, "bm-patient-view"), (order_sign, "bm-order-select")],
    ids=["patient-view-at-order-sign", "order-select-at-patient-view", "order-sign-at-order-select"],
)
def test_a_call_for_another_hook_is_told_which_hook_this_service_answers(client, make, service):
    body = assert_refused(call(client, make(), service), "/hook")
    hook = {"bm-order-sign": "order-sign", "bm-patient-view": "patient-view", "bm-order-select": "order-select"}
    assert body["detail"] == f"this service answers hook {hook[service]}"


@pytest.mark.parametrize("hook", ["com.example.unknown-hook", "medication-prescribe", "Patient-View"])
def test_an_unknown_hook_is_refused(client, hook):
    assert_refused(call(client, {**patient_view(), "hook": hook}, "bm-patient-view"), "/hook")


@pytest.mark.parametrize("field", ["hook", "hookInstance", "context"])
def test_each_required_top_level_field_is_named_when_missing(client, field):
    body = patient_view()
    del body[field]
    answer = assert_refused(call(client, body, "bm-patient-view"), f"/{field}")
    assert answer["detail"] == f"{field} is required"


# -- hookInstance ----------------------------------------------------------------------------
@pytest.mark.parametrize("instance", ["d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "not-a-uuid-but-unique-42"])
def test_any_non_empty_hook_instance_is_accepted(client, instance):
    assert_accepted(call(client, {**patient_view(), "hookInstance": instance}))


@pytest.mark.parametrize("instance", ["", "   ", 42, None, ["x"]])
def test_an_empty_or_non_string_hook_instance_is_refused(client, instance):
    assert_refused(call(client, {**patient_view(), "hookInstance": instance}), "/hookInstance")


# -- fhirServer and fhirAuthorization ----------------------------------------------------------
def test_the_spec_request_with_fhir_authorization_is_accepted(client):
    assert_accepted(call(client, with_authorization()))


def test_fhir_server_is_required_when_fhir_authorization_is_sent(client):
    body = with_authorization()
    del body["fhirServer"]
    answer = assert_refused(call(client, body), "/fhirServer")
    assert answer["detail"] == "fhirServer is required when fhirAuthorization is present"


@pytest.mark.parametrize("server", ["https://ehr.example.org/fhir/r4", "http://127.0.0.1:8081", "HTTPS://EHR.EXAMPLE"])
def test_an_http_or_https_fhir_server_is_accepted(client, server):
    assert_accepted(call(client, {**patient_view(), "fhirServer": server}))


@pytest.mark.parametrize(
    "server",
    ["", "ehr.example.org/fhir", "file:///etc/passwd", "ftp://ehr.example.org", "https://", "https://a b.org", 7],
)
def test_a_fhir_server_that_is_not_an_http_url_is_refused(client, server):
    assert_refused(call(client, {**patient_view(), "fhirServer": server}), "/fhirServer")


@pytest.mark.parametrize("field", ["access_token", "token_type", "expires_in", "scope", "subject"])
def test_each_required_fhir_authorization_field_is_named_when_missing(client, field):
    body = with_authorization()
    del body["fhirAuthorization"][field]
    answer = assert_refused(call(client, body), f"/fhirAuthorization/{field}")
    assert answer["detail"] == f"fhirAuthorization.{field} is required"


@pytest.mark.parametrize("token_type", ["Bearer", "bearer", "BEARER"])
def test_token_type_bearer_is_accepted_in_any_case(client, token_type):
    body = with_authorization()
    body["fhirAuthorization"]["token_type"] = token_type
    assert_accepted(call(client, body))


@pytest.mark.parametrize(
    "field, value",
    [("token_type", "Basic"), ("token_type", "MAC"), ("expires_in", "300"), ("expires_in", 300.5), ("expires_in", -1)],
)
def test_a_wrong_fhir_authorization_value_is_refused(client, field, value):
    body = with_authorization()
    body["fhirAuthorization"][field] = value
    assert_refused(call(client, body), f"/fhirAuthorization/{field}")


def test_fhir_authorization_must_be_an_object(client):
    assert_refused(call(client, {**with_authorization(), "fhirAuthorization": "some-token"}), "/fhirAuthorization")


def test_a_patient_bound_token_for_the_patient_in_context_is_accepted(client):
    body = with_authorization()
    body["fhirAuthorization"]["patient"] = body["context"]["patientId"]
    assert_accepted(call(client, body))


def test_a_token_bound_to_another_patient_is_refused(client):
    body = with_authorization()
    body["fhirAuthorization"]["patient"] = "someone-else"
    answer = assert_refused(call(client, body), "/fhirAuthorization/patient")
    assert "another patient" in answer["detail"]


def test_errors_never_repeat_the_access_token_or_the_values_sent(client):
    body = with_authorization()
    body["fhirAuthorization"].update(token_type="secret-token-type-4711", expires_in="secret-expiry-4711")
    body["fhirAuthorization"]["access_token"] = 4711_4711_4711
    body["context"]["patientId"] = "patient 4711 with blanks"
    answer = call(client, body)
    assert answer.status_code == 400
    assert "4711" not in answer.get_data(as_text=True)


# -- context: patient-view -----------------------------------------------------------------------
@pytest.mark.parametrize("field", ["userId", "patientId"])
def test_patient_view_needs_user_and_patient(client, field):
    body = patient_view()
    del body["context"][field]
    answer = assert_refused(call(client, body), f"/context/{field}")
    assert answer["detail"] == f"context.{field} is required for hook patient-view"


def test_patient_view_encounter_is_optional_and_accepted_when_sent(client):
    body = patient_view()
    body["context"]["encounterId"] = "89284"
    assert_accepted(call(client, body))


@pytest.mark.parametrize(
    "user", ["Practitioner/COREPRACTITIONER1", "PractitionerRole/123", "Patient/123", "RelatedPerson/r-1", "Device/x"]
)
def test_patient_view_user_of_the_form_type_slash_id_is_accepted(client, user):
    body = patient_view()
    body["context"]["userId"] = user
    assert_accepted(call(client, body))


@pytest.mark.parametrize("user", ["COREPRACTITIONER1", "/123", "Practitioner/", "123/456", ""])
def test_patient_view_user_not_of_the_form_type_slash_id_is_refused(client, user):
    body = patient_view()
    body["context"]["userId"] = user
    assert_refused(call(client, body), "/context/userId")


@pytest.mark.parametrize("patient", ["bm-1", "1288992", "a.b-C", "x" * 64])
def test_a_fhir_id_as_patient_is_accepted(client, patient):
    body = patient_view()
    body["context"]["patientId"] = patient
    assert_accepted(call(client, body))


@pytest.mark.parametrize("patient", ["", "Patient/bm-1", "1&_count=1000", "a b", "x" * 65, 1288992, None])
def test_a_patient_that_is_not_a_fhir_id_is_refused_before_it_reaches_a_fhir_query(client, patient):
    body = patient_view()
    body["context"]["patientId"] = patient
    assert_refused(call(client, body), "/context/patientId")


def test_optional_fields_must_not_be_null(client):
    body = patient_view()
    body["context"]["encounterId"] = None
    assert_refused(call(client, body), "/context/encounterId")


def test_unknown_context_fields_are_accepted(client):
    body = patient_view()
    body["context"].update(someField="foo", anotherField=123, moreObjects=[])
    assert_accepted(call(client, body))


@pytest.mark.parametrize("context", [[], "bm-1", None, 1])
def test_context_must_be_an_object(client, context):
    assert_refused(call(client, {**patient_view(), "context": context}), "/context")


# -- context: order-select and order-sign ------------------------------------------------------------
@pytest.mark.parametrize("field", ["userId", "patientId", "selections", "draftOrders"])
def test_order_select_needs_user_patient_selections_and_draft_orders(client, field):
    body = order_select()
    del body["context"][field]
    answer = assert_refused(call(client, body), f"/context/{field}")
    assert answer["detail"] == f"context.{field} is required for hook order-select"


@pytest.mark.parametrize("field", ["userId", "patientId", "draftOrders"])
def test_order_sign_needs_user_patient_and_draft_orders(client, field):
    body = order_sign()
    del body["context"][field]
    answer = assert_refused(call(client, body), f"/context/{field}")
    assert answer["detail"] == f"context.{field} is required for hook order-sign"


@pytest.mark.parametrize("make", [order_select, order_sign], ids=lambda f: f.__name__)
def test_an_order_hook_user_need_not_name_its_resource_type(client, make):
    body = make()
    body["context"]["userId"] = "COREPRACTITIONER1"  # only patient-view says MUST be Type/id
    assert_accepted(call(client, body))


@pytest.mark.parametrize(
    "capture",
    [
        "03-order-select.json",  # draftOrders Bundle without type; MedicationRequest without a medication yet
        "04-order-sign.json",  # MedicationRequest.category as an object, not an array
        "05-order-select.json",  # ServiceRequest code.coding [{}] and reasonCode []
        "06-order-select.json",
        "07-order-select.json",
    ],
)
def test_draft_orders_are_read_leniently_as_real_clients_send_them(client, capture):
    assert_accepted(call(client, captured(capture)))


@pytest.mark.parametrize("make", [order_select, order_sign], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "draft_orders, pointer",
    [
        ([], "/context/draftOrders"),
        ({"entry": []}, "/context/draftOrders/resourceType"),
        ({"resourceType": "MedicationRequest", "id": "request-123"}, "/context/draftOrders/resourceType"),
        ({"resourceType": "Bundle", "entry": {"resource": {}}}, "/context/draftOrders/entry"),
    ],
    ids=["array", "no-resourceType", "not-a-bundle", "entry-not-array"],
)
def test_draft_orders_must_be_a_bundle_with_an_entry_array(client, make, draft_orders, pointer):
    body = make()
    body["context"]["draftOrders"] = draft_orders
    assert_refused(call(client, body), pointer)  # selections are not compared with a malformed Bundle


@pytest.mark.parametrize(
    "selections, pointer",
    [
        ("MedicationRequest/request-123", "/context/selections"),
        ([], "/context/selections"),
        ([7], "/context/selections/0"),
    ],
    ids=["string", "empty", "number"],
)
def test_selections_must_be_a_non_empty_array_of_strings(client, selections, pointer):
    body = order_select()
    body["context"]["selections"] = selections
    assert_refused(call(client, body), pointer)


def test_a_selection_that_names_no_draft_order_is_refused(client):
    body = order_select()
    body["context"]["selections"] = ["MedicationRequest/request-123", "MedicationRequest/not-in-the-bundle"]
    answer = assert_refused(call(client, body), "/context/selections/1")
    assert answer["detail"] == "context.selections[1] names no order in context.draftOrders for hook order-select"


def test_a_selection_may_name_its_draft_order_by_full_url(client):
    body = order_select()
    entry = body["context"]["draftOrders"]["entry"][0]
    entry["fullUrl"] = "urn:uuid:5f0bc3a6-1c0e-4a44-9cf6-2b1e7c1d1a10"
    entry["resource"].pop("id")
    body["context"]["selections"] = [entry["fullUrl"]]
    assert_accepted(call(client, body))


def test_at_most_twenty_errors_are_listed_and_the_detail_says_how_many_more(client):
    body = order_select()
    body["context"]["selections"] = [f"MedicationRequest/missing-{i}" for i in range(30)]
    answer = assert_refused(call(client, body), *(f"/context/selections/{i}" for i in range(MAX_ERRORS)))
    assert answer["detail"].endswith("(29 more problems listed in errors)")


# -- prefetch and extension --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        None,  # spec: null means the client has no data for the template
        "123",  # spec-08 sends a string for "user"
        42,
        [],
        {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "timeout"}]},
        {"resourceType": "Bundle", "type": "searchset", "entry": "not-an-array"},
        {"no": "resourceType"},
    ],
    ids=["null", "string", "number", "array", "operation-outcome", "broken-bundle", "not-a-resource"],
)
def test_garbage_in_a_prefetch_key_is_missing_data_not_a_bad_request(client, value):
    body = patient_view()
    body["prefetch"]["conditions"] = value
    assert_accepted(call(client, body))


@pytest.mark.parametrize("prefetch", [[], "patient", None])
def test_prefetch_itself_must_be_an_object(client, prefetch):
    assert_refused(call(client, {**patient_view(), "prefetch": prefetch}), "/prefetch")


def test_an_extension_object_is_accepted(client):
    extension = load_json(SPEC / "spec-26-request-with-extension.json")["extension"]
    assert_accepted(call(client, {**patient_view(), "extension": extension}))


@pytest.mark.parametrize("extension", ["com.example", ["x"], None])
def test_an_extension_that_is_not_an_object_is_refused(client, extension):
    assert_refused(call(client, {**patient_view(), "extension": extension}), "/extension")


def test_unknown_top_level_fields_are_accepted_for_forward_compatibility(client):
    assert_accepted(call(client, {**patient_view(), "futureField": {"added": "in CDS Hooks 3"}}))


# -- feedback ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "example",
    [
        "spec-19-feedback-accepted.json",
        "spec-20-feedback-overridden-no-reason.json",
        "spec-21-feedback-overridden-with-reason.json",
    ],
)
def test_the_spec_feedback_examples_are_accepted(client, example):
    answer = send_feedback(client, load_json(SPEC / example))
    assert answer.status_code == 200, answer.get_json()


@pytest.mark.parametrize("body", [{}, {"feedback": []}, {"feedback": {}}, {"feedback": None}])
def test_feedback_needs_a_non_empty_feedback_array(client, body):
    assert_refused(send_feedback(client, body), "/feedback")


@pytest.mark.parametrize("field", ["card", "outcome", "outcomeTimestamp"])
def test_each_required_feedback_field_is_named_when_missing(client, field):
    body = feedback_overridden()
    del body["feedback"][0][field]
    answer = assert_refused(send_feedback(client, body), f"/feedback/0/{field}")
    assert answer["detail"] == f"feedback[0].{field} is required"


@pytest.mark.parametrize("outcome", ["rejected", "ignored", "Accepted", ""])
def test_an_outcome_other_than_accepted_or_overridden_is_refused(client, outcome):
    body = feedback_overridden()
    body["feedback"][0]["outcome"] = outcome
    assert_refused(send_feedback(client, body), "/feedback/0/outcome")


def test_accepted_feedback_must_say_which_suggestions(client):
    body = feedback_accepted()
    del body["feedback"][0]["acceptedSuggestions"]
    answer = assert_refused(send_feedback(client, body), "/feedback/0/acceptedSuggestions")
    assert answer["detail"] == "feedback[0].acceptedSuggestions is required"


@pytest.mark.parametrize(
    "suggestions, pointer",
    [
        ([], "/feedback/0/acceptedSuggestions"),
        ([{}], "/feedback/0/acceptedSuggestions/0/id"),
        (["x"], "/feedback/0/acceptedSuggestions/0"),
    ],
    ids=["empty", "without-id", "not-objects"],
)
def test_accepted_suggestions_are_objects_with_an_id(client, suggestions, pointer):
    body = feedback_accepted()
    body["feedback"][0]["acceptedSuggestions"] = suggestions
    assert_refused(send_feedback(client, body), pointer)


@pytest.mark.parametrize("field", ["code", "system"])
def test_an_override_reason_coding_needs_code_and_system(client, field):
    body = feedback_overridden()
    del body["feedback"][0]["overrideReason"]["reason"][field]
    assert_refused(send_feedback(client, body), f"/feedback/0/overrideReason/reason/{field}")


def test_an_override_reason_may_be_only_a_user_comment_or_carry_a_display(client):
    only_comment, with_display = feedback_overridden(), feedback_overridden()
    del only_comment["feedback"][0]["overrideReason"]["reason"]
    with_display["feedback"][0]["overrideReason"]["reason"]["display"] = "Patient refused"
    assert send_feedback(client, only_comment).status_code == 200
    assert send_feedback(client, with_display).status_code == 200


@pytest.mark.parametrize(
    "timestamp",
    [
        "2021-12-11T10:05:31Z",
        "1985-04-12T23:20:50.52Z",  # the spec's own example
        "2026-11-26T10:50:35.273Z",  # as the sandbox sends it
        "2021-12-11T18:05:31+08:00",  # an offset is as unambiguous as Z
    ],
)
def test_an_rfc3339_outcome_timestamp_is_accepted(client, timestamp):
    body = feedback_overridden()
    body["feedback"][0]["outcomeTimestamp"] = timestamp
    assert send_feedback(client, body).status_code == 200


@pytest.mark.parametrize(
    "timestamp",
    ["2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00", "2021-12-11t10:05:31z"],
    ids=["leap-second", "leap-second-with-offset", "lower-case-t-and-z"],
)
def test_rare_rfc3339_forms_are_accepted_too(client, timestamp):
    body = feedback_overridden()
    body["feedback"][0]["outcomeTimestamp"] = timestamp
    assert send_feedback(client, body).status_code == 200


@pytest.mark.parametrize(
    "timestamp",
    [
        "2021-12-11",
        "2021-12-11T10:05:31",  # no offset: not a point in time
        "2021-12-11 10:05:31Z",
        "2021-02-30T10:00:00Z",
        "2021-12-11T24:00:00Z",
        "2021-12-11T10:60:00Z",
        "2016-12-31T23:58:60Z",  # leap seconds happen at 23:59:60 UTC only
        "2021-12-11T10:05:31+25:00",
        "0000-01-01T00:00:00Z",
        "yesterday",
        "",
        1639217131,
    ],
)
def test_an_outcome_timestamp_that_is_not_rfc3339_is_refused(client, timestamp):
    body = feedback_overridden()
    body["feedback"][0]["outcomeTimestamp"] = timestamp
    assert_refused(send_feedback(client, body), "/feedback/0/outcomeTimestamp")


def test_every_bad_feedback_item_is_listed(client):
    body = feedback_overridden()
    good = body["feedback"][0]
    body["feedback"] = [good, {**good, "outcome": "maybe"}, {**good, "card": ""}]
    assert_refused(send_feedback(client, body), "/feedback/1/outcome", "/feedback/2/card")


# -- the inlined request schema (validation's, $refs resolved once) judges as the schema files do ------------
def _errors(schema_validator, body) -> list[tuple]:
    found = [(tuple(e.absolute_path), e.validator, e.message) for e in schema_validator.iter_errors(body)]
    return sorted(found, key=repr)


@pytest.mark.parametrize("name", ["hook-request.schema.json", "feedback.schema.json"])
def test_the_inlined_schema_finds_the_same_errors_as_the_schema_files(name):
    from cds_service.schemas import inlined_validator, validator

    requests = sorted(EXAMPLES.rglob("*request*.json"))
    assert requests, "no example requests under shared/"
    bodies = [body for body in map(load_json, requests) if isinstance(body, dict)]
    mutated = []
    for body in bodies:
        for field, value in [("hook", ""), ("hookInstance", 7), ("context", []), ("fhirServer", "ftp://x")]:
            mutated.append({**body, field: value})
        if isinstance(body.get("context"), dict):
            mutated.append({**body, "context": {**body["context"], "patientId": "a b", "userId": None}})
        mutated.append({**body, "fhirAuthorization": {"access_token": "", "token_type": "mac", "expires_in": -1}})
    mutated.append({"feedback": [{"card": "", "outcome": "maybe", "overrideReason": {"reason": {"code": 1}}}]})
    mutated.append({"feedback": "x"})
    judged = [_errors(validator(name), body) for body in bodies + mutated]
    assert any(judged), "no body with errors: the comparison would prove nothing"
    assert [_errors(inlined_validator(name), body) for body in bodies + mutated] == judged
