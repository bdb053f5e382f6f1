"""The user's background jobs: the list, one job's progress, its file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chitieu.orgs.access import can_view

from .models import Job

RECENT = 30  # jobs listed: a user asks for a few a week


def get_job_for_user(user, pk: int) -> Job:
    """The job if the user asked for it (or is an admin) and may still see its unit; else 404."""
    job = Job.objects.select_related("unit").filter(pk=pk).first()
    if job is None or not (job.user_id == user.pk or user.is_superuser) or not can_view(user, job.unit):
        raise Http404("Không có việc này / no such job")
    return job


@login_required
@require_GET
def job_list(request):
    jobs = Job.objects.filter(user=request.user).select_related("unit").order_by("-created")[:RECENT]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_GET
def job_page(request, job_id: int):
    return render(request, "jobs/job.html", {"job": get_job_for_user(request.user, job_id)})


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
