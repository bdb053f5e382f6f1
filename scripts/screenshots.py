"""Screenshots of the committee page and the province page for docs/, from a running demo.

    bash scripts/demo.sh --port 8765 &   # then:
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765

Uses Debian's chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
DOCS = Path(__file__).resolve().parent.parent / "docs"


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", "demo")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit]")
        page.goto(f"{base}/")
        page.click("text=Đảng bộ phường Khuê Trung")
        page.wait_for_selector("#targets")
        page.screenshot(path=str(DOCS / "committee-page.png"), full_page=True)
        page.goto(f"{base}/")
        page.click("text=quận Cẩm Lệ")
        page.wait_for_selector("#committees")
        page.goto(f"{base}/")
        page.click("text=Chưa rõ cấp trên")
        page.wait_for_selector("#committees")
        page.screenshot(path=str(DOCS / "province-page.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
