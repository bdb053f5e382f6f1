"""The term grid (issue 15): every target × every year of a term on one page, saved all or nothing,
read by the same rules as the one-target form."""

import html
import json
import re
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chitieu.plans.models import Result, Status, Term
from chitieu.plans.workflow import set_result
from chitieu.versions import version_of

from .base import BaseTestCase, make_target
from .test_lost_updates import form_fields

YEARS = range(2020, 2026)


def grid_url(term) -> str:
    return f"/t/{term.pk}/grid/"


def key(year) -> str:
    return f"y{year}" if year is not None else "term"


def cell(target, year) -> str:
    """The name of a cell's input: "t12.y2021", or "t12.term" for the whole term."""
    return f"t{target.pk}.{key(year)}"


def input_tag(page: str, name: str) -> str:
    tags = re.findall(rf'<input\b[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert len(tags) == 1, f"{name}: {len(tags)} inputs"
    return tags[0]


def attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}="([^"]*)"', tag)
    return html.unescape(m.group(1)) if m else None


def td_of(page: str, input_id: str) -> str:
    """The <td> holding the input ``input_id``."""
    start = page.rindex("<td", 0, page.index(f'id="{input_id}"'))
    return page[start : page.index("</td>", start)]


class GridTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.editor)
        self.url = grid_url(self.term_a)

    def open(self, client=None) -> dict[str, str]:
        page = (client or self.client).get(self.url).content.decode()
        return form_fields(page, cell(self.poverty, 2021))

    def assertSaved(self, response):
        """Saved: back to the grid (not followed, so its message and marks stay for the next page)."""
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

    def stored(self, target) -> dict:
        return {r.year: (r.value, r.status) for r in Result.objects.filter(target=target)}


class GridPageTest(GridTestCase):
    def test_every_target_and_year_is_a_labelled_cell_showing_the_stored_value(self):
        page = self.client.get(self.url).content.decode()
        for target in (self.growth, self.admissions, self.poverty):
            for year in [*YEARS, None]:
                with self.subTest(target=target.number, year=year):
                    tag = input_tag(page, cell(target, year))
                    when = f"năm {year}" if year else "cả nhiệm kỳ"
                    self.assertEqual(attr(tag, "aria-label"), f"Chỉ tiêu {target.number}, {when}")
        self.assertEqual(page.count('<th scope="row"'), 3)
        self.assertEqual(page.count('<th scope="col" class="year-col">'), 7)  # 2020…2025 and the term
        self.assertIn("Cả nhiệm kỳ</th>", page)

    def test_stored_values_in_the_vietnamese_way_with_their_status(self):
        page = self.client.get(self.url).content.decode()
        cases = [
            # target, year, shown, status label, read-only
            (self.growth, 2021, "11%", "đã duyệt", True),
            (self.growth, 2022, "12,5%", "đã duyệt", True),
            (self.admissions, 2021, "12", "đã gửi", False),
            (self.poverty, 2021, "2,5%", "nháp", False),
            (self.poverty, 2022, "", None, False),
        ]
        for target, year, shown, label, readonly in cases:
            with self.subTest(target=target.number, year=year):
                tag = input_tag(page, cell(target, year))
                self.assertEqual(attr(tag, "value"), shown)
                self.assertEqual(" readonly" in tag, readonly)
                td = td_of(page, attr(tag, "id"))
                if label:
                    self.assertIn(f">{label}</span>", td)
                else:
                    self.assertNotIn('class="st"', td)

    def test_the_target_in_words_its_unit_and_the_cell_hint(self):
        page = self.client.get(self.url).content.decode()
        self.assertIn("12 - 15%/năm", page)  # format_target of the growth target
        self.assertIn("Mỗi năm ghi tốc độ tăng của năm, có thể âm", page)  # its CELL_HINTS line
        tag = input_tag(page, cell(self.growth, 2023))
        self.assertIn(f"h-{self.growth.pk}", attr(tag, "aria-describedby"))

    def test_the_grid_offers_the_xlsx_round_trip_and_its_script(self):
        page = self.client.get(self.url).content.decode()
        self.assertIn(f'href="/t/{self.term_a.pk}/results.xlsx"', page)
        self.assertIn(f'href="/t/{self.term_a.pk}/results/upload/"', page)
        self.assertIn("chitieu/grid.js?v=", page)
        self.assertIn('id="save-grid"', page)

    def test_a_term_without_targets_says_so(self):
        empty = Term.objects.create(committee=self.ward_a, start_year=2026, end_year=2030)
        r = self.client.get(grid_url(empty))
        self.assertContains(r, "chưa có chỉ tiêu")
        self.assertNotContains(r, 'id="term-grid"')


class GridSaveTest(GridTestCase):
    def test_only_changed_cells_are_written_as_drafts(self):
        before = {r.pk: version_of(r) for r in Result.objects.filter(target__term=self.term_a)}
        fields = self.open()
        fields[cell(self.poverty, 2022)] = "1,9%"
        fields[cell(self.admissions, 2022)] = "11"
        r = self.client.post(self.url, fields)
        self.assertSaved(r)
        self.assertEqual(self.stored(self.poverty)[2022], (Decimal("1.9"), Status.DRAFT))
        self.assertEqual(self.stored(self.admissions)[2022], (Decimal(11), Status.DRAFT))
        self.assertEqual(Result.objects.get(target=self.poverty, year=2022).entered_by, self.editor)
        after = {r.pk: version_of(r) for r in Result.objects.filter(pk__in=before)}
        self.assertEqual(after, before)  # every other result as it was, the approved and submitted too
        page = self.client.get(self.url).content.decode()
        self.assertIn("Đã lưu 2 kết quả.", page)
        self.assertIn(">đã lưu</span>", td_of(page, f"c-{self.poverty.pk}-y2022"))
        self.assertNotIn(">đã lưu</span>", td_of(page, f"c-{self.poverty.pk}-y2021"))

    def test_a_value_typed_again_as_stored_changes_nothing(self):
        submitted = Result.objects.get(target=self.admissions, year=2021)
        cases = [
            (self.admissions, 2021, "12,0"),  # "12" stored, submitted: it must not fall back to a draft
            (self.poverty, 2021, "2,50%"),
            (self.admissions, 2021, "  12 "),
        ]
        for target, year, typed in cases:
            with self.subTest(typed=typed):
                fields = self.open()
                fields[cell(target, year)] = typed
                r = self.client.post(self.url, fields, follow=True)
                self.assertContains(r, "Không có thay đổi nào nên chưa lưu gì.")
        submitted_now = Result.objects.get(pk=submitted.pk)
        self.assertEqual((submitted_now.status, version_of(submitted_now)), (Status.SUBMITTED, version_of(submitted)))

    def test_the_grid_posted_untouched_says_nothing_changed(self):
        r = self.client.post(self.url, self.open(), follow=True)
        self.assertContains(r, "Không có thay đổi nào nên chưa lưu gì.")
        self.assertNotContains(r, "Đã lưu")

    def test_signed_values_and_words_as_the_one_target_form_reads_them(self):
        fall = make_target(self.term_a, 4, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        title = make_target(self.term_a, 5, "Giữ vững danh hiệu phường văn minh đô thị")
        budget = make_target(self.term_a, 6, "Thu ngân sách 5 tỷ đồng")
        cases = [
            # target, year, typed, stored, shown back
            (self.growth, 2023, "-2,6%", Decimal("-2.6"), "-2,6%"),
            (self.growth, 2024, "tăng trưởng âm 1%", Decimal(-1), "-1%"),
            (self.growth, 2025, "1.234,5%", Decimal("1234.5"), "1.234,5%"),
            (fall, 2020, "6,2%", Decimal("6.2"), "6,2%"),
            (fall, None, "giảm 1,2%", Decimal("1.2"), "giảm 1,2%/năm"),
            (title, 2021, "giữ vững", Decimal(1), "đạt"),
            (budget, 2021, "5.200 triệu đồng", Decimal(5_200_000_000), "5,2 tỷ đồng"),
        ]
        fields = self.open()
        for target, year, typed, _, _ in cases:
            fields[cell(target, year)] = typed
        self.assertSaved(self.client.post(self.url, fields))
        page = self.client.get(self.url).content.decode()
        for target, year, typed, value, shown in cases:
            with self.subTest(typed=typed):
                self.assertEqual(Result.objects.get(target=target, year=year).value, value)
                self.assertEqual(attr(input_tag(page, cell(target, year)), "value"), shown)

    def test_an_emptied_cell_keeps_its_stored_value_and_says_so(self):
        fields = self.open()
        fields[cell(self.poverty, 2021)] = ""
        r = self.client.post(self.url, fields, follow=True)
        self.assertContains(r, "1 ô để trống vẫn giữ số liệu đã lưu")
        self.assertEqual(self.stored(self.poverty)[2021], (Decimal("2.5"), Status.DRAFT))


class GridRefusesTest(GridTestCase):
    def test_a_bad_value_is_said_beside_its_cell_and_nothing_is_written(self):
        budget = make_target(self.term_a, 6, "Thu ngân sách 5 tỷ đồng")
        cases = [
            # target, year, typed, the message
            (self.poverty, 2022, "3.4%", "dấu chấm ngăn cách hàng nghìn"),
            (self.poverty, 2022, "abc", "Không đọc được kết quả"),
            (self.poverty, 2022, "-1,2%", "số âm"),
            (budget, 2022, "31.336", "đơn vị tiền"),
            (self.admissions, None, "12,5.3", "Số viết không rõ"),
        ]
        for target, year, typed, message in cases:
            with self.subTest(typed=typed):
                fields = self.open()
                fields[cell(target, year)] = typed
                fields[cell(self.poverty, 2023)] = "2%"  # a good value beside it
                r = self.client.post(self.url, fields)
                self.assertEqual(r.status_code, 200)
                page = r.content.decode()
                tag = input_tag(page, cell(target, year))
                error_id = f"e-{target.pk}-{key(year)}"
                self.assertIn(error_id, attr(tag, "aria-describedby"))
                self.assertEqual(attr(tag, "aria-invalid"), "true")
                self.assertEqual(attr(tag, "value"), typed)
                error = re.search(rf'<span class="cell-error" id="{error_id}">([^<]*)</span>', page)
                self.assertIn(message, html.unescape(error.group(1)))
                self.assertEqual(page.count('class="cell-error"'), 1)  # one error, at the cell that caused it
                self.assertIn("Chưa lưu gì: 1 ô cần xem lại.", page)
                self.assertEqual(attr(input_tag(page, cell(self.poverty, 2023)), "value"), "2%")  # kept
                self.assertFalse(Result.objects.filter(target__in=(self.poverty, budget), year__in=(2022, 2023)))
                self.assertFalse(Result.objects.filter(target=self.admissions, year=None).exists())
                # the page sent back saves once corrected, from what it kept
                again = form_fields(page, cell(self.poverty, 2021))
                again[cell(target, year)] = ""
                self.assertSaved(self.client.post(self.url, again))
                self.assertEqual(self.stored(self.poverty)[2023], (Decimal(2), Status.DRAFT))
                Result.objects.filter(target=self.poverty, year=2023).delete()

    def test_an_approved_figure_is_locked(self):
        fields = self.open()
        fields[cell(self.growth, 2021)] = "20%"  # readonly in the page; a hand-made post
        fields[cell(self.poverty, 2022)] = "1,9%"
        r = self.client.post(self.url, fields)
        self.assertEqual(r.status_code, 200)
        td = td_of(r.content.decode(), f"c-{self.growth.pk}-y2021")
        self.assertIn("đã được duyệt", td)
        self.assertEqual(self.stored(self.growth)[2021], (Decimal(11), Status.APPROVED))
        self.assertNotIn(2022, self.stored(self.poverty))  # all or nothing

    def test_a_malformed_grid_is_a_400(self):
        fields = self.open()
        fields[f"t{self.poverty.pk}.seen"] = "{not json"
        self.assertEqual(self.client.post(self.url, fields).status_code, 400)


class GridConflictTest(GridTestCase):
    def setUp(self):
        super().setUp()
        self.other = Client()
        self.other.force_login(self.admin)

    def test_a_cell_saved_meanwhile_comes_back_with_the_other_value_and_nothing_is_written(self):
        fields = self.open()
        set_result(self.admin, self.poverty, 2021, Decimal("2.1"))  # someone else, meanwhile
        fields[cell(self.poverty, 2021)] = "2,8%"
        fields[cell(self.poverty, 2022)] = "1,9%"
        r = self.client.post(self.url, fields)
        self.assertEqual(r.status_code, 200)
        page = r.content.decode()
        td = html.unescape(td_of(page, f"c-{self.poverty.pk}-y2021"))
        self.assertIn("Trong lúc bạn sửa, admin đã lưu «2,1%»", td)
        self.assertIn("bấm Lưu lần nữa để ghi đè", td)
        self.assertEqual(self.stored(self.poverty), {2021: (Decimal("2.1"), Status.DRAFT)})  # nothing of ours
        again = form_fields(page, cell(self.poverty, 2021))
        self.assertEqual((again[cell(self.poverty, 2021)], again[cell(self.poverty, 2022)]), ("2,8%", "1,9%"))
        self.assertSaved(self.client.post(self.url, again))  # saved again: the user decided
        self.assertEqual(
            self.stored(self.poverty), {2021: (Decimal("2.8"), Status.DRAFT), 2022: (Decimal("1.9"), Status.DRAFT)}
        )

    def test_a_cell_created_meanwhile_is_a_conflict_for_who_saw_none(self):
        fields = self.open()
        set_result(self.admin, self.poverty, 2024, Decimal("1.7"))
        fields[cell(self.poverty, 2024)] = "1,5%"
        self.assertContains(self.client.post(self.url, fields), "admin đã lưu «1,7%»")
        self.assertEqual(self.stored(self.poverty)[2024][0], Decimal("1.7"))

    def test_a_cell_the_user_left_alone_is_not_reverted(self):
        fields = self.open()
        set_result(self.admin, self.poverty, 2021, Decimal("2.1"))
        fields[cell(self.poverty, 2022)] = "1,9%"  # 2021 still shows 2,5% in this grid, untouched
        self.assertSaved(self.client.post(self.url, fields))
        self.assertEqual(self.stored(self.poverty)[2021][0], Decimal("2.1"))


class GridRowSaveTest(GridTestCase):
    """grid.js saves one row: the same endpoint, the row's fields only, a JSON answer."""

    def row(self, target, **cells) -> dict:
        fields = self.open()
        prefix = f"t{target.pk}."
        row = {k: v for k, v in fields.items() if k.startswith(prefix) or k == "csrfmiddlewaretoken"}
        row.update({f"{prefix}{k}": v for k, v in cells.items()})
        return row

    def post(self, data):
        return self.client.post(self.url, data, HTTP_ACCEPT="application/json")

    def test_a_row_saved_answers_its_new_state(self):
        r = self.post(self.row(self.poverty, y2022="1,9", term="2,2%"))
        self.assertEqual(r.status_code, 200)
        answer = r.json()
        self.assertEqual((answer["ok"], answer["saved"], answer["message"]), (True, 2, "Đã lưu 2 kết quả."))
        row = answer["rows"][str(self.poverty.pk)]
        self.assertEqual(row["cells"]["y2022"], {"stored": "1,9%", "status": "draft", "status_label": "nháp",
                                                 "status_title": "nháp: chưa gửi duyệt"})  # fmt: skip
        seen = json.loads(row["seen"])
        self.assertEqual(seen["y2022"], [version_of(Result.objects.get(target=self.poverty, year=2022)), "1,9%"])
        self.assertEqual(self.stored(self.admissions), {2021: (Decimal(12), Status.SUBMITTED)})  # not posted

    def test_a_bad_row_answers_422_with_the_cell_and_a_stale_one_409(self):
        r = self.post(self.row(self.poverty, y2022="3.4%"))
        self.assertEqual(r.status_code, 422)
        self.assertIn("dấu chấm", r.json()["errors"][cell(self.poverty, 2022)])
        data = self.row(self.poverty, y2021="2,8%")
        set_result(self.admin, self.poverty, 2021, Decimal("2.1"))
        r = self.post(data)
        self.assertEqual(r.status_code, 409)
        self.assertIn("admin đã lưu «2,1%»", r.json()["errors"][cell(self.poverty, 2021)])
        self.assertEqual(r.json()["rows"][str(self.poverty.pk)]["cells"]["y2021"]["stored"], "2,1%")
        self.assertEqual(self.stored(self.poverty)[2021][0], Decimal("2.1"))


class GridAccessTest(GridTestCase):
    def test_readers_see_the_grid_read_only_and_cannot_post(self):
        for persona in ("viewer", "province_viewer", "reviewer"):
            with self.subTest(persona=persona):
                self.login(getattr(self, persona))
                r = self.client.get(self.url)
                self.assertEqual(r.status_code, 200)
                page = r.content.decode()
                self.assertFalse('class="cell-input"' in page or 'id="term-grid"' in page or "grid.js" in page)
                self.assertIn('<span class="value">2,5%</span>', page)
                self.assertIn('<span class="value">—</span>', page)
                r = self.client.post(self.url, {cell(self.poverty, 2022): "1%"})
                self.assertEqual(r.status_code, 404)
                self.assertNotIn(2022, self.stored(self.poverty))

    def test_outsiders_and_strangers(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, {cell(self.poverty, 2022): "1%"}).status_code, 404)
        self.assertEqual(self.client.get(grid_url(self.term_c)).status_code, 200)  # their own
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)  # to the login page
        self.assertEqual(self.client.get("/t/999999/grid/").status_code, 302)
        self.login(self.editor)
        self.assertEqual(self.client.get("/t/999999/grid/").status_code, 404)

    def test_the_committee_page_links_to_the_grid_for_editors_only(self):
        link = f'href="/t/{self.term_a.pk}/grid/"'
        for persona, shown in (("editor", True), ("admin", True), ("viewer", False), ("province_viewer", False)):
            with self.subTest(persona=persona):
                self.login(getattr(self, persona))
                page = self.client.get(f"/c/{self.ward_a.pk}/?term={self.term_a.pk}").content.decode()
                self.assertEqual(link in page, shown)
                if shown:
                    self.assertIn("Nhập kết quả theo bảng", page)


class GridQueryCountTest(BaseTestCase):
    """The same number of queries whatever the number of targets, to show the grid and to save it."""

    def term_of(self, size: int, start: int) -> Term:
        term = Term.objects.create(committee=self.ward_a, start_year=start, end_year=start + 5)
        for i in range(size):
            t = make_target(term, i + 1, f"Kết nạp {10 + i} đảng viên/năm")
            Result.objects.create(target=t, year=start + 1, value=Decimal(12 + i))
            Result.objects.create(target=t, year=start + 2, value=Decimal(9 + i), status=Status.APPROVED)
        return term

    def counts(self, term: Term) -> tuple[int, int]:
        client = Client()
        client.force_login(self.editor)
        url = grid_url(term)
        client.get(url)
        with CaptureQueriesContext(connection) as shown:
            page = client.get(url).content.decode()
        first, second = list(term.targets.order_by("number")[:2])
        fields = form_fields(page, f"t{first.pk}.y{term.start_year}")
        fields[f"t{first.pk}.y{term.start_year}"] = "3"
        fields[f"t{second.pk}.y{term.start_year + 1}"] = "4"
        with CaptureQueriesContext(connection) as saved:
            r = client.post(url, fields)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Result.objects.filter(target__term=term, value__in=(3, 4)).count(), 2)
        return len(shown.captured_queries), len(saved.captured_queries)

    def test_fixed_query_counts_for_3_and_30_targets(self):
        small = self.counts(self.term_of(3, 2030))
        large = self.counts(self.term_of(30, 2040))
        self.assertEqual(small, large)
        self.assertLess(small[0], 15)
