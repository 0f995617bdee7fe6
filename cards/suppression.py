"""Which cards a clinician's earlier override hides (issue 9, alert fatigue): a pure decision.

A card overridden for a patient with a reason that says the matter is settled for now (already
addressed, patient declined, not within the goals of care) need not be shown again for that patient
for a while. The I/O (which topics are suppressed for this patient now) is cds_service.card_memory's;
this module only decides which cards stay, so the rule is read and tested in one place:

- A critical card always shows. Critical means act now (severe hypercalcaemia, cord compression, a
  contraindicated dose): the situation may have changed since the override, and a card hidden then
  could cost the patient more than one shown again costs the clinician.
- A card about the order being selected or signed (a topic that fires on order hooks only: dose,
  duplicate agent, bisphosphonate not indicated, dental procedure, radionuclide) always shows: an
  override of one order's card says nothing about the next order.
- Otherwise a card whose topic code is suppressed is left out; the others keep their order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from guideline.catalogue import TOPICS

PATIENT_VIEW = "patient-view"


def suppressible(card: dict) -> bool:
    """Whether an override of this card may hide the next cards of its topic for the same patient."""
    if card.get("indicator") == "critical":
        return False
    entry = TOPICS.get(_topic_code(card) or "")
    return entry is not None and PATIENT_VIEW in entry.hooks  # a topic about the patient, not one order


def kept(cards: Iterable[dict], suppressed_topics: Collection[str]) -> list[dict]:
    """The cards to show: all but the suppressible ones whose topic is suppressed, in their order."""
    return [card for card in cards if not (suppressible(card) and _topic_code(card) in suppressed_topics)]


def _topic_code(card: dict) -> str | None:
    topic = (card.get("source") or {}).get("topic") or {}
    code = topic.get("code")
    return code if isinstance(code, str) else None
