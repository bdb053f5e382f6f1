"""The province and country pages (issue 15): the term and year pickers, the verdict counts in words,
the heat table committees × indicators, the completeness of the results, the drill-down with its
breadcrumbs, the XLSX export, who may open them, and their queries at two sizes of data.

On top of tests/web/base.py: xã Hợp Thành (commune B) gets an older term 2015-2020 whose one target
was not met, and a 2020-2025 term with no target yet (the user test's finding: the page read
"0 chỉ tiêu" of it, saying nothing of the older term).
"""

import io
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from chitieu.core.catalog import indicators
from chitieu.orgs.audit import bump_revision
from chitieu.orgs.models import Grant, Kind, Role
from chitieu.orgs.tree import create_unit
from chitieu.plans.models import Result, Status, Term

from .base import BaseTestCase, make_target


def words(html: str) -> str:
    """A page's text, tags left out and spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


class Table(HTMLParser):
    """The rows of one table of a page (by its id): each cell's text, class and link."""

    def __init__(self, html: str, table_id: str):
        super().__init__()
        self.id, self.depth, self.rows, self.cell = table_id, 0, [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            if self.depth or attrs.get("id") == self.id:
                self.depth += 1
        elif not self.depth:
            return
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = {"text": "", "class": attrs.get("class", ""), "href": None}
            self.rows[-1].append(self.cell)
        elif tag == "a" and self.cell is not None:
            self.cell["href"] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data

    def row(self, first: str) -> list[dict]:
        for row in self.rows:
            if row and row[0]["text"].strip().startswith(first):
                return row
        raise AssertionError(f"no row {first!r} in #{self.id}: {[r[0]['text'] for r in self.rows if r]}")

    def header(self) -> list[str]:
        return [c["text"].strip() for c in self.rows[0]]


class OversightViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.old_b = Term.objects.create(committee=cls.commune_b, start_year=2015, end_year=2020)
        cls.old_target = make_target(cls.old_b, 1, "Kết nạp 10 đảng viên/năm")
        for year, value in ((2016, 4), (2017, 5)):
            Result.objects.create(target=cls.old_target, year=year, value=Decimal(value), status=Status.APPROVED)
        cls.new_b = Term.objects.create(committee=cls.commune_b, start_year=2020, end_year=2025)

    def page(self, query: str = "", unit=None, user=None):
        self.login(user or self.province_viewer)
        r = self.client.get(f"/p/{(unit or self.province).pk}/{query}")
        self.assertEqual(r.status_code, 200, r.content.decode()[:2000])
        return r, r.content.decode()


class PickersTest(OversightViewsTestCase):
    def test_term_and_year_change_the_verdicts(self):
        # (query, what the page says it judges, ward A's and commune B's counts (exceeded, met, not
        # met, in progress, unjudged; None: no target there), the unit's counts in words)
        cases = [
            # each committee's latest term with targets: A 2020-2025, B 2015-2020 (4.5 admissions of 10)
            ("", "mỗi Đảng bộ theo nhiệm kỳ gần nhất có chỉ tiêu (2015-2020: 1 Đảng bộ; 2020-2025: 1 Đảng bộ)",
             (2, 0, 1, 0, 0), (0, 0, 1, 0, 0),
             "4 chỉ tiêu: vượt 2, đạt 0, chưa đạt 2, đang thực hiện 0, chưa đánh giá được 0."),
            ("?term=2015", "nhiệm kỳ 2015-2020, cả nhiệm kỳ", None, (0, 0, 1, 0, 0),
             "1 chỉ tiêu: vượt 0, đạt 0, chưa đạt 1, đang thực hiện 0, chưa đánh giá được 0."),
            ("?term=2020", "nhiệm kỳ 2020-2025, cả nhiệm kỳ", (2, 0, 1, 0, 0), None,
             "3 chỉ tiêu: vượt 2, đạt 0, chưa đạt 1, đang thực hiện 0, chưa đánh giá được 0."),
            # 2021: growth 11% of 12 - 15% not met; 12 admissions of 10 exceeded; poverty under way then
            ("?term=2020&year=2021", "năm 2021, nhiệm kỳ 2020-2025", (1, 0, 1, 1, 0), None,
             "3 chỉ tiêu: vượt 1, đạt 0, chưa đạt 1, đang thực hiện 1 (1 đúng tiến độ), chưa đánh giá được 0."),
            # 2022: growth 12,5% met; no admissions typed for 2022
            ("?term=2020&year=2022", "năm 2022, nhiệm kỳ 2020-2025", (0, 1, 0, 1, 1), None,
             "3 chỉ tiêu: vượt 0, đạt 1, chưa đạt 0, đang thực hiện 1 (1 đúng tiến độ), chưa đánh giá được 1."),
            # commune B's old term in 2016: 4 admissions of 10
            ("?term=2015&year=2016", "năm 2016, nhiệm kỳ 2015-2020", None, (0, 0, 1, 0, 0),
             "1 chỉ tiêu: vượt 0, đạt 0, chưa đạt 1, đang thực hiện 0, chưa đánh giá được 0."),
        ]  # fmt: skip
        for query, viewing, counts_a, counts_b, counts in cases:
            with self.subTest(query=query):
                r, html = self.page(query)
                self.assertEqual(r.context["view"].viewing, viewing)
                self.assertIn(f"Đang xem: <strong>{viewing}</strong>", html)
                rows = {x.committee: x for x in r.context["rows"]}
                for committee, expected in ((self.ward_a, counts_a), (self.commune_b, counts_b)):
                    s = rows[committee].summary
                    got = s and (s.exceeded, s.met, s.not_met, s.in_progress, s.unjudged)
                    self.assertEqual(got, expected, committee)
                self.assertIn(counts, words(html))

    def test_too_many_committees_to_judge_another_term_on_a_request(self):
        """The country's 3,321 committees took 55 s to judge on another term: above the limit the page
        shows the latest terms with a notice, and the export says where to pick."""
        from django.test import override_settings

        with override_settings(CHITIEU_LIVE_JUDGE_LIMIT=1):
            r, html = self.page("?term=2020&year=2021")
            self.assertIn("có 2 Đảng bộ: nhiệm kỳ 2020, năm 2021 được đánh giá ở trang của từng tỉnh", words(html))
            self.assertTrue(r.context["view"].pick.default)
            export = self.client.get(f"/p/{self.province.pk}/oversight.xlsx?term=2020&year=2021")
            self.assertContains(export, "được tổng hợp theo từng tỉnh", status_code=400)
            self.assertNotIn("được đánh giá ở trang của từng tỉnh", words(self.page("")[1]))  # the default: no notice
        r, html = self.page("?term=2020&year=2021")  # under the limit: judged as asked
        self.assertFalse(r.context["view"].pick.default)

    def test_a_term_without_targets_says_which_term_and_where_the_targets_are(self):
        # The finding: commune B's latest term has no target; its 2015-2020 target was not met.
        Result.objects.filter(target__term=self.term_a).delete()
        self.term_a.targets.all().delete()
        r, html = self.page("?term=2020")
        self.assertIn("Chưa có chỉ tiêu nào (nhiệm kỳ 2020-2025, cả nhiệm kỳ).", html)
        self.assertNotIn("0 chỉ tiêu", html)
        self.assertIn('Nhiệm kỳ khác có chỉ tiêu: <a href="?term=2015">nhiệm kỳ 2015-2020</a> (1 chỉ tiêu).', html)
        # and the default view judges commune B on the term that has targets, and says so
        r, html = self.page()
        self.assertIn("2015-2020: 1 Đảng bộ", r.context["view"].viewing)
        self.assertIn('<span class="count v-not-met">chưa đạt 1</span>', html)

    def test_the_pickers_list_the_terms_and_the_years_of_the_term(self):
        r, html = self.page("?term=2020&year=2022")
        terms = [(link.label, link.url, link.current, link.note) for link in r.context["view"].term_links]
        self.assertEqual(
            terms,
            [
                ("Nhiệm kỳ gần nhất của mỗi Đảng bộ", "?", False, ""),
                ("2015-2020", "?term=2015", False, "1 Đảng bộ, 1 chỉ tiêu"),
                ("2020-2025", "?term=2020", True, "2 Đảng bộ, 3 chỉ tiêu"),
            ],
        )
        years = [(link.label, link.url, link.current) for link in r.context["view"].year_links]
        self.assertEqual(years[0], ("Cả nhiệm kỳ", "?term=2020", False))
        self.assertEqual([y[0] for y in years[1:]], ["2021", "2022", "2023", "2024", "2025"])
        self.assertIn(("2022", "?term=2020&year=2022", True), years)
        self.assertIn(
            '<a id="pick-year-3" href="?term=2020&amp;year=2022" class="current" aria-current="true">2022</a>', html
        )

    def test_bad_values_are_a_400_in_vietnamese(self):
        cases = [
            ("?term=abc", "Nhiệm kỳ không hợp lệ"),
            ("?term=20155", "Nhiệm kỳ không hợp lệ"),
            ("?term=2020-2010", "năm kết thúc phải sau năm bắt đầu"),
            ("?term=2020-2024", "Nhiệm kỳ bắt đầu năm 2020 kết thúc năm 2025"),
            ("?term=1000", "Năm của nhiệm kỳ phải từ"),
            ("?year=x", "Năm không hợp lệ"),
            ("?year=99999", "Năm phải từ"),
            ("?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%92", "Năm không hợp lệ"),  # full-width digits
            ("?term=2020&year=2031", "Năm 2031 không thuộc nhiệm kỳ 2020-2025"),
            ("?term=2015&year=2021", "Năm 2021 không thuộc nhiệm kỳ 2015-2020"),
        ]
        self.login(self.province_viewer)
        for query, message in cases:
            for path in ("/", "/oversight.xlsx"):
                with self.subTest(query=query, path=path):
                    r = self.client.get(f"/p/{self.province.pk}{path}{query}")
                    self.assertEqual(r.status_code, 400)
                    self.assertIn(message, r.content.decode())

    def test_a_term_no_committee_has_is_said_not_refused(self):
        # A link down from the country carries a term one province may not have.
        r, html = self.page("?term=2010")
        self.assertIn("Không có Đảng bộ nào trong thành phố Lào Cai có nhiệm kỳ bắt đầu năm 2010", html)
        self.assertIn("các nhiệm kỳ có: 2015-2020, 2020-2025", html)

    def test_the_drafts_and_the_figures_awaiting_approval_are_marked(self):
        r, html = self.page("?term=2020")
        self.assertIn(
            "Đánh giá trên có dùng số liệu chưa được duyệt: 1 số liệu nháp (chưa gửi), 1 số liệu chờ duyệt.", html
        )
        row = Table(html, "committees").row("Đảng bộ phường Kim Tân")
        self.assertIn("có số liệu chưa duyệt: 1 nháp, 1 chờ duyệt", row[2]["text"])


class HeatTableTest(OversightViewsTestCase):
    def test_cells_say_the_verdict_in_words_and_link_to_the_committee(self):
        catalog = indicators()
        names = {k: catalog[k].name for k in (self.growth.indicator, self.admissions.indicator, self.poverty.indicator)}
        r, html = self.page("?term=2020")
        table = Table(html, "heat")
        header = table.header()
        self.assertEqual(header[0], "Đảng bộ")
        self.assertEqual(set(header[1:]), set(names.values()))
        a = table.row("Đảng bộ phường Kim Tân")
        b = table.row("Đảng bộ xã Hợp Thành")
        # (indicator, ward A's label and class, commune B's): B has no target in 2020-2025; a verdict
        # on a result nobody approved says so in words (the submitted admissions, the draft poverty rate)
        cases = [
            (self.growth.indicator, "chưa đạt", "v-not-met"),
            (self.admissions.indicator, "vượt (chưa duyệt)", "v-exceeded"),
            (self.poverty.indicator, "vượt (nháp)", "v-exceeded"),  # 2,5% of "dưới 3%": lower is better
        ]
        for key, label, css in cases:
            with self.subTest(indicator=key):
                col = header.index(names[key])
                self.assertEqual(a[col]["text"], label)
                self.assertEqual(a[col]["class"], css)
                self.assertEqual(a[col]["href"], f"/c/{self.ward_a.pk}/?term={self.term_a.pk}")
                self.assertEqual(b[col]["text"].strip().split()[0], "—")
                self.assertEqual(b[col]["class"], "v-none")
                self.assertIsNone(b[col]["href"])

    def test_the_default_view_reads_the_stored_summaries(self):
        r, html = self.page()
        table = Table(html, "heat")
        header = table.header()
        admissions = header.index(indicators()[self.admissions.indicator].name)
        # commune B's latest term with targets is 2015-2020: admissions 4.5 a year of 10
        cell = table.row("Đảng bộ xã Hợp Thành")[admissions]
        self.assertEqual(
            (cell["text"], cell["class"], cell["href"]), ("chưa đạt", "v-not-met", f"/c/{self.commune_b.pk}/")
        )
        self.assertEqual(table.row("Đảng bộ phường Kim Tân")[admissions]["text"], "vượt (chưa duyệt)")

    def test_several_targets_of_one_indicator_show_the_one_furthest_behind(self):
        extra = make_target(self.term_a, 9, "Giảm tỷ lệ hộ nghèo còn dưới 1%")
        Result.objects.create(target=extra, year=2021, value=Decimal("2.5"), status=Status.APPROVED)
        r, html = self.page("?term=2020")
        table = Table(html, "heat")
        col = table.header().index(indicators()[self.poverty.indicator].name)
        cell = table.row("Đảng bộ phường Kim Tân")[col]
        # the draft of the other poverty target marks the cell: it counts both
        self.assertEqual((cell["text"], cell["class"]), ("chưa đạt (2 chỉ tiêu) (nháp)", "v-not-met"))


class RankingFormTest(OversightViewsTestCase):
    def test_the_ranking_is_asked_with_a_button_and_the_page_stays_where_it_is(self):
        r, html = self.page("?term=2020")
        form = re.search(r'<form method="get" hx-boost="true"[^>]*>.*?</form>', html, re.S).group(0)
        self.assertIn('hx-swap="innerHTML show:none"', form)  # no jump to the top of the page
        self.assertIn('id="ranking-indicator"', form)
        self.assertNotIn("onchange", form)  # no request per arrow key in the list
        self.assertIn('<button type="submit" id="ranking-show">Xem</button>', form)  # with or without script
        self.assertNotIn("<noscript>", form)


class LandmarkNamesTest(OversightViewsTestCase):
    def test_a_scroll_box_is_named_apart_from_its_section(self):
        r, html = self.page("?term=2020")
        for title in ("heat-title", "report-title"):
            with self.subTest(title=title):
                self.assertIn(f'<section class="card" aria-labelledby="{title}">', html)
                self.assertIn(f'role="region" aria-labelledby="{title} scroll-hint"', html)
        self.assertIn('<span id="scroll-hint" hidden>(bảng, cuộn ngang)</span>', html)


class CompletenessTest(OversightViewsTestCase):
    def test_counts_per_committee_and_year(self):
        # Ward A, 2020-2025: growth approved 2021 and 2022; admissions submitted 2021; poverty draft 2021.
        r, html = self.page("?term=2020")
        report = r.context["report"]
        self.assertEqual(report.labels, ["2021", "2022", "2023", "2024", "2025", "Cả nhiệm kỳ"])
        row = next(rr for rr in report.rows if rr.row.committee == self.ward_a)
        cases = [
            # (year, total, approved, submitted, draft, missing, the cell's words)
            (2021, 3, 1, 1, 1, 0, "1 đã duyệt, 1 chờ duyệt, 1 nháp"),
            (2022, 3, 1, 0, 0, 2, "1 đã duyệt, 2 chưa có"),
            (2023, 3, 0, 0, 0, 3, "3 chưa có"),
            (None, 3, 0, 0, 0, 3, "3 chưa có"),
        ]
        table = Table(html, "completeness")
        html_row = table.row("Đảng bộ phường Kim Tân")
        for year, total, approved, submitted, draft, missing, words in cases:
            with self.subTest(year=year):
                cell = row.cells[report.years.index(year)]
                self.assertEqual(
                    (cell.total, cell.approved, cell.submitted, cell.draft, cell.missing),
                    (total, approved, submitted, draft, missing),
                )
                self.assertEqual(html_row[1 + report.years.index(year)]["text"], words)
        # commune B has the term but no target in it; the totals add the committees up
        self.assertIn("Chưa có chỉ tiêu trong nhiệm kỳ đang xem: ", html)
        self.assertEqual(table.row("Tổng cộng")[1]["text"], "1 đã duyệt, 1 chờ duyệt, 1 nháp")

    def test_a_year_approved_in_full(self):
        Result.objects.filter(target__term=self.term_a, year=2021).update(status=Status.APPROVED)
        r, html = self.page("?term=2020&year=2021")
        self.assertEqual(Table(html, "completeness").row("Đảng bộ phường Kim Tân")[1]["text"], "đã duyệt đủ 3")
        self.assertIn("Mọi Đảng bộ có chỉ tiêu đã gửi đủ kết quả năm 2021.", html)

    def test_who_has_not_reported_a_year(self):
        cases = [
            ("?term=2020&year=2021", "Đảng bộ phường Kim Tân: chưa gửi 1/3 chỉ tiêu (1 còn nháp)"),
            ("?term=2020&year=2022", "Đảng bộ phường Kim Tân: chưa gửi 2/3 chỉ tiêu (2 chưa có kết quả)"),
            ("?term=2015&year=2018", "Đảng bộ xã Hợp Thành: chưa gửi 1/1 chỉ tiêu (1 chưa có kết quả)"),
            # by default the last full year (2025) of the terms shown
            ("", "Đảng bộ phường Kim Tân: chưa gửi 3/3 chỉ tiêu (3 chưa có kết quả)"),
        ]
        for query, line in cases:
            with self.subTest(query=query):
                r, html = self.page(query)
                self.assertIn(line, words(html))
        r, html = self.page("?term=2015&year=2016")
        self.assertIn("Mọi Đảng bộ có chỉ tiêu đã gửi đủ kết quả năm 2016.", html)

    def test_one_aggregate_for_all_the_committees(self):
        # The results are counted in the database, not read one committee at a time.
        from chitieu.plans.oversight import Pick, completeness, rows_for

        committees = [self.ward_a, self.commune_b]
        rows = rows_for(committees, Pick(2020))
        with CaptureQueriesContext(connection) as ctx:
            completeness(rows, Pick(2020))
        self.assertEqual(len(ctx), 2)
        self.assertIn("GROUP BY", ctx.captured_queries[1]["sql"])


class ExportTest(OversightViewsTestCase):
    def workbook(self, query=""):
        self.login(self.province_viewer)
        r = self.client.get(f"/p/{self.province.pk}/oversight.xlsx{query}")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertIn("attachment;", r["Content-Disposition"])
        return load_workbook(io.BytesIO(r.content))

    def rows(self, ws, header_row=4):
        return [list(r) for r in ws.iter_rows(min_row=header_row, values_only=True)]

    def test_two_sheets_in_vietnamese_numbers_as_numbers(self):
        wb = self.workbook("?term=2020")
        self.assertEqual(wb.sheetnames, ["Đánh giá chỉ tiêu", "Nhập và duyệt kết quả"])
        heat = wb["Đánh giá chỉ tiêu"]
        self.assertEqual(heat["A1"].value, "Thành phố Lào Cai: đánh giá chỉ tiêu theo Đảng bộ")
        self.assertEqual(heat["A2"].value, "Đang xem: nhiệm kỳ 2020-2025, cả nhiệm kỳ")
        rows = self.rows(heat)
        header = rows[0]
        self.assertEqual(header[:3], ["Đảng bộ", "Trực thuộc", "Nhiệm kỳ"])
        self.assertEqual(
            header[-7:],
            ["Vượt", "Đạt", "Chưa đạt", "Đang thực hiện", "Chưa đánh giá được", "Tổng số chỉ tiêu",
             "Chỉ tiêu tính từ số liệu chưa duyệt"],
        )  # fmt: skip
        a = next(r for r in rows if r[0] == "Đảng bộ phường Kim Tân")
        self.assertEqual(a[1:3], ["thành phố Lào Cai", "2020-2025"])
        self.assertEqual(a[header.index(indicators()[self.growth.indicator].name)], "chưa đạt")
        self.assertEqual(a[header.index(indicators()[self.admissions.indicator].name)], "vượt (chưa duyệt)")
        self.assertEqual(a[-7:], [2, 0, 1, 0, 0, 3, 2])
        self.assertTrue(all(isinstance(v, int) for v in a[-7:]))
        b = next(r for r in rows if r[0] == "Đảng bộ xã Hợp Thành")
        self.assertEqual(b[header.index(indicators()[self.growth.indicator].name)], "—")

        report = self.rows(wb["Nhập và duyệt kết quả"])
        self.assertEqual(
            report[0], ["Đảng bộ", "Nhiệm kỳ", "Năm", "Số chỉ tiêu", "Đã duyệt", "Chờ duyệt", "Nháp", "Chưa có"]
        )
        self.assertIn(["Đảng bộ phường Kim Tân", "2020-2025", 2021, 3, 1, 1, 1, 0], report)
        self.assertIn(["Đảng bộ phường Kim Tân", "2020-2025", 2022, 3, 1, 0, 0, 2], report)
        self.assertIn(["Đảng bộ phường Kim Tân", "2020-2025", "Cả nhiệm kỳ", 3, 0, 0, 0, 3], report)
        self.assertIn(["Tổng cộng", None, 2021, 3, 1, 1, 1, 0], report)

    def test_the_default_view_and_a_year(self):
        wb = self.workbook()
        rows = self.rows(wb["Đánh giá chỉ tiêu"])
        b = next(r for r in rows if r[0] == "Đảng bộ xã Hợp Thành")
        self.assertEqual(b[2], "2015-2020")
        wb = self.workbook("?term=2015&year=2016")
        report = self.rows(wb["Nhập và duyệt kết quả"])
        self.assertIn(["Đảng bộ xã Hợp Thành", "2015-2020", 2016, 1, 1, 0, 0, 0], report)

    def test_the_page_links_to_the_export_with_its_pick(self):
        r, html = self.page("?term=2020&year=2021")
        self.assertIn(f'href="/p/{self.province.pk}/oversight.xlsx?term=2020&amp;year=2021"', html)


class AccessTest(OversightViewsTestCase):
    def test_who_may_open_the_page_and_the_export(self):
        cases = [
            ("province_viewer", self.province, 200),
            ("reviewer", self.province, 200),
            ("admin", self.province, 200),
            ("viewer", self.province, 404),  # a ward's viewer: not the province
            ("editor", self.province, 404),
            ("outsider", self.province, 404),
            ("province_viewer", self.other_province, 404),
        ]
        for persona, unit, status in cases:
            for path in ("/", "/?term=2020&year=2021", "/oversight.xlsx", "/oversight.xlsx?term=2015"):
                with self.subTest(persona=persona, unit=unit.name, path=path):
                    self.login(getattr(self, persona))
                    self.assertEqual(self.client.get(f"/p/{unit.pk}{path}").status_code, status)

    def test_the_export_of_a_committee_is_not_found(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(f"/p/{self.ward_a.pk}/oversight.xlsx").status_code, 404)


class DrillDownTest(OversightViewsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # cả nước → tỉnh Lạng Sơn → thành phố Lạng Sơn → phường Đông Kinh; and a commune under the province
        cls.country = create_unit(Kind.COUNTRY, "Việt Nam")
        cls.ls = create_unit(Kind.PROVINCE, "Lạng Sơn", cls.country)
        cls.ls_city = create_unit(Kind.CITY, "Lạng Sơn", cls.ls)
        cls.dong_kinh = create_unit(Kind.WARD, "Đông Kinh", cls.ls_city)
        cls.mai_pha = create_unit(Kind.COMMUNE, "Mai Pha", cls.ls)
        cls.dk_term = Term.objects.create(committee=cls.dong_kinh, start_year=2020, end_year=2025)
        t = make_target(cls.dk_term, 1, "Kết nạp 10 đảng viên/năm")
        Result.objects.create(target=t, year=2021, value=Decimal(6), status=Status.SUBMITTED)
        cls.ls_viewer = cls.admin.__class__.objects.create_user("lang.son", password="password")
        Grant.objects.create(user=cls.ls_viewer, unit=cls.ls, role=Role.VIEWER)

    def test_every_level_links_down_carrying_the_pick(self):
        q = "?term=2020&year=2021"
        r, html = self.page(q, self.country, self.admin)
        areas = Table(html, "areas")
        self.assertEqual(areas.row("tỉnh Lạng Sơn")[0]["href"], f"/p/{self.ls.pk}/?term=2020&year=2021")
        r, html = self.page(q, self.ls, self.admin)
        areas = Table(html, "areas")
        self.assertEqual(areas.row("thành phố Lạng Sơn")[0]["href"], f"/p/{self.ls_city.pk}/?term=2020&year=2021")
        # the commune directly under the province: the list of all committees, the pick kept
        self.assertEqual(areas.row("Các Đảng bộ trực thuộc trực tiếp")[0]["href"], "?term=2020&year=2021&all=1")
        r, html = self.page(q, self.ls_city, self.admin)
        row = Table(html, "committees").row("Đảng bộ phường Đông Kinh")
        self.assertEqual(row[0]["href"], f"/c/{self.dong_kinh.pk}/?term={self.dk_term.pk}&year=2021")
        # the default view links down without parameters
        r, html = self.page("", self.country, self.admin)
        self.assertEqual(Table(html, "areas").row("tỉnh Lạng Sơn")[0]["href"], f"/p/{self.ls.pk}/")

    def test_breadcrumbs_up_every_level(self):
        r, html = self.page("?term=2020", self.ls_city, self.admin)
        self.assertIn(f'<a href="/p/{self.country.pk}/?term=2020">Cả nước</a> › ', html)
        self.assertIn(f'<a href="/p/{self.ls.pk}/?term=2020">Tỉnh Lạng Sơn</a> › ', html)
        self.assertIn('<span aria-current="page">Thành phố Lạng Sơn</span>', html)
        # a province's viewer sees the country named, not linked: it may not open it
        r, html = self.page("", self.ls_city, self.ls_viewer)
        self.assertIn("Cả nước › ", html)
        self.assertNotIn(f'href="/p/{self.country.pk}/', html)
        self.assertIn(f'<a href="/p/{self.ls.pk}/">Tỉnh Lạng Sơn</a> › ', html)
        self.login(self.ls_viewer)
        self.assertEqual(self.client.get(f"/p/{self.country.pk}/").status_code, 404)

    def test_the_country_says_per_area_how_many_committees_rest_on_unapproved_figures(self):
        # Đông Kinh's one result is submitted, not approved; Mai Pha gets a draft: both under Lạng Sơn
        mp_term = Term.objects.create(committee=self.mai_pha, start_year=2020, end_year=2025)
        t = make_target(mp_term, 1, "Kết nạp 10 đảng viên/năm")
        Result.objects.create(target=t, year=2021, value=Decimal(11), status=Status.DRAFT)
        Result.objects.create(target=t, year=2022, value=Decimal(12), status=Status.DRAFT)
        for query in ("", "?term=2020", "?term=2020&year=2021"):  # the stored summaries, and judged live
            with self.subTest(query=query):
                r, html = self.page(query, self.country, self.admin)
                table = Table(html, "areas")
                self.assertEqual(table.header()[-1], "Đảng bộ có số liệu chưa duyệt")
                cell = table.row("tỉnh Lạng Sơn")[-1]["text"]
                self.assertEqual(" ".join(cell.split()), "2 (2 số liệu nháp, 1 số liệu chờ duyệt)")
        # one level down, the province's row per district; all approved: nothing to say
        r, html = self.page("", self.ls, self.admin)
        self.assertEqual(Table(html, "areas").row("thành phố Lạng Sơn")[-1]["text"].split()[:2], ["1", "(1"])
        Result.objects.update(status=Status.APPROVED)
        for c in (self.dong_kinh, self.mai_pha):
            bump_revision(c)  # as every change through the workflow (orgs.audit)
        r, html = self.page("", self.country, self.admin)
        self.assertEqual(Table(html, "areas").row("tỉnh Lạng Sơn")[-1]["text"], "0")

    def test_the_country_counts_and_reports_by_province(self):
        r, html = self.page("?term=2020&year=2021", self.country, self.admin)
        self.assertIn("1 chỉ tiêu: vượt 0, đạt 0, chưa đạt 1, đang thực hiện 0, chưa đánh giá được 0.", words(html))
        row = Table(html, "area-reports").row("tỉnh Lạng Sơn")
        # (committees with targets that year, committees not sent in full, approved, submitted, draft, missing)
        self.assertEqual([c["text"] for c in row[1:]], ["1", "0", "0", "1", "0", "0"])
        self.assertEqual(r.context["view"].counts.not_met, 1)


class QueryCountTest(OversightViewsTestCase):
    """The page rendered afresh (its kept body cleared) runs the same queries at two sizes of data,
    by default (stored summaries) and for a term or year picked (judged live); so does the export."""

    URLS = ["/p/{p}/", "/p/{p}/?term=2020", "/p/{p}/?term=2020&year=2021", "/p/{p}/?term=2015&year=2016",
            "/p/{p}/oversight.xlsx", "/p/{p}/oversight.xlsx?term=2020&year=2022",
            "htmx /p/{p}/", "htmx /p/{p}/?term=2020&year=2021"]  # fmt: skip  # "htmx": a pick made with htmx

    def counts(self) -> dict[str, int]:
        self.login(self.province_viewer)
        out = {}
        for name in self.URLS:
            htmx, _, url = name.rpartition(" ")
            url = url.format(p=self.province.pk)
            headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
            self.assertEqual(self.client.get(url, **headers).status_code, 200)  # stores the stale summaries
            cache.clear()  # the body is rendered again: its queries are counted
            with CaptureQueriesContext(connection) as ctx:
                r = self.client.get(url, **headers)
                self.assertEqual(r.status_code, 200)
            if htmx:
                self.assertNotIn(b'<header class="top">', r.content)
            out[name] = len(ctx)
        return out

    def grow(self, n: int, tag: str):
        for i in range(n):
            c = create_unit(Kind.COMMUNE, f"Xã {tag}{i}", self.province)
            for start in (2015, 2020):
                term = Term.objects.create(committee=c, start_year=start, end_year=start + 5)
                for k in range(3):
                    t = make_target(term, k + 1, ("Kết nạp 10 đảng viên/năm", "Giảm tỷ lệ hộ nghèo còn dưới 3%")[k % 2])
                    for y in (start + 1, start + 2):
                        Result.objects.create(target=t, year=y, value=Decimal(5 + k), status=Status.values[y % 3])

    def test_same_queries_at_two_sizes(self):
        self.grow(2, "a")
        small = self.counts()
        self.grow(12, "b")
        large = self.counts()
        self.assertEqual(large, small)


class UnapprovedMarksTest(OversightViewsTestCase):
    """The user test's finding: drafts nobody approved counted on the province page with no mark. Each
    cell of the heat table whose verdict rests on one says so in words, on the page and in the export,
    as the committee page marks its result."""

    def test_each_cell_on_a_draft_or_a_submitted_result_is_marked(self):
        catalog = indicators()
        for query in ("", "?term=2020", "?term=2020&year=2021"):  # stored summaries; judged live
            with self.subTest(query=query):
                r, html = self.page(query)
                table = Table(html, "heat")
                header = table.header()
                a = table.row("Đảng bộ phường Kim Tân")
                text = {k: a[header.index(catalog[k].name)]["text"] for k in (self.growth.indicator,
                        self.admissions.indicator, self.poverty.indicator)}  # fmt: skip
                self.assertFalse(text[self.growth.indicator].endswith(")"), text)  # approved: no mark
                self.assertTrue(text[self.admissions.indicator].endswith(" (chưa duyệt)"), text)
                self.assertTrue(text[self.poverty.indicator].endswith(" (nháp)"), text)
                self.assertIn("«(nháp)»: đánh giá tính từ số liệu nháp, chưa gửi duyệt", html)
        # the tooltip names the target and its mark (2021: the term under way then)
        self.assertIn('title="3. Giảm tỷ lệ hộ nghèo còn dưới 3%: đang thực hiện, đúng tiến độ (120%) (nháp)"', html)

    def test_approved_the_marks_go(self):
        self.page("?term=2020")  # kept: a change must show
        Result.objects.filter(target__term=self.term_a).update(status=Status.APPROVED)
        bump_revision(self.ward_a)  # as every change through the workflow (orgs.audit)
        for query in ("", "?term=2020"):
            with self.subTest(query=query):
                r, html = self.page(query)
                row = Table(html, "heat").row("Đảng bộ phường Kim Tân")
                self.assertEqual(sorted(c["text"] for c in row[1:]), ["chưa đạt", "vượt", "vượt"])
                self.assertNotIn('class="unapproved"', html)

    def test_the_export_marks_the_same_cells(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/p/{self.province.pk}/oversight.xlsx?term=2020")
        ws = load_workbook(io.BytesIO(r.content))["Đánh giá chỉ tiêu"]
        rows = [list(x) for x in ws.iter_rows(min_row=4, values_only=True)]
        header, catalog = rows[0], indicators()
        a = next(x for x in rows if x[0] == "Đảng bộ phường Kim Tân")
        self.assertEqual(a[header.index(catalog[self.poverty.indicator].name)], "vượt (nháp)")
        self.assertEqual(a[header.index(catalog[self.admissions.indicator].name)], "vượt (chưa duyệt)")
        self.assertEqual(a[header.index(catalog[self.growth.indicator].name)], "chưa đạt")
        self.assertEqual(a[header.index("Chỉ tiêu tính từ số liệu chưa duyệt")], 2)
        self.assertTrue(any(x[0] and str(x[0]).startswith("Ghi chú: «(nháp)»") for x in rows))


class HtmxTest(OversightViewsTestCase):
    """A pick, a crumb or an area clicked with htmx swaps the page's main part: the view answers with
    that part alone (no header); a plain request and Back (htmx's history restore) get the whole page."""

    HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true", "HTTP_HX_CURRENT_URL": "http://testserver/p/"}

    def test_an_htmx_pick_gets_the_main_part_without_the_header(self):
        self.login(self.province_viewer)
        whole = self.client.get(f"/p/{self.province.pk}/?term=2020&year=2021")
        part = self.client.get(f"/p/{self.province.pk}/?term=2020&year=2021", **self.HX)
        self.assertEqual(part.status_code, 200)
        html, page = part.content.decode(), whole.content.decode()
        self.assertNotIn('<header class="top">', html)
        self.assertNotIn("<html", html)
        self.assertIn('<header class="top">', page)
        # its title, for the tab; the region htmx selects; the same body as the whole page's
        self.assertTrue(html.lstrip().startswith("<title>thành phố Lào Cai · chitieu</title>"), html[:200])
        self.assertIn('<div id="oversight-inner">', html)
        start = page.index('<div id="oversight"')
        self.assertEqual(html[html.index('<div id="oversight"') :].strip(), page[start : page.index("</main>")].strip())
        self.assertIn('<a id="pick-year-2" href="?term=2020&amp;year=2021" class="current" aria-current="true">', html)
        for r in (whole, part):
            self.assertIn("HX-Request", r["Vary"])  # the browser's cache keeps them apart

    def test_back_gets_the_whole_page(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/p/{self.province.pk}/?term=2015", **self.HX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
        self.assertIn('<header class="top">', r.content.decode())

    def test_the_pickers_crumbs_and_areas_are_links_boosted(self):
        # Without JavaScript each is a plain link; with it, htmx swaps the main part (hx-boost).
        r, html = self.page("?term=2020")
        self.assertRegex(html, r'<nav class="pickers" aria-label="Chọn nhiệm kỳ và năm" hx-boost="true">')
        self.assertRegex(html, r'<nav aria-label="Cấp trên" hx-boost="true">')
        self.assertIn('hx-target="this" hx-select="#oversight-inner"', html)
        country = create_unit(Kind.COUNTRY, "Việt Nam")
        self.province.parent = country
        self.province.save()
        r, html = self.page("", country, self.admin)
        self.assertIn('aria-label="Các đơn vị" hx-boost="true"><table class="grid" id="areas">', html)
        # the links to each committee's page are not boosted (another page): outside those regions
        r, html = self.page("?term=2020")
        self.assertNotRegex(html, r'<table class="grid" id="committees"[^>]*hx-boost')

    def test_the_answer_is_the_kept_body_not_rendered_again(self):
        self.login(self.province_viewer)
        url = f"/p/{self.province.pk}/?term=2020"
        self.client.get(url)
        with CaptureQueriesContext(connection) as whole:
            self.client.get(url)
        with CaptureQueriesContext(connection) as part:
            self.client.get(url, **self.HX)
        self.assertLessEqual(len(part), len(whole))
