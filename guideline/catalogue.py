"""The rule catalogue: every card topic the service can emit, in one place.

The topic code goes into ``card.source.topic.code`` with ``TOPIC_SYSTEM`` as its
system, so EHRs can filter, count and route cards by rule. Codes are stable:
never rename one; add a new code instead.
"""

from __future__ import annotations

from dataclasses import dataclass

TOPIC_SYSTEM = "https://bone-metastasis-cds.github.io/CodeSystem/card-topic"


@dataclass(frozen=True)
class Topic:
    code: str
    display: str
    section: str  # guideline section (一(二) = diagnosis, 一(三)3 = bisphosphonates, ...)
    hooks: tuple[str, ...]  # hooks on which the topic can fire


_PV = ("patient-view",)
_ORDERS = ("order-select", "order-sign")
_ALL = _PV + _ORDERS

TOPICS: dict[str, Topic] = {
    t.code: t
    for t in (
        Topic("bone-mets-workup", "Work-up for suspected bone metastasis", "一(二)", _PV),
        Topic("bone-mets-screening", "Routine bone-metastasis screening, high-risk primary", "一(二)", _PV),
        Topic("bone-mets-confirm", "Confirm bone metastasis seen on bone scan only", "一(二)1-2", _PV),
        Topic("bisphosphonate-start", "Start a bisphosphonate for confirmed bone metastasis", "一(三)3", _PV),
        Topic("renal-check", "Renal function before bisphosphonate", "一(三)3", _ALL),
        Topic(
            "renal-impairment",
            "Bisphosphonate dose for reduced creatinine clearance",
            "一(三)3; REFERENCE B.1-B.3",
            _ALL,
        ),
        Topic("dental-review", "Dental examination before bisphosphonate", "一(三)3", _ALL),
        Topic("analgesic-ladder", "WHO analgesic ladder step for bone pain", "一(三)2", _ALL),
        Topic("radiotherapy-referral", "Radiotherapy for painful or weight-bearing bone metastasis", "一(三)4", _PV),
        Topic("surgery-referral", "Orthopaedic/spine surgery referral (fracture risk)", "一(三)5", _PV),
        Topic("spinal-cord-compression", "Spinal cord compression: urgent management", "一(二); 一(三)4-5", _PV),
        Topic("hypercalcemia", "Hypercalcaemia of malignancy", "一(三)6", _PV),
        Topic("supportive-care", "Activity counselling and fall prevention", "一(三)1", _PV),
        Topic(
            "bisphosphonate-not-indicated",
            "Bisphosphonate ordered without confirmed bone metastasis",
            "一(三)3",
            _ORDERS,
        ),
        Topic(
            "bisphosphonate-dose", "Bisphosphonate dose, route or schedule differs from guideline", "一(三)3", _ORDERS
        ),
        Topic(
            "dental-procedure-on-bisphosphonate",
            "Invasive dental procedure during bisphosphonate/denosumab",
            "一(三)3",
            _ORDERS,
        ),
        Topic("radionuclide-caution", "Bone-seeking radionuclide contraindication or caution", "一(三)4(2)", _ORDERS),
        Topic("duplicate-bone-agent", "Second bone-modifying agent ordered", "一(三)3", _ORDERS),
    )
}


def topic(code: str) -> Topic:
    """The catalogue entry for a topic code; KeyError on an unknown code."""
    return TOPICS[code]
