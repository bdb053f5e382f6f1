"""Reading a long uploaded document as a background job (chitieu.jobs): the same
``uploads.document_facts`` as a short one read at once, its progress shown on the job's page."""

from __future__ import annotations

from django_tasks import task

from chitieu.core.quantity import format_number
from chitieu.jobs import runner
from chitieu.jobs.models import Job

from . import uploads
from .models import SourceDocument


@task()
def read_document(job_id: int) -> None:
    runner.run(job_id, read)


def read(job: Job, progress: runner.Progress) -> str:
    doc = SourceDocument.objects.get(pk=job.params["document_id"])
    facts = uploads.document_facts(doc, progress=progress)
    return f"Đã đọc {format_number(len(facts))} số liệu trong «{doc.name}»."


def start_reading(user, doc: SourceDocument) -> Job:
    """The job reading ``doc`` (the one already under way for this user, if any)."""
    job, _new = runner.start(Job.Kind.DOCUMENT, doc.committee, user, {"document_id": doc.pk}, read_document)
    return job
