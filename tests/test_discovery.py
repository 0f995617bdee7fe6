"""Discovery: one service per hook, prefetch derived from what the rules read."""

from __future__ import annotations

import re

import pytest

from cds_service.services import PREFETCH_KEYS, QUERIES
from guideline import inputs
from guideline.engine import reads_for

HOOKS = {"bm-patient-view": "patient-view", "bm-order-select": "order-select", "bm-order-sign": "order-sign"}


def services(client) -> dict[str, dict]:
    response = client.get("/cds-services")
    assert response.status_code == 200
    return {s["id"]: s for s in response.get_json()["services"]}


def test_discovery_lists_one_service_per_hook(client):
    found = services(client)
    assert {sid: s["hook"] for sid, s in found.items()} == HOOKS
    for service in found.values():
        assert service["title"] and service["description"]


@pytest.mark.parametrize("service_id, hook", HOOKS.items())
def test_prefetch_asks_for_exactly_what_the_rules_of_the_hook_read(client, service_id, hook):
    prefetch = services(client)[service_id]["prefetch"]
    expected = reads_for(hook) | {inputs.PATIENT}
    assert set(prefetch) == {PREFETCH_KEYS[kind] for kind in expected}
    for kind in expected:
        assert prefetch[PREFETCH_KEYS[kind]] == QUERIES[kind]


def test_prefetch_templates_use_only_the_patient_id_token(client):
    for service in services(client).values():
        for template in service["prefetch"].values():
            assert re.findall(r"\{\{([^}]*)\}\}", template) == ["context.patientId"]


def test_discovery_stays_public_when_service_calls_need_a_jwt(app_config):
    from cds_service import create_app

    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={})
    client = create_app(app_config).test_client()
    assert client.get("/cds-services").status_code == 200
    call = {"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "p", "userId": "Practitioner/1"}}
    assert client.post("/cds-services/bm-patient-view", json=call).status_code == 401
