"""The download buttons of the committee page: which reports, for which term and year."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from ..pdf import MISSING_FOR_PAGE, soffice_path

register = template.Library()

_LABELS = {"annual": "Báo cáo năm", "midterm": "Sơ kết giữa nhiệm kỳ", "term": "Tổng kết nhiệm kỳ"}


@register.simple_tag
def report_links(committee, term=None, year=None) -> list[dict]:
    """[{kind, label, links: [{fmt, url, disabled, title}]}] for annual, mid-term and term reports.

    Without a year the annual report is the last full year inside the term, the one a committee
    reviews at its year-end conference.
    """
    if not committee:
        return []
    # A missing variable renders as ""; a merged committee's page may show a predecessor's term,
    # whose report belongs to that predecessor.
    if not term or getattr(term, "committee_id", None) != committee.pk:
        term = None
    if year in (None, ""):
        year = timezone.localdate().year - 1
        if term is not None:
            year = max(min(year, term.end_year), term.start_year)
    pdf = soffice_path() is not None
    groups = []
    for kind, label in _LABELS.items():
        params = {}
        if term is not None:
            params["term"] = term.label
        if kind == "annual":
            params["year"] = year
            label = f"{label} {year}"
        elif term is not None:
            label = f"{label} {term.label}"
        base = reverse("report_download", kwargs={"committee_id": committee.pk, "kind": kind, "fmt": "docx"})
        links = []
        for fmt in ("docx", "xlsx", "pdf"):
            url = base.removesuffix(".docx") + f".{fmt}" + (f"?{urlencode(params)}" if params else "")
            disabled = fmt == "pdf" and not pdf
            title = MISSING_FOR_PAGE if disabled else ""
            links.append({"fmt": fmt.upper(), "url": url, "disabled": disabled, "title": title})
        groups.append({"kind": kind, "label": label, "links": links})
    return groups


@register.simple_tag
def pdf_unavailable() -> str:
    """Why the PDF buttons are greyed out, written under them: a hover title is not seen by most
    users (nor on a phone)."""
    return "" if soffice_path() is not None else MISSING_FOR_PAGE
