"""The pages as a browser shows them: Chromium through Playwright (tests/browser.py)."""

from __future__ import annotations

import pytest
from browser import serious_a11y_violations

pytestmark = pytest.mark.browser


def test_guideline_page_opens_in_chromium_without_serious_accessibility_problems(site, page):
    response = page.goto(site + "/guideline")
    assert response is not None and response.status == 200
    assert "Bone metastasis" in page.locator("h1").inner_text()
    assert serious_a11y_violations(page) == []
