"""Rule pages as a browser shows them (Chromium through Playwright, tests/browser.py): every topic in both
languages, accessibility (axe-core), keyboard use, and a phone's width."""

from __future__ import annotations

import os

import pytest
from browser import serious_a11y_violations

from cards.rule_pages import TOPIC_TEXT
from guideline.catalogue import TOPICS

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def _horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# axe takes about a second a page here: it checks the index and one page of each shape (long quotes, many
# thresholds, a card switched off, no threshold or source of its own); every page is opened and measured.
# AXE_ALL_PAGES=1 runs axe on all of them (the pages share one template).
AXE_SAMPLE = ("hypercalcemia", "bisphosphonate-start", "supportive-care", "bisphosphonate-not-indicated")


def _scrolling_regions(page) -> list[str]:
    """Elements that scroll sideways (a table or code too wide): each needs a phone user to scroll."""
    return page.evaluate(
        """[...document.querySelectorAll('main *')]
             .filter(e => e.scrollWidth > e.clientWidth + 1
                          && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
             .map(e => e.tagName + '.' + e.className)"""
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_rule_page_opens_without_serious_accessibility_problems_and_fits_a_phone(site, page, lang):
    page.set_viewport_size(PHONE)
    problems = {}
    for code in ["", *TOPICS]:
        response = page.goto(f"{site}/rules/{code}?lang={lang}")
        assert response is not None and response.status == 200, code
        if code:
            assert page.locator("h1").inner_text() == TOPIC_TEXT[code].title[lang]
            page.locator("details.technical summary").click()  # the folded detail must fit too
        found = []
        if code in ("", *AXE_SAMPLE) or os.environ.get("AXE_ALL_PAGES"):
            found = serious_a11y_violations(page)
        overflow, regions = _horizontal_overflow(page), _scrolling_regions(page)
        if found or overflow > 0 or regions:
            problems[code or "index"] = (found, overflow, regions)
    assert problems == {}


def test_keyboard_reaches_the_skip_link_the_navigation_and_opens_the_technical_detail(site, page):
    page.goto(f"{site}/rules/hypercalcemia?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()  # shown when focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    for _ in range(60):  # on through the links of the page to the folded technical detail
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("Tab never reached the technical detail's summary")
    assert not page.locator("details.technical").evaluate("d => d.open")
    page.keyboard.press("Enter")
    assert page.locator("details.technical").evaluate("d => d.open")
    assert page.locator("details.technical").get_by_text("BM-HC-01", exact=True).is_visible()


def test_the_skip_link_moves_focus_to_the_content(site, page):
    page.goto(f"{site}/rules/?lang=zh")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.locator("main h1").inner_text() == "提示卡所依据的规则"


def test_an_old_card_link_lands_on_the_topic_in_the_rule_index(site, page):
    page.goto(f"{site}/guideline?lang=zh#hypercalcemia")  # the link cards carried before the rule pages
    assert page.url.endswith("/rules/?lang=zh#hypercalcemia")
    assert page.locator("#hypercalcemia a").inner_text() == TOPIC_TEXT["hypercalcemia"].title["zh"]
