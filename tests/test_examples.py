"""Every example payload in the shared examples folder, exercised the way the spec means it (issue #2 item 4).

The folder is listed when the tests are collected, so a new example file is a new
test; a file nobody has classified fails and asks for a classification. Requests
go through HTTP to the matching service (200, or 412 when the data cannot be
had); feedback is accepted; responses and discovery documents are checked
against our schemas, which are thereby checked against the spec's own examples.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from conftest import EXAMPLES, FHIR_DATA, load_json

from cds_service.schemas import validator
from cds_service.services import PREFETCH_KEYS, QUERIES, SERVICES

SERVICE_FOR_HOOK = {service.hook: service_id for service_id, service in SERVICES.items()}
USER_TOKENS = {"userPractitionerId", "userPractitionerRoleId", "userPatientId", "userRelatedPersonId"}
# Context fields each hook marks "Prefetch Token: Yes" (hook library v1.0.1): root-level primitives.
TOKEN_FIELDS = {
    "patient-view": {"userId", "patientId", "encounterId"},
    "order-select": {"userId", "patientId", "encounterId"},
    "order-sign": {"userId", "patientId", "encounterId"},
}
# What a wrapped context fragment lacks; 1288992 is the patient of the spec's own examples.
FRAGMENT_DEFAULTS = {"userId": "Practitioner/example", "patientId": "1288992"}
SPEC_FHIR_SERVER = "http://hooks.smarthealthit.org:9080"  # as in spec-02

# Where the spec's own examples break the 2.0.1 tables; our schemas follow the tables.
KNOWN_DEVIATIONS = {
    # 2.0.1 marks action.description REQUIRED; the systemActions example omits it (3.0 relaxes it).
    "spec-2.0.1/spec-16-response-systemActions.json": {"/systemActions/0/description"},
    # card.indicator is REQUIRED; the autolaunchable example omits it.
    "spec-2.0.1/spec-18-response-autolaunchable.json": {"/cards/0/indicator"},
}


@pytest.fixture(autouse=True)
def offline(app_config):
    """No FHIR server may be called and no JWT is needed: only the payload is under test."""
    app_config.update(ALLOWED_FHIR_SERVERS=[], JWT_REQUIRED=False)


# -- what the answers must be --------------------------------------------------------------
def assert_answered(response) -> None:
    """200 with a valid CDS Hooks response, or 412 meaning 'the data is missing and cannot be fetched'."""
    body = response.get_json()
    assert response.status_code in (200, 412), body
    if response.status_code == 200:
        assert schema_errors(body, "cds-service-response.schema.json") == set()
    else:
        assert body["error"] == "precondition-failed"
        assert "unavailable" in body["detail"] or "prefetch" in body["detail"], body["detail"]


def schema_errors(document, name: str, definition: str | None = None) -> set[str]:
    """JSON pointers of the places where ``document`` breaks a schema."""
    return {
        "".join(f"/{part}" for part in error.absolute_path) + _missing(error)
        for error in validator(name, definition).iter_errors(document)
    }


def _missing(error) -> str:
    """For a missing field, point at the field rather than at the object that lacks it."""
    if error.validator == "required":
        return "/" + next(name for name in error.validator_value if name not in error.instance)
    if error.validator == "dependentRequired":
        needed = [n for p, names in error.validator_value.items() if p in error.instance for n in names]
        return "/" + next(name for name in needed if name not in error.instance)
    return ""


def post_request(client, body: dict):
    return client.post(f"/cds-services/{SERVICE_FOR_HOOK[body['hook']]}", json=body)


def request_around(hook: str, **fields) -> dict:
    return {"hook": hook, "hookInstance": str(uuid.uuid4()), **fields}


def hook_of_fragment(name: str, context: dict) -> str:
    """The hook a context fragment belongs to: its file name, else what its fields imply."""
    for hook in SERVICE_FOR_HOOK:
        if hook in name:
            return hook
    if "selections" in context:
        return "order-select"
    return "order-sign" if "draftOrders" in context else "patient-view"


# -- one exercise per kind of example --------------------------------------------------------
def full_request(client, name: str, document: dict) -> None:
    assert_answered(post_request(client, document))


def captured_request(client, name: str, document: dict) -> None:
    """Replayed as the sandbox sent it: same path, same Content-Type."""
    content_type = document["http"]["headers"]["Content-Type"]
    response = client.post(document["http"]["path"], json=document["body"], content_type=content_type)
    assert_answered(response)


def request_without_patient(client, name: str, document: dict) -> None:
    """spec-26 shows ``extension`` on a patient-view call that lacks the REQUIRED patientId."""
    refused = post_request(client, document)
    assert refused.status_code == 400
    assert refused.get_json()["detail"] == "context.patientId is required for hook patient-view"
    completed = {**document, "context": {**document["context"], "patientId": FRAGMENT_DEFAULTS["patientId"]}}
    assert_answered(post_request(client, completed))  # the extension itself is accepted


def context_fragment(client, name: str, document: dict) -> None:
    context = {**FRAGMENT_DEFAULTS, **document["context"]}
    assert_answered(post_request(client, request_around(hook_of_fragment(name, context), context=context)))


def prefetch_fragment(client, name: str, document: dict) -> None:
    body = request_around("patient-view", context=dict(FRAGMENT_DEFAULTS), prefetch=document["prefetch"])
    assert_answered(post_request(client, body))


def authorization_fragment(client, name: str, document: dict) -> None:
    body = request_around("patient-view", context=dict(FRAGMENT_DEFAULTS), fhirServer=SPEC_FHIR_SERVER, **document)
    assert_answered(post_request(client, body))


def feedback(client, name: str, document: dict) -> None:
    path = document["http"]["path"] if "http" in document else "/cds-services/bm-patient-view/feedback"
    body = document.get("body", document)
    response = client.post(path, json=body)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["received"] == len(body["feedback"])


def response(client, name: str, document: dict) -> None:
    assert schema_errors(document, "cds-service-response.schema.json") == KNOWN_DEVIATIONS.get(name, set())


def discovery(client, name: str, document: dict) -> None:
    assert schema_errors(document, "discovery.schema.json") == set()


def discovery_prefetch(client, name: str, document: dict) -> None:
    assert schema_errors(document["prefetch"], "discovery.schema.json", "prefetch") == set()


def part(schema: str, definition: str, key: str | None = None) -> Callable:
    """A fragment of a response: the whole document, or each value under ``key``, against one definition."""

    def check(client, name: str, document: dict) -> None:
        values = document if key is None else document[key]
        for value in values if isinstance(values, list) else [values]:
            assert schema_errors(value, schema, definition) == set()

    return check


def cors_preflights(client, name: str, document: list) -> None:
    """The browser's preflights must pass before any of the above can reach us (details: test_cors.py)."""
    for captured in document:
        headers = {k: v for k, v in captured["headers"].items() if k.lower() not in ("host", "connection")}
        answer = client.options(captured["path"], headers=headers)
        assert 200 <= answer.status_code < 300
        assert answer.headers["Access-Control-Allow-Origin"] in ("*", headers["Origin"])


def not_a_request(client, name: str, document) -> None:
    """JWT/JWK documents (used by test_auth.py): posted by mistake, they are a clear 400."""
    answer = client.post("/cds-services/bm-patient-view", json=document)
    assert answer.status_code == 400
    assert {"error", "detail"} <= answer.get_json().keys()


CLASSIFICATION: dict[str, Callable] = {
    "fhir-tools-ig/Binary-CDSHookServices.json": discovery,
    "fhir-tools-ig/Binary-CDSHooksRequestPV.json": full_request,
    "fhir-tools-ig/Binary-CDSHooksResponse.json": response,
    "hooks-library-v1.0.1/order-select-01-example-r4.json": context_fragment,
    "hooks-library-v1.0.1/order-select-02-example-stu3.json": context_fragment,
    "hooks-library-v1.0.1/order-select-03-example-dstu2.json": context_fragment,
    "hooks-library-v1.0.1/order-sign-01-example-r4.json": context_fragment,
    "hooks-library-v1.0.1/order-sign-02-example-stu3.json": context_fragment,
    "hooks-library-v1.0.1/order-sign-03-example-dstu2.json": context_fragment,
    "hooks-library-v1.0.1/patient-view-01-examples.json": context_fragment,
    "hooks-library-v1.0.1/patient-view-02-examples.json": context_fragment,
    "sandbox-captured/00-cors-preflight-requests.json": cors_preflights,
    "sandbox-captured/01-patient-view.json": captured_request,
    "sandbox-captured/02-feedback-bm-patient-view.json": feedback,
    "sandbox-captured/03-order-select.json": captured_request,
    "sandbox-captured/04-order-sign.json": captured_request,
    "sandbox-captured/05-order-select.json": captured_request,
    "sandbox-captured/06-order-select.json": captured_request,
    "sandbox-captured/07-order-select.json": captured_request,
    "sandbox-captured/08-feedback-bm-order-select.json": feedback,
    "sandbox-captured/sandbox-jwks.json": not_a_request,
    "spec-2.0.1/spec-01-discovery-response.json": discovery,
    "spec-2.0.1/spec-02-request-patient-view-with-fhirAuthorization-and-prefetch.json": full_request,
    "spec-2.0.1/spec-03-discovery-prefetch-fragment-hba1c.json": discovery_prefetch,
    "spec-2.0.1/spec-04-context-fragment-patientId.json": context_fragment,
    "spec-2.0.1/spec-05-context-fragment-draftOrders.json": context_fragment,
    "spec-2.0.1/spec-06-context-fragment-draftOrders-with-medicationRequestId.json": context_fragment,
    "spec-2.0.1/spec-07-discovery-prefetch-templates.json": discovery_prefetch,
    "spec-2.0.1/spec-08-request-prefetch-data-fragment.json": prefetch_fragment,
    "spec-2.0.1/spec-09-request-fhirAuthorization-fragment.json": authorization_fragment,
    "spec-2.0.1/spec-10-response-empty-cards.json": response,
    "spec-2.0.1/spec-11-card-source-fragment.json": part("cds-service-response.schema.json", "source", "source"),
    "spec-2.0.1/spec-12-action-create.json": part("cds-service-response.schema.json", "action"),
    "spec-2.0.1/spec-13-action-update.json": part("cds-service-response.schema.json", "action"),
    "spec-2.0.1/spec-14-action-delete.json": part("cds-service-response.schema.json", "action"),
    "spec-2.0.1/spec-15-card-overrideReasons-fragment.json": part(
        "common.schema.json", "codingWithDisplay", "overrideReasons"
    ),
    "spec-2.0.1/spec-16-response-systemActions.json": response,
    "spec-2.0.1/spec-17-response-cards-links-overrideReasons.json": response,
    "spec-2.0.1/spec-18-response-autolaunchable.json": response,
    "spec-2.0.1/spec-19-feedback-accepted.json": feedback,
    "spec-2.0.1/spec-20-feedback-overridden-no-reason.json": feedback,
    "spec-2.0.1/spec-21-feedback-overridden-with-reason.json": feedback,
    "spec-2.0.1/spec-22-jwt-header.json": not_a_request,
    "spec-2.0.1/spec-23-jwt-payload.json": not_a_request,
    "spec-2.0.1/spec-24-jwks-public.json": not_a_request,
    "spec-2.0.1/spec-25-jwk-private-EXAMPLE-ONLY.json": not_a_request,
    "spec-2.0.1/spec-26-request-with-extension.json": request_without_patient,
    "spec-2.0.1/spec-27-discovery-with-extension.json": discovery,
    "spec-2.0.1/spec-28-context-fragment-patient-view.json": context_fragment,
    "spec-2.0.1/spec-29-discovery-prefetch-fragment-patientToGreet.json": discovery_prefetch,
    "spec-2.0.1/spec-30-hook-template-context-fragment.json": context_fragment,
}

EXAMPLE_FILES = sorted(path.relative_to(EXAMPLES).as_posix() for path in EXAMPLES.rglob("*.json"))


@pytest.mark.parametrize("name", EXAMPLE_FILES, ids=EXAMPLE_FILES)
def test_every_example_payload_is_handled_as_the_spec_intends(client, name):
    exercise = CLASSIFICATION.get(name)
    if exercise is None:
        pytest.fail(f"new example {name}: classify it in CLASSIFICATION of tests/test_examples.py")
    exercise(client, name, load_json(EXAMPLES / name))


def test_the_classification_names_only_files_that_exist():
    assert set(CLASSIFICATION) - set(EXAMPLE_FILES) == set()


def test_our_discovery_document_is_valid_cds_hooks(client):
    answer = client.get("/cds-services")
    assert answer.status_code == 200
    assert schema_errors(answer.get_json(), "discovery.schema.json") == set()


def test_our_prefetch_templates_use_only_tokens_the_hook_allows(client):
    for service in client.get("/cds-services").get_json()["services"]:
        allowed = {f"context.{field}" for field in TOKEN_FIELDS[service["hook"]]} | USER_TOKENS
        for key, template in service.get("prefetch", {}).items():
            tokens = set(re.findall(r"\{\{(.*?)\}\}", template))
            assert tokens <= allowed, f"{service['id']}.prefetch.{key}: {tokens - allowed}"
            assert "{" not in re.sub(r"\{\{.*?\}\}", "", template), f"{service['id']}.prefetch.{key}: stray brace"


def complete_prefetch(hook: str, resources: list[dict]) -> dict:
    """What a client that honours every template of the service would send, from a patient's resources."""
    prefetch = {}
    for kind, key in PREFETCH_KEYS.items():
        if key not in SERVICES[SERVICE_FOR_HOOK[hook]].prefetch():
            continue
        resource_type = QUERIES[kind].split("?")[0].split("/")[0]
        found = [r for r in resources if r["resourceType"] == resource_type]
        if resource_type == "Patient":
            prefetch[key] = found[0]
        else:
            entries = [{"resource": r} for r in found]
            prefetch[key] = {"resourceType": "Bundle", "type": "searchset", "total": len(found), "entry": entries}
    return prefetch


def sandbox_patient() -> tuple[dict, list[dict]]:
    body = load_json(EXAMPLES / "sandbox-captured" / "01-patient-view.json")["body"]
    resources = [body["prefetch"]["patient"]]
    resources += [e["resource"] for e in body["prefetch"]["conditions"]["entry"]]
    return body, resources


def synthea_patient() -> tuple[dict, list[dict]]:
    bundle = load_json(FHIR_DATA / "synthea-smart-r4" / "Ali_Herman_75c71918-f07f-4492-af1a-ce006a1e8aaf.json")
    resources = [entry["resource"] for entry in bundle["entry"]]
    patient_id = next(r["id"] for r in resources if r["resourceType"] == "Patient")
    body = request_around("patient-view", context={"userId": "Practitioner/example", "patientId": patient_id})
    return body, resources


@pytest.mark.parametrize("patient", [sandbox_patient, synthea_patient], ids=["sandbox-bm-1", "synthea-ali-herman"])
def test_our_answer_to_a_fully_prefetched_call_is_valid_cds_hooks(client, patient):
    body, resources = patient()
    body = {**body, "prefetch": complete_prefetch(body["hook"], resources)}
    answer = post_request(client, body)
    assert answer.status_code == 200, answer.get_json()
    assert schema_errors(answer.get_json(), "cds-service-response.schema.json") == set()


def _spec_17_card() -> dict:
    return load_json(EXAMPLES / "spec-2.0.1" / "spec-17-response-cards-links-overrideReasons.json")["cards"][1]


ABSOLUTE_LINK_WITH_APP_CONTEXT = {"label": "App", "url": "https://a.example", "type": "absolute", "appContext": "x"}
CREATE_WITHOUT_RESOURCE = {"label": "Order", "actions": [{"type": "create", "description": "Order it"}]}
BROKEN_CARDS = {
    "long-summary": ({"summary": "x" * 140}, "/cards/0/summary"),  # "<140-character"
    "unknown-indicator": ({"indicator": "urgent"}, "/cards/0/indicator"),
    "source-without-label": ({"source": {}}, "/cards/0/source/label"),
    "suggestions-without-selection-behavior": ({"suggestions": [{"label": "Order it"}]}, "/cards/0/selectionBehavior"),
    "override-reason-without-display": (
        {"overrideReasons": [{"code": "x", "system": "http://example.org/r"}]},
        "/cards/0/overrideReasons/0/display",
    ),
    "app-context-on-absolute-link": ({"links": [ABSOLUTE_LINK_WITH_APP_CONTEXT]}, "/cards/0/links/0/type"),
    "empty-links": ({"links": []}, "/cards/0/links"),
    "create-without-resource": (
        {"suggestions": [CREATE_WITHOUT_RESOURCE], "selectionBehavior": "any"},
        "/cards/0/suggestions/0/actions/0/resource",
    ),
}


@pytest.mark.parametrize("change, pointer", BROKEN_CARDS.values(), ids=BROKEN_CARDS.keys())
def test_the_response_schema_catches_what_a_client_would_reject(change, pointer):
    card = {**_spec_17_card(), **change}
    assert schema_errors({"cards": [card]}, "cds-service-response.schema.json") == {pointer}
