"""One source of truth per figure (issue 15): the committee page, the API and the term report (DOCX)
say the same thing of every demo committee's every term: the summary line, each target's result,
its mark when it rests on figures nobody approved, its verdict and completion, the members at the
term's end and the admissions over it. Then each finding of the user test, on its own data."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from docx import Document

from chitieu.demo.load import load_demo
from chitieu.orgs.models import Kind, Unit
from chitieu.orgs.tree import create_unit
from chitieu.party.indicators import term_party
from chitieu.plans import summaries
from chitieu.plans.evaluation import evaluate_term, summary
from chitieu.plans.models import Figure, Result, SourceDocument, Status, Term
from chitieu.reports.content import build_report
from chitieu.reports.docx import render_docx
from chitieu.versions import version_of
from tests.party.helpers import D, add_member

from .base import BaseTestCase, make_target


def _text(fragment: str) -> str:
    """A cell's text: tags out, entities read, spaces as one."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _count(text: str) -> int:
    """ "1.131" -> 1131."""
    return int(text.replace(".", ""))


def _line(text: str) -> tuple[int, int] | None:
    """(met or exceeded, total) of "đạt và vượt X/Y chỉ tiêu", None when there is no such line."""
    m = re.search(r"đạt và vượt (\d+)/(\d+) chỉ tiêu", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- g. every demo committee, every term: the page, the API and the DOCX agree ----------------------


class OneTruthDemoTestCase(TestCase):
    """Table-driven over the demo's committees × terms (the demo is built once, about ten seconds)."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        from django.contrib.auth.models import User

        cls.admin = User.objects.create_superuser("checker", password="x")

    def page(self, term: Term) -> dict:
        body = self.client.get(f"/c/{term.committee_id}/?term={term.pk}").content.decode()
        summary_html = re.search(r'<p class="summary" id="summary">(.*?)</p>', body, re.S).group(1)
        rows = {}
        for m in re.finditer(r'<tr class="v-[\w-]+" data-target="(\d+)">(.*?)</tr>', body, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", m.group(2), re.S)
            result = re.search(r'<span class="result">(.*?)</span>', cells[3], re.S)
            mark = re.search(r'<span class="unapproved"[^>]*>(.*?)</span>', cells[3], re.S)
            rows[int(m.group(1))] = {
                "target": _text(cells[2]),
                "result": _text(result.group(1)) if result else "",
                "mark": _text(mark.group(1)) if mark else "",
                "pct": _text(cells[4]),
                "verdict": _text(re.search(r'<span class="verdict">(.*?)</span>', m.group(2), re.S).group(1)),
            }
        members = re.search(r'<strong id="term-members">([\d.]+)</strong>', body)
        admitted = re.search(r'<strong id="term-admitted">([\d.]+)</strong>', body)
        panel = re.search(r'<strong id="party-members">([\d.]+)</strong>', body)
        panel_year = re.search(r"<h2>Tổ chức đảng — năm (\d{4})</h2>", body)
        return {
            "line": _line(_text(re.search(r"<strong>(.*?)</strong>", summary_html, re.S).group(1))),
            "unapproved": _text(summary_html).count("chưa duyệt"),
            "rows": rows,
            "members": _count(members.group(1)) if members else None,
            "admitted": _count(admitted.group(1)) if admitted else None,
            "panel_members": _count(panel.group(1)) if panel else None,
            "panel_year": int(panel_year.group(1)) if panel_year else None,
        }

    def api(self, term: Term) -> dict:
        out = self.client.get(f"/api/terms/{term.pk}/evaluation").json()
        return {
            "line": _line(out["summary"]["line"]),
            "unapproved": out["summary"]["unapproved"],
            "rows": {
                t["target"]["id"]: {
                    "target": " ".join(t["target_display"].split()),
                    "result": " ".join((t["result_display"] or "").split()),
                    "mark": t["mark"],
                    "pct": t["completion_pct_display"] or "—",
                    "verdict": t["verdict_label"],
                }
                for t in out["targets"]
            },
            "members": out["party"]["members"],
            "admitted": out["party"]["admitted"],
        }

    def docx(self, term: Term) -> dict:
        content = build_report(term.committee, "term", today=timezone.localdate(), term=term)
        doc = Document(io.BytesIO(render_docx(content)))
        paragraphs = [p.text for p in doc.paragraphs]
        opening = next((p for p in paragraphs if "thực hiện Nghị quyết, " in p and "chỉ tiêu" in p), "")
        table = next((t for t in doc.tables if t.rows and t.rows[0].cells[0].text.strip() == "STT"), None)
        rows = {}
        for row in table.rows[1:] if table is not None else []:
            number, _name, target, result, pct, verdict = (c.text.strip() for c in row.cells)
            target, result = " ".join(target.split()), " ".join(result.split())  # as _text reads the page's
            rows[int(number)] = {"target": target, "result": result, "pct": pct, "verdict": verdict.rstrip("*")}
        situation = next((p for p in paragraphs if p.startswith(f"{term.committee.party_title} có ")), "")
        members = re.search(r"(\d[\d.]*) đảng viên(?:\.|;)", situation)
        admitted = next((re.search(r"kết nạp (\d[\d.]*) đảng viên mới", p) for p in paragraphs if "kết nạp" in p), None)
        return {
            "line": _line(opening),
            "unapproved": opening.count("chưa duyệt"),
            "rows": rows,
            "members": _count(members.group(1)) if members else None,
            "admitted": _count(admitted.group(1)) if admitted else None,
            "said_admissions": any(r.indicator == "party_members_admitted" and r.sentence for r in content.rows),
        }

    def test_page_api_and_report_agree(self):
        self.client.force_login(self.admin)
        terms = list(Term.objects.select_related("committee").exclude(committee__kind=Kind.BRANCH).order_by("pk"))
        self.assertGreaterEqual(len(terms), 11)  # eight committees, three of them with two terms
        targets_checked = members_checked = panels_checked = 0
        for term in terms:
            page, api, report = self.page(term), self.api(term), self.docx(term)
            committee = term.committee
            with self.subTest(committee=committee.title, term=term.label, what="summary line"):
                self.assertEqual(page["line"], api["line"])
                self.assertEqual(page["line"], report["line"])
                self.assertEqual(page["unapproved"] > 0, api["unapproved"] > 0)
                self.assertEqual(page["unapproved"] > 0, report["unapproved"] > 0)
            for target in term.targets.filter(year__isnull=True):
                with self.subTest(committee=committee.title, term=term.label, target=target.text):
                    p, a, r = page["rows"][target.pk], api["rows"][target.pk], report["rows"][target.number]
                    self.assertEqual(p, a)
                    self.assertEqual(r["target"], p["target"])
                    shown = f"{p['result']} {p['mark']}".strip() or "—"
                    self.assertEqual(r["result"], shown)
                    self.assertEqual(r["pct"], p["pct"].removesuffix("%"))
                    self.assertEqual(_lower_first(r["verdict"]), p["verdict"])
                    targets_checked += 1
            with self.subTest(committee=committee.title, term=term.label, what="members and admissions"):
                expected = term_party(committee, term.start_year, term.end_year)
                self.assertEqual(page["members"], expected.members)
                if page["panel_year"] == expected.years[-1]:  # the panel's year, unless the page shows another
                    self.assertEqual(page["panel_members"], expected.members)
                    panels_checked += 1
                self.assertEqual(api["members"], expected.members)
                self.assertEqual(report["members"], expected.members)
                self.assertEqual(page["admitted"], expected.admitted)
                self.assertEqual(api["admitted"], expected.admitted)
                if not report["said_admissions"]:  # else a target's sentence says it, in its own terms
                    self.assertEqual(report["admitted"], expected.admitted)
                members_checked += expected.members is not None
        self.assertGreaterEqual(targets_checked, 16)
        self.assertGreaterEqual(members_checked, 11)
        self.assertGreaterEqual(panels_checked, 10)  # all but phường Tây Sơn, whose page shows its 2023 plan
        # the demo's submitted results are marked wherever they show
        long_duc = Term.objects.get(committee__name="Long Đức")
        self.assertEqual(self.api(long_duc)["rows"][long_duc.targets.get().pk]["mark"], "(chưa duyệt)")
        self.assertTrue(Unit.objects.filter(kind=Kind.WARD).exists())


# --- a. members at a term's end: one date rule ------------------------------------------------------


class TermEndTestCase(BaseTestCase):
    """2015-2020: 5 members at the end of 2019; in 2020, the congress year, one leaves and two are
    admitted. The term report, the committee page and the API all count the term over 2015-2019."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.old = Term.objects.create(committee=cls.ward_a, start_year=2015, end_year=2020)
        for i in range(4):
            add_member(cls.ward_a, cls.branch_a, f"Đảng viên {i}", D(2010, 5, 1))
        add_member(cls.ward_a, cls.branch_a, "Đi", D(2016, 5, 1), left=D(2020, 6, 1))
        add_member(cls.ward_a, cls.branch_a, "Mới 1", D(2020, 6, 1), full=False)
        add_member(cls.ward_a, cls.branch_a, "Mới 2", D(2020, 7, 1), full=False)

    def test_the_report_and_the_page_count_members_on_the_same_day(self):
        self.login(self.editor)
        report = build_report(self.ward_a, "term", today=timezone.localdate(), term=self.old)
        self.assertIn(", 5 đảng viên.", report.text)  # 31/12/2019
        self.assertIn("Trong nhiệm kỳ, kết nạp 1 đảng viên mới.", report.text)  # 2016; 2020's count in 2020-2025
        body = self.client.get(f"/c/{self.ward_a.pk}/?term={self.old.pk}").content.decode()
        self.assertIn('<strong id="party-members">5</strong>', body)
        self.assertIn('<strong id="term-members">5</strong>', body)
        self.assertIn('<strong id="term-admitted">1</strong>', body)
        self.assertIn("tính đến 31/12/2019", body)
        party = self.client.get(f"/api/terms/{self.old.pk}/evaluation").json()["party"]
        self.assertEqual((party["members"], party["admitted"], party["as_of"]), (5, 1, "2019-12-31"))

    def test_no_year_counts_in_two_terms(self):
        old = term_party(self.ward_a, 2015, 2020)
        new = term_party(self.ward_a, 2020, 2025)
        self.assertEqual((old.years[-1], new.years[0]), (2019, 2020))
        self.assertEqual((old.admitted, new.admitted), (1, 2))


# --- b. a target with nothing typed: judged on the records in a year's report as on the page -------------


class AnnualComputedTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.term = Term.objects.create(committee=cls.commune_b, start_year=2020, end_year=2025)
        cls.branch_b = create_unit(Kind.BRANCH, "Thôn 1", cls.commune_b)
        cls.target = make_target(cls.term, 1, "Kết nạp 10 đảng viên/năm")
        for i in range(10):
            add_member(cls.commune_b, cls.branch_b, f"Đảng viên {i}", D(2023, 3, 1 + i), full=False)

    def test_the_annual_report_does_not_say_no_figures_of_admissions_it_counts(self):
        content = build_report(self.commune_b, "annual", year=2023, today=dt.date(2024, 1, 10))
        row = content.rows[0]
        self.assertEqual((row.result, row.verdict), ("10 đảng viên/năm", "Đạt"))
        self.assertNotIn("chưa có số liệu", content.text)
        # said once, by the target's sentence, not again as the Party section's count
        self.assertIn("Kết nạp 10 đảng viên/năm, đạt chỉ tiêu Nghị quyết", content.text)
        self.assertNotIn("kết nạp 10 đảng viên mới", content.text)
        # the API and the page's year judge it the same way
        self.login(self.admin)
        api = self.client.get(f"/api/terms/{self.term.pk}/evaluation?year=2023").json()["targets"][0]
        self.assertEqual((api["verdict_label"], api["result_display"]), ("đạt", "10 đảng viên/năm"))


# --- c. drafts and submitted results are marked wherever they are shown or counted ----------------------


class UnapprovedMarksTestCase(BaseTestCase):
    """The base data: poverty 2021 is a draft, admissions 2021 submitted, growth approved."""

    def test_marked_on_the_page_in_the_api_the_reports_and_the_province_summary(self):
        self.login(self.admin)
        body = self.client.get(f"/c/{self.ward_a.pk}/?term={self.term_a.pk}").content.decode()
        row = re.search(rf'data-target="{self.poverty.pk}">(.*?)</tr>', body, re.S).group(1)
        self.assertIn('<span class="unapproved" title="số liệu chưa được cấp trên duyệt">(nháp)</span>', row)
        row = re.search(rf'data-target="{self.admissions.pk}">(.*?)</tr>', body, re.S).group(1)
        self.assertIn("(chưa duyệt)", row)
        row = re.search(rf'data-target="{self.growth.pk}">(.*?)</tr>', body, re.S).group(1)
        self.assertNotIn('class="unapproved"', row)
        self.assertIn("2 chỉ tiêu tính từ số liệu chưa duyệt", body)

        out = self.client.get(f"/api/terms/{self.term_a.pk}/evaluation").json()
        marks = {t["target"]["id"]: (t["result_status"], t["mark"]) for t in out["targets"]}
        self.assertEqual(marks[self.poverty.pk], ("draft", "(nháp)"))
        self.assertEqual(marks[self.admissions.pk], ("submitted", "(chưa duyệt)"))
        self.assertEqual(marks[self.growth.pk], ("approved", ""))
        self.assertEqual(out["summary"]["unapproved"], 2)

        content = build_report(self.ward_a, "annual", year=2021, today=dt.date(2022, 1, 5))
        by_number = {r.number: r for r in content.rows}
        self.assertEqual(by_number[3].result_shown, "2,5% (nháp)")
        self.assertEqual(by_number[2].result_shown, "12 đảng viên/năm (chưa duyệt)")
        self.assertIn("2 chỉ tiêu tính từ số liệu chưa duyệt", content.text)

        # what the province page reads: the stored entries and counts carry it
        stored = summaries.current([Unit.objects.get(pk=self.ward_a.pk)])[self.ward_a.pk]
        self.assertEqual(summaries.as_summary(stored).unapproved, 2)
        self.assertEqual(sorted(t["mark"] for t in stored.targets), ["", "(chưa duyệt)", "(nháp)"])

    def test_approved_figures_carry_no_mark(self):
        Result.objects.filter(target__term=self.term_a).update(status=Status.APPROVED)
        statuses = evaluate_term(self.term_a)
        self.assertEqual([s.mark for s in statuses], ["", "", ""])
        self.assertEqual(summary(statuses).unapproved, 0)
        content = build_report(self.ward_a, "annual", year=2021, today=dt.date(2022, 1, 5))
        self.assertNotIn("chưa duyệt", content.text)
        self.assertNotIn("(nháp)", content.text)


# --- d. a document's figure never replaces a stored result silently --------------------------------------


class AcceptOverTypedTestCase(BaseTestCase):
    def upload(self, text: str) -> SourceDocument:
        self.client.post(f"/c/{self.ward_a.pk}/documents/new/", {"file": SimpleUploadedFile("bc.txt", text.encode())})
        return SourceDocument.objects.latest("pk")

    def test_a_different_value_asks_first(self):
        self.login(self.editor)
        doc = self.upload("Năm 2021, tỷ lệ hộ nghèo còn 2,1%.")
        typed = Result.objects.get(target=self.poverty, year=2021)
        # the document's page already says what is stored for the target it suggests
        self.assertIn("đang có <strong>2,5%</strong>", self.client.get(f"/documents/{doc.pk}/").content.decode())
        post = {"index": 0, "target": self.poverty.pk, "year": "2021"}
        r = self.client.post(f"/documents/{doc.pk}/accept/", post)
        self.assertEqual(r.status_code, 200)
        page = r.content.decode()
        self.assertIn("Chỉ tiêu này đã có số liệu khác", page)
        self.assertIn('id="current-value"><strong>2,5%</strong>', page)
        self.assertIn('id="new-value"><strong>2,1%</strong>', page)
        self.assertIn('name="confirm" value="1"', page)
        self.assertEqual(Result.objects.get(pk=typed.pk).value, Decimal("2.5"))  # nothing replaced yet
        r = self.client.post(f"/documents/{doc.pk}/accept/", post | {"confirm": "1", "seen": version_of(typed)})
        self.assertEqual(r.status_code, 302)
        now = Result.objects.get(pk=typed.pk)
        self.assertEqual((now.value, now.document_id), (Decimal("2.1"), doc.pk))

    def test_the_same_value_is_nothing_to_do(self):
        self.login(self.editor)
        doc = self.upload("Năm 2021, tỷ lệ hộ nghèo còn 2,5%.")
        before = Result.objects.get(target=self.poverty, year=2021)
        r = self.client.post(
            f"/documents/{doc.pk}/accept/", {"index": 0, "target": self.poverty.pk, "year": "2021"}, follow=True
        )
        self.assertIn("đã có đúng số liệu này", r.content.decode())
        after = Result.objects.get(pk=before.pk)
        self.assertEqual((after.document_id, version_of(after)), (None, version_of(before)))

    def test_a_change_meanwhile_is_not_overwritten(self):
        self.login(self.editor)
        doc = self.upload("Năm 2021, tỷ lệ hộ nghèo còn 2,1%.")
        typed = Result.objects.get(target=self.poverty, year=2021)
        seen = version_of(typed)
        Result.objects.filter(pk=typed.pk).update(value=Decimal("2.4"))  # someone else, in between
        post = {"index": 0, "target": self.poverty.pk, "year": "2021", "confirm": "1", "seen": seen}
        r = self.client.post(f"/documents/{doc.pk}/accept/", post, follow=True)
        self.assertIn("đã thay đổi", r.content.decode())
        self.assertEqual(Result.objects.get(pk=typed.pk).value, Decimal("2.4"))


# --- e. the other figures of a term are that term's ------------------------------------------------------


class OtherFiguresTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.old = Term.objects.create(committee=cls.ward_a, start_year=2015, end_year=2020)
        common = {"committee": cls.ward_a, "unit": "count", "indicator": "party_members", "label": "đảng viên"}
        Figure.objects.create(term=cls.old, year=2017, value=611, source_text="năm 2017 có 611", **common)
        Figure.objects.create(term=cls.term_a, year=2022, value=702, source_text="năm 2022 có 702", **common)

    def test_the_page_lists_the_term_shown(self):
        self.login(self.editor)
        body = self.client.get(f"/c/{self.ward_a.pk}/?term={self.term_a.pk}").content.decode()
        section = body[body.index('id="other-figures"') :]
        self.assertIn("nhiệm kỳ 2020-2025", section)
        self.assertIn("năm 2022 có 702", section)
        self.assertNotIn("năm 2017 có 611", section)
        self.assertIn(f'<a href="?term={self.old.pk}">nhiệm kỳ 2015-2020</a> (1 số liệu)', section)
        body = self.client.get(f"/c/{self.ward_a.pk}/?term={self.old.pk}").content.decode()
        section = body[body.index('id="other-figures"') :]
        self.assertIn("năm 2017 có 611", section)
        self.assertNotIn("năm 2022 có 702", section)

    def test_a_figure_accepted_with_its_year_goes_to_that_term(self):
        self.login(self.editor)
        self.client.post(
            f"/c/{self.ward_a.pk}/documents/new/", {"file": SimpleUploadedFile("a.txt", "Có 28 chi bộ.".encode())}
        )
        doc = SourceDocument.objects.latest("pk")
        self.client.post(f"/documents/{doc.pk}/accept/", {"index": 0, "target": "", "year": "2017"})
        self.assertEqual(Figure.objects.get(document=doc).term, self.old)


# --- f. the candidates page reads a term's admissions against that term's targets -------------------------


class CandidatesTermTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Result.objects.filter(target__term=cls.term_a).delete()
        cls.admissions.delete()  # 2020-2025 sets no admissions target
        cls.old = Term.objects.create(committee=cls.ward_a, start_year=2015, end_year=2020)
        cls.old_target = make_target(cls.old, 1, "Phát triển 35 đảng viên trong nhiệm kỳ")
        for year in (2016, 2019, 2021, 2022, 2022):
            add_member(cls.ward_a, cls.branch_a, f"Đảng viên {year}", D(year, 4, 1))

    def test_the_years_shown_and_the_targets_are_one_terms(self):
        self.login(self.editor)
        body = self.client.get(f"/party/{self.ward_a.pk}/candidates/").content.decode()
        section = body[body.index("Kết nạp theo năm") : body.index("Quần chúng ưu tú")]
        today = timezone.localdate()
        expected = term_party(self.ward_a, 2020, 2025, today)
        self.assertIn("nhiệm kỳ 2020-2025", section)
        self.assertNotIn(self.old_target.text, section)  # the 2015-2020 target is not 2021-2025's
        self.assertIn("Nhiệm kỳ 2020-2025 chưa có chỉ tiêu kết nạp đảng viên", section)
        self.assertIn(f'id="admitted-total"><strong>{expected.admitted}</strong>', section)
        years = [int(y) for y in re.findall(r"<tr><td>(\d{4})</td>", section)]
        self.assertEqual(years, expected.years)
        body = self.client.get(f"/party/{self.ward_a.pk}/candidates/?term={self.old.pk}").content.decode()
        section = body[body.index("Kết nạp theo năm") : body.index("Quần chúng ưu tú")]
        self.assertIn(self.old_target.text, section)
        self.assertEqual([int(y) for y in re.findall(r"<tr><td>(\d{4})</td>", section)], list(range(2015, 2020)))
        self.assertIn('id="admitted-total"><strong>2</strong>', section)
