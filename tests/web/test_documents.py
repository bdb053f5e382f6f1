import re
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu.demo import SEEDS_DIR
from chitieu.plans.models import Figure, Result, SourceDocument, Status

from .base import BaseTestCase, make_target

SEED_004 = SEEDS_DIR / "004_9ccd0a3510ad4263.txt"


class DocumentUploadTestCase(BaseTestCase):
    def upload(self, name: str, data: bytes):
        return self.client.post(f"/c/{self.ward_a.pk}/documents/new/", {"file": SimpleUploadedFile(name, data)})

    def test_upload_seed_004_and_accept_its_figures_one_by_one(self):
        budget = make_target(self.term_a, 9, "Thu ngân sách nhà nước 31.336 triệu đồng", year=2023)
        self.login(self.editor)
        r = self.upload("tay-son-2023.txt", SEED_004.read_bytes())
        self.assertEqual(r.status_code, 302)
        doc = SourceDocument.objects.get(name="tay-son-2023.txt")
        page = self.client.get(r["Location"])
        html = page.content.decode()
        self.assertIn("124.857 triệu đồng", html)
        self.assertIn("Thu ngân sách nhà nước 124.857 triệu đồng đạt 398,44% kế hoạch", html)
        # what the figure is, in Vietnamese: the catalog's name and the role
        self.assertIn("Thu ngân sách nhà nước trên địa bàn", html)
        self.assertIn("% so với kế hoạch", html)
        self.assertNotIn("budget_revenue", html)
        proposals = page.context["proposals"]
        money = next(p for p in proposals if p.fact["text"] == "124.857 triệu đồng")
        self.assertEqual(money.target, budget)  # suggested by its indicator
        r = self.client.post(
            f"/documents/{doc.pk}/accept/", {"index": money.index, "target": budget.pk, "year": "2023"}
        )
        self.assertEqual(r.status_code, 302)
        result = Result.objects.get(target=budget, year=2023)
        self.assertEqual(result.value, Decimal("124857000000"))
        self.assertEqual((result.document, doc.text[result.span_start : result.span_end]), (doc, "124.857 triệu đồng"))
        self.assertIn("398,44% kế hoạch", result.source_text)
        # a figure with no target is kept as a figure of the committee, with its source
        members = next(p for p in proposals if p.fact["text"] == "312")
        self.client.post(f"/documents/{doc.pk}/accept/", {"index": members.index, "target": "", "year": "2023"})
        fig = Figure.objects.get(document=doc)
        self.assertEqual((fig.value, fig.year, fig.indicator), (Decimal(312), 2023, "party_members"))
        page = self.client.get(f"/documents/{doc.pk}/")
        self.assertEqual(sum(p.accepted for p in page.context["proposals"]), 2)

    def test_unit_mismatch_is_refused(self):
        self.login(self.editor)
        self.upload("a.txt", "Tỷ lệ hộ nghèo còn 2,5%.".encode())
        doc = SourceDocument.objects.get(name="a.txt")
        r = self.client.post(f"/documents/{doc.pk}/accept/", {"index": 0, "target": self.admissions.pk}, follow=True)
        self.assertIn("khác chỉ tiêu", r.content.decode())
        self.assertFalse(Result.objects.filter(document=doc).exists())

    def test_another_committees_target_is_refused(self):
        self.login(self.editor)
        self.upload("a.txt", "Thu ngân sách đạt 5 tỷ đồng.".encode())
        doc = SourceDocument.objects.get(name="a.txt")
        r = self.client.post(f"/documents/{doc.pk}/accept/", {"index": 0, "target": self.target_c.pk}, follow=True)
        self.assertIn("không thuộc đơn vị này", r.content.decode())
        self.assertFalse(Result.objects.filter(document=doc).exists())

    def test_corrupt_upload_is_a_clear_error(self):
        self.login(self.editor)
        r = self.upload("bao-cao.docx", b"PK\x03\x04 not really a docx")
        self.assertEqual(r.status_code, 200)
        self.assertIn("docx", r.content.decode().lower())
        self.assertFalse(SourceDocument.objects.exists())


class LongDocumentTestCase(BaseTestCase):
    """A long document is read by a background job, with its progress; the page never waits for it."""

    def setUp(self):
        import tempfile

        from django.test import override_settings

        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        # seed 004 is ~20,000 characters: "long" here, so the test reads it in the background
        over = override_settings(CHITIEU_READ_IN_BACKGROUND_CHARS=1000, CHITIEU_JOBS_DIR=tmp.name)
        over.enable()
        self.addCleanup(over.disable)

    def test_the_upload_is_read_by_a_job_then_shown(self):
        from chitieu.jobs.models import Job
        from chitieu.plans import uploads

        from .test_jobs import work_queue

        self.login(self.editor)
        r = self.client.post(
            f"/c/{self.ward_a.pk}/documents/new/", {"file": SimpleUploadedFile("tay-son.txt", SEED_004.read_bytes())}
        )
        job = Job.objects.get(kind=Job.Kind.DOCUMENT)
        self.assertRedirects(r, f"/jobs/{job.pk}/")
        doc = SourceDocument.objects.get(name="tay-son.txt")
        self.assertIsNone(doc.facts)  # nothing read on the request's time
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "Đọc số liệu trong tài liệu tải lên")
        self.assertContains(page, '<progress max="100" aria-label="Tiến độ">', html=False)  # no total yet
        # the document's page sends to the job while it is not read, and starts no second job
        self.assertRedirects(self.client.get(f"/documents/{doc.pk}/"), f"/jobs/{job.pk}/")
        self.assertEqual(Job.objects.count(), 1)

        work_queue()

        job.refresh_from_db()
        doc.refresh_from_db()
        self.assertEqual(job.status, Job.Status.DONE)
        self.assertTrue(uploads.facts_ready(doc))
        self.assertEqual(job.done, job.total)
        self.assertIn(f"Đã đọc {len(doc.facts)} số liệu trong «tay-son.txt»", job.message)
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, f'href="/documents/{doc.pk}/"')
        self.assertContains(self.client.get(f"/documents/{doc.pk}/"), "124.857 triệu đồng")

    def test_a_short_document_is_read_at_once(self):
        from django.test import override_settings

        self.login(self.editor)
        with override_settings(CHITIEU_READ_IN_BACKGROUND_CHARS=10**9):
            r = self.client.post(
                f"/c/{self.ward_a.pk}/documents/new/", {"file": SimpleUploadedFile("ts.txt", SEED_004.read_bytes())}
            )
        doc = SourceDocument.objects.get(name="ts.txt")
        self.assertRedirects(r, f"/documents/{doc.pk}/")
        self.assertIsNotNone(doc.facts)


class AcceptAllTestCase(BaseTestCase):
    """Issue 15: an upload proposed 4,410 figures and each had to be accepted on its own. "Accept all"
    takes every figure with a suggested target and year, on every page, in one transaction, and
    never replaces a stored value: those are listed with both values."""

    def setUp(self):
        self.budget = make_target(self.term_a, 9, "Thu ngân sách nhà nước 31.336 triệu đồng", year=2023)
        self.local = make_target(self.term_a, 10, "Thu ngân sách phường được hưởng 6.288 triệu đồng", year=2023)
        # typed by hand before the report came: 50 tỷ đồng, where the report says 56.791 triệu
        self.typed = Result.objects.create(
            target=self.local, year=2023, value=Decimal("50000000000"), status=Status.DRAFT, entered_by=self.editor
        )
        self.login(self.editor)
        r = self.client.post(
            f"/c/{self.ward_a.pk}/documents/new/", {"file": SimpleUploadedFile("tay-son.txt", SEED_004.read_bytes())}
        )
        self.doc = SourceDocument.objects.get(name="tay-son.txt")
        self.assertRedirects(r, f"/documents/{self.doc.pk}/")

    def accept_all(self, **kw):
        return self.client.post(f"/documents/{self.doc.pk}/accept-all/", **kw)

    def test_the_page_offers_it_with_the_count(self):
        html = self.client.get(f"/documents/{self.doc.pk}/").content.decode()
        # 124.857 triệu đồng (budget), 56.791 triệu đồng (local), 07 admitted (admissions, 2023)
        self.assertIn("Nhận tất cả số liệu đã gợi ý chỉ tiêu (3 số liệu)", html)
        self.assertIn(f'action="/documents/{self.doc.pk}/accept-all/"', html)
        self.login(self.viewer)
        html = self.client.get(f"/documents/{self.doc.pk}/").content.decode()
        self.assertNotIn("accept-all", html)

    def test_accepts_the_new_ones_and_lists_the_different_one_with_both_values(self):
        r = self.accept_all()
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn(
            "Đã nhận 2 số liệu (bản nháp, cần gửi duyệt). "
            "Bỏ qua 1 số liệu: 1 vì chỉ tiêu đã có số liệu khác, chưa thay.",
            html,
        )
        budget = Result.objects.get(target=self.budget, year=2023)
        self.assertEqual((budget.value, budget.status), (Decimal("124857000000"), Status.DRAFT))
        self.assertEqual(budget.document, self.doc)
        self.assertEqual(self.doc.text[budget.span_start : budget.span_end], "124.857 triệu đồng")
        admitted = Result.objects.get(target=self.admissions, year=2023)
        self.assertEqual((admitted.value, admitted.document), (Decimal(7), self.doc))
        # nothing replaced silently: the typed value stays, and both are shown
        self.typed.refresh_from_db()
        self.assertEqual((self.typed.value, self.typed.document), (Decimal("50000000000"), None))
        row = re.search(r'<tr data-index="(\d+)" data-reason="replace">(.*?)</tr>', html, re.S)
        self.assertIsNotNone(row, html)
        self.assertIn('<strong class="new-value">56.791 triệu đồng</strong>', row.group(2))
        self.assertIn('<strong class="current-value">50 tỷ đồng</strong>', row.group(2))
        self.assertIn("nhập tay bởi editor", row.group(2))
        self.assertIn(f'href="/documents/{self.doc.pk}/?page=1#so-lieu-{row.group(1)}"', row.group(2))
        self.assertEqual(html.count("data-reason="), 1)
        # the page then shows them accepted, and the list's link finds its row
        page = self.client.get(f"/documents/{self.doc.pk}/")
        accepted = {p.fact["text"] for p in page.context["proposals"] if p.accepted}
        self.assertEqual(accepted, {"124.857 triệu đồng", "07"})
        self.assertContains(page, f'id="so-lieu-{row.group(1)}"')
        self.assertContains(page, "(1 số liệu)")

    def test_nothing_is_accepted_twice(self):
        self.accept_all()
        stored = Result.objects.order_by("pk").values_list("pk", "value", "document_id", "span_start", "status")
        before = list(stored)
        r = self.accept_all(follow=True)
        self.assertContains(r, "Đã nhận 0 số liệu")
        self.assertContains(r, "Bỏ qua 1 số liệu: 1 vì chỉ tiêu đã có số liệu khác, chưa thay")
        self.assertEqual(list(stored.all()), before)

    def test_an_approved_or_equal_value_is_kept_too(self):
        self.typed.status = Status.APPROVED
        self.typed.save()
        Result.objects.create(target=self.admissions, year=2023, value=Decimal(7), status=Status.SUBMITTED)
        r = self.accept_all()
        self.assertContains(
            r,
            "Đã nhận 1 số liệu (bản nháp, cần gửi duyệt). Bỏ qua 2 số liệu: 1 vì chỉ tiêu đã có số liệu khác đã "
            "duyệt; 1 vì chỉ tiêu đã có đúng số liệu này.",
        )
        self.assertContains(r, 'data-reason="approved"')
        self.assertNotContains(r, 'data-reason="same"')  # nothing to decide on
        self.typed.refresh_from_db()
        self.assertEqual((self.typed.value, self.typed.status), (Decimal("50000000000"), Status.APPROVED))
        self.assertEqual(Result.objects.get(target=self.admissions, year=2023).status, Status.SUBMITTED)

    def test_all_or_nothing(self):
        from chitieu.plans import uploads
        from chitieu.versions import StaleWrite

        real = uploads.set_result
        calls = []

        def second_fails(*args, **kw):
            calls.append(1)
            if len(calls) == 2:
                raise StaleWrite(None)  # someone stored that target's year meanwhile
            return real(*args, **kw)

        with mock.patch.object(uploads, "set_result", side_effect=second_fails):
            r = self.accept_all(follow=True)
        self.assertContains(r, "chưa nhận số liệu nào")
        self.assertFalse(Result.objects.filter(document=self.doc).exists())

    def test_reads_the_targets_and_results_once(self):
        Result.objects.create(target=self.budget, year=2023, value=Decimal(1), status=Status.DRAFT)
        Result.objects.create(target=self.admissions, year=2023, value=Decimal(7), status=Status.DRAFT)
        with CaptureQueriesContext(connection) as queries:
            r = self.accept_all()
        self.assertContains(r, "Đã nhận 0 số liệu (bản nháp, cần gửi duyệt). Bỏ qua 3 số liệu")
        reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
        self.assertEqual(sum('FROM "plans_result"' in sql for sql in reads), 1, reads)
        self.assertEqual(sum('FROM "plans_target"' in sql for sql in reads), 1, reads)

    def test_a_skipped_figure_links_to_the_page_that_shows_it(self):
        from chitieu.plans import uploads
        from chitieu.plans.views import _document_targets

        term, targets = _document_targets(self.doc, Result.objects.all())
        done = uploads.accept_suggested(self.editor, self.doc, targets, term, per_page=4)
        [skipped] = done.to_decide
        position = [p.index for p in uploads.proposals(self.doc, targets, term)].index(skipped.proposal.index)
        self.assertEqual(skipped.page, position // 4 + 1)
        self.assertGreater(skipped.page, 1)

    def test_a_viewer_or_an_outsider_cannot(self):
        for user in (self.viewer, self.province_viewer, self.outsider):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.accept_all().status_code, 404)
        self.assertFalse(Result.objects.filter(document=self.doc).exists())
        self.client.logout()
        self.assertEqual(self.accept_all().status_code, 302)  # to the login page
        self.login(self.editor)
        self.assertEqual(self.client.get(f"/documents/{self.doc.pk}/accept-all/").status_code, 405)
