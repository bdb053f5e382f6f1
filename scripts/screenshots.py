"""Screenshots of the main pages for docs/screens/, from the demo built afresh in a temporary folder.

    .venv/bin/python scripts/screenshots.py [--out docs/screens] [--port 8791]

Builds the demo (`chitieu demo --no-serve`) into a temporary CHITIEU_HOME, serves it
(`chitieu serve --no-worker`, in demo mode: the demo/demo admin logs in from 127.0.0.1 only), logs in
as the demo's users (khuetrung/demo editor, tinh.camle/demo province viewer, demo/demo admin) and
saves PNGs at 1366 px (the whole page, cut at 3000 px) and at 390 px (a phone). The background
jobs (the province's reports, a long document) are run by `chitieu worker --once`. The PNGs are
reduced to 256 colours (Pillow) to stay small. At the end it lists what it saw wrong: a page wider
than the window, or what axe-core (tests/browser/vendor/axe.min.js) finds of impact serious or critical.

Uses Debian's chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
"""

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
SEED = ROOT / "src" / "chitieu" / "demo" / "seeds" / "004_9ccd0a3510ad4263.txt"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--font-render-hinting=none"]  # fmt: skip
WIDE = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 3000  # px of a full-page shot; longer pages are cut
PASSWORD = "demo"


def chitieu(*args: str, env: dict, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "chitieu.cli", *args], env=env, cwd=ROOT, **kw)


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer on port {port}")


class Shooter:
    def __init__(self, browser, base: str, out: Path):
        self.browser, self.base, self.out = browser, base, out
        self.findings: list[str] = []

    def context(self, user: str, viewport: dict):
        ctx = self.browser.new_context(base_url=self.base, viewport=viewport, locale="vi-VN")
        page = ctx.new_page()
        page.set_default_timeout(30000)
        if user:
            login(page, user)
        return ctx, page

    def shot(self, page, name: str) -> None:
        width = page.viewport_size["width"]
        path = self.out / f"{name}-{width}.png"
        height = page.evaluate("document.documentElement.scrollHeight")
        if height > MAX_HEIGHT:
            page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": MAX_HEIGHT})
        else:
            page.screenshot(path=str(path), full_page=True)
        shrink(path)
        self.check(page, name)
        print(f"  {path} ({path.stat().st_size // 1024} KB)")

    def check(self, page, name: str) -> None:
        width, scroll = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
        if scroll > width + 1:
            self.findings.append(f"{name} at {width} px: the page is {scroll} px wide")
        if not page.evaluate("typeof window.axe === 'object'"):
            page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                where = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                self.findings.append(f"{name} at {width} px: {v['id']} ({v['impact']}) {v['help']}: {where}")


def shrink(path: Path) -> None:
    """256 colours and PNG's best compression: a page of text loses nothing visible."""
    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def login(page, user: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/login/" in page.url:
        raise SystemExit(f"could not log in as {user}")


def committee_id(page) -> str:
    match = re.search(r"/c/(\d+)/", page.url)
    if not match:
        raise SystemExit(f"not a committee page: {page.url}")
    return match.group(1)


def run_queue(env: dict) -> None:
    chitieu("worker", "--once", env=env).wait(timeout=600)


def shoot_all(s: Shooter, env: dict) -> None:
    for viewport in (WIDE, PHONE):
        ctx, page = s.context("", viewport)
        page.goto("/login/")
        s.shot(page, "login")
        ctx.close()

    # The ward's editor: the committee page, the term grid, a target's results, a document, the
    # Party pages, the audit log.
    for viewport in (WIDE, PHONE):
        ctx, page = s.context("khuetrung", viewport)
        page.wait_for_selector("#targets")
        c = committee_id(page)
        s.shot(page, "committee")
        page.click("#term-grid-link")
        page.wait_for_selector("#term-grid")
        s.shot(page, "term-grid")
        page.goto(f"/party/{c}/")
        s.shot(page, "party-overview")
        page.goto(f"/party/{c}/forms/")
        s.shot(page, "party-forms")
        if viewport is WIDE:
            page.goto(f"/c/{c}/")
            page.locator("#targets a:text('Nhập kết quả')").first.click()
            page.wait_for_selector("#results")
            s.shot(page, "target-results")
            page.goto(f"/party/{c}/members/")
            s.shot(page, "party-members")
            page.goto(f"/c/{c}/documents/new/")
            page.set_input_files("input[name=file]", str(SEED))
            page.click("#upload button[type=submit]")
            page.wait_for_load_state()
            if "/jobs/" in page.url:  # a long document is read in the background
                run_queue(env)
                page.reload()
                page.click("text=Xem và nhận số liệu")
            page.wait_for_selector("#proposals")
            document_url = page.url
            s.shot(page, "document")
            page.goto(f"/u/{c}/audit/")
            s.shot(page, "audit")
        else:
            page.goto(document_url)
            s.shot(page, "document")
            page.goto(f"/u/{c}/audit/")
            s.shot(page, "audit")
        ctx.close()

    # The province's viewer: the province page, the reports of every committee, the job's page.
    job_url = None
    for viewport in (WIDE, PHONE):
        ctx, page = s.context("tinh.camle", viewport)
        page.goto("/")
        page.click("main a:text('quận Cẩm Lệ')")
        page.wait_for_selector("#committees")
        s.shot(page, "province")
        unit = re.search(r"/p/(\d+)/", page.url).group(1)
        if job_url is None:
            page.goto(f"/reports/u/{unit}/batch/")
            s.shot(page, "report-batch")
            page.check("input[name=kind][value=term]")
            page.check("input[name=fmt][value=docx]")
            page.click("main form button[type=submit]")
            page.wait_for_selector("progress")
            job_url = page.url
            run_queue(env)
        page.goto(job_url)
        page.wait_for_selector(".job-done")
        s.shot(page, "job")
        ctx.close()

    # The demo's admin: the home page lists every unit, with the admin's links.
    ctx, page = s.context("demo", WIDE)
    page.goto("/")
    s.shot(page, "home-admin")
    ctx.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chitieu-screens-") as home:
        env = {
            **os.environ,
            "CHITIEU_HOME": home,
            "CHITIEU_DEMO": "1",
            "DATABASE_URL": f"sqlite:///{Path(home) / 'demo.sqlite3'}",
        }
        print("Building the demo…")
        if chitieu("demo", "--no-serve", env=env, stdout=subprocess.DEVNULL).wait() != 0:
            return 1
        server = chitieu("serve", "--port", str(args.port), "--no-worker", env=env, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(args.port)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                shooter = Shooter(browser, f"http://127.0.0.1:{args.port}", args.out)
                shoot_all(shooter, env)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    if shooter.findings:
        print("Found on the demo's pages:")
        for line in shooter.findings:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
