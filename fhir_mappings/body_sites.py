"""bodySite codes → the sites the guideline reasons about (valuesets/body-sites.json, DICOM CID 4031).

The first coded site that maps wins; an unmapped site stays unknown (rules then
treat the lesion as of unknown site, never as a guessed one).
"""

from __future__ import annotations

from fhir_mappings import terminology as t
from fhir_mappings.reading import as_dict, as_list, codings

BODY_SITE_GROUPS = ("body-sites",)


def body_site(*concepts: object) -> str | None:
    """The site of the first CodeableConcept (or Coding) that maps to one."""
    for concept in concepts:
        concept = as_dict(concept)
        if "coding" not in concept and "code" in concept:  # a bare Coding (ImagingStudy.series.bodySite)
            concept = {"coding": [concept]}
        for system, code, _ in codings(concept):
            entry = t.INDEX.lookup(system, code, BODY_SITE_GROUPS)
            if entry is not None:
                return entry.concept
    return None


def resource_body_site(resource: dict) -> str | None:
    """bodySite of a Condition, Procedure or Observation (a list, or one concept)."""
    sites = resource.get("bodySite")
    if sites is None:  # most resources name no site
        return None
    return body_site(*(as_list(sites) if isinstance(sites, list) else [sites]))


def study_body_site(resource: dict) -> str | None:
    """The first mapped ImagingStudy.series.bodySite (R4: a Coding)."""
    return body_site(*(as_dict(series).get("bodySite") for series in as_list(resource.get("series"))))
