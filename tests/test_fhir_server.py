"""Fetching from a real FHIR server: sekmet-fhir on 127.0.0.1, loaded with a Synthea patient and the HL7 examples."""

from __future__ import annotations

import collections

import pytest
import requests
from conftest import EXAMPLES, load_json

from cds_service import fhir_data
from cds_service.config import DEFAULTS
from cds_service.fhir_client import FhirClient
from cds_service.services import OBSERVATION_CODES, QUERIES, SERVICES
from guideline import inputs

pytestmark = pytest.mark.fhir_server
SERVICE = SERVICES["bm-patient-view"]
RESOURCE_TYPE = {kind: QUERIES[kind].split("?")[0].split("/")[0] for kind in inputs.ALL}


@pytest.fixture(autouse=True)
def reads_every_kind(monkeypatch):
    # The rules (and so each service's reads) are still growing; these tests are about the data path.
    monkeypatch.setattr("cds_service.services.reads_for", lambda hook: inputs.ALL)
    # Fetch mechanics are tested on the plain search; the code-narrowed Observation query has its own test.
    monkeypatch.setitem(QUERIES, inputs.OBSERVATIONS, "Observation?patient={{context.patientId}}")


@pytest.fixture
def app_config(app_config, fhir_server):
    app_config["ALLOWED_FHIR_SERVERS"] = [fhir_server.base_url]
    return app_config


@pytest.fixture
def fhir_client(fhir_server, request):
    """A FhirClient allowed to read the live server; ``request.param`` may override settings."""
    settings = getattr(request, "param", {})
    client = FhirClient.from_config({**DEFAULTS, "ALLOWED_FHIR_SERVERS": [fhir_server.base_url], **settings})
    yield client
    client.close()


def call_body(fhir_server, patient_id: str, *, token: str | None = None, prefetch: dict | None = None) -> dict:
    """The spec's patient-view request, pointed at the live server, with no prefetch unless given."""
    body = load_json(EXAMPLES / "spec-2.0.1" / "spec-02-request-patient-view-with-fhirAuthorization-and-prefetch.json")
    body["fhirServer"] = fhir_server.base_url
    body["context"]["patientId"] = patient_id
    body["fhirAuthorization"]["access_token"] = token or fhir_server.token
    body["fhirAuthorization"]["scope"] = "user/*.read"
    body.pop("prefetch")
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


def synthea_counts(fhir_server) -> dict[str, int]:
    """How many resources of each data kind the loaded Synthea Bundle holds."""
    types = collections.Counter(e["resource"]["resourceType"] for e in load_json(fhir_server.synthea_bundle)["entry"])
    return {kind: types[resource_type] for kind, resource_type in RESOURCE_TYPE.items()}


def counts(data) -> dict[str, int]:
    return {kind: len(resources) for kind, resources in data.resources.items()}


def test_a_call_without_prefetch_is_answered_from_the_fhir_server(client, fhir_server):
    response = client.post("/cds-services/bm-patient-view", json=call_body(fhir_server, fhir_server.synthea_patient_id))

    assert response.status_code == 200
    assert isinstance(response.get_json()["cards"], list)


def test_gather_reads_every_resource_of_the_patient_from_the_server(fhir_server, fhir_client):
    data = fhir_data.gather(SERVICE, call_body(fhir_server, fhir_server.synthea_patient_id), fhir_client)

    assert counts(data) == synthea_counts(fhir_server)  # 9 Conditions, 290 Observations (2 pages of 200), ...
    assert counts(data)["observations"] > DEFAULTS["FHIR_PAGE_SIZE"]
    assert data.resources["patient"][0]["id"] == fhir_server.synthea_patient_id
    assert data.gaps == []


@pytest.mark.parametrize("fhir_client", [{"FHIR_PAGE_SIZE": 25}], indirect=True)
def test_small_pages_are_followed_to_the_last_one(fhir_server, fhir_client):
    data = fhir_data.gather(SERVICE, call_body(fhir_server, fhir_server.synthea_patient_id), fhir_client)

    observation_ids = [o["id"] for o in data.resources["observations"]]
    assert len(observation_ids) == synthea_counts(fhir_server)["observations"] == 290
    assert len(set(observation_ids)) == len(observation_ids)
    assert data.gaps == []


@pytest.mark.parametrize("fhir_client", [{"FHIR_PAGE_SIZE": 25, "FHIR_MAX_PAGES": 2}], indirect=True)
def test_the_page_cap_keeps_what_was_read_and_records_a_gap(fhir_server, fhir_client):
    data = fhir_data.gather(SERVICE, call_body(fhir_server, fhir_server.synthea_patient_id), fhir_client)

    assert len(data.resources["observations"]) == 50
    assert len(data.resources["conditions"]) == 9  # one page: complete
    assert {(g.what, g.reason) for g in data.gaps} >= {("observations", "truncated after 2 pages")}


def test_a_paginated_prefetch_is_completed_from_the_server(fhir_server, fhir_client):
    # The EHR prefetched only the first page of 100 Observations; the rest is read through its next links.
    first_page = requests.get(
        f"{fhir_server.base_url}/Observation",
        params={"patient": fhir_server.synthea_patient_id, "_count": "100"},
        headers={"Authorization": f"Bearer {fhir_server.token}", "Accept": "application/fhir+json"},
        timeout=10,
    ).json()
    assert len(first_page["entry"]) == 100
    body = call_body(fhir_server, fhir_server.synthea_patient_id, prefetch={"observations": first_page})

    data = fhir_data.gather(SERVICE, body, fhir_client)

    assert len({o["id"] for o in data.resources["observations"]}) == 290
    assert data.gaps == []


def test_prefetch_and_fetch_combine_for_the_spec_example_patient(fhir_server, fhir_client):
    patient = load_json(fhir_server.synthea_bundle.parents[1] / "hl7-r4-examples" / "Patient-f201.json")
    body = call_body(fhir_server, "f201", prefetch={"patient": patient, "medicationRequests": None})

    data = fhir_data.gather(SERVICE, body, fhir_client)

    assert data.resources["patient"] == [patient]
    assert data.resources["medication-requests"] == []  # null: no data, not fetched
    assert [c["id"] for c in data.resources["conditions"]] == ["f202"]
    assert sorted(o["id"] for o in data.resources["observations"]) == ["f204", "f205"]
    assert [p["id"] for p in data.resources["procedures"]] == ["f201"]


@pytest.mark.parametrize(
    "token, fragment",
    [
        ("not-the-token", "FHIR server refused the access token (HTTP 401)"),
        (None, "asks for an access token and fhirAuthorization gave none (HTTP 401)"),
    ],
)
def test_a_server_that_refuses_the_token_gives_412(client, fhir_server, token, fragment):
    body = call_body(fhir_server, fhir_server.synthea_patient_id, token=token)
    if token is None:
        del body["fhirAuthorization"]

    response = client.post("/cds-services/bm-patient-view", json=body)

    assert response.status_code == 412
    assert response.get_json()["error"] == "precondition-failed"
    assert fragment in response.get_json()["detail"]
    assert "not-the-token" not in response.get_json()["detail"]


def test_a_patient_the_server_does_not_hold_gives_412(client, fhir_server):
    response = client.post("/cds-services/bm-patient-view", json=call_body(fhir_server, "no-such-patient"))

    assert response.status_code == 412
    assert "Patient was not found (HTTP 404)" in response.get_json()["detail"]


def test_the_discovery_observation_query_fetches_only_the_codes_the_rules_read(fhir_server, fhir_client, monkeypatch):
    narrowed = "Observation?patient={{context.patientId}}&code=" + OBSERVATION_CODES
    monkeypatch.setitem(QUERIES, inputs.OBSERVATIONS, narrowed)
    data = fhir_data.gather(SERVICE, call_body(fhir_server, fhir_server.synthea_patient_id), fhir_client)

    wanted = {code.split("|", 1)[1] for code in narrowed.split("code=", 1)[1].split(",")}
    bundle = [e["resource"] for e in load_json(fhir_server.synthea_bundle)["entry"]]

    def key(observation: dict) -> tuple:  # the server assigns its own ids to a transaction's entries
        return observation["code"]["coding"][0]["code"], observation.get("effectiveDateTime")

    expected = collections.Counter(
        key(r)
        for r in bundle
        if r["resourceType"] == "Observation" and {c["code"] for c in r["code"]["coding"]} & wanted
    )
    fetched = collections.Counter(key(o) for o in data.resources["observations"])
    assert fetched == expected
    assert {code for code, _ in fetched} <= wanted
    assert (
        0 < sum(fetched.values()) < synthea_counts(fhir_server)["observations"]
    )  # calcium, creatinine, weight ... not all 290
