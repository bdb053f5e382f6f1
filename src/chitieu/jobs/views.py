"""The user's background jobs: the list, one job's progress, its file.

The job's page and the list follow the work without reloading: while a job is not over, the part of
the page that changes (the "live part") asks again every 2 s with htmx (hx-get, hx-trigger="every 2s",
only while the tab is in view) and the view answers that request (request.htmx) with the live part
alone; once every job shown is over, the part it answers carries no trigger and the asking stops.
The request names the state the page shows (?seen=...): while nothing has changed the answer is 204,
which htmx leaves alone, so a screen reader hears the status line only when it says something new.
Without JavaScript the page refreshes itself (<noscript><meta http-equiv="refresh">). A job gone
while its page asks (removed, or no longer the user's to see) answers 286, htmx's "stop polling",
with a sentence in the live part.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from chitieu.orgs.access import can_view

from .models import Job

RECENT = 30  # jobs listed: a user asks for a few a week
STOP_POLLING = 286  # htmx stops an "every 2s" trigger on this status and swaps the answer


def get_job_for_user(user, pk: int) -> Job:
    """The job if the user asked for it (or is an admin) and may still see its unit; else 404."""
    job = Job.objects.select_related("unit").filter(pk=pk).first()
    if job is None or not (job.user_id == user.pk or user.is_superuser) or not can_view(user, job.unit):
        raise Http404("Không có việc này / no such job")
    return job


def state(jobs) -> str:
    """What a page shows of its jobs, short: the same string while none has moved."""
    return ".".join(f"{job.pk}-{job.status}-{job.done}-{job.total}" for job in jobs)


def retry_url(job: Job) -> str:
    """Where a failed job is asked for again: the document's page reads it anew; reports are chosen again."""
    if job.status != Job.Status.FAILED:
        return ""
    if job.kind == Job.Kind.DOCUMENT and job.params.get("document_id"):
        return reverse("document", args=[job.params["document_id"]])
    if job.kind == Job.Kind.REPORTS:
        return reverse("report_batch", args=[job.unit_id])
    return ""


def unchanged(request, seen: str) -> bool:
    return bool(request.htmx) and request.GET.get("seen") == seen


@login_required
@require_GET
@vary_on_headers("HX-Request")
def job_list(request):
    jobs = list(Job.objects.filter(user=request.user).select_related("unit").order_by("-created", "-pk")[:RECENT])
    seen = state(jobs)
    if unchanged(request, seen):
        return HttpResponse(status=204)
    running = sum(not job.is_over for job in jobs)
    context = {
        "jobs": jobs,
        "running": running,
        "seen": seen,
        "days": settings.CHITIEU_JOB_DAYS,
        "partial": bool(request.htmx),
        # the status line is sent again only when it says something new (a job finished, one began)
        "status_changed": request.GET.get("running") != str(running),
    }
    return render(request, "jobs/_list_live.html" if request.htmx else "jobs/list.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def job_page(request, job_id: int):
    try:
        job = get_job_for_user(request.user, job_id)
    except Http404:
        if not request.htmx:
            raise
        # htmx would leave a 404 unswapped and ask again every 2 s forever: 286 stops the polling,
        # and the live part says why (nothing of the job is told).
        return render(request, "jobs/_gone.html", status=STOP_POLLING)
    seen = state([job])
    if unchanged(request, seen):
        return HttpResponse(status=204)
    context = {"job": job, "seen": seen, "retry_url": retry_url(job), "partial": bool(request.htmx)}
    return render(request, "jobs/_live.html" if request.htmx else "jobs/job.html", context)


@login_required
@require_GET
def job_download(request, job_id: int):
    job = get_job_for_user(request.user, job_id)
    if job.status != Job.Status.DONE:
        raise Http404("Việc chưa xong / the job is not finished")
    try:
        handle = open(job.path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        raise Http404("Tệp đã bị xóa (giữ tối đa vài ngày); hãy yêu cầu lại / the file was removed") from None
    return FileResponse(handle, as_attachment=True, filename=job.file_name, content_type="application/zip")
