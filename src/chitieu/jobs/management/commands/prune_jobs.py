"""`chitieu manage prune_jobs`: removes jobs finished more than CHITIEU_JOB_DAYS days ago, their
files, and the task queue's rows of that age (a cron line on a server; nothing depends on them)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.utils import timezone

from chitieu.jobs.models import Job


class Command(BaseCommand):
    help = "Xóa việc chạy nền đã xong quá CHITIEU_JOB_DAYS ngày và tệp của chúng / prune old jobs"

    def handle(self, *args, **options):
        days = settings.CHITIEU_JOB_DAYS
        old = Job.objects.filter(finished__lt=timezone.now() - timedelta(days=days))
        count = 0
        for job in old:
            job.path.unlink(missing_ok=True)
            job.path.with_suffix(".part").unlink(missing_ok=True)
            count += 1
        old.delete()
        if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            call_command("prune_db_task_results", f"--min-age-days={days}", verbosity=0)
        self.stdout.write(f"Đã xóa {count} việc chạy nền / pruned {count} jobs")
