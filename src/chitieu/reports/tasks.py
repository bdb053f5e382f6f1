"""The reports of every committee under a unit, as a background job (``chitieu.jobs``): the same
``batch.build_zip`` as ``chitieu report … -o x.zip``, its progress shown on the job's page."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from chitieu.core.quantity import format_number
from chitieu.jobs import runner
from chitieu.jobs.models import Job

from .batch import build_zip


@task()
def report_batch(job_id: int) -> None:
    runner.run(job_id, write_zip)


def write_zip(job: Job, progress: runner.Progress) -> str:
    p = job.params
    path = job.path
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")  # a download never finds half a ZIP
    with open(part, "wb") as out:
        written, skipped = build_zip(
            job.unit,
            p["kind"],
            out,
            today=dt.date.fromisoformat(p["today"]),
            year=p.get("year"),
            fmt=p["fmt"],
            jobs=settings.CHITIEU_REPORT_PROCESSES,
            progress=progress,
            trends=p.get("trends", True),  # a job asked for before the choice existed: with them
        )
    part.replace(path)
    lines = [f"{format_number(written)} báo cáo trong tệp."]
    if skipped:
        lines.append(f"{format_number(len(skipped))} đảng bộ chưa lập được báo cáo:")
        lines += [f"- {name}: {reason}" for name, reason in sorted(skipped)]
    return "\n".join(lines)
