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
