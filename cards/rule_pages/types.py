"""The shapes of rule-page text: a quote of the guideline and a topic's plain-language text."""

from __future__ import annotations

from dataclasses import dataclass

Text = dict[str, str]  # language → text
Lines = dict[str, tuple[str, ...]]  # language → sentences, one per list item


@dataclass(frozen=True)
class Quote:
    section: str  # guideline section, e.g. 一(三)3
    zh: str  # the guideline's words, OCR slips corrected
    en: str  # an English rendering (the project's, not an official translation)


@dataclass(frozen=True)
class TopicText:
    title: Text
    means: Text  # what the card means
    fires: Lines  # when it appears
    silent: Lines  # when it stays silent, or what it leaves to another card
    quotes: tuple[Quote, ...]
    # Settings read for this topic outside its rule modules (shared helpers), shown with the module's own.
    also_reads: tuple[str, ...] = ()
