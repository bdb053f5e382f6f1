"""Report downloads from the committee page: one function view, the work done by the builder."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from chitieu.edge import year_param
from chitieu.orgs.access import get_unit_for_user

from .content import ReportError, build_report
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
