"""Issue 15: the findings of a user test of the web app, each as the office met it.

Empty and partly judged summaries, codes on the screens, the order of numbered branches, upload
errors, "Đã lưu" when nothing was saved, and why the PDF button is greyed out.
"""

import datetime as dt
import html as htmllib
import io
import re
import zipfile
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from chitieu.core.catalog import indicators
from chitieu.core.targets import Shape
from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit, natural_key
from chitieu.party.models import UnitRating
from chitieu.plans.forms import clean_value
from chitieu.plans.models import Result, SourceDocument, Status, Term
from chitieu.reports.content import build_report
from tests.party.helpers import add_member

from .base import BaseTestCase, make_target

# Codes that belong to the API and the database, never to a page: shapes, indicator keys, units.
CODES = {s.value for s in Shape} | set(indicators()) | {"VND", "count", "times", "yes_no"}
CODE_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, CODES), key=len, reverse=True)) + r")(?![\w-])")


def visible_text(page: str) -> str:
    """What a user reads: no scripts, no tags (attribute values such as option values are not shown)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- 1 and 2: the summary line ------------------------------------------------------------------


class SummaryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.empty = Term.objects.create(committee=cls.commune_b, start_year=2020, end_year=2025)
        # a year plan of two targets, one with its result and one without
        cls.plan_budget = make_target(cls.term_a, 11, "Thu ngân sách 5 tỷ đồng", year=2021)
        cls.plan_jobs = make_target(cls.term_a, 12, "Giải quyết việc làm cho 300 lao động", year=2021)
        Result.objects.create(target=cls.plan_budget, year=2021, value=Decimal(6_000_000_000))
        # a term target with no figures yet
        cls.unjudged = make_target(cls.term_a, 4, "Tỷ lệ hộ gia đình văn hóa đạt 90%")

    def summary_paragraph(self, html: str, pid: str) -> str:
        return visible_text(re.search(rf'<p class="summary" id="{pid}">.*?</p>', html, re.S).group(0))

    def test_an_empty_term_says_it_has_no_targets_on_the_page_the_api_and_the_report(self):
        self.login(self.admin)
        page = self.client.get(f"/c/{self.commune_b.pk}/").content.decode()
        api = self.client.get(f"/api/terms/{self.empty.pk}/evaluation").json()["summary"]["line"]
        report = build_report(self.commune_b, "term", today=dt.date(2026, 1, 5), term=self.empty)
        for where, text in (
            ("page", self.summary_paragraph(page, "summary")),
            ("api", api),
            ("report", report.text),
        ):
            with self.subTest(where=where):
                self.assertIn("chưa có chỉ tiêu", text)
                self.assertNotIn("0/0", text)
        self.assertNotIn("vượt 0, đạt 0", self.summary_paragraph(page, "summary"))

    def test_the_parts_of_the_summary_add_up_to_the_total(self):
        self.login(self.viewer)
        page = self.client.get(f"/c/{self.ward_a.pk}/?year=2021").content.decode()
        term_line = self.summary_paragraph(page, "summary")
        year_line = self.summary_paragraph(page, "year-summary")
        for where, text, total in (("term", term_line, 4), ("year", year_line, 2)):
            with self.subTest(where=where):
                self.assertIn("chưa đánh giá được 1", text)
                parts = re.search(r"\((vượt .*?)\)", text).group(1)
                counted = sum(int(n) for n in re.findall(r"\d+", parts))
                self.assertEqual(counted, total, parts)

    def test_the_report_says_it_in_the_pages_words(self):
        report = build_report(self.ward_a, "term", today=dt.date(2026, 1, 5), term=self.term_a)
        self.assertIn("1 chỉ tiêu chưa đánh giá được", report.text)
        self.assertNotIn("chưa có số liệu hoặc chưa đánh giá được", report.text)
        row = next(r for r in report.rows if r.number == self.unjudged.number)
        self.assertEqual(row.verdict, "Chưa có số liệu")  # the committee page's word for it


# --- 3: words, not codes ------------------------------------------------------------------------


class WordsNotCodesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.doc = SourceDocument.objects.create(
            committee=cls.ward_a, name="Báo cáo tổng kết năm 2021.docx", text="Tỷ lệ hộ nghèo còn 2,5%."
        )
        Result.objects.filter(target=cls.poverty, year=2021).update(document=cls.doc, span_start=19, span_end=23)

    def test_pages_show_no_codes(self):
        self.login(self.editor)
        paste = "1- Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm\n2- Giảm tỷ lệ hộ nghèo còn dưới 1%"
        pages = {
            "committee": self.client.get(f"/c/{self.ward_a.pk}/"),
            "results": self.client.get(f"/targets/{self.poverty.pk}/results/"),
            "growth": self.client.get(f"/targets/{self.growth.pk}/results/"),
            "confirm": self.client.post(f"/t/{self.term_a.pk}/targets/paste/", {"text": paste}),
            "document": self.client.get(f"/documents/{self.doc.pk}/"),
        }
        for name, r in pages.items():
            with self.subTest(page=name):
                self.assertEqual(r.status_code, 200)
                self.assertEqual(CODE_RE.findall(visible_text(r.content.decode())), [])

    def test_a_source_is_the_documents_name_and_nothing_technical(self):
        self.login(self.editor)
        text = visible_text(self.client.get(f"/targets/{self.poverty.pk}/results/").content.decode())
        self.assertIn("Báo cáo tổng kết năm 2021.docx", text)
        for technical in ("ký tự", "19", "None", "[", "span"):
            self.assertNotIn(technical, text.split("Số liệu đã lưu")[1])


@pytest.mark.parametrize(
    "typed,unit,words",
    [
        ("11 hộ", "%", ("số lượng", "%")),
        ("5 tỷ đồng", "count", ("tiền (đồng)", "số lượng")),
        ("12%", "VND", ("%", "tiền (đồng)")),
    ],
)
def test_a_unit_mismatch_names_the_units_in_words(typed, unit, words):
    with pytest.raises(forms.ValidationError) as info:
        clean_value(typed, unit)
    message = info.value.messages[0].split(" / ")[0]  # the Vietnamese half
    for w in words:
        assert w in message
    assert CODE_RE.findall(message) == []


# --- 4: "chi bộ 2" before "chi bộ 10" -------------------------------------------------------------


@pytest.mark.parametrize(
    "names,ordered",
    [
        (["10", "2", "1"], ["1", "2", "10"]),
        (["Tổ 10", "Tổ 9", "Tổ 1"], ["Tổ 1", "Tổ 9", "Tổ 10"]),
        (["chi bộ 10", "Chi bộ 2"], ["Chi bộ 2", "chi bộ 10"]),
        (["Đội 1", "Dân cư", "Zeta"], ["Dân cư", "Đội 1", "Zeta"]),  # đ after d, not after z
        (["Khu 2B", "Khu 2A", "Khu 12"], ["Khu 2A", "Khu 2B", "Khu 12"]),
    ],
)
def test_natural_order_of_names(names, ordered):
    assert sorted(names, key=natural_key) == ordered


class NaturalOrderTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.b10 = create_unit(Kind.BRANCH, "10", cls.ward_a, branch_kind=BranchKind.RESIDENTIAL)
        cls.b2 = create_unit(Kind.BRANCH, "2", cls.ward_a, branch_kind=BranchKind.RESIDENTIAL)
        # by name alone these two would come in the wrong order: the branch decides
        add_member(cls.ward_a, cls.b10, "Lê Văn An")
        add_member(cls.ward_a, cls.b2, "Trần Văn Bình")
        # created in the reverse order: neither the ids nor the paths ("/1/10/" < "/1/9/") give it
        for name in ("10", "9", "2"):
            create_unit(Kind.WARD, name, cls.province)

    def assert_in_order(self, html: str, labels: list[str]):
        positions = [html.find(label) for label in labels]
        self.assertNotIn(-1, positions, labels)
        self.assertEqual(positions, sorted(positions), labels)

    def test_lists_and_selects(self):
        party = f"/party/{self.ward_a.pk}"
        rows = [
            ("editor", f"{party}/branches/", None, [">chi bộ 2<", ">chi bộ 10<"]),
            ("editor", f"{party}/members/", r'<select name="branch">.*?</select>', [">2<", ">10<"]),
            ("editor", f"{party}/members/", r"<tbody>.*?</tbody>", ["Trần Văn Bình", "Lê Văn An"]),
            ("editor", f"{party}/members/new/", r'<select name="branch".*?</select>', ["chi bộ 2<", "chi bộ 10<"]),
            ("province_viewer", f"/p/{self.province.pk}/", None, ["phường 2</a>", "phường 9</a>", "phường 10</a>"]),
            ("admin", "/", None, ["phường 2</a>", "phường 9</a>", "phường 10</a>"]),
            ("admin", "/units/merge/", r'<div id="id_predecessors">.*?</fieldset>', ["phường 2<", "phường 10<"]),
        ]
        for persona, url, part, labels in rows:
            with self.subTest(url=url, labels=labels):
                self.login(getattr(self, persona))
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                html = r.content.decode()
                if part:
                    html = re.search(part, html, re.S).group(0)
                self.assert_in_order(html, labels)


# --- 5: upload errors -----------------------------------------------------------------------------


class UploadErrorsTestCase(BaseTestCase):
    def test_a_broken_workbook_is_named_and_said_plainly(self):
        rows = [
            ("editor", f"/t/{self.term_a.pk}/results/upload/", "Kết quả năm 2021.xlsx"),
            ("editor", f"/party/{self.ward_a.pk}/import/", "Danh sách đảng viên.xlsx"),
            ("admin", "/units/import/", "Danh sách đơn vị.xlsx"),
        ]
        for persona, url, name in rows:
            for data in (b"not a workbook", b"PK\x03\x04 not really a zip"):
                with self.subTest(url=url, data=data):
                    self.login(getattr(self, persona))
                    r = self.client.post(url, {"file": SimpleUploadedFile(name, data)})
                    text = visible_text(r.content.decode())
                    self.assertIn(f"Không đọc được tệp «{name}» như một bảng tính Excel", text)
                    for technical in ("dòng 0", "cột -", "cột «-»", "BadZipFile", "Error"):
                        self.assertNotIn(technical, text)

    def test_a_document_error_names_the_users_file_not_the_servers(self):
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("word/document.xml", "x" * 100)
        self.login(self.editor)
        name = "Báo cáo tổng kết.docx"
        with mock.patch("chitieu.limits.MAX_UNPACKED_BYTES", 10):  # the zip-bomb check, on a small file
            r = self.client.post(
                f"/c/{self.ward_a.pk}/documents/new/", {"file": SimpleUploadedFile(name, archive.getvalue())}
            )
        text = visible_text(r.content.decode())
        self.assertIn(name, text)
        self.assertIn("quá lớn", text)
        for server in ("/tmp", "tmp", "chitieu-upload"):
            self.assertNotIn(server, text)


# --- 6: "Đã lưu" only when something was saved -----------------------------------------------------


def form_inputs(page: str, form_id: str | None = None) -> dict[str, str]:
    """The values a browser would send for the form as it was shown (``form_id`` None: the page's
    form with a "Lưu" button)."""
    pattern = rf'<form[^>]*id="{form_id}".*?</form>' if form_id else r'<form method="post">.*?Lưu</button></form>'
    form = re.search(pattern, page, re.S).group(0)
    out = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and ('type="checkbox"' not in tag or " checked" in tag):
            out[name.group(1)] = htmllib.unescape(value.group(1)) if value else ("on" if "checkbox" in tag else "")
    for name, options in re.findall(r'<select name="([^"]*)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        out[name] = htmllib.unescape(chosen.group(1)) if chosen else ""
    for name, text in re.findall(r'<textarea name="([^"]*)"[^>]*>(.*?)</textarea>', form, re.S):
        out[name] = htmllib.unescape(text.removeprefix("\n"))
    return out


class NothingSavedTestCase(BaseTestCase):
    def test_a_form_sent_back_unchanged_says_nothing_was_saved(self):
        def results_unchanged():
            url = f"/targets/{self.admissions.pk}/results/"
            return self.client.post(url, form_inputs(self.client.get(url).content.decode(), "results"))

        def results_typed_again():  # 12 stored, "12,0" typed: the same number
            url = f"/targets/{self.admissions.pk}/results/"
            data = form_inputs(self.client.get(url).content.decode(), "results")
            data["y2021"] = "12,0"
            return self.client.post(url, data)

        def no_target_ticked():
            return self.client.post(
                f"/t/{self.term_a.pk}/targets/paste/",
                {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-number": "1",
                 "form-0-text": "Kết nạp 10 đảng viên/năm", "form-0-indicator": "", "form-0-shape": ""},
            )  # fmt: skip

        def member_unchanged():
            m = add_member(self.ward_a, self.branch_a, "Nguyễn Thị Hoa")
            url = f"/party/{self.ward_a.pk}/members/{m.pk}/edit/"
            return self.client.post(url, form_inputs(self.client.get(url).content.decode()))

        def same_committee_rating():
            UnitRating.objects.create(unit=self.ward_a, committee=self.ward_a, year=2024, level="good")
            return self.client.post(f"/party/{self.ward_a.pk}/ratings/2024/", {"level": "good"})

        actions = (results_unchanged, results_typed_again, no_target_ticked, member_unchanged, same_committee_rating)
        for action in actions:
            with self.subTest(action=action.__name__):
                self.client = self.client_class()  # no message left over from the last one
                self.login(self.editor)
                before = Result.objects.get(target=self.admissions, year=2021)
                r = action()
                self.assertEqual(r.status_code, 302)
                said = messages_of(r)
                self.assertEqual(len(said), 1, said)
                self.assertIn("chưa lưu gì", said[0])
                self.assertNotIn("Đã", said[0])
                after = Result.objects.get(target=self.admissions, year=2021)
                self.assertEqual((after.status, after.value), (Status.SUBMITTED, before.value))

    def test_a_change_still_says_saved(self):
        self.login(self.editor)
        url = f"/targets/{self.admissions.pk}/results/"
        data = form_inputs(self.client.get(url).content.decode(), "results")
        data["y2022"] = "9"
        r = self.client.post(url, data)
        self.assertEqual(messages_of(r), ["Đã lưu kết quả."])
        self.assertEqual(Result.objects.get(target=self.admissions, year=2022).value, 9)


# --- 7: why there is no PDF -----------------------------------------------------------------------


class PdfReasonTestCase(BaseTestCase):
    def test_the_reason_is_written_next_to_the_greyed_out_button(self):
        self.login(self.viewer)
        for soffice, shown in ((None, True), ("/usr/bin/soffice", False)):
            with (
                self.subTest(soffice=soffice),
                mock.patch("chitieu.reports.templatetags.report_tags.soffice_path", return_value=soffice),
            ):
                html = render_to_string("reports/_download.html", {"committee": self.ward_a, "term": self.term_a})
                page = self.client.get(f"/c/{self.ward_a.pk}/?term={self.term_a.pk}&year=2021").content.decode()
                for where, text in (("buttons", html), ("committee page", page)):
                    reason = re.search(r'<p[^>]*id="pdf-unavailable"[^>]*>(.*?)</p>', text, re.S)
                    self.assertEqual(bool(reason), shown, where)
                    if shown:
                        self.assertIn("LibreOffice", reason.group(1))
                        self.assertIn("DOCX", reason.group(1))
            cache.clear()  # the committee page's body is kept per state; the server's software is no part of it
