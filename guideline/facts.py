"""Plain facts about one patient: what the guideline logic reads.

Facts are made from FHIR by ``fhir_mappings`` and carry no FHIR model. Every
fact keeps where it came from (``Source``) so a card can say which record a
recommendation rests on, with its date. Concepts are short stable strings
(``"creatinine"``, ``"bone-metastasis"``, ``"zoledronic-acid"``) defined by the
value sets in ``fhir_mappings/valuesets``; the guideline never sees a code.

Status is already interpreted: a fact exists only if the record is usable
(entered-in-error, refuted and cancelled records never become facts), and
``active``/``verification`` say the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar

_Fact = TypeVar("_Fact")


def _filled_at_once(cls: type[_Fact]) -> type[_Fact]:
    """The frozen dataclass ``cls`` with an ``__init__`` that writes its fields straight into ``__dict__``.

    A frozen dataclass's own ``__init__`` sets each field through ``object.__setattr__`` (plain assignment
    raises): twice the cost of this one, and the mapping makes a Measurement and a Source per Observation
    (thousands for a long record). Same parameters, order and defaults; instances stay frozen, equal and
    hashable as before (``__setattr__``, ``__eq__`` and ``__hash__`` are the dataclass's).
    """
    params, lines, defaults = [], [], {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not dataclasses.MISSING or not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields and plain defaults are supported")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        lines.append(f"    fields[{f.name!r}] = {f.name}\n")
    namespace: dict[str, Any] = {}
    exec(f"def __init__(self, {', '.join(params)}):\n    fields = self.__dict__\n{''.join(lines)}", defaults, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


@_filled_at_once
@dataclass(frozen=True)
class Source:
    """Where a fact came from: resource type and id, and a readable label."""

    resource_type: str
    resource_id: str | None
    display: str | None = None  # the code's display or text, for the card
    matched_text: str | None = None  # recognised from this text, no code (fhir_mappings/text_match.py): flagged

    @property
    def reference(self) -> str | None:
        return f"{self.resource_type}/{self.resource_id}" if self.resource_id else None


class Verification(StrEnum):
    """Condition.verificationStatus as the guideline needs it."""

    CONFIRMED = "confirmed"
    PROVISIONAL = "provisional"  # provisional, differential, unconfirmed
    UNKNOWN = "unknown"  # absent: the EHR did not say


@_filled_at_once
@dataclass(frozen=True)
class Diagnosis:
    """A Condition that is not refuted, not entered in error."""

    concept: str  # e.g. "malignancy", "bone-metastasis", "pathological-fracture"
    source: Source
    verification: Verification = Verification.UNKNOWN
    active: bool = True  # False: resolved, inactive, remission
    onset: datetime | None = None
    recorded: datetime | None = None
    primary_site: str | None = None  # for malignancy: "breast", "lung", ...
    body_site: str | None = None  # e.g. "femur", "spine", "humerus"
    stage: str | None = None  # "I".."IV" or "M1" when coded
    evidence: tuple[str, ...] = ()  # Condition.evidence.detail references

    @property
    def when(self) -> datetime | None:
        return self.onset or self.recorded


@_filled_at_once
@dataclass(frozen=True)
class Measurement:
    """A usable Observation value in the concept's canonical unit."""

    concept: str  # e.g. "creatinine", "calcium", "pain-score"
    value: float
    unit: str  # canonical unit of the concept (see fhir_mappings/units.py)
    when: datetime
    source: Source
    reference_high: float | None = None  # lab's upper limit, same unit
    reference_low: float | None = None
    original: str | None = None  # the value as sent, e.g. "1.1 mg/dL"
    body_site: str | None = None


@_filled_at_once
@dataclass(frozen=True)
class Finding:
    """A coded Observation finding that has no number (e.g. lesion type)."""

    concept: str  # e.g. "lesion-type", "mirels-site"
    value: str  # concept of the coded answer, e.g. "lytic"
    when: datetime | None
    source: Source
    body_site: str | None = None


class ImagingKind(StrEnum):
    BONE_SCAN = "bone-scan"  # radionuclide bone scan: screening only (BM-DX-04)
    XRAY = "xray"
    CT = "ct"
    MRI = "mri"
    PET_CT = "pet-ct"


CONFIRMATORY_IMAGING = frozenset({ImagingKind.XRAY, ImagingKind.CT, ImagingKind.MRI, ImagingKind.PET_CT})


@_filled_at_once
@dataclass(frozen=True)
class Imaging:
    """An imaging study or report of bone."""

    kind: ImagingKind
    when: datetime | None
    source: Source
    shows_bone_metastasis: bool | None = None  # None: report has no coded conclusion
    body_site: str | None = None


@_filled_at_once
@dataclass(frozen=True)
class Pathology:
    """A pathology/cytology report or biopsy with a coded conclusion."""

    when: datetime | None
    source: Source
    shows_malignancy: bool | None = None
    shows_bone_metastasis: bool | None = None


class MedicationStatus(StrEnum):
    ACTIVE = "active"  # active, or a statement that it is being taken
    DRAFT = "draft"  # an order being written (order hooks)
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    STOPPED = "stopped"  # stopped, not-taken
    UNKNOWN = "unknown"


@_filled_at_once
@dataclass(frozen=True)
class Dose:
    """One dose as ordered, in canonical units where known."""

    amount: float | None = None  # e.g. 4.0
    unit: str | None = None  # e.g. "mg"
    route: str | None = None  # "iv", "oral", "sc", ...
    every_days: float | None = None  # interval between doses (28 for q4w)
    infusion_minutes: float | None = None  # infusion duration when stated
    per_day: float | None = None  # total daily amount for daily regimens
    course_days: float | None = None  # how long the order runs (Timing.repeat.boundsDuration, or count x interval)


@_filled_at_once
@dataclass(frozen=True)
class Medication:
    """A medication order, statement or administration."""

    agent: str  # ingredient concept, e.g. "zoledronic-acid", "morphine"
    classes: frozenset[str]  # e.g. {"bisphosphonate", "bone-modifying-agent"}
    status: MedicationStatus
    source: Source
    start: datetime | None = None
    end: datetime | None = None
    dose: Dose | None = None
    matched_by_text: bool = False  # matched on a drug name, not a code: flagged
    # The MedicationRequest as the record holds it, kept so a card can offer to update it (e.g. put it on hold).
    resource: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def current(self) -> bool:
        return self.status in (MedicationStatus.ACTIVE, MedicationStatus.ON_HOLD)


class ProcedureStatus(StrEnum):
    DONE = "done"  # completed
    IN_PROGRESS = "in-progress"
    PLANNED = "planned"  # ServiceRequest active/draft, Procedure preparation
    NOT_DONE = "not-done"


@_filled_at_once
@dataclass(frozen=True)
class ProcedureFact:
    """A procedure done or ordered: dental examination, radiotherapy, ..."""

    concept: str  # e.g. "dental-examination", "radiotherapy", "tooth-extraction"
    status: ProcedureStatus
    when: datetime | None
    source: Source
    body_site: str | None = None


@_filled_at_once
@dataclass(frozen=True)
class Person:
    birth_date: date | None = None
    sex: str | None = None  # "male" / "female"; other or unknown → None
    deceased: bool = False

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


@_filled_at_once
@dataclass(frozen=True)
class Order:
    """A request in the hook's ``draftOrders``, as facts plus its FHIR id."""

    resource_type: str  # "MedicationRequest", "ServiceRequest", ...
    resource_id: str | None
    selected: bool  # order-select: in ``selections``; order-sign: always True
    medication: Medication | None = None
    procedure: ProcedureFact | None = None
    resource: dict[str, Any] | None = None  # the draft as sent, kept to build updates

    @property
    def reference(self) -> str | None:
        return f"{self.resource_type}/{self.resource_id}" if self.resource_id else None


@_filled_at_once
@dataclass(frozen=True)
class DataGap:
    """Data the service wanted but could not read (for cards that must say so)."""

    what: str  # e.g. "Observation", "MedicationRequest"
    reason: str  # e.g. "not prefetched and no FHIR server allowed"


@dataclass(frozen=True)
class PatientFacts:
    """Everything known about the patient at ``as_of``."""

    as_of: datetime
    person: Person = field(default_factory=Person)
    diagnoses: tuple[Diagnosis, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    findings: tuple[Finding, ...] = ()
    imaging: tuple[Imaging, ...] = ()
    pathology: tuple[Pathology, ...] = ()
    medications: tuple[Medication, ...] = ()
    procedures: tuple[ProcedureFact, ...] = ()
    orders: tuple[Order, ...] = ()
    gaps: tuple[DataGap, ...] = ()
    skipped_resources: int = 0  # resources that could not be read safely

    # -- queries the rules share -------------------------------------------------
    def text_matched(self) -> list[Any]:
        """Facts recognised from free text rather than a code (their source carries the text)."""
        kinds = (self.diagnoses, self.measurements, self.imaging, self.pathology, self.medications, self.procedures)
        ordered = tuple(fact for order in self.orders for fact in (order.medication, order.procedure) if fact)
        return [f for facts in (*kinds, ordered) for f in facts if f.source.matched_text is not None]

    def without_text_matches(self, only: object | None = None) -> PatientFacts:
        """The same facts without those recognised from text, or without just ``only`` (one such fact)."""

        def kept(items: tuple[Any, ...]) -> tuple[Any, ...]:
            if only is not None:
                return tuple(f for f in items if f is not only)
            return tuple(f for f in items if f.source.matched_text is None)

        def order_kept(order: Order) -> bool:  # a draft order read from text stands or falls with that fact
            inner = tuple(fact for fact in (order.medication, order.procedure) if fact is not None)
            return kept(inner) == inner

        return dataclasses.replace(
            self,
            diagnoses=kept(self.diagnoses),
            measurements=kept(self.measurements),
            imaging=kept(self.imaging),
            pathology=kept(self.pathology),
            medications=kept(self.medications),
            procedures=kept(self.procedures),
            orders=tuple(order for order in self.orders if order_kept(order)),
        )

    def has_diagnosis(self, concept: str, *, active_only: bool = True) -> bool:
        return any(self.diagnoses_of(concept, active_only=active_only))

    def diagnoses_of(self, concept: str, *, active_only: bool = True) -> Iterable[Diagnosis]:
        return (d for d in self.diagnoses if d.concept == concept and (d.active or not active_only))

    def measurements_of(self, concept: str, *, within: timedelta | None = None) -> list[Measurement]:
        """Values of a concept, newest first, optionally only those within a window."""
        found = self._measurements_by_concept.get(concept, ())
        if within is not None:
            return [m for m in found if self.as_of - m.when <= within]
        return list(found)

    @cached_property
    def _measurements_by_concept(self) -> dict[str, tuple[Measurement, ...]]:
        """Each concept's values up to ``as_of``, newest first (ties in record order): sorted once, read by many rules.

        In the instance's ``__dict__`` beside the fields, so not part of equality, and not carried over by
        ``dataclasses.replace``, whose copy has its own.
        """
        by_concept: dict[str, list[Measurement]] = {}
        for m in self.measurements:
            if m.when <= self.as_of:
                by_concept.setdefault(m.concept, []).append(m)
        return {concept: tuple(sorted(found, key=_when, reverse=True)) for concept, found in by_concept.items()}

    def latest(self, concept: str, *, within: timedelta | None = None) -> Measurement | None:
        values = self.measurements_of(concept, within=within)
        return values[0] if values else None

    def medications_in(self, drug_class: str, *, current_only: bool = True) -> list[Medication]:
        return [m for m in self.medications if drug_class in m.classes and (m.current or not current_only)]

    def procedures_of(self, concept: str) -> list[ProcedureFact]:
        return [p for p in self.procedures if p.concept == concept]

    def findings_of(self, concept: str) -> list[Finding]:
        return [f for f in self.findings if f.concept == concept]

    def gaps_in(self, kinds: Iterable[str]) -> tuple[DataGap, ...]:
        """The gaps in these data kinds (guideline.inputs): a claim of absence or recency over them is unsafe.

        A rule that concludes from the *absence* of a record, or from the *age* of the newest one, asks this
        first: when a page was not fetched or a query failed, the record it sees is not the patient's record.
        """
        wanted = frozenset(kinds)
        return tuple(gap for gap in self.gaps if gap.what in wanted)


def _when(measurement: Measurement) -> datetime:
    return measurement.when
