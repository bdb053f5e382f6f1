"""Report downloads from the committee page, and the reports of every committee under a unit as a
background job: function views, the work done by the builder."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from chitieu.edge import year_param
from chitieu.jobs import runner
from chitieu.jobs.models import Job
from chitieu.orgs.access import get_unit_for_user

from .batch import committees_under
from .content import _KIND_SLUGS, ReportError, _ascii_slug, build_report
from .forms import KIND_CHOICES, BatchForm
from .pdf import MISSING_MESSAGE, PdfUnavailable, soffice_path
from .render import CONTENT_TYPES, render


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def download(request, committee_id: str, kind: str, fmt: str):
    committee = get_unit_for_user(request.user, int(committee_id))  # 404 outside the user's scope
    if not committee.is_committee:
        raise Http404("Không phải Đảng bộ phường, xã / not a committee")
    year = year_param(request.GET)
    if fmt == "pdf" and soffice_path() is None:
        return _text(MISSING_MESSAGE, 503)
    try:
        content = build_report(
            committee,
            kind,
            today=timezone.localdate(),
            year=year,
            term=request.GET.get("term") or None,
        )
        data = render(content, fmt)
    except ReportError as exc:
        return _text(str(exc), 400)
    except PdfUnavailable as exc:
        return _text(str(exc), 503)
    # A report holds counts, rates and verdicts only, never a member's name or birth date, so its
    # download is not an access to personal data and, unlike a member export, is not audited.
    return HttpResponse(
        data,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, f"{content.filename}.{fmt}")},
    )


@login_required
def batch(request, unit_id: int):
    """Every committee's report under a district, a province or the country, in one ZIP built in the
    background (reports/tasks.py); the user is sent to the job's page, which shows its progress."""
    from .tasks import report_batch

    unit = get_unit_for_user(request.user, unit_id)
    count = len(committees_under(unit))
    form = BatchForm(request.POST or None, committees=count)
    if request.method == "POST" and count and form.is_valid():
        d = form.cleaned_data
        today = timezone.localdate()
        period = d["year"] or today.year
        params = {
            "kind": d["kind"], "year": d["year"], "fmt": d["fmt"], "today": today.isoformat(), "trends": d["trends"],
            "kind_title": dict(KIND_CHOICES)[d["kind"]] + (f" {d['year']}" if d["year"] else "") + f" ({d['fmt']})"
            + ("" if d["trends"] else ", không kèm biểu đồ xu hướng"),
            "file_name": f"{_KIND_SLUGS[d['kind']]}-{_ascii_slug(unit.title)}-{period}-{d['fmt']}.zip",
        }  # fmt: skip
        job, _new = runner.start(Job.Kind.REPORTS, unit, request.user, params, report_batch)
        return redirect("job", job.pk)
    return render_page(request, "reports/batch.html", {"unit": unit, "form": form, "count": count})
