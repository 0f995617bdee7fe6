"""Recommendations → CDS Hooks cards (English or Chinese), with FHIR suggestions. Pure: no I/O."""

from cards.render import render

__all__ = ["render"]
