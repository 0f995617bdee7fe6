"""Prefetch first, then the EHR's FHIR server: service calls over HTTP, the FHIR server mocked with ``responses``.

The prefetch and FHIR answers are the HL7 R4 specification examples for patient
``f201`` ("Roel"), wrapped in searchset Bundles the way a FHIR server returns them.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading

import pytest
import requests
import responses
from conftest import EXAMPLES, FHIR_DATA, load_json
from responses import matchers

import fhir_mappings
from cds_service import fhir_data
from cds_service.config import DEFAULTS
from cds_service.errors import DataUnavailable
from cds_service.fhir_client import FhirClient
from cds_service.services import QUERIES, SERVICES
from guideline import inputs

FHIR = "https://ehr.example.org/fhir"
TOKEN = "some-opaque-fhir-access-token"
PATIENT_ID = "f201"
HL7 = FHIR_DATA / "hl7-r4-examples"
SERVICE_URL = "/cds-services/bm-patient-view"


def example(name: str) -> dict:
    return load_json(HL7 / f"{name}.json")


def searchset(*resources: dict, next_url: str | None = None) -> dict:
    """A search result Bundle as a FHIR server sends it."""
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [{"relation": "self", "url": f"{FHIR}/search"}],
        "entry": [
            {"fullUrl": f"{FHIR}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
            for r in resources
        ],
    }
    if next_url:
        bundle["link"].append({"relation": "next", "url": next_url})
    return bundle


def full_prefetch() -> dict:
    """Every prefetch key of the service, answered for Patient/f201."""
    return {
        "patient": example("Patient-f201"),
        "conditions": searchset(example("Condition-f202")),
        "observations": searchset(example("Observation-f204"), example("Observation-f205")),
        "medicationRequests": searchset(),
        "medicationStatements": searchset(),
        "procedures": searchset(example("Procedure-f201")),
        "serviceRequests": searchset(),
        "imagingStudies": searchset(),
        "diagnosticReports": searchset(example("DiagnosticReport-f201")),
    }


def call_body(prefetch: dict, *, fhir_server: str | None = FHIR, authorization: bool = True) -> dict:
    """The spec's patient-view request example, for Patient/f201."""
    body = load_json(EXAMPLES / "spec-2.0.1" / "spec-02-request-patient-view-with-fhirAuthorization-and-prefetch.json")
    body["context"]["patientId"] = PATIENT_ID
    body["prefetch"] = prefetch
    body.pop("fhirServer")
    if fhir_server is not None:
        body["fhirServer"] = fhir_server
    if not authorization or fhir_server is None:  # the spec requires fhirServer with fhirAuthorization
        body.pop("fhirAuthorization")
    return body


def without(key: str) -> dict:
    prefetch = full_prefetch()
    del prefetch[key]
    return prefetch


def search_params(**params: str) -> list:
    return [matchers.query_param_matcher({"patient": PATIENT_ID, **params})]


@pytest.fixture(autouse=True)
def reads_every_kind(monkeypatch):
    # The rules (and so each service's reads) are still growing; these tests are about the data path.
    monkeypatch.setattr("cds_service.services.reads_for", lambda hook: inputs.ALL)
    # Fetch mechanics are tested on the plain search; the code-narrowed Observation query has its own test.
    monkeypatch.setitem(QUERIES, inputs.OBSERVATIONS, "Observation?patient={{context.patientId}}")


@pytest.fixture
def app_config(app_config):
    app_config["ALLOWED_FHIR_SERVERS"] = [FHIR]
    return app_config


@pytest.fixture
def ehr():
    """The EHR's FHIR server: only registered answers exist, any other request fails the call."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def gathered(monkeypatch):
    """The PatientData each call handed to the mappings (recorded, then passed on unchanged)."""
    seen = []
    real = fhir_mappings.map_record

    def record(data, **kwargs):
        seen.append(data)
        return real(data, **kwargs)

    monkeypatch.setattr(fhir_mappings, "map_record", record)
    return seen


def client_with(request, **settings):
    """A test client for an app built with these settings (the ``client`` fixture is built before the test runs)."""
    request.getfixturevalue("app_config").update(settings)
    return request.getfixturevalue("client")


def ids(resources: list[dict]) -> list[str]:
    return [r["id"] for r in resources]


def assert_precondition_failed(response, *fragments: str) -> str:
    assert response.status_code == 412
    body = response.get_json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == "precondition-failed"
    for fragment in fragments:
        assert fragment in body["detail"]
    return body["detail"]


# -- prefetch only -------------------------------------------------------------------------------
def test_a_fully_prefetched_call_makes_no_request_to_the_fhir_server(client, ehr, gathered):
    response = client.post(SERVICE_URL, json=call_body(full_prefetch()))

    assert response.status_code == 200
    assert len(ehr.calls) == 0
    data = gathered[0]
    assert ids(data.resources["observations"]) == ["f204", "f205"]
    assert ids(data.resources["patient"]) == ["f201"]
    assert data.resources["medication-requests"] == []
    assert data.gaps == []


def test_a_null_prefetch_key_means_no_data_and_is_not_fetched(client, ehr, gathered):
    prefetch = full_prefetch()
    prefetch["observations"] = None

    response = client.post(SERVICE_URL, json=call_body(prefetch))

    assert response.status_code == 200
    assert len(ehr.calls) == 0
    assert gathered[0].resources["observations"] == []


def test_an_empty_prefetch_bundle_means_no_data(client, ehr, gathered):
    prefetch = full_prefetch()
    prefetch["conditions"] = {"resourceType": "Bundle", "type": "searchset", "total": 0}

    response = client.post(SERVICE_URL, json=call_body(prefetch))

    assert response.status_code == 200
    assert len(ehr.calls) == 0
    assert gathered[0].resources["conditions"] == []


def test_outcome_entries_and_entries_without_a_resource_are_skipped_in_a_prefetch_bundle(client, ehr, gathered):
    prefetch = full_prefetch()
    bundle = prefetch["observations"]
    bundle["entry"].append(
        {
            "resource": {
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "warning", "code": "not-supported", "diagnostics": "unknown _sort"}],
            },
            "search": {"mode": "outcome"},
        }
    )
    bundle["entry"].append({"fullUrl": f"{FHIR}/Observation/gone"})

    response = client.post(SERVICE_URL, json=call_body(prefetch))

    assert response.status_code == 200
    assert ids(gathered[0].resources["observations"]) == ["f204", "f205"]


def test_prefetched_resources_of_another_patient_are_left_out_and_logged_without_ids(client, ehr, gathered, caplog):
    prefetch = full_prefetch()
    prefetch["observations"]["entry"].append({"resource": example("Observation-bmd")})  # Patient/pat2

    with caplog.at_level(logging.INFO, logger="cds_service"):
        response = client.post(SERVICE_URL, json=call_body(prefetch))

    assert response.status_code == 200
    assert ids(gathered[0].resources["observations"]) == ["f204", "f205"]
    assert "left out 1 observations resource(s) that name another patient" in caplog.text
    assert "pat2" not in caplog.text and PATIENT_ID not in caplog.text


# -- fetching what prefetch did not give ---------------------------------------------------------
def test_a_missing_prefetch_key_is_fetched_with_the_bearer_token(client, ehr, gathered):
    ehr.get(
        f"{FHIR}/Observation",
        match=[*search_params(_count="200"), matchers.header_matcher({"Authorization": f"Bearer {TOKEN}"})],
        json=searchset(example("Observation-f204"), example("Observation-f205")),
    )

    response = client.post(SERVICE_URL, json=call_body(without("observations")))

    assert response.status_code == 200
    assert len(ehr.calls) == 1
    assert ehr.calls[0].request.headers["Accept"] == "application/fhir+json"
    assert ids(gathered[0].resources["observations"]) == ["f204", "f205"]


def test_a_missing_patient_is_read_by_id(client, ehr, gathered):
    ehr.get(f"{FHIR}/Patient/{PATIENT_ID}", json=example("Patient-f201"))

    response = client.post(SERVICE_URL, json=call_body(without("patient")))

    assert response.status_code == 200
    assert ids(gathered[0].resources["patient"]) == ["f201"]


def test_without_fhir_authorization_an_allowed_server_is_called_without_a_token(client, ehr, gathered):
    ehr.get(f"{FHIR}/Condition", match=search_params(_count="200"), json=searchset(example("Condition-f202")))

    response = client.post(SERVICE_URL, json=call_body(without("conditions"), authorization=False))

    assert response.status_code == 200
    assert "Authorization" not in ehr.calls[0].request.headers


@pytest.mark.parametrize(
    "unusable",
    [
        {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "timeout"}]},
        "Observation?patient=f201",
        42,
        [example("Observation-f204")],
        {"issue": []},
        example("Condition-f202"),  # a resource of the wrong type for the key
    ],
    ids=["operation-outcome", "string", "number", "list", "no-resource-type", "wrong-type"],
)
def test_an_unusable_prefetch_value_is_fetched_instead(client, ehr, gathered, unusable):
    prefetch = full_prefetch()
    prefetch["observations"] = unusable
    ehr.get(f"{FHIR}/Observation", match=search_params(_count="200"), json=searchset(example("Observation-f205")))

    response = client.post(SERVICE_URL, json=call_body(prefetch))

    assert response.status_code == 200
    assert len(ehr.calls) == 1
    assert ids(gathered[0].resources["observations"]) == ["f205"]


def test_a_prefetched_patient_that_is_someone_else_is_read_from_the_server_instead(client, ehr, gathered):
    prefetch = full_prefetch()
    prefetch["patient"] = example("Patient-pat1")
    ehr.get(f"{FHIR}/Patient/{PATIENT_ID}", json=example("Patient-f201"))

    response = client.post(SERVICE_URL, json=call_body(prefetch))

    assert response.status_code == 200
    assert ids(gathered[0].resources["patient"]) == ["f201"]


def test_fetched_resources_of_another_patient_are_left_out(client, ehr, gathered):
    # A server that ignored the patient parameter must not put other patients' data on this chart.
    ehr.get(
        f"{FHIR}/Observation",
        match=search_params(_count="200"),
        json=searchset(example("Observation-f204"), example("Observation-bmd")),
    )

    response = client.post(SERVICE_URL, json=call_body(without("observations")))

    assert response.status_code == 200
    assert ids(gathered[0].resources["observations"]) == ["f204"]


def test_fhir_server_with_a_trailing_slash_and_the_default_port_matches_the_allowlist(client, ehr, gathered):
    ehr.get("https://ehr.example.org:443/fhir/Condition", match=search_params(_count="200"), json=searchset())

    response = client.post(
        SERVICE_URL, json=call_body(without("conditions"), fhir_server="https://EHR.example.org:443/fhir/")
    )

    assert response.status_code == 200
    assert len(ehr.calls) == 1


# -- paging --------------------------------------------------------------------------------------
def page_url(offset: int) -> str:
    return f"{FHIR}/Observation?patient={PATIENT_ID}&_count=1&_offset={offset}"


def serve_pages(ehr, count: int, *, endless: bool = False) -> None:
    """Observation pages of one resource each, linked by next links (the last has none unless endless)."""
    pages = [example("Observation-f204"), example("Observation-f205")] * count
    for offset in range(count):
        has_next = endless or offset < count - 1
        ehr.get(
            f"{FHIR}/Observation",
            match=search_params(_count="1", **({"_offset": str(offset)} if offset else {})),
            json=searchset(pages[offset], next_url=page_url(offset + 1) if has_next else None),
        )


def test_a_search_follows_next_links_until_the_last_page(request, ehr, gathered):
    client = client_with(request, FHIR_PAGE_SIZE=1)
    serve_pages(ehr, 3)

    response = client.post(SERVICE_URL, json=call_body(without("observations")))

    assert response.status_code == 200
    assert len(ehr.calls) == 3
    assert ids(gathered[0].resources["observations"]) == ["f204", "f205", "f204"]
    assert gathered[0].gaps == []


def test_a_search_stops_at_the_page_cap_and_records_a_gap(request, ehr, gathered):
    client = client_with(request, FHIR_PAGE_SIZE=1, FHIR_MAX_PAGES=2)
    serve_pages(ehr, 3, endless=True)

    response = client.post(SERVICE_URL, json=call_body(without("observations")))

    assert response.status_code == 200
    assert len(ehr.calls) == 2
    assert len(gathered[0].resources["observations"]) == 2
    assert [(g.what, g.reason) for g in gathered[0].gaps] == [("observations", "truncated after 2 pages")]


def test_a_later_page_that_fails_keeps_the_pages_read_and_records_a_gap(request, ehr, gathered):
    client = client_with(request, FHIR_PAGE_SIZE=1)
    ehr.get(
        f"{FHIR}/Observation",
        match=search_params(_count="1"),
        json=searchset(example("Observation-f204"), next_url=page_url(1)),
    )
    ehr.get(f"{FHIR}/Observation", match=search_params(_count="1", _offset="1"), status=503)

    response = client.post(SERVICE_URL, json=call_body(without("observations")))

    assert response.status_code == 200
    assert ids(gathered[0].resources["observations"]) == ["f204"]
    assert [(g.what, g.reason) for g in gathered[0].gaps] == [
        ("observations", "stopped after page 1: the FHIR server answered HTTP 503")
    ]


@pytest.mark.parametrize(
    "foreign",
    [
        "https://evil.example.com/fhir/Observation?_offset=1",
        "https://ehr.example.org.evil.com/fhir/Observation?_offset=1",
        "https://ehr.example.org/other/Observation?_offset=1",
        "https://ehr.example.org/fhir/../admin/Observation?_offset=1",
    ],
)
def test_a_next_link_that_leaves_the_server_is_not_followed(client, ehr, gathered, foreign):
    ehr.get(
        f"{FHIR}/Observation",
        match=search_params(_count="200"),
        json=searchset(example("Observation-f204"), next_url=foreign),
    )

    response = client.post(SERVICE_URL, json=call_body(without("observations")))

    assert response.status_code == 200
    assert len(ehr.calls) == 1
    assert ids(gathered[0].resources["observations"]) == ["f204"]
    assert [g.what for g in gathered[0].gaps] == ["observations"]


def test_the_remaining_pages_of_a_paginated_prefetch_are_fetched(client, ehr, gathered):
    prefetch = full_prefetch()
    prefetch["observations"] = searchset(example("Observation-f204"), next_url=page_url(1))
    ehr.get(
        f"{FHIR}/Observation",
        match=[*search_params(_count="1", _offset="1"), matchers.header_matcher({"Authorization": f"Bearer {TOKEN}"})],
        json=searchset(example("Observation-f205")),
    )

    response = client.post(SERVICE_URL, json=call_body(prefetch))

    assert response.status_code == 200
    assert len(ehr.calls) == 1
    assert ids(gathered[0].resources["observations"]) == ["f204", "f205"]
    assert gathered[0].gaps == []


def test_a_paginated_prefetch_without_a_fhir_server_is_kept_as_partial_data(client, ehr, gathered):
    prefetch = full_prefetch()
    prefetch["observations"] = searchset(example("Observation-f204"), next_url=page_url(1))

    response = client.post(SERVICE_URL, json=call_body(prefetch, fhir_server=None))

    assert response.status_code == 200
    assert len(ehr.calls) == 0
    assert ids(gathered[0].resources["observations"]) == ["f204"]
    (gap,) = gathered[0].gaps
    assert gap.what == "observations" and "only the first page was prefetched" in gap.reason


# -- when the data cannot be had: 412 ------------------------------------------------------------
def test_no_fhir_server_and_a_missing_key_is_412(client, ehr):
    response = client.post(SERVICE_URL, json=call_body(without("observations"), fhir_server=None))

    detail = assert_precondition_failed(response, "no prefetch for 'observations'", "no fhirServer")
    assert "'conditions'" not in detail


@pytest.mark.parametrize(
    "server",
    [
        "https://other-ehr.example.org/fhir",
        "https://ehr.example.org.evil.com/fhir",
        "https://ehr.example.org@evil.com/fhir",
        "https://ehr.example.org/fhir-test",
        "https://ehr.example.org/fhir/Patient",
        "http://ehr.example.org/fhir",
        "https://ehr.example.org:8443/fhir",
    ],
)
def test_a_server_not_in_the_allowlist_is_never_called(client, ehr, server):
    response = client.post(SERVICE_URL, json=call_body(without("observations"), fhir_server=server))

    assert_precondition_failed(response, "no prefetch for 'observations' and fhirServer")
    assert len(ehr.calls) == 0


def test_an_empty_allowlist_allows_no_server(request, ehr):
    client = client_with(request, ALLOWED_FHIR_SERVERS=[])

    response = client.post(SERVICE_URL, json=call_body(without("observations")))

    assert_precondition_failed(response, f"fhirServer {FHIR} is not in ALLOWED_FHIR_SERVERS")
    assert len(ehr.calls) == 0


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ({"status": 500, "json": {"resourceType": "OperationOutcome"}}, "HTTP 500"),
        ({"status": 401}, "FHIR server refused the access token"),
        ({"status": 403}, "FHIR server refused the access token"),
        ({"body": requests.exceptions.ConnectTimeout()}, "did not answer in time"),
        ({"body": requests.exceptions.ReadTimeout()}, "did not answer in time"),
        ({"body": requests.exceptions.ConnectionError()}, "could not connect"),
        ({"body": "<html>Service Unavailable</html>", "content_type": "text/html"}, "not JSON"),
        (
            {"json": {"resourceType": "OperationOutcome", "issue": []}},
            "answered a search with resourceType OperationOutcome",
        ),
        ({"status": 302, "headers": {"Location": "https://evil.example.com/"}}, "redirected"),
        ({"body": '{"resourceType": "Bundle", "entry": ' + "[" * 100_000 + "]" * 100_000 + "}"}, "nested"),
        ({"body": '{"resourceType": "Bundle", "entry": [' + '{"a": ' * 500 + "1" + "}" * 500 + "]}"}, "nested"),
    ],
    ids=[
        "500",
        "401",
        "403",
        "connect-timeout",
        "read-timeout",
        "down",
        "html",
        "outcome",
        "redirect",
        "nested-100000",
        "nested-500",
    ],
)
def test_a_failed_fetch_is_412_with_the_reason(client, ehr, caplog, answer, fragment):
    ehr.get(f"{FHIR}/Observation", **answer)

    with caplog.at_level(logging.DEBUG):
        response = client.post(SERVICE_URL, json=call_body(without("observations")))

    detail = assert_precondition_failed(response, "no prefetch for 'observations'", fragment)
    assert TOKEN not in detail and PATIENT_ID not in detail
    assert TOKEN not in caplog.text


def test_a_patient_the_server_does_not_know_is_412(client, ehr):
    ehr.get(f"{FHIR}/Patient/{PATIENT_ID}", status=404, json={"resourceType": "OperationOutcome"})

    response = client.post(SERVICE_URL, json=call_body(without("patient")))

    assert_precondition_failed(response, "no prefetch for 'patient'", "Patient was not found (HTTP 404)")


def test_a_server_slower_than_the_total_deadline_is_abandoned(request, ehr):
    client = client_with(request, FHIR_TOTAL_TIMEOUT_SECONDS=0.2)
    release = threading.Event()

    def stuck(request):
        release.wait(5)
        return 200, {}, "{}"

    ehr.add_callback(responses.GET, f"{FHIR}/Observation", callback=stuck)
    try:
        response = client.post(SERVICE_URL, json=call_body(without("observations")))
    finally:
        release.set()

    assert_precondition_failed(response, "no complete answer within 0.2 s")


@pytest.fixture
def trickling_server():
    """A FHIR server on 127.0.0.1 that starts a 200 answer and then sends one byte every 50 ms, forever."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(connection):
        with connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: 99999\r\n\r\n{"
            )
            while not stop.wait(0.05):
                try:
                    connection.sendall(b" ")
                except OSError:
                    return

    def accept():
        with contextlib.suppress(OSError):
            while True:
                threading.Thread(target=serve, args=(listener.accept()[0],), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/fhir"
    stop.set()
    listener.close()


def test_a_server_that_trickles_its_answer_is_dropped_at_the_deadline(request, trickling_server):
    client = client_with(request, ALLOWED_FHIR_SERVERS=[trickling_server], FHIR_TOTAL_TIMEOUT_SECONDS=0.3)

    response = client.post(SERVICE_URL, json=call_body(without("observations"), fhir_server=trickling_server))

    assert_precondition_failed(response, "no complete answer within 0.3 s")
    # That the connection is closed at the deadline (its fetch thread freed): tests/test_fhir_capacity.py.


# -- gather on its own ---------------------------------------------------------------------------
def test_a_patient_id_with_query_characters_is_url_encoded(monkeypatch, ehr):
    monkeypatch.setattr("cds_service.services.reads_for", lambda hook: {inputs.CONDITIONS})
    fhir = FhirClient.from_config({**DEFAULTS, "ALLOWED_FHIR_SERVERS": [FHIR]})
    odd_id = "f201&_id=other#x"
    body = call_body({})
    body["context"]["patientId"] = odd_id
    encoded = "f201%26_id%3Dother%23x"
    ehr.get(f"{FHIR}/Patient/{encoded}", json={**example("Patient-f201"), "id": odd_id})
    ehr.get(f"{FHIR}/Condition", match=[matchers.query_param_matcher({"patient": odd_id, "_count": "200"})], json={})

    with pytest.raises(DataUnavailable):  # the Condition answer is no Bundle: proves the query matched
        fhir_data.gather(SERVICES["bm-patient-view"], body, fhir)
    fhir.close()

    assert sorted(call.request.url for call in ehr.calls) == [
        f"{FHIR}/Condition?patient={encoded}&_count=200",
        f"{FHIR}/Patient/{encoded}",
    ]
