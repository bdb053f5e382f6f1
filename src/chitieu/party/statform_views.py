"""Pages of the statistical forms: the forms of a committee, or of a province or district (its
committees added up), previewed and downloaded as XLSX.

Access: any unit the user may see (get_unit_for_user). The members behind a figure are listed only
for a committee's own users (sees_personal_data): the level above sees the counts, never the names.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from chitieu.edge import BadParameter
from chitieu.orgs.access import get_unit_for_user, sees_personal_data
from chitieu.orgs.models import Unit
from chitieu.orgs.tree import by_parent_and_name

from .models import Member
from .pages import party_nav
from .statform_xlsx import workbook
from .statforms import FORMS, HALF_YEAR_FORMS, FormError, Period, build_form, build_forms, period_asked


def _period(request) -> Period:
    try:
        return period_asked(request.GET.get("period", ""))
    except FormError as exc:
        raise BadParameter(str(exc)) from None


def _build(build, *args):
    """A form, or the period's refusal (not begun) as a 400 with its message."""
    try:
        return build(*args)
    except FormError as exc:
        raise BadParameter(str(exc)) from None


def _number(number: int) -> int:
    if number not in FORMS:
        raise Http404(f"Không có biểu số {number} / no such form")
    return number


def _periods(period: Period) -> list[Period]:
    """The picker: the year and its first half, from this year back ten years, and the one shown."""
    this_year = dt.date.today().year
    shown = [p for y in range(this_year, this_year - 11, -1) for p in (Period(y), Period(y, half=True))]
    return shown if period in shown else [period, *shown]


def _context(request, unit: Unit, **kw) -> dict:
    """What the pages share: a committee's pages carry the Party section's tabs (pages.party_nav);
    a province's or district's have none (their Party pages are these forms alone)."""
    personal = unit.is_committee and sees_personal_data(request.user, unit)
    tabs = party_nav(request, unit, personal) if unit.is_committee else []
    return {"unit": unit, "committee": unit, "personal": personal, "party_nav": tabs, **kw}


@login_required
def index(request, unit_id: int):
    unit = get_unit_for_user(request.user, unit_id)
    period = _period(request)
    forms = _build(build_forms, unit, period)
    return render(
        request,
        "party/statforms.html",
        _context(request, unit, period=period, periods=_periods(period), forms=forms, half_year_forms=HALF_YEAR_FORMS),
    )


@login_required
def form_page(request, unit_id: int, number: int):
    unit = get_unit_for_user(request.user, unit_id)
    form = _build(build_form, unit, _number(number), _period(request))
    return render(
        request,
        "party/statform.html",
        _context(request, unit, form=form, period=form.period, periods=_periods(form.period)),
    )


@login_required
def form_xlsx(request, unit_id: int, number: int | None = None):
    unit = get_unit_for_user(request.user, unit_id)
    period = _period(request)
    forms = _build(build_forms, unit, period) if number is None else [_build(build_form, unit, _number(number), period)]
    name = f"bieu-{'tat-ca' if number is None else number}-{period.key}.xlsx"
    response = HttpResponse(
        workbook(forms), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# A line's members are listed in pages of this many: a province's Biểu 3 line may hold 100,000.
ROWS_SHOWN = 500


@login_required
def form_line(request, unit_id: int, number: int, key: str):
    """The members behind one figure of a committee's form: the trace from a count to the records."""
    unit = get_unit_for_user(request.user, unit_id)
    if not unit.is_committee or not sees_personal_data(request.user, unit):
        raise Http404("Không tìm thấy / not found")
    form = _build(build_form, unit, _number(number), _period(request))
    line = next((ln for ln in form.lines if ln.key == key), None)
    if line is None:
        raise Http404("Không có dòng này trong biểu / no such line")
    people = []
    if line.counts == "members":
        people = list(
            Member.objects.filter(pk__in=line.ids[:ROWS_SHOWN])
            .select_related("branch")
            .order_by("full_name", "birth_date")
        )
    units = (
        [] if people else by_parent_and_name(Unit.objects.filter(pk__in=line.ids[:ROWS_SHOWN]).select_related("parent"))
    )
    return render(
        request,
        "party/statform_line.html",
        _context(request, unit, form=form, line=line, people=people, units=units, shown=ROWS_SHOWN),
    )
