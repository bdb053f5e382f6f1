from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse

from chitieu.orgs.models import Unit


class Job(models.Model):
    """One piece of background work a user asked for, and how far it is."""

    class Kind(models.TextChoices):
        REPORTS = "reports", "Báo cáo của các đảng bộ (tệp ZIP)"
        DOCUMENT = "document", "Đọc số liệu trong tài liệu tải lên"

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ đến lượt"
        RUNNING = "running", "Đang làm"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Không làm được"

    kind = models.CharField("loại việc", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="người yêu cầu"
    )
    # What was asked (e.g. {"kind": "term", "year": null, "fmt": "docx"}), as the task reads it.
    params = models.JSONField("yêu cầu", default=dict)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("đã làm", default=0)
    total = models.PositiveIntegerField("tổng số", default=0)
    # What the user reads when it is over: the reports not written and why, or why the job failed.
    message = models.TextField("ghi chú", blank=True)
    file_name = models.CharField("tên tệp", max_length=200, blank=True)
    task_id = models.CharField("mã tác vụ", max_length=64, blank=True)
    created = models.DateTimeField("lúc yêu cầu", auto_now_add=True)
    started = models.DateTimeField("lúc bắt đầu", null=True, blank=True)
    finished = models.DateTimeField("lúc xong", null=True, blank=True)

    class Meta:
        verbose_name = "việc chạy nền"
        verbose_name_plural = "việc chạy nền"
        indexes = [models.Index(fields=["user", "-created"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit.title}"

    @property
    def path(self) -> Path:
        """Where the job's file is kept (CHITIEU_HOME/jobs/<id>.<suffix>), outside the database."""
        return Path(settings.CHITIEU_JOBS_DIR) / f"{self.pk}{Path(self.file_name).suffix}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return 100 * self.done // self.total if self.total else 0

    @property
    def next_url(self) -> str:
        """Where the work's result is seen, for work that leaves no file to download."""
        if self.kind == self.Kind.DOCUMENT and self.status == self.Status.DONE:
            return reverse("document", args=[self.params["document_id"]])
        return ""

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
