"""Who may download which report, and the buttons on the committee page (the shared personas)."""

import datetime as dt
import io
import re
from unittest import mock

from django.core.cache import cache
from django.template.loader import render_to_string
from docx import Document

from chitieu.reports import pdf
from tests.web.base import BaseTestCase


class ReportAccessTest(BaseTestCase):
    def url(self, unit, kind="term", fmt="docx", query="?term=2020-2025"):
        return f"/reports/{unit.pk}/{kind}.{fmt}{query}"

    def test_editor_viewer_and_the_level_above_download(self):
        for user in (self.editor, self.viewer, self.province_viewer, self.reviewer, self.admin):
            with self.subTest(user=user.username):
                self.login(user)
                r = self.client.get(self.url(self.ward_a))
                self.assertEqual(r.status_code, 200)
                doc = Document(io.BytesIO(r.content))
                self.assertEqual(doc.tables[0].rows[0].cells[0].paragraphs[1].text, "ĐẢNG ỦY PHƯỜNG KIM TÂN")
                self.assertEqual(doc.tables[0].rows[0].cells[0].paragraphs[0].text, "ĐẢNG BỘ THÀNH PHỐ LÀO CAI")

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        for kind, fmt in (("term", "docx"), ("midterm", "xlsx"), ("annual", "pdf")):
            with self.subTest(kind=kind, fmt=fmt):
                r = self.client.get(self.url(self.ward_a, kind, fmt, "?year=2021"))
                self.assertEqual(r.status_code, 404)
        # Its own committee is fine.
        self.assertEqual(self.client.get(self.url(self.commune_c, "annual", "xlsx", "?year=2021")).status_code, 200)

    def test_anonymous_is_sent_to_login(self):
        r = self.client.get(self.url(self.ward_a))
        self.assertEqual(r.status_code, 302)
        self.assertIn("/login/", r["Location"])

    def test_only_committees_have_reports(self):
        self.login(self.admin)
        for unit in (self.province, self.branch_a):
            with self.subTest(unit=unit.title):
                self.assertEqual(self.client.get(self.url(unit)).status_code, 404)

    def test_bad_requests_say_why(self):
        self.login(self.editor)
        r = self.client.get(self.url(self.ward_a, "annual", "docx", "?year=20x1"))
        self.assertEqual(r.status_code, 400)
        r = self.client.get(self.url(self.ward_a, "term", "docx", "?term=1990-1995"))
        self.assertEqual(r.status_code, 400)
        self.assertIn("Không có nhiệm kỳ 1990-1995", r.content.decode())
        self.assertEqual(self.client.get(f"/reports/{self.ward_a.pk}/term.odt").status_code, 404)

    def test_annual_report_of_a_year_of_the_term(self):
        self.login(self.editor)
        r = self.client.get(self.url(self.ward_a, "annual", "docx", "?year=2021"))
        self.assertEqual(r.status_code, 200)
        self.assertIn("bao-cao-nam-phuong-kim-tan-2021.docx", r["Content-Disposition"])
        text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
        self.assertIn("Tổng kết công tác năm 2021, phương hướng, nhiệm vụ năm 2022", text)
        # submitted, not approved yet: marked (issue 15)
        self.assertIn("Kết nạp 12 đảng viên/năm (chưa duyệt), vượt chỉ tiêu Nghị quyết (10 đảng viên/năm)", text)

    def test_pdf_without_libreoffice_is_a_clear_503(self):
        self.login(self.editor)
        with (
            mock.patch.dict("os.environ", {"CHITIEU_SOFFICE": ""}),
            mock.patch.object(pdf.shutil, "which", return_value=None),
        ):
            r = self.client.get(self.url(self.ward_a, "term", "pdf"))
        self.assertEqual(r.status_code, 503)
        self.assertIn("LibreOffice", r.content.decode())

    def test_download_buttons(self):
        html = render_to_string("reports/_download.html", {"committee": self.ward_a, "term": self.term_a, "year": 2021})
        base = f"/reports/{self.ward_a.pk}"
        self.assertIn(f'formaction="{base}/annual.docx"', html)
        self.assertIn('<option value="2021" selected>2021</option>', html)
        self.assertIn(f'href="{base}/midterm.xlsx?term=2020-2025"', html)
        self.assertIn(f'href="{base}/term.docx?term=2020-2025"', html)
        self.assertIn('<label class="label inline-label" for="report-year">Báo cáo năm</label>', html)
        self.assertIn("Tổng kết nhiệm kỳ 2020-2025", html)
        self.assertIn(">PDF<", html)
        # A committee page without a term still offers the reports; without a committee, nothing.
        self.assertIn(f"{base}/term.docx", render_to_string("reports/_download.html", {"committee": self.ward_a}))
        self.assertNotIn("<section", render_to_string("reports/_download.html", {"committee": None}))

    def test_committee_page_offers_the_downloads(self):
        self.login(self.viewer)
        r = self.client.get(f"/c/{self.ward_a.pk}/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        for kind in ("annual", "midterm", "term"):
            self.assertIn(f"/reports/{self.ward_a.pk}/{kind}.docx", html)
        self.assertIn(f"/reports/{self.ward_a.pk}/term.xlsx?term=2020-2025", html)


def _annual_form(html: str) -> str:
    return re.search(r'<form class="inline report-year".*?</form>', html, re.S).group(0)


def _years(form: str) -> tuple[list[str], list[str]]:
    """The years offered, and the one chosen first."""
    return re.findall(r'<option value="(\d+)"', form), re.findall(r'<option value="(\d+)" selected', form)


class AnnualReportYearsTest(BaseTestCase):
    """Issue 15: the committee page offered the annual report of one year only, the term's last."""

    def test_the_committee_page_offers_every_year_of_the_term_begun(self):
        self.login(self.viewer)
        cache.clear()
        with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2023, 12, 10)):
            html = self.client.get(f"/c/{self.ward_a.pk}/?term={self.term_a.pk}&year=2021").content.decode()
        cache.clear()
        form = _annual_form(html)
        self.assertEqual(_years(form), (["2020", "2021", "2022", "2023"], ["2021"]))  # the page's year first
        self.assertIn('<label class="label inline-label" for="report-year">Báo cáo năm</label>', form)
        self.assertIn('<select id="report-year" name="year">', form)
        self.assertIn('<input type="hidden" name="term" value="2020-2025">', form)
        for fmt in ("docx", "xlsx"):
            action = f"/reports/{self.ward_a.pk}/annual.{fmt}"
            self.assertIn(f'<button type="submit" class="button" formaction="{action}">', form)

    def test_the_years_follow_the_term_and_the_day(self):
        for today, years, first in (
            (dt.date(2023, 12, 10), ["2020", "2021", "2022", "2023"], ["2022"]),  # last year's, as before
            (dt.date(2027, 1, 5), ["2020", "2021", "2022", "2023", "2024", "2025"], ["2025"]),  # a term ended
            (dt.date(2019, 6, 1), ["2020"], ["2020"]),  # a term not begun
        ):
            with self.subTest(today=today), mock.patch("django.utils.timezone.localdate", return_value=today):
                html = render_to_string("reports/_download.html", {"committee": self.ward_a, "term": self.term_a})
                self.assertEqual(_years(_annual_form(html)), (years, first))

    def test_a_middle_year_downloads(self):
        """What the form sends for 2022, a year neither first nor last of the term."""
        self.login(self.editor)
        r = self.client.get(f"/reports/{self.ward_a.pk}/annual.docx", {"year": "2022", "term": "2020-2025"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        self.assertIn("bao-cao-nam-phuong-kim-tan-2022.docx", r["Content-Disposition"])
        text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
        self.assertIn("Tổng kết công tác năm 2022, phương hướng, nhiệm vụ năm 2023", text)
