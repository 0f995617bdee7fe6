"""Where the patient stands with bone-modifying therapy: a course under way, older therapy, or none recorded.

EHRs close each infusion order after the dose, so "on therapy" cannot mean "has an active order": a course is
under way while a bone agent is current or a dose was completed within the course window. That window must
cover every interval the service itself accepts: the guideline's every 3-4 weeks (一(三)3), and every 12 weeks
for zoledronic acid when ``zoledronic_acid_12_weekly`` is on (ASCO 2017, ESMO 2020: REFERENCE B.13, B.14);
``bone_agent_course_days`` can widen it, never narrow it below the longest accepted interval.

Older therapy (a course that ended, a stop long ago) is history the cards must name ("last dose 100 days ago:
resume?"), never "no bisphosphonate recorded" (issue 9 item 4). Drafts and proposals are not therapy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from guideline import concepts as c
from guideline.facts import Medication, MedicationStatus, PatientFacts
from guideline.settings import Settings

# Longest dosing intervals the service accepts without a card: every 3-4 weeks (guideline), every 12 weeks
# (zoledronic acid de-escalation, B.13/B.14).
GUIDELINE_INTERVAL_DAYS = 28
TWELVE_WEEKLY_DAYS = 84

# Records that are therapy the patient had or has (a draft order or a plan is not).
_THERAPY = frozenset(
    {
        MedicationStatus.ACTIVE,
        MedicationStatus.ON_HOLD,
        MedicationStatus.COMPLETED,
        MedicationStatus.STOPPED,
        MedicationStatus.UNKNOWN,
    }
)


# Bisphosphonates only taken by mouth (osteoporosis agents); clodronate is oral unless given IV (300 mg/day).
ORAL_AGENTS = frozenset({"alendronate", "risedronate", "etidronate"})
CLODRONATE_IV_MAX_MG = 300.0


def oral(medication: Medication) -> bool:
    """A daily oral bisphosphonate: no IV dose, so none of the IV labels' pre-dose creatinine or withhold rules."""
    dose = medication.dose
    if dose is not None and dose.route is not None:
        return dose.route == "oral"
    if medication.agent in ORAL_AGENTS:
        return True
    amount = (dose.per_day or dose.amount) if dose is not None else None
    return medication.agent == "clodronate" and amount is not None and amount > CLODRONATE_IV_MAX_MG


def course_window(settings: Settings) -> timedelta:
    """A completed dose this recent means the course goes on: at least the longest interval the service accepts."""
    longest = TWELVE_WEEKLY_DAYS if settings.zoledronic_acid_12_weekly else GUIDELINE_INTERVAL_DAYS
    return timedelta(days=max(settings.bone_agent_course_days, longest))


def dose_date(medication: Medication) -> datetime | None:
    """When a record's (last known) dose was given: a closed record's end, else its start; a current order's start
    (its end, e.g. a validity period, may lie in the future)."""
    if medication.current:
        return medication.start or medication.end
    return medication.end or medication.start


@dataclass(frozen=True)
class BoneAgentCourse:
    """The bone-modifying therapy on record, judged at ``facts.as_of``."""

    in_course: tuple[Medication, ...]  # current, or a dose completed within the course window
    stopped_recently: tuple[Medication, ...]  # stopped within ``bone_agent_recent_days``: maybe a stop criterion
    last: Medication | None  # the newest therapy record of any status (for "last dose ... ago")
    last_date: datetime | None
    start: datetime | None  # first dose of the course under way (doses no further apart than the window)
    doses: int  # therapy records of the last agent (e.g. seven completed infusions)

    @property
    def under_way(self) -> bool:
        return bool(self.in_course)

    @property
    def bisphosphonates(self) -> tuple[Medication, ...]:
        return tuple(m for m in self.in_course if c.BISPHOSPHONATE in m.classes)

    @property
    def last_dose(self) -> datetime | None:
        """The newest dose of the course under way (a current order: its start, the dose after which labs count)."""
        dates = [d for m in self.in_course if (d := dose_date(m)) is not None]
        return max(dates) if dates else None


# The last answer: five rules and the creatinine check ask it of the same facts in one evaluation. Keyed by
# identity (the entry holds both, so neither id can be reused while it is kept); replaced in one assignment,
# so request threads never see half an entry.
_last: tuple[PatientFacts, Settings, BoneAgentCourse] | None = None


def bone_agent_course(facts: PatientFacts, settings: Settings) -> BoneAgentCourse:
    """The patient's bone-agent course at ``facts.as_of`` (facts and settings are frozen: asked once per call)."""
    global _last
    last = _last
    if last is not None and last[0] is facts and last[1] is settings:
        return last[2]
    course = _course(facts, settings)
    _last = (facts, settings, course)
    return course


def _course(facts: PatientFacts, settings: Settings) -> BoneAgentCourse:
    window = course_window(settings)
    stopped = settings.days("bone_agent_recent_days")
    records = [
        m
        for m in facts.medications_in(c.BONE_MODIFYING_AGENT, current_only=False)
        if m.status in _THERAPY and _not_after(m.start or dose_date(m), facts.as_of)
    ]
    in_course: list[Medication] = []
    stopped_recently: list[Medication] = []
    for medication in records:
        when = dose_date(medication)
        if medication.current:
            in_course.append(medication)
        elif medication.status is MedicationStatus.COMPLETED and when is not None and facts.as_of - when <= window:
            in_course.append(medication)
        elif medication.status is MedicationStatus.STOPPED and when is not None and facts.as_of - when <= stopped:
            stopped_recently.append(medication)
    dated = [m for m in records if dose_date(m) is not None]
    last = max(dated, key=lambda m: dose_date(m) or facts.as_of) if dated else (records[0] if records else None)
    last_date = dose_date(last) if last is not None else None
    doses = sum(1 for m in records if last is not None and m.agent == last.agent)
    return BoneAgentCourse(
        in_course=tuple(in_course),
        stopped_recently=tuple(stopped_recently),
        last=last,
        last_date=last_date,
        start=_course_start(in_course, records, window),
        doses=doses,
    )


def _not_after(when: datetime | None, as_of: datetime) -> bool:
    return when is None or when <= as_of


def _course_start(in_course: list[Medication], records: list[Medication], window: timedelta) -> datetime | None:
    """Walk back from the course's doses while consecutive doses are no further apart than the window."""
    if not in_course:
        return None
    dates = sorted({d for m in records if (d := m.start or m.end) is not None}, reverse=True)
    current = [d for m in in_course if (d := m.start or m.end) is not None]
    if not current:
        return None
    start = min(current)
    for when in dates:
        if when < start and start - when <= window:
            start = when
    return start
