"""The term grid's script (static/chitieu/grid.js) in chromium: moving like a spreadsheet, the live
check of the number format, "chưa lưu", saving one row without reloading, and the warning before
leaving with unsaved cells. The page without the script is tests/web/test_term_grid.py."""

from decimal import Decimal

from django import forms

from chitieu.plans.forms import clean_result
from chitieu.plans.models import Result, Status
from tests.web.base import make_target

from . import test_flows

# test_flows's fixtures: chromium, a live server, the base tree and personas
browser, page, world, login = test_flows.browser, test_flows.page, test_flows.world, test_flows.login


def focused_label(page) -> str:
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def open_grid(page, world) -> None:
    login(page, "editor")
    page.wait_for_selector("#targets")
    page.click("#term-grid-link")
    page.wait_for_selector("#term-grid")


def test_keys_move_like_a_spreadsheet(world, page):
    open_grid(page, world)
    page.focus(f'input[name="t{world.growth.pk}.y2020"]')
    for key, label in [
        ("Enter", "Chỉ tiêu 2, năm 2020"),  # Enter goes down, and does not send the form
        ("ArrowRight", "Chỉ tiêu 2, năm 2021"),
        ("ArrowDown", "Chỉ tiêu 3, năm 2021"),
        ("Shift+Enter", "Chỉ tiêu 2, năm 2021"),
        ("ArrowUp", "Chỉ tiêu 1, năm 2021"),  # an approved cell: read-only, still reached
        ("ArrowLeft", "Chỉ tiêu 1, năm 2020"),
    ]:
        page.keyboard.press(key)
        assert focused_label(page) == label, key
    assert "Mỗi năm ghi tốc độ tăng của năm" in page.inner_text("#grid-focus")
    assert Result.objects.count() == 5  # nothing sent


def test_a_bad_number_is_said_on_leaving_the_cell_and_a_row_saves_alone(world, page):
    open_grid(page, world)
    name = f"t{world.poverty.pk}.y2022"
    cell = page.locator(f'input[name="{name}"]')
    cell.fill("3.4%")
    assert "chưa lưu" in cell.locator("xpath=..").inner_text()
    assert page.inner_text("#grid-status") == "1 ô chưa lưu."
    page.keyboard.press("Tab")
    error_id = cell.get_attribute("aria-describedby").split()[0]
    assert cell.get_attribute("aria-invalid") == "true"
    assert "dấu chấm ngăn cách hàng nghìn" in page.inner_text(f"#{error_id}")
    cell.fill("3,4%")
    page.keyboard.press("Tab")
    assert cell.get_attribute("aria-invalid") is None
    row_save = page.locator(f'tr[data-target="{world.poverty.pk}"] button.row-save')
    row_save.click()
    page.wait_for_function("document.getElementById('grid-status').textContent.startsWith('Đã lưu')")
    assert page.inner_text("#grid-status") == "Đã lưu 1 kết quả."
    assert "đã lưu" in cell.locator("xpath=..").inner_text()
    r = Result.objects.get(target=world.poverty, year=2022)
    assert (r.value, r.status) == (Decimal("3.4"), Status.DRAFT)
    assert not row_save.is_visible()
    # the grid saved as a whole afterwards does not write the row again
    page.click("#save-grid")
    page.wait_for_selector(".messages")
    assert "Không có thay đổi nào" in page.inner_text(".messages")


def test_leaving_with_unsaved_cells_asks_first(world, page):
    open_grid(page, world)
    page.fill(f'input[name="t{world.admissions.pk}.y2023"]', "9")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay

    page.on("dialog", answer)
    page.click(".crumbs a")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.locator("#term-grid").count() == 1


def test_the_live_check_never_refuses_what_the_server_takes(world, page):
    budget = make_target(world.term_a, 4, "Thu ngân sách 5 tỷ đồng")
    open_grid(page, world)
    cases = [
        # target, typed, flagged by the live check
        (world.growth, "12.5", True),
        (world.growth, "12,5.3", True),
        (world.growth, "1.23%", True),
        (world.growth, "1.234,5", False),
        (world.growth, "-1,2", False),
        (world.growth, "âm 2", False),
        (world.growth, "tăng trưởng âm 2,6%", False),
        (world.growth, "0.5", False),
        (world.growth, "2,886,673", False),
        (world.growth, "giảm 1,2%", False),
        (budget, "31.336", True),  # money without its unit
        (budget, "-5", True),
        (budget, "31.336 triệu đồng", False),
        (budget, "5,2 tỷ đồng", False),
    ]
    for target, typed, flagged in cases:
        cell = page.locator(f'input[name="t{target.pk}.y2023"]')
        cell.fill(typed)
        page.keyboard.press("Tab")
        assert (cell.get_attribute("aria-invalid") == "true") == flagged, typed
        if flagged:
            try:
                clean_result(typed, target, 2023)
            except forms.ValidationError:
                pass
            else:
                raise AssertionError(f"{typed!r}: the live check refuses what the server takes")
    # an emptied cell is not saved: no "chưa lưu", a note instead
    stored = page.locator(f'input[name="t{world.poverty.pk}.y2021"]')
    stored.fill("")
    page.keyboard.press("Tab")
    assert "để trống: giữ số đã lưu" in stored.locator("xpath=..").inner_text()
    assert "chưa lưu" not in stored.locator("xpath=..").inner_text()
