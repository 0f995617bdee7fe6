"""The guideline 《骨转移瘤诊疗规范》 as pure functions: facts in, recommendations out.

No I/O, no Flask, no FHIR models. One module per recommendation in
``guideline.rules``; each cites its guideline section and REFERENCE.md rule ids.
"""

from guideline.engine import evaluate
from guideline.facts import PatientFacts
from guideline.recommendation import Indicator, Recommendation
from guideline.settings import Settings

__all__ = ["evaluate", "PatientFacts", "Indicator", "Recommendation", "Settings"]
