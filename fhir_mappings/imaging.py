"""ImagingStudy and DiagnosticReport → Imaging; pathology reports → Pathology.

The kind comes from the study or report code (LOINC/RSNA playbook "MR Lumbar spine", CPT, ICD-9-CM-3
92.14), else from DICOM CID 29 modality codes on the study or its series; nuclear medicine is a
bone scan only with a bone-scan procedure code (BM-DX-04: a bone scan is screening, never
confirmation). A report's coded conclusion (conclusionCode) with the bone-metastasis concept
sets ``shows_bone_metastasis``; a report read as negative (a "no abnormality" code, a negative conclusion
text, or normal results: fhir_mappings/imaging_conclusions.py) sets it False; otherwise it stays None.
"""

from __future__ import annotations

from datetime import datetime

from fhir_mappings import terminology as t
from fhir_mappings import text_match
from fhir_mappings.body_sites import resource_body_site, study_body_site
from fhir_mappings.dates import parse_datetime, period_point
from fhir_mappings.imaging_conclusions import Reading, read_report
from fhir_mappings.procedures import procedure_time
from fhir_mappings.reading import (
    as_dict,
    as_list,
    as_str,
    codings,
    concept_text,
    reference_id,
    source_of,
)
from guideline.facts import Imaging, ImagingKind, Pathology

_IMAGING_STUDY_USABLE = frozenset({"available"})  # registered: not yet acquired; cancelled, entered-in-error: none
REPORT_USABLE = frozenset({"final", "amended", "corrected", "appended"})
_SPECIFICITY = {"bone-scan": 0, "pet-ct": 1, "mri": 2, "ct": 3, "xray": 4}


def _first(concepts: list[object], groups: tuple[str, ...]) -> t.Entry | None:
    for concept in concepts:
        for system, code, _ in codings(concept):
            entry = t.INDEX.lookup(system, code, groups)
            if entry:
                return entry
    return None


def _modalities(resource: dict) -> list[t.Entry]:
    coded = [
        {"coding": [m]} if isinstance(m, dict) else None for m in as_list(resource.get("modality"))
    ]  # R4 ImagingStudy.modality is a list of Coding
    for series in as_list(resource.get("series")):
        modality = as_dict(series).get("modality")
        coded.append({"coding": [modality]} if isinstance(modality, dict) else None)
    found = []
    for concept in coded:
        entry = _first([concept], t.IMAGING_GROUPS)
        if entry and entry.system == t.DICOM:
            found.append(entry)
    return found


def _kind(procedure: t.Entry | None, modalities: list[t.Entry]) -> ImagingKind | None:
    if procedure is not None and procedure.system != t.DICOM:
        return ImagingKind(procedure.concept)
    usable = [m for m in modalities if not m.requires_bone_context]
    if not usable:
        return None  # e.g. NM without a bone-scan code, ultrasound: not bone imaging the guideline counts
    return ImagingKind(min(usable, key=lambda m: _SPECIFICITY[m.concept]).concept)


def map_imaging_study(resource: dict) -> Imaging | None:
    if resource.get("status") not in _IMAGING_STUDY_USABLE:
        return None
    procedure = _first(as_list(resource.get("procedureCode")), t.IMAGING_GROUPS)
    kind = _kind(procedure, _modalities(resource))
    matched_text = None
    if kind is None and procedure is None:  # no coding recognised: the study's name or description
        procedure_codes = as_list(resource.get("procedureCode"))
        found = text_match.fallback(procedure_codes, "imaging", extra=(as_str(resource.get("description")),))
        kind, matched_text = (ImagingKind(found.concept), found.text) if found else (None, None)
    if kind is None:
        return None
    return Imaging(
        kind=kind,
        when=parse_datetime(resource.get("started")),
        source=source_of(resource, _study_label(resource, procedure), matched_text),
        shows_bone_metastasis=None,
        body_site=study_body_site(resource) or (procedure.body_site if procedure else None),  # "MR Lumbar spine"
    )


def map_imaging_procedure(resource: dict) -> Imaging | None:
    """A completed Procedure, or a fulfilled ServiceRequest, that names an imaging study: done, result not read.

    Chinese HIS (ICD-9-CM-3 92.14 骨扫描, 88.x) and some EHRs record the study as a procedure and send no
    ImagingStudy. Read as done, like a study with no report, so the screening and work-up cards do not ask
    again for a scan the patient has had.
    """
    if resource.get("status") != "completed":  # preparation, in-progress: not acquired; a plan is an order
        return None
    code = resource.get("code")
    if not isinstance(code, dict):
        return None
    entry = _first([code], t.IMAGING_GROUPS)
    matched_text = None
    if entry is not None and entry.system != t.DICOM:
        kind = ImagingKind(entry.concept)
    else:  # no study code recognised: the text, as for an ImagingStudy's name
        found = text_match.fallback([code], "imaging")
        if found is None:
            return None
        kind, matched_text = ImagingKind(found.concept), found.text
    return Imaging(
        kind=kind,
        when=procedure_time(resource),  # an order's date when the study's is missing: it was done then or later
        source=source_of(resource, concept_text(code) or (entry.display if entry else None), matched_text),
        shows_bone_metastasis=None,
        body_site=resource_body_site(resource) or (entry.body_site if entry else None),
    )


def _study_label(resource: dict, procedure: t.Entry | None) -> str | None:
    for concept in as_list(resource.get("procedureCode")):
        text = concept_text(concept)
        if text:
            return text
    description = resource.get("description")
    return description if isinstance(description, str) else (procedure.display if procedure else None)


def report_time(resource: dict) -> datetime | None:
    return (
        parse_datetime(resource.get("effectiveDateTime"))
        or period_point(resource.get("effectivePeriod"))
        or parse_datetime(resource.get("issued"))
    )


def _conclusion_concepts(resource: dict) -> set[str]:
    concepts = set()
    for concept in as_list(resource.get("conclusionCode")):
        for system, code, _ in codings(concept):
            entry = t.INDEX.lookup(system, code, t.CONDITION_GROUPS)
            if entry:
                concepts.add(entry.concept)
    return concepts


def map_report(
    resource: dict,
    study_kinds: dict[str, ImagingKind],
    results: dict[str, dict] | None = None,
    study_sites: dict[str, str] | None = None,
) -> Imaging | Pathology | None:
    """An imaging report (bone-scan code, or the modality of the ImagingStudy it cites) or a pathology report.

    ``results``: Observations by id, for the interpretation of the report's ``result``; ``study_sites``: the body
    site of each ImagingStudy, which a report (no bodySite of its own in R4) takes from the study it cites.
    """
    if resource.get("status") not in REPORT_USABLE:
        return None
    code = resource.get("code")
    when = report_time(resource)
    conclusions = _conclusion_concepts(resource)
    source = source_of(resource, concept_text(code))
    if _first(as_list(resource.get("category")), t.PATHOLOGY_GROUPS):
        return Pathology(
            when=when,
            source=source,
            shows_malignancy=True if conclusions & {"malignancy", "bone-metastasis"} else None,
            shows_bone_metastasis=True if "bone-metastasis" in conclusions else None,
        )
    procedure = _first([code], t.IMAGING_GROUPS)
    if procedure is not None and procedure.system != t.DICOM:  # LOINC/RSNA study code, CPT, ICD-9-CM-3
        kind: ImagingKind | None = ImagingKind(procedure.concept)
    else:
        kind = _cited_study_kind(resource, study_kinds)
    if kind is None and procedure is None:  # no coding recognised, no study cited: the report's name
        found = text_match.fallback([code], "imaging")
        if found is not None:
            kind, source = ImagingKind(found.concept), source_of(resource, concept_text(code), found.text)
    if kind is None:
        return None
    reading = read_report(resource, results or {})
    return Imaging(
        kind=kind,
        when=when,
        source=source,
        shows_bone_metastasis={Reading.SHOWN: True, Reading.NOT_SHOWN: False}.get(reading),
        body_site=_cited(resource, study_sites or {}) or (procedure.body_site if procedure is not None else None),
    )


def _cited(resource: dict, by_study: dict[str, str]) -> str | None:
    for reference in as_list(resource.get("imagingStudy")):
        kind, ident = reference_id(reference)
        if kind == "ImagingStudy" and ident in by_study:
            return by_study[ident]
    return None


def _cited_study_kind(resource: dict, study_kinds: dict[str, ImagingKind]) -> ImagingKind | None:
    """The kind of the first cited ImagingStudy the data holds (DiagnosticReport.imagingStudy)."""
    for reference in as_list(resource.get("imagingStudy")):
        kind, ident = reference_id(reference)
        if kind == "ImagingStudy" and ident in study_kinds:
            return study_kinds[ident]
    return None
