"""Screenshots of the rule pages for docs/screenshots/: the index and one topic page, in English and Chinese.

Serves the app on 127.0.0.1 (default settings, or GUIDELINE_SETTINGS from the environment) and photographs it
with Debian's Chromium through Playwright, as the browser tests do (``make test`` installs both). The first screen of
each, as JPEG, keeps the four images near 100 KB each (docs/screenshots/).

    .venv/bin/python scripts/page_screenshots.py            # rewrite docs/screenshots/rules-*.jpg
    .venv/bin/python scripts/page_screenshots.py --out DIR  # somewhere else
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from cds_service import create_app  # noqa: E402

SHOTS = {  # file name → (path, viewport width × height; the first screen only, as a reader first sees it)
    "rules-index-en": ("/rules/?lang=en", 960, 900),
    "rules-index-zh": ("/rules/?lang=zh", 960, 900),
    "rules-hypercalcemia-en": ("/rules/hypercalcemia?lang=en", 960, 1400),
    "rules-hypercalcemia-zh-phone": ("/rules/hypercalcemia?lang=zh", 375, 1400),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--format", choices=("jpg", "png"), default="jpg")
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app({"DATABASE_URL": "sqlite:///:memory:", "JWT_REQUIRED": False, "PATIENT_PSEUDONYM_KEY": "x" * 32})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_port}"
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--headless=new", "--no-sandbox"])
            for name, (path, width, height) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(site + path)
                target = args.out / f"{name}.{args.format}"
                if args.format == "jpg":
                    page.screenshot(path=str(target), type="jpeg", quality=50)
                else:
                    page.screenshot(path=str(target), type="png")
                shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
                print(f"{shown}: {target.stat().st_size // 1024} KB")
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
