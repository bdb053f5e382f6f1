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
    """[{kind, label, links: [{fmt, url, action, disabled, title}]}] for annual, mid-term and term
    reports; the annual one also has ``years``, every year of the term begun by today, to choose from.

    The year chosen first is ``year`` when it is one of those, else the last full year inside the
    term, the one a committee reviews at its year-end conference. Only the term and the day decide
    the years: the committee page's body is kept per state, and the day is in its key.
    """
    if not committee:
        return []
    # A missing variable renders as ""; a merged committee's page may show a predecessor's term,
    # whose report belongs to that predecessor.
    if not term or getattr(term, "committee_id", None) != committee.pk:
        term = None
    today = timezone.localdate().year
    if term is None:
        year = today - 1 if year in (None, "") else year
        years = [year]
    else:
        # this year's too: an office writes the year's report in its last weeks (Tổng kết năm 2023,
        # December 2023); a term not begun yet has the rule's year only.
        default = max(min(today - 1, term.end_year), term.start_year)
        years = list(range(term.start_year, min(term.end_year, today) + 1)) or [default]
        if year not in years:
            year = default
    pdf = soffice_path() is not None
    groups = []
    for kind, label in _LABELS.items():
        params = {}
        if term is not None:
            params["term"] = term.label
        group = {"kind": kind}
        if kind == "annual":
            group.update(years=years, year=year, term=params.get("term", ""))
            params["year"] = year
        elif term is not None:
            label = f"{label} {term.label}"
        base = reverse("report_download", kwargs={"committee_id": committee.pk, "kind": kind, "fmt": "docx"})
        links = []
        for fmt in ("docx", "xlsx", "pdf"):
            action = base.removesuffix(".docx") + f".{fmt}"
            url = action + (f"?{urlencode(params)}" if params else "")
            disabled = fmt == "pdf" and not pdf
            title = MISSING_FOR_PAGE if disabled else ""
            links.append({"fmt": fmt.upper(), "url": url, "action": action, "disabled": disabled, "title": title})
        groups.append({**group, "label": label, "links": links})
    return groups


@register.simple_tag
def pdf_unavailable() -> str:
    """Why the PDF buttons are greyed out, written under them: a hover title is not seen by most
    users (nor on a phone)."""
    return "" if soffice_path() is not None else MISSING_FOR_PAGE
