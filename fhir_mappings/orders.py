"""The hook's draftOrders → Order facts (never current medications of the patient).

draftOrders is a Bundle (sometimes without ``type``, sometimes with STU3/DSTU2 resources).
order-select judges its ``selections``; order-sign judges every order. A draft still being
edited (no drug or code yet) becomes an Order with no medication or procedure: no card, no error.
"""

from __future__ import annotations

from collections.abc import Mapping

from fhir_mappings.medications import map_medication
from fhir_mappings.procedures import map_procedure
from fhir_mappings.reading import Ledger, Unusable, as_dict, as_list, as_str
from guideline.facts import Order

MEDICATION_ORDERS = frozenset({"MedicationRequest", "MedicationOrder"})  # MedicationOrder: DSTU2
PROCEDURE_ORDERS = frozenset({"ServiceRequest", "ProcedureRequest"})  # ProcedureRequest: STU3


def map_orders(context: Mapping, hook: str, medications: Mapping[str, dict], ledger: Ledger) -> tuple[Order, ...]:
    bundle = context.get("draftOrders") if isinstance(context, Mapping) else None
    selections = {s for s in as_list(as_dict(context).get("selections")) if isinstance(s, str)}
    orders = []
    for entry in as_list(as_dict(bundle).get("entry")):
        resource = as_dict(entry).get("resource")
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            ledger.skip("draftOrders entry", "not a resource")
            continue
        resource_type, resource_id = resource["resourceType"], as_str(resource.get("id"))
        selected = hook != "order-select" or f"{resource_type}/{resource_id}" in selections
        medication = procedure = None
        try:
            if resource_type in MEDICATION_ORDERS:
                medication = map_medication(resource, medications, draft_order=True)
            elif resource_type in PROCEDURE_ORDERS:
                procedure = map_procedure(resource, draft_order=True)
        except Unusable as exc:
            ledger.skip(resource_type, exc.reason)
        except (TypeError, ValueError, AttributeError, KeyError):
            ledger.skip(resource_type, "malformed")
        orders.append(Order(resource_type, resource_id, selected, medication, procedure, resource))
    return tuple(orders)
