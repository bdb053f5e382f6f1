"""Starting a job and running it: the two calls every background work goes through.

``start`` is called by the view that asks (in the request), ``run`` by the task in the worker. The
work is a plain function ``work(job, progress) -> message`` that writes ``job.path`` and reports
``progress(done, total)`` as it goes; it never sees the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Job

__all__ = ["FAILED_MESSAGE", "Progress", "run", "start"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
STALE_AFTER = timedelta(minutes=30)  # the country's reports take ~2 min on 2 cores; a long document < 1 min
FAILED_MESSAGE = (
    "Có lỗi khi làm việc này; hãy thử lại, nếu vẫn lỗi xin báo quản trị hệ thống."
    " / The job failed; try again, then tell the administrator."
)


def start(kind: str, unit, user, params: dict[str, Any], task) -> tuple[Job, bool]:
    """The job, queued, and True; or the same request of the same user still queued or running,
    and False (a second click must not build the country's reports twice)."""
    # A job "running" for longer than any job takes lost its worker (stopped, machine restarted): it
    # does not hold the user's new request back.
    alive = Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING, started__gte=timezone.now() - STALE_AFTER)
    waiting = Job.objects.filter(alive, kind=kind, unit=unit, user=user)
    for job in waiting:
        if job.params == params:
            return job, False
    with transaction.atomic():
        job = Job.objects.create(kind=kind, unit=unit, user=user, params=params, file_name=params.get("file_name", ""))
        # The task's row is written in the same transaction: a worker never sees a task whose job
        # is not there yet (or a job whose task was lost).
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job, True


def run(job_id: int, work: Callable[[Job, Progress], str]) -> None:
    # Taken in one UPDATE: of two workers handed the same task, only one finds it still queued.
    taken = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started=timezone.now()
    )
    if not taken:
        return  # deleted, or already taken (a task delivered twice)
    job = Job.objects.select_related("unit", "user").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        message = work(job, progress)
    except Exception:
        # The user reads a plain sentence; the administrator finds the traceback in the worker's log.
        log.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, finished=timezone.now(), message=FAILED_MESSAGE)
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished=timezone.now(), message=message)
