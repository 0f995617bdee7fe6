"""FHIR R4 → plain facts: terminology (value sets as data), units, status and dates. Pure: no I/O."""

from fhir_mappings.record import PatientData, map_record

__all__ = ["PatientData", "map_record"]
