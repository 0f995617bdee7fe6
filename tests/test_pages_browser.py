"""The pages as a browser shows them: Chromium through Playwright (tests/browser.py)."""

from __future__ import annotations

import pytest
from browser import serious_a11y_violations

pytestmark = pytest.mark.browser


def test_rule_index_opens_in_chromium_without_serious_accessibility_problems(site, page):
    response = page.goto(site + "/guideline")  # old card links: redirected to the rule pages
    assert response is not None and response.status == 200 and page.url.endswith("/rules/?lang=en")
    assert "Rules" in page.locator("h1").inner_text()
    assert serious_a11y_violations(page) == []
