"""One module per recommendation.

Each module defines:

- ``RULE``: a ``guideline.recommendation.Rule`` (REFERENCE.md ids, topic, section);
- ``HOOKS``: the hooks it runs on;
- ``READS``: the data kinds it reads (``guideline.inputs``);
- ``evaluate(facts, settings) -> Recommendation | None``;

and a docstring that quotes the guideline sentence it implements. A test walks
this package and fails when any of these is missing.
"""
