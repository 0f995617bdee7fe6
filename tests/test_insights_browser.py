"""The insights page as the CDS committee sees it: Chromium through Playwright (tests/browser.py).

Cards are raised and feedback posted through the real app first; the page then shows their counts and the
plot, filters by date from the keyboard, and has no serious accessibility problems, in English and Chinese.
Set SCREENSHOT_DIR to keep screenshots (docs/screenshots/insights-en.jpg and insights-zh.jpg were made so).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from browser import serious_a11y_violations
from insights_script import (
    CONFIRMED_NO_AGENT,
    ON_ZOLEDRONIC_ACID,
    PASSWORD_HASH,
    USER,
    accepted,
    basic,
    by_topic,
    call,
    overridden,
    send,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_app_config(browser_app_config):
    return {**browser_app_config, "INSIGHTS_USER": USER, "INSIGHTS_PASSWORD_HASH": PASSWORD_HASH}


@pytest.fixture
def scripted(browser_app) -> dict:
    """Two chart openings through the app; one card accepted, one overridden: the cards shown, by topic."""
    client = browser_app.test_client()
    service = next(s for s in client.get("/cds-services").get_json()["services"] if s["id"] == "bm-patient-view")
    shown = {}
    for patient, resources in (("patient-a", ON_ZOLEDRONIC_ACID), ("patient-b", CONFIRMED_NO_AGENT)):
        shown.update(by_topic(call(client, list(service["prefetch"]), resources, patient)))
    send(client, accepted(shown["renal-check"]), overridden(shown["dental-review"], "already-addressed"))
    return shown


def signed_in(page):
    page.set_extra_http_headers(basic())
    return page


def keep_screenshot(page, name: str) -> None:
    """With SCREENSHOT_DIR set, the first screen as JPEG (the rule pages' screenshots are taken the same way)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.set_viewport_size({"width": 960, "height": 1100})
        page.screenshot(path=str(Path(folder) / f"{name}.jpg"), type="jpeg", quality=50)


def count(page, topic: str, outcome: str) -> int:
    cell = page.locator(f'#by-topic-table tr[data-topic="{topic}"] td[data-count="{outcome}"]')
    return int(cell.inner_text().split()[0])


def test_the_page_shows_the_counts_and_the_plot_after_feedback(site, page, scripted):
    response = signed_in(page).goto(site + "/insights?lang=en")

    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Card feedback insights"
    assert int(page.locator("#total-shown").inner_text()) == len(scripted)
    assert (count(page, "renal-check", "accepted"), count(page, "renal-check", "ignored")) == (1, 0)
    assert (count(page, "dental-review", "overridden"), count(page, "bisphosphonate-start", "ignored")) == (1, 1)
    plot = page.locator("figure.trend svg")
    assert plot.get_attribute("role") == "img"
    assert "cards shown" in (page.locator("#plot-desc").text_content() or "")
    assert plot.locator("rect").count() == 3  # today's bar: accepted, overridden, ignored
    assert page.locator("#reasons-table").inner_text().count("Already addressed") == 1
    assert serious_a11y_violations(page) == []
    keep_screenshot(page, "insights-en")


def test_the_chinese_page_has_the_same_counts_and_no_serious_accessibility_problems(site, page, scripted):
    signed_in(page).goto(site + "/insights?lang=zh")

    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "卡片反馈统计"
    assert int(page.locator("#total-shown").inner_text()) == len(scripted)
    assert count(page, "dental-review", "overridden") == 1
    assert "已在其他地方处理或开具" in page.locator("#reasons-table").inner_text()
    assert serious_a11y_violations(page) == []
    keep_screenshot(page, "insights-zh")


def test_the_date_filter_is_used_from_the_keyboard(site, page, scripted):
    signed_in(page).goto(site + "/insights?lang=en")
    last_week = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()  # no card was shown that day

    order: list[str] = []
    while "BUTTON" not in order and len(order) < 40:  # skip link, navigation, languages, then the form
        page.keyboard.press("Tab")  # (a date field takes a Tab per day, month and year part)
        order.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert order.index("from") < order.index("to") < order.index("service") < order.index("topic") < order.index(
        "BUTTON"
    )

    page.locator("#from").fill(last_week)
    page.locator("#to").fill(last_week)
    page.locator("#to").focus()
    while page.evaluate("document.activeElement.tagName") != "BUTTON":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert f"from={last_week}" in page.url
    assert page.locator("#total-shown").inner_text() == "0"
    assert "No cards were shown" in page.locator("main").inner_text()

    page.locator("details.trend-table summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("details.trend-table").get_attribute("open") is not None


def test_the_page_asks_the_browser_for_its_own_sign_in(site, page):
    response = page.request.get(site + "/insights")  # page.goto would stop at the browser's sign-in prompt
    assert response.status == 401
    assert response.headers["www-authenticate"].startswith("Basic realm=")
