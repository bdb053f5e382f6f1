"""Background jobs: a province's reports in one ZIP, queued in the database, run by the worker,
followed on the job's page, downloaded by the one who asked."""

import io
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chitieu import cli
from chitieu.jobs import runner
from chitieu.jobs.models import Job
from chitieu.reports.tasks import report_batch

from .base import BaseTestCase

TERM = {"kind": "term", "fmt": "docx"}


# The worker drops connections it finds inside a transaction (close_old_connections); in a test the
# whole test is one transaction, which PostgreSQL's connection must keep.
keep_connection = mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections")


@keep_connection
def work_queue(_close=None) -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


class JobTestCase(BaseTestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.jobs_dir = Path(tmp.name)
        # One process: the reports are written in the test's own transaction, which a fork cannot see.
        over = override_settings(CHITIEU_JOBS_DIR=self.jobs_dir, CHITIEU_REPORT_PROCESSES=1)
        over.enable()
        self.addCleanup(over.disable)

    def ask(self, user, unit, data=TERM):
        self.login(user)
        return self.client.post(f"/reports/u/{unit.pk}/batch/", data)


class BatchTest(JobTestCase):
    def test_the_page_says_how_many_committees(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/reports/u/{self.province.pk}/batch/")
        self.assertContains(r, "Lập báo cáo của 2 Đảng bộ phường, xã")
        self.assertContains(r, "Báo cáo tổng kết nhiệm kỳ")
        self.assertContains(r, "của 2 đảng bộ: dưới 1 phút nếu kèm biểu đồ")

    def test_a_request_is_queued_then_run_by_the_worker(self):
        r = self.ask(self.province_viewer, self.province)
        job = Job.objects.get()
        self.assertRedirects(r, f"/jobs/{job.pk}/")
        self.assertEqual((job.status, job.user, job.unit), (Job.Status.QUEUED, self.province_viewer, self.province))
        self.assertEqual(DBTaskResult.objects.get().id.hex, job.task_id.replace("-", ""))
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "Đang chờ đến lượt")
        self.assertContains(page, '<meta http-equiv="refresh" content="2">', html=False)
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/download").status_code, 404)

        work_queue()

        job.refresh_from_db()
        self.assertEqual((job.status, job.done, job.total), (Job.Status.DONE, 2, 2))
        self.assertIn("1 báo cáo trong tệp.", job.message)
        self.assertIn("xã Hợp Thành", job.message)  # no term: listed with its reason
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "Đã xong")
        self.assertNotContains(page, 'http-equiv="refresh"')
        r = self.client.get(f"/jobs/{job.pk}/download")
        self.assertEqual(r.status_code, 200)
        self.assertIn(job.file_name, r["Content-Disposition"])
        self.assertTrue(job.file_name.startswith("tong-ket-nhiem-ky-thanh-pho-lao-cai-"))
        names = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content))).namelist()
        self.assertEqual(len([n for n in names if n.endswith(".docx")]), 1)
        self.assertIn("khong-lap-duoc.txt", names)
        self.assertFalse(job.path.with_suffix(".part").exists())

    def test_a_second_click_returns_the_job_under_way(self):
        self.ask(self.province_viewer, self.province)
        self.ask(self.province_viewer, self.province)
        self.assertEqual(Job.objects.count(), 1)
        self.ask(self.province_viewer, self.province, {"kind": "term", "fmt": "xlsx"})
        self.assertEqual(Job.objects.count(), 2)

    def test_a_job_whose_worker_was_lost_does_not_block_a_new_request(self):
        self.ask(self.province_viewer, self.province)
        stuck = Job.objects.get()
        Job.objects.filter(pk=stuck.pk).update(status=Job.Status.RUNNING, started=timezone.now() - timedelta(hours=2))
        self.ask(self.province_viewer, self.province)
        self.assertEqual(Job.objects.count(), 2)
        Job.objects.filter(pk=stuck.pk).update(started=timezone.now())  # really running: no second one
        Job.objects.exclude(pk=stuck.pk).delete()
        self.ask(self.province_viewer, self.province)
        self.assertEqual(Job.objects.count(), 1)

    def test_an_annual_report_needs_a_year(self):
        r = self.ask(self.province_viewer, self.province, {"kind": "annual", "fmt": "docx"})
        self.assertContains(r, "Báo cáo năm cần có năm")
        self.assertFalse(Job.objects.exists())

    @pytest.mark.filterwarnings("ignore")
    def test_bad_values_are_refused_in_vietnamese(self):
        r = self.ask(self.province_viewer, self.province, {"kind": "annual", "year": "hai nghìn", "fmt": "exe"})
        self.assertContains(r, "Năm là một số")
        self.assertContains(r, "Hãy chọn một lựa chọn hợp lệ")
        self.assertFalse(Job.objects.exists())

    def test_only_units_the_user_sees(self):
        self.login(self.viewer)  # a ward's viewer does not see the province
        self.assertEqual(self.client.get(f"/reports/u/{self.province.pk}/batch/").status_code, 404)
        self.assertEqual(self.client.post(f"/reports/u/{self.province.pk}/batch/", TERM).status_code, 404)
        self.assertFalse(Job.objects.exists())

    def test_a_job_is_its_owners(self):
        self.ask(self.province_viewer, self.province)
        job = Job.objects.get()
        work_queue()
        for user, status in ((self.reviewer, 404), (self.outsider, 404), (self.admin, 200)):
            self.login(user)
            self.assertEqual(self.client.get(f"/jobs/{job.pk}/").status_code, status, user)
            self.assertEqual(self.client.get(f"/jobs/{job.pk}/download").status_code, status, user)
        self.login(self.reviewer)
        self.assertNotContains(self.client.get("/jobs/"), "thành phố Lào Cai")
        self.login(self.province_viewer)
        self.assertContains(self.client.get("/jobs/"), "Báo cáo tổng kết nhiệm kỳ (docx)")

    def test_the_oversight_page_links_to_it(self):
        self.login(self.province_viewer)
        self.assertContains(self.client.get(f"/p/{self.province.pk}/"), f"/reports/u/{self.province.pk}/batch/")

    def test_a_removed_file_is_a_clear_404(self):
        self.ask(self.province_viewer, self.province)
        work_queue()
        job = Job.objects.get()
        job.path.unlink()
        r = self.client.get(f"/jobs/{job.pk}/download")
        self.assertContains(r, "Tệp đã bị xóa", status_code=404)


class RunnerTest(JobTestCase):
    def test_a_failure_is_a_sentence_not_a_traceback(self):
        job, new = runner.start(Job.Kind.REPORTS, self.province, self.province_viewer, TERM, report_batch)
        self.assertTrue(new)

        def broken(job, progress):
            progress(1, 3)
            raise RuntimeError("boom")

        runner.run(job.pk, broken)
        job.refresh_from_db()
        got = (job.status, job.done, job.total, job.message)
        self.assertEqual(got, (Job.Status.FAILED, 1, 3, runner.FAILED_MESSAGE))
        self.login(self.province_viewer)
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "Có lỗi khi làm việc này")
        self.assertNotContains(page, "boom")

    def test_a_task_delivered_twice_runs_once(self):
        job, _ = runner.start(Job.Kind.REPORTS, self.province, self.province_viewer, TERM, report_batch)
        calls = []
        runner.run(job.pk, lambda job, progress: calls.append(1) or "ok")
        runner.run(job.pk, lambda job, progress: calls.append(1) or "ok")
        self.assertEqual(calls, [1])


class PruneAndWorkerTest(JobTestCase):
    def test_prune_removes_old_jobs_and_their_files(self):
        self.ask(self.province_viewer, self.province)
        self.ask(self.province_viewer, self.province, {"kind": "term", "fmt": "xlsx"})
        work_queue()
        old, recent = Job.objects.order_by("pk")
        Job.objects.filter(pk=old.pk).update(finished=timezone.now() - timedelta(days=8))
        call_command("prune_jobs", verbosity=0, stdout=io.StringIO())
        self.assertEqual(list(Job.objects.all()), [recent])
        self.assertFalse(old.path.exists())
        self.assertTrue(recent.path.exists())

    def test_chitieu_worker_once_runs_the_queue(self):
        self.ask(self.province_viewer, self.province)
        with keep_connection:
            self.assertEqual(cli.main(["worker", "--once"]), 0)
        self.assertEqual(Job.objects.get().status, Job.Status.DONE)


class LivePagesTest(JobTestCase):
    """The job's page and the list follow the work with htmx: the live part asks again every 2 s while
    a job is not over and is answered alone; once over, the part comes back without the asking."""

    HTMX = {"HTTP_HX_REQUEST": "true"}

    def job(self, status=Job.Status.RUNNING, done=3, total=10, **kw):
        job, _ = runner.start(Job.Kind.REPORTS, self.province, self.province_viewer, TERM, report_batch)
        Job.objects.filter(pk=job.pk).update(status=status, done=done, total=total, **kw)
        job.refresh_from_db()
        return job

    def test_a_running_jobs_page_polls_its_live_part(self):
        job = self.job()
        self.login(self.province_viewer)
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "<h1>")
        self.assertContains(page, '<p id="job-status" class="job-status" role="status">', html=False)
        self.assertContains(page, '<meta http-equiv="refresh" content="2">', html=False)  # without script
        # asks only while the tab is in view
        self.assertContains(page, "hx-trigger=\"every 2s [document.visibilityState==='visible']\"")
        self.assertContains(page, f'hx-get="/jobs/{job.pk}/?seen={job.pk}-running-3-10"')
        self.assertNotContains(page, "job.js")
        self.assertEqual(page["Vary"].count("HX-Request"), 1)

        part = self.client.get(f"/jobs/{job.pk}/", **self.HTMX)
        text = part.content.decode()
        self.assertNotIn("<h1>", text)
        self.assertNotIn("<html", text)
        self.assertIn('<div id="job-live"', text)
        self.assertIn("hx-trigger=\"every 2s [document.visibilityState==='visible']\"", text)
        self.assertIn('hx-select="#job-live"', text)
        self.assertIn('hx-swap="outerHTML"', text)
        # the status line stays in the page (a live region): only its words are sent
        self.assertIn('<p id="job-status" hx-swap-oob="innerHTML">', text)
        self.assertIn("Đang làm", text)
        self.assertIn("3/10 (30%)", text)
        self.assertIn('<progress max="100" value="30"', text)

    def test_nothing_new_is_204_and_htmx_leaves_the_page_alone(self):
        job = self.job()
        self.login(self.province_viewer)
        url = f"/jobs/{job.pk}/?seen={job.pk}-running-3-10"
        self.assertEqual(self.client.get(url, **self.HTMX).status_code, 204)
        self.assertEqual(self.client.get(url).status_code, 200)  # a browser without htmx gets the page
        Job.objects.filter(pk=job.pk).update(done=4)
        part = self.client.get(url, **self.HTMX)
        self.assertContains(part, "4/10 (40%)")
        self.assertContains(part, f"?seen={job.pk}-running-4-10")

    def test_a_finished_job_answers_without_polling(self):
        job = self.job(Job.Status.DONE, 10, 10, file_name="bao-cao.zip", finished=timezone.now())
        self.login(self.province_viewer)
        part = self.client.get(f"/jobs/{job.pk}/?seen={job.pk}-running-9-10", **self.HTMX)
        self.assertEqual(part.status_code, 200)
        self.assertNotContains(part, "hx-trigger")
        self.assertNotContains(part, "hx-get")
        self.assertNotContains(part, "<h1>")
        self.assertContains(part, "Đã xong")
        self.assertContains(part, f'id="job-download" href="/jobs/{job.pk}/download"')
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "<h1>")
        self.assertNotContains(page, "hx-trigger")
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_a_failed_job_says_so_without_a_bar(self):
        job = self.job(Job.Status.FAILED, 1, 3, message=runner.FAILED_MESSAGE)
        self.login(self.province_viewer)
        part = self.client.get(f"/jobs/{job.pk}/", **self.HTMX)
        self.assertContains(part, "Không làm được")
        self.assertContains(part, "dừng ở 1/3")
        self.assertNotContains(part, "<progress")
        self.assertNotContains(part, "hx-trigger")
        # asked again from where it was asked: the reports' page of the same unit
        self.assertContains(part, f'id="job-again" href="/reports/u/{self.province.pk}/batch/">Thử lại')

    def test_a_failed_reading_is_tried_again_from_the_documents_page(self):
        job, _ = runner.start(Job.Kind.DOCUMENT, self.ward_a, self.editor, {"document_id": 7}, report_batch)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=runner.FAILED_MESSAGE)
        self.login(self.editor)
        self.assertContains(self.client.get(f"/jobs/{job.pk}/"), 'id="job-again" href="/documents/7/">Thử lại')

    def test_the_live_part_is_the_owners_too(self):
        job = self.job()
        self.login(self.reviewer)
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/").status_code, 404)
        # the page polling for it is told to stop (286), with a sentence and nothing of the job
        part = self.client.get(f"/jobs/{job.pk}/?seen={job.pk}-running-3-10", **self.HTMX)
        self.assertEqual(part.status_code, 286)
        self.assertContains(part, '<div id="job-live"', status_code=286)
        self.assertContains(part, "Việc này không còn", status_code=286)
        self.assertNotContains(part, "hx-trigger", status_code=286)
        self.assertNotContains(part, job.unit.title, status_code=286)

    def test_a_removed_job_stops_the_polling(self):
        job = self.job()
        self.login(self.province_viewer)
        Job.objects.filter(pk=job.pk).delete()
        part = self.client.get(f"/jobs/{job.pk}/?seen={job.pk}-running-3-10", **self.HTMX)
        self.assertEqual(part.status_code, 286)
        self.assertContains(part, '<p id="job-status" hx-swap-oob="innerHTML">Không còn việc này.</p>', status_code=286)


class JobListTest(JobTestCase):
    HTMX = {"HTTP_HX_REQUEST": "true"}

    def make(self, status, minutes_ago, kind_title, **kw):
        job = Job.objects.create(
            kind=Job.Kind.REPORTS,
            unit=self.province,
            user=self.province_viewer,
            status=status,
            params={**TERM, "kind_title": kind_title},
            **kw,
        )
        Job.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(minutes=minutes_ago))
        return job

    def test_newest_first_statuses_in_words_and_the_file(self):
        done = self.make(Job.Status.DONE, 30, "Báo cáo năm 2024 (docx)", done=2, total=2, file_name="a.zip")
        failed = self.make(Job.Status.FAILED, 20, "Báo cáo năm 2023 (xlsx)", message=runner.FAILED_MESSAGE)
        self.login(self.province_viewer)
        page = self.client.get("/jobs/")
        text = page.content.decode()
        self.assertLess(text.index("Báo cáo năm 2023 (xlsx)"), text.index("Báo cáo năm 2024 (docx)"))
        self.assertContains(page, "Đã xong")
        self.assertContains(page, "Không làm được")
        self.assertContains(page, f'href="/jobs/{done.pk}/download"')
        self.assertContains(page, f'href="/jobs/{failed.pk}/">Xem lý do')
        self.assertNotContains(page, f'href="/jobs/{failed.pk}/download"')
        # nothing runs: the table does not ask again, the page does not refresh itself
        self.assertNotContains(page, "hx-trigger")
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_a_running_job_keeps_the_list_asking(self):
        self.make(Job.Status.DONE, 30, "Báo cáo năm 2024 (docx)", done=2, total=2, file_name="a.zip")
        running = self.make(Job.Status.RUNNING, 1, "Báo cáo năm 2025 (docx)", done=1, total=4)
        self.login(self.province_viewer)
        page = self.client.get("/jobs/")
        self.assertContains(page, "<h1>")
        # asks only while the tab is in view
        self.assertContains(page, "hx-trigger=\"every 2s [document.visibilityState==='visible']\"")
        self.assertContains(page, 'hx-select="#jobs-live"')
        self.assertContains(page, "Đang chạy 1 việc; trang tự cập nhật.")
        self.assertContains(page, '<meta http-equiv="refresh" content="5">', html=False)

        part = self.client.get("/jobs/?running=1", **self.HTMX)
        self.assertNotContains(part, "<h1>")
        self.assertContains(part, '<div id="jobs-live"')
        self.assertContains(part, "hx-trigger=\"every 2s [document.visibilityState==='visible']\"")
        self.assertContains(part, "1/4 (25%)")
        self.assertNotContains(part, "hx-swap-oob")  # still one running: the status line is not sent again
        seen = part.content.decode().split("?seen=")[1].split("&amp;")[0]
        self.assertEqual(self.client.get(f"/jobs/?seen={seen}&running=1", **self.HTMX).status_code, 204)

        Job.objects.filter(pk=running.pk).update(status=Job.Status.DONE, done=4, file_name="b.zip")
        part = self.client.get(f"/jobs/?seen={seen}&running=1", **self.HTMX)
        self.assertEqual(part.status_code, 200)
        self.assertNotContains(part, "hx-trigger")  # all over: the asking stops
        self.assertContains(part, f'href="/jobs/{running.pk}/download"')
        self.assertContains(part, '<p id="jobs-status" hx-swap-oob="innerHTML">Các việc đều đã xong.</p>', html=False)

    def test_no_job_yet(self):
        self.login(self.editor)
        page = self.client.get("/jobs/")
        self.assertContains(page, "Chưa có việc nào.")
        self.assertNotContains(page, "<table")
