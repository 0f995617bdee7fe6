"""Whatever arrives, the answer is a clear JSON 4xx or a real answer: never a 500, never a hung worker.

The last test mutates the sandbox's captured calls ~300 times with a fixed seed
(hypothesis is not installed) and checks that no mutation reaches a 5xx.
"""

from __future__ import annotations

import copy
import io
import json
import random
from typing import Any

import pytest
from conftest import EXAMPLES, load_json

from cds_service import validation
from cds_service.errors import InvalidRequest
from cds_service.schemas import validator

SMALL_LIMIT = 256 * 1024  # room for 100000 nested arrays (200 kB)
SANDBOX = EXAMPLES / "sandbox-captured"
CAPTURES = sorted(
    p.name
    for p in SANDBOX.glob("*.json")
    if isinstance(load_json(p), dict) and "body" in load_json(p) and "http" in load_json(p)
)
PATIENT_VIEW = "/cds-services/bm-patient-view"


@pytest.fixture(autouse=True)
def offline_and_small(app_config):
    app_config.update(ALLOWED_FHIR_SERVERS=[], JWT_REQUIRED=False, MAX_REQUEST_BYTES=SMALL_LIMIT)


def patient_view() -> dict:
    return copy.deepcopy(load_json(SANDBOX / "01-patient-view.json")["body"])


def post_raw(client, data: bytes | str, content_type: str = "application/json", path: str = PATIENT_VIEW):
    return client.post(path, data=data, content_type=content_type)


def assert_json_error(response, status: int, error: str | None = None) -> dict:
    body = response.get_json(silent=True)
    assert response.status_code == status, (response.status_code, response.get_data()[:300])
    assert response.mimetype == "application/json"
    assert isinstance(body, dict) and isinstance(body["error"], str) and isinstance(body["detail"], str)
    if error:
        assert body["error"] == error
    return body


def nested(levels: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


# -- bodies that are not JSON objects ---------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    ['{"hook": "patient-view",', "{'hook': 'patient-view'}", "hook=patient-view", "{} {}", "\x00\x01"],
    ids=["truncated", "single-quotes", "form-like", "two-documents", "control-bytes"],
)
def test_malformed_json_is_a_400(client, data):
    assert "not valid JSON" in assert_json_error(post_raw(client, data), 400, "invalid-request")["detail"]


def test_an_empty_body_is_a_400(client):
    assert_json_error(post_raw(client, b""), 400, "invalid-request")


@pytest.mark.parametrize("data", ["[]", "[1, 2]", '"patient-view"', "42", "null", "true"])
def test_json_that_is_not_an_object_is_a_400(client, data):
    body = assert_json_error(post_raw(client, data), 400, "invalid-request")
    assert body["detail"] == "the request body must be a JSON object"


@pytest.mark.parametrize("data", ["[]", '"x"', "null"])
def test_feedback_that_is_not_an_object_is_a_400(client, data):
    assert_json_error(post_raw(client, data, path=f"{PATIENT_VIEW}/feedback"), 400, "invalid-request")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data"]
)
def test_a_body_that_is_not_sent_as_json_is_a_415(client, content_type):
    response = post_raw(client, json.dumps(patient_view()), content_type=content_type)
    assert_json_error(response, 415, "unsupported-media-type")


def test_json_with_a_charset_or_a_json_suffix_type_is_read(client):
    for content_type in ("application/json; charset=utf-8", "application/fhir+json"):
        response = post_raw(client, json.dumps(patient_view()), content_type=content_type)
        assert response.status_code in (200, 412), response.get_json()


# -- size and depth ----------------------------------------------------------------------------------
def test_a_body_over_the_limit_is_a_413(client):
    body = patient_view()
    body["prefetch"]["padding"] = "x" * SMALL_LIMIT
    assert_json_error(post_raw(client, json.dumps(body)), 413, "payload-too-large")


def test_a_chunked_body_over_the_limit_is_a_413_not_a_truncated_400(client):
    body = json.dumps({**patient_view(), "padding": "x" * SMALL_LIMIT}).encode()
    response = client.post(
        PATIENT_VIEW,
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn sets it for chunked requests
    )
    assert_json_error(response, 413, "payload-too-large")


def test_a_body_just_under_the_limit_is_read(client):
    body = patient_view()
    body["prefetch"]["padding"] = ""
    body["prefetch"]["padding"] = "x" * (SMALL_LIMIT - len(json.dumps(body)) - 1)
    assert post_raw(client, json.dumps(body)).status_code in (200, 412)


def test_a_hundred_thousand_nested_arrays_are_a_400_not_a_recursion_error(client):
    assert_json_error(post_raw(client, "[" * 100_000 + "]" * 100_000), 400, "invalid-request")


@pytest.mark.parametrize("levels", [150, 900])
def test_deep_nesting_below_the_decoders_limit_is_a_400(client, levels):
    body = patient_view()
    body["prefetch"]["conditions"] = nested(levels)
    detail = assert_json_error(post_raw(client, json.dumps(body)), 400, "invalid-request")["detail"]
    assert "nested more than" in detail


def test_modest_nesting_in_prefetch_is_missing_data_not_an_error(client):
    body = patient_view()
    body["prefetch"]["conditions"] = nested(60, {"resourceType": "Condition"})
    assert post_raw(client, json.dumps(body)).status_code in (200, 412)


@pytest.mark.parametrize("levels, leaf, status", [(98, 1, 200), (99, 1, 400), (98, [], 200)])
def test_the_depth_limit_counts_values_not_brackets(client, levels, leaf, status):
    # body (0) > prefetch (1) > conditions (2) > ... : ``levels`` lists put the leaf at depth 2 + levels.
    # (98, []): 101 brackets deep, but the deepest value, an empty list, is at depth 100.
    body = patient_view()
    body["prefetch"]["conditions"] = nested(levels, leaf)
    response = post_raw(client, json.dumps(body))
    if status == 400:
        assert "nested more than" in assert_json_error(response, 400, "invalid-request")["detail"]
    else:
        assert response.status_code in (200, 412)


@pytest.mark.parametrize("closing", ["]" * 60, '"]' * 30, "]" * 50 + "\\"], ids=["plain", "quotes", "backslashes"])
def test_brackets_inside_strings_never_hide_the_depth(client, closing):
    # Text that looks like closing brackets before the deep part and opening ones after it.
    body = patient_view()
    body["prefetch"]["conditions"] = [closing, nested(120), "[" * len(closing)]
    detail = assert_json_error(post_raw(client, json.dumps(body)), 400, "invalid-request")["detail"]
    assert "nested more than" in detail


@pytest.mark.parametrize("text", ["1],[2", "]", "[1]],[[2", "{}]", "[", "", "  "])
def test_unbalanced_brackets_are_a_400_wherever_they_are(client, text):
    # parse_body reads the body inside arrays of its own (validation.read_alike): none of these may close them.
    assert_json_error(post_raw(client, text or " "), 400, "invalid-request")
    with pytest.raises(InvalidRequest, match="not valid JSON"):
        validation.parse_body(text.encode())


@pytest.mark.parametrize("literal", [str(2**70), str(-(2**64) - 1), "1.5e3", "-0", "1e-400"])
def test_numbers_are_read_as_the_json_module_reads_them(literal):
    raw = ('{"hook": "patient-view", "value": ' + literal + "}").encode()
    parsed = validation.parse_body(raw)
    assert parsed == json.loads(raw) and type(parsed["value"]) is type(json.loads(raw)["value"])


@pytest.mark.parametrize(
    "text",
    [
        '{"seed": "Person seed: -7149071793493970994", "value": 18446744073709551616000}',  # digits in a string first
        '{"note": "a \\"quoted\\" 12345678901234567890", "value": 123456789012345678901}',  # escaped quotes before
        '{"note": "\\\\", "values": [1.12345678901234567890, 2e-12345678901234567890, 5]}',  # not integers
        '{"ids": ["1234567890123456789012", "x"], "n": 1234567890123456789}',
        '{"note": "1234567890123456789012, then text", "n": [12345678901234567890123 ]}',  # a comma in a string
    ],
)
def test_long_digit_runs_in_strings_and_numbers_are_read_as_the_json_module_reads_them(text):
    raw = text.encode()
    parsed = validation.parse_body(raw)
    assert parsed == json.loads(raw)
    assert [type(v) for v in parsed.values()] == [type(v) for v in json.loads(raw).values()]


# -- odd values --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "where, literal",
    [
        ("expires", "1e400"),
        ("expires", "-1e400"),
        ("expires", "NaN"),
        ("expires", "9" * 5000),  # beyond Python's 4300-digit int parsing limit
        ("patient", "1e400"),
        ("prefetch", "Infinity"),
        ("prefetch", "123456789012345678901234567890e-400"),
    ],
)
def test_huge_and_non_finite_numbers_never_cause_a_500(client, where, literal):
    body = json.loads(
        json.dumps(
            load_json(EXAMPLES / "spec-2.0.1" / "spec-02-request-patient-view-with-fhirAuthorization-and-prefetch.json")
        )
    )
    marker = "__NUMBER__"
    if where == "expires":
        body["fhirAuthorization"]["expires_in"] = marker
    elif where == "patient":
        body["context"]["patientId"] = marker
    else:
        body["prefetch"]["patientToGreet"] = marker
    response = post_raw(client, json.dumps(body).replace(f'"{marker}"', literal))
    if where == "prefetch":
        assert response.status_code in (200, 412)
    else:
        assert_json_error(response, 400, "invalid-request")


@pytest.mark.parametrize(
    "data",
    [b'{"hook": "\xff\xfe"}', b"\xef\xbb\xbf\xff", b'{"hook": "patient-view", "context": {"userId": "\xc3\x28"}}'],
    ids=["invalid-start-byte", "bom-then-garbage", "bad-continuation"],
)
def test_invalid_utf8_is_a_400(client, data):
    assert_json_error(post_raw(client, data), 400, "invalid-request")


@pytest.mark.parametrize("path", [PATIENT_VIEW, f"{PATIENT_VIEW}/feedback"])
def test_an_unpaired_surrogate_is_a_400_before_it_reaches_storage_or_logs(client, path):
    data = json.dumps(patient_view()).replace("COREPRACTITIONER1", "\\ud800")
    if path.endswith("feedback"):
        data = (
            '{"feedback": [{"card": "\\udfff", "outcome": "overridden", "outcomeTimestamp": "2021-12-11T10:05:31Z"}]}'
        )
    assert "Unicode" in assert_json_error(post_raw(client, data, path=path), 400, "invalid-request")["detail"]


# -- routing -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/cds-services/no-such-service", "/cds-services/no-such-service/feedback"])
def test_an_unknown_service_is_a_404(client, path):
    assert_json_error(client.post(path, json=patient_view()), 404, "unknown-service")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", [PATIENT_VIEW, f"{PATIENT_VIEW}/feedback"])
def test_a_service_url_answers_only_post(client, method, path):
    assert_json_error(client.open(path, method=method), 405, "method-not-allowed")


def test_a_hook_this_service_does_not_answer_is_a_400(client):
    body = {**patient_view(), "hook": "encounter-discharge"}
    assert_json_error(post_raw(client, json.dumps(body)), 400, "invalid-request")


@pytest.mark.parametrize(
    "capture, field, value",
    [
        ("01-patient-view.json", "patientId", 1288992),
        ("01-patient-view.json", "userId", ["Practitioner/1"]),
        ("03-order-select.json", "selections", "MedicationRequest/request-123"),
        ("03-order-select.json", "draftOrders", []),
        ("04-order-sign.json", "draftOrders", "Bundle"),
        ("04-order-sign.json", "patientId", {"reference": "Patient/bm-1"}),
    ],
)
def test_context_fields_of_the_wrong_type_are_a_400(client, capture, field, value):
    document = load_json(SANDBOX / capture)
    body = copy.deepcopy(document["body"])
    body["context"][field] = value
    response = client.post(document["http"]["path"], json=body)
    errors = assert_json_error(response, 400, "invalid-request")["errors"]
    assert [e["path"] for e in errors] == [f"/context/{field}"]


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        "",
        0,
        -1.5,
        True,
        [],
        [None, 1, "x"],
        {},
        {"resourceType": 42},
        {"resourceType": "Bundle", "entry": [1, None, "x"]},
    ],
)
def test_prefetch_garbage_is_never_a_5xx_nor_a_400(client, garbage):
    body = patient_view()
    for key in ("patient", "conditions", "observations", "medicationRequests"):
        body["prefetch"][key] = garbage
    assert post_raw(client, json.dumps(body)).status_code in (200, 412)


# -- mutation loop ----------------------------------------------------------------------------------
JUNK: list[Any] = [
    *(None, "", " ", 0, -1, 2**63, 1e308, 0.5, True, False, [], {}, [None], {"": None}, "x" * 300),
    *("Patient/../../etc", "\u4e2d\u6587", {"resourceType": "Bundle"}, [[[[[]]]]], "2021-12-11T10:05:31Z"),
]


def _nodes(document: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in a JSON document, found without recursion."""
    found, stack = [], [document]
    while stack:
        container = stack.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in list(keys):
            found.append((container, key))
            if isinstance(container[key], dict | list) and container[key]:
                stack.append(container[key])
    return found


def _mutate(document: Any, rng: random.Random) -> Any:
    nodes = _nodes(document) if isinstance(document, dict | list) else []
    if not nodes:
        return copy.deepcopy(rng.choice(JUNK))
    container, key = rng.choice(nodes)
    action = rng.randrange(5)
    if action == 0:
        container[key] = copy.deepcopy(rng.choice(JUNK))
    elif action == 1 and isinstance(container, dict):
        del container[key]
    elif action == 2 and isinstance(container, dict):
        container[rng.choice(["extra", "hook", "context", "prefetch", "", "feedback"])] = copy.deepcopy(
            rng.choice(JUNK)
        )
    elif action == 3 and isinstance(container[key], str):
        text = container[key]
        container[key] = text[: rng.randrange(len(text) + 1)] + rng.choice(["", "/", "\x00", "{{", "é"])
    else:
        container[key] = [container[key]] if rng.random() < 0.5 else {"wrapped": container[key]}
    return document


def test_three_hundred_mutated_sandbox_calls_never_cause_a_5xx(client):
    rng = random.Random(20261126)
    captures = [load_json(SANDBOX / name) for name in CAPTURES]
    response_schema = validator("cds-service-response.schema.json")
    statuses: dict[int, int] = {}
    for _ in range(300):
        capture = rng.choice(captures)
        body = copy.deepcopy(capture["body"])
        for _ in range(rng.randint(1, 3)):
            body = _mutate(body, rng)
        response = client.post(capture["http"]["path"], data=json.dumps(body), content_type="application/json")
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        answer = response.get_json(silent=True)
        assert response.status_code < 500, (capture["http"]["path"], body, answer)
        assert isinstance(answer, dict), response.get_data()[:200]
        if response.status_code >= 400:
            assert isinstance(answer.get("error"), str) and isinstance(answer.get("detail"), str), answer
        elif "cards" in answer:
            assert list(response_schema.iter_errors(answer)) == []
    assert statuses.get(400, 0) > 0 and len(statuses) > 1, statuses  # the loop really reached both outcomes
