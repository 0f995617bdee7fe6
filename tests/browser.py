"""Browser fixtures: pages served by the real Flask app, driven by Debian's Chromium through Playwright.

No browser is downloaded: Playwright launches the system Chromium (``CHROMIUM``, default
/usr/bin/chromium, installed by ``make test``). The app is served by Werkzeug on 127.0.0.1 and a free
port in a thread of the test process, so a test can set the app's settings (``browser_app_config``)
and read its database afterwards. Accessibility is checked with axe-core (axe-playwright-python).

Use: ``site`` (base URL of the served app) and ``page`` (a fresh browser page per test);
``serious_a11y_violations(page)`` lists axe's serious and critical findings.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from cds_service import create_app

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs it (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_app_config(tmp_path) -> dict:
    """Settings of the app ``site`` serves; a test may change them before asking for ``site``."""
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'browser.sqlite3'}", "JWT_REQUIRED": False}


@pytest.fixture
def browser_app(browser_app_config):
    return create_app(browser_app_config)


@pytest.fixture
def site(browser_app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, browser_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def serious_a11y_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as loaded, one line each (empty: none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
