from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from chitieu.demo import SEEDS_DIR
from chitieu.plans.models import Figure, Result, SourceDocument

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
