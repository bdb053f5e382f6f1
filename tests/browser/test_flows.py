"""Browser tests: Playwright driving Debian's chromium (headless) against a live server.

Skipped when /usr/bin/chromium is missing; scripts/test.sh installs it from Debian's packages.
"""

import os
import shutil
import types
from pathlib import Path

import pytest

from chitieu.demo import SEEDS_DIR
from tests.web.base import PASSWORD, populate

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]
# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip

RESOLUTION = """1- Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm.
2- Thu ngân sách nhà nước 31.336 triệu đồng.
3- Tỷ suất sinh bình quân hằng năm 10-12‰/năm."""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def world(transactional_db):
    ns = types.SimpleNamespace()
    populate(ns)
    return ns


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    p = context.new_page()
    p.set_default_timeout(15000)
    yield p
    context.close()


def login(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_login_paste_targets_and_confirm(world, page):
    login(page, "editor")
    page.wait_for_selector("#targets")  # one committee: the editor lands on it
    assert "Đảng bộ phường Kim Tân" in page.inner_text("h1")
    page.click("text=Dán chỉ tiêu")
    page.fill("textarea[name=text]", RESOLUTION)
    page.click("#propose")
    page.wait_for_selector("#confirm")
    assert "12 - 15%/năm — tăng trưởng bình quân" in page.inner_text("#confirm")
    page.click("#save-targets")
    page.wait_for_selector("#targets")
    table = page.inner_text("#targets")
    assert "31.336 triệu đồng" in table
    assert "10 - 12‰/năm" in table


def test_enter_a_result_and_see_the_verdict_change(world, page):
    login(page, "editor")
    row = page.locator(f"tr[data-target='{world.poverty.pk}']")
    assert "vượt" in row.locator(".verdict").inner_text()  # 2,5% against below 3%
    row.locator("text=Nhập kết quả").click()
    page.fill("input[name=y2022]", "3,4%")
    page.click("#save-results")
    page.wait_for_selector("#targets")
    assert page.locator(f"tr[data-target='{world.poverty.pk}'] .verdict").inner_text() == "chưa đạt"


def test_upload_seed_004_and_accept_its_figures(world, page):
    login(page, "editor")
    page.click("text=Tải lên báo cáo, bài viết")
    page.set_input_files("input[name=file]", str(SEEDS_DIR / "004_9ccd0a3510ad4263.txt"))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#proposals")
    assert "124.857 triệu đồng" in page.inner_text("#proposals")
    for text in ("124.857 triệu đồng", "312"):
        row = page.locator("#proposals tr", has=page.locator(f"td.num strong:text-is('{text}')")).first
        row.locator("input[name=year]").fill("2023")
        row.locator("button").click()
        page.wait_for_selector("#proposals")
    assert page.locator("#proposals tr.accepted").count() == 2
    page.goto(f"/c/{world.ward_a.pk}/")
    assert "124.857 triệu đồng" in page.inner_text("#figures")


def test_a_user_of_another_committee_is_refused(world, page):
    login(page, "outsider")
    response = page.goto(f"/c/{world.ward_a.pk}/")
    assert response.status == 404
    assert "Kim Tân" not in page.content()
