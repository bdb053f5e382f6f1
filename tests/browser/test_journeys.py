"""Every journey of an office, in chromium at a laptop's width (1366 px) and a phone's (390 px).

On every page the accessibility check (axe-core, vendored in tests/browser/vendor/) finds no
violation of impact "serious" or "critical"; at 390 px the page never scrolls sideways (a wide
table scrolls inside its own container). One browser for the module, one live server.
"""

import contextlib
import datetime as dt
import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.models import MemberStatus, Sex
from chitieu.plans.models import Result, SourceDocument
from tests.party.helpers import add_member
from tests.web.base import PASSWORD
from tests.web.test_jobs import work_queue

from . import test_flows

# test_flows's fixtures: chromium (one per module), the base tree and personas
browser, world = test_flows.browser, test_flows.world
pytestmark = test_flows.pytestmark

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
FAILING = ("serious", "critical")
VIEWPORTS = {"1366": {"width": 1366, "height": 800}, "390": {"width": 390, "height": 844}}

DOCUMENT = """Báo cáo kết quả thực hiện Nghị quyết năm 2023
Tổng giá trị sản xuất năm 2023 đạt 124.857 triệu đồng, tăng 13,2% so với năm 2022.
Thu ngân sách nhà nước trên địa bàn đạt 31.500 triệu đồng.
Tỷ lệ hộ nghèo giảm còn 2,1%.
"""


def assert_accessible(page) -> None:
    """axe-core on the page as it is: no violation of impact serious or critical."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in results["violations"] if v["impact"] in FAILING]
    if bad:
        lines = [f"axe on {page.url}:"]
        for v in bad:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
            for node in v["nodes"][:8]:
                lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}: {node['failureSummary']!r}")
            if len(v["nodes"]) > 8:
                lines.append(f"    … {len(v['nodes']) - 8} more")
        pytest.fail("\n".join(lines), pytrace=False)


# The elements that reach past the window's right edge, outside any box that scrolls by itself.
WIDEST = """(w) => {
  const clipped = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > w + 1 && !clipped(e))
    .slice(0, 8)
    .map((e) => name(e) + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
}"""


def assert_fits(page) -> None:
    """At a phone's width the page does not scroll sideways."""
    width = page.evaluate("window.innerWidth")
    if width > 600:
        return
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width + 1:
        wide = page.evaluate(WIDEST, width)
        pytest.fail(f"{page.url} is {scroll} px wide at {width} px: {wide}", pytrace=False)


def check(page) -> None:
    assert_fits(page)
    assert_accessible(page)


@contextlib.contextmanager
def new_page(browser, live_server, viewport: str):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS[viewport], locale="vi-VN")
    p = context.new_page()
    p.set_default_timeout(15000)
    try:
        yield p
    finally:
        context.close()


@pytest.fixture(params=list(VIEWPORTS), ids=[f"{w}px" for w in VIEWPORTS])
def page(request, browser, live_server):
    with new_page(browser, live_server, request.param) as p:
        yield p


@pytest.fixture
def phone(browser, live_server):
    with new_page(browser, live_server, "390") as p:
        yield p


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_login_wrong_password_then_home(world, page):
    page.goto("/login/")
    check(page)
    login(page, "province", "sai mật khẩu")
    assert "/login/" in page.url
    assert "mật khẩu" in page.inner_text("main").lower()
    check(page)
    login(page, "province")
    page.wait_for_selector("h1:text('Đơn vị của bạn')")
    assert "Lào Cai" in page.inner_text("main")
    check(page)
    page.keyboard.press("Tab")  # the first stop is the skip link, shown when it has the focus
    skip = page.locator(":focus")
    assert skip.inner_text() == "Bỏ qua, đến nội dung chính"
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    response = page.goto("/khong-co-trang-nay/")
    assert response.status == 404
    check(page)


def test_committee_page_results_and_audit(world, page):
    login(page, "editor")
    page.wait_for_selector("#targets")
    assert "Tổng giá trị sản xuất" in page.inner_text("#targets")
    assert page.locator("section.reports h2").inner_text() == "Báo cáo"
    check(page)
    page.goto(f"/targets/{world.poverty.pk}/results/")
    page.wait_for_selector("input[name=y2022]")
    check(page)
    page.fill("input[name=y2022]", "2,8%")
    page.click("#save-results")
    page.wait_for_selector("#targets")
    assert Result.objects.get(target=world.poverty, year=2022).value == Decimal("2.8")
    page.goto(f"/u/{world.ward_a.pk}/audit/")
    page.wait_for_selector("#audit")
    assert "2,8" in page.inner_text("#audit")
    check(page)


def test_term_grid_type_and_save(world, page):
    login(page, "editor")
    page.goto(f"/t/{world.term_a.pk}/grid/")
    page.wait_for_selector("#term-grid")
    check(page)
    page.fill(f'input[name="t{world.admissions.pk}.y2022"]', "11")
    page.click("#save-grid")
    page.wait_for_selector(".messages")
    assert Result.objects.get(target=world.admissions, year=2022).value == 11
    check(page)


def test_upload_a_document_and_see_its_figures(world, page, tmp_path):
    login(page, "editor")
    page.goto(f"/c/{world.ward_a.pk}/documents/new/")
    check(page)
    path = tmp_path / "bao-cao-2023.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#proposals")
    assert "124.857 triệu đồng" in page.inner_text("#proposals")
    assert SourceDocument.objects.filter(committee=world.ward_a).exists()
    check(page)


def test_party_overview_members_and_forms(world, page):
    branch_b = create_unit(Kind.BRANCH, "Tổ 2", world.ward_a, branch_kind=BranchKind.RESIDENTIAL)
    add_member(world.ward_a, world.branch_a, "Nguyễn Văn An")
    add_member(world.ward_a, world.branch_a, "Trần Thị Bình", sex=Sex.FEMALE, birth=dt.date(1992, 5, 4))
    add_member(world.ward_a, branch_b, "Lê Văn Cường", admitted=dt.date(2024, 9, 1), full=False)
    add_member(world.ward_a, branch_b, "Phạm Thị Dung", status=MemberStatus.FULL, sex=Sex.FEMALE)
    login(page, "editor")
    page.goto(f"/party/{world.ward_a.pk}/")
    page.wait_for_selector("h1")
    check(page)
    page.goto(f"/party/{world.ward_a.pk}/members/")
    page.wait_for_selector("text=Trần Thị Bình")
    check(page)
    page.goto(f"/party/{world.ward_a.pk}/forms/")
    page.wait_for_selector("h1")
    check(page)


def test_province_page_and_report_batch(world, page):
    login(page, "province")
    page.goto(f"/p/{world.province.pk}/")
    page.wait_for_selector("h1")
    assert "Kim Tân" in page.inner_text("main")
    check(page)
    page.goto(f"/reports/u/{world.province.pk}/batch/")
    page.wait_for_selector("form button[type=submit]")
    check(page)
    page.click("main form button[type=submit]")
    page.wait_for_selector("progress")
    assert "/jobs/" in page.url
    assert "Đang chờ" in page.inner_text(".job-status")
    check(page)
    if page.viewport_size["width"] > 600:
        # The worker runs the queue (here, in this process); the page follows without reloading.
        page.evaluate("document.body.dataset.loaded = 'once'")
        with tempfile.TemporaryDirectory() as jobs_dir:
            with override_settings(CHITIEU_JOBS_DIR=Path(jobs_dir), CHITIEU_REPORT_PROCESSES=1):
                work_queue()
            page.wait_for_selector(".job-done", timeout=10000)
            assert page.evaluate("document.body.dataset.loaded") == "once"
            assert "Tải tệp" in page.inner_text("#job-rest")
            check(page)
        page.click("header >> text=Việc chạy nền")
        page.wait_for_selector("h1:text('Việc chạy nền')")
        check(page)


def test_the_other_pages_at_a_phones_width(world, phone):
    """The pages not in a journey above, at 390 px, as the admin (every link and form shows)."""
    m = add_member(world.ward_a, world.branch_a, "Nguyễn Văn An")
    admitted = dt.date.today() - dt.timedelta(days=300)  # a probationary member due soon
    add_member(world.ward_a, world.branch_a, "Lê Văn Cường", admitted=admitted, full=False)
    c, t, u, b = world.ward_a.pk, world.term_a.pk, world.province.pk, world.branch_a.pk
    year = dt.date.today().year - 1
    login(phone, "admin")
    for url in [
        f"/party/{c}/branches/", f"/party/{c}/members/{m.pk}/", f"/party/{c}/members/{m.pk}/edit/",
        f"/party/{c}/import/", f"/party/{c}/candidates/", f"/party/{c}/ratings/{year}/",
        f"/party/{c}/ratings/{year}/{b}/", f"/party/{c}/badges/{year}/", f"/party/{c}/probation/",
        f"/party/{c}/inspections/", f"/party/{c}/awards/", f"/party/{c}/contacts/", f"/party/{c}/forms/1/",
        f"/party/{u}/forms/", f"/c/{c}/terms/new/", f"/t/{t}/results/upload/", "/units/import/", "/units/merge/", "/",
    ]:  # fmt: skip
        response = phone.goto(url)
        assert response.status == 200, url
        check(phone)
    phone.goto(f"/t/{t}/targets/paste/")
    check(phone)
    phone.fill("textarea[name=text]", test_flows.RESOLUTION)
    phone.click("#propose")
    phone.wait_for_selector("#confirm")
    check(phone)
