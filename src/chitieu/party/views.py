"""Pages of the Party organisation: overview, branches, members, admissions, ratings, badges, registers.

Access: every page goes through ``_committee`` (pages.committee_for: 404 outside the user's scope).
Pages with names on them also need ``sees_personal_data``: the committee's own users see member
records; the level above sees counts only, and gets 404 on those pages so nothing leaks.
"""

from __future__ import annotations

import datetime as dt
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from chitieu import notices
from chitieu.core.catalog import indicators
from chitieu.core.quantity import format_number
from chitieu.edge import check_year, int_param, year_param
from chitieu.orgs.access import can_edit, sees_personal_data, visible_units
from chitieu.orgs.models import COMMITTEE_KINDS, BranchKind, Kind, Unit
from chitieu.orgs.tree import by_name, name_order
from chitieu.versions import StaleWrite, rebased, version_of

from . import forms as f
from . import importers, rating_rules, rating_views, records
from .badges import badge_year, early_candidates, record_badge_award
from .indicators import (
    badge_window_days,
    badges_due,
    branch_level_counts,
    committee_rating,
    computed_by_year,
    member_counts,
    member_level_counts,
    party_over,
    term_years,
)
from .models import (
    Award,
    AwardLevel,
    Candidate,
    CandidateStatus,
    Inspection,
    InspectionBody,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    ResidenceContact,
    UnitRating,
)
from .pages import committee_for as _committee
from .pages import page_context as _ctx
from .probation import probation_alerts
from .records import PartyError, RatingConflict, audit


def _today() -> dt.date:
    return timezone.localdate()


def _year(request, default: int | None = None) -> int:
    year = year_param(request.GET)
    return year if year is not None else default or _today().year


def _error(request, exc: Exception) -> None:
    messages.error(request, str(exc))


# --- overview ----------------------------------------------------------------------------

INDICATOR_ORDER = [
    "party_members",
    "party_branches",
    "members_residence_contact",
    "party_members_admitted",
    "members_excellent_rate",
    "members_good_rate",
    "members_good_or_better_rate",
    "branches_excellent",
    "branches_excellent_rate",
    "branches_good_or_better_rate",
    "committee_clean_strong_years",
    "committee_excellent_years",
    "inspections",
    "party_badges",
]


def indicator_table(committee: Unit, years: list[int]) -> list[dict]:
    """Rows of (catalog indicator, values by year) for the computed indicators."""
    values = computed_by_year(committee, years)
    catalog = indicators()
    rows = []
    for key in INDICATOR_ORDER:
        cells = [values[y].get(key) for y in years]
        if any(v is not None for v in cells):
            rows.append({"indicator": catalog[key], "is_rate": catalog[key].unit.value == "%", "cells": cells})
    return rows


@login_required
def overview(request, committee_id: int):
    committee = _committee(request, committee_id)
    today = _today()
    year = _year(request, today.year - 1)
    years = list(range(year - 4, year + 1))
    # The figures depend on the committee's records only: kept per committee revision (every audited
    # change moves it on, chitieu.orgs.audit) and day, as the committee page's Party panel.
    key = f"party-overview:{committee.pk}:{committee.revision}:{year}:{today}"
    figures = cache.get(key)
    if figures is None:
        figures = _overview_figures(committee, year, years, today)
        cache.set(key, figures, 24 * 3600)  # the day is in the key
    ctx = _ctx(
        request, committee, year=year, years=years, prev_year=year - 1, next_year=year + 1, today=today, **figures
    )
    return render(request, "party/overview.html", ctx)


def _overview_figures(committee: Unit, year: int, years: list[int], today: dt.date) -> dict:
    counts = member_counts(committee, today)
    branches = records.branches_on(committee, today)
    by_kind = dict(branches.order_by().values_list("branch_kind").annotate(n=Count("id")))
    contacts = ResidenceContact.objects.filter(committee=committee, registered_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )
    level = committee_rating(committee, year)
    awards = Award.objects.filter(committee=committee, year=year).values("level").annotate(n=Count("id"))
    return {
        "counts": counts,
        "branches_total": branches.count(),
        "residential": by_kind.get(BranchKind.RESIDENTIAL, 0),
        "agency": by_kind.get(BranchKind.AGENCY, 0),
        "contacts": contacts.count(),
        "candidates": Candidate.objects.filter(committee=committee, status=CandidateStatus.CANDIDATE).count(),
        "due": records.due_for_full(committee, today),
        "probation": probation_alerts(committee, today),
        "table": indicator_table(committee, years),
        "member_levels": member_level_counts(committee, year),
        "branch_levels": branch_level_counts(committee, year),
        "committee_level": Level(level).label if level else "",
        "award_rows": [(AwardLevel(a["level"]).label, a["n"]) for a in awards],
    }


# --- branches ----------------------------------------------------------------------------


@login_required
def branches(request, committee_id: int):
    committee = _committee(request, committee_id)
    form = f.BranchForm(request.POST or None)
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True)
        if form.is_valid():
            d = form.cleaned_data
            try:
                records.create_branch(
                    request.user,
                    committee,
                    d["name"],
                    d["branch_kind"],
                    residential_group=d["residential_group"],
                    founded_on=d["founded_on"],
                )
            except PartyError as exc:
                _error(request, exc)
            else:
                messages.success(request, f"Đã thêm chi bộ {d['name']}.")
                return redirect("party_branches", committee.pk)
    today = _today()
    rows = by_name(
        records.branches_of(committee)
        .select_related("party_info__residential_group")
        .annotate(
            n=Count(
                "branch_members", filter=Q(branch_members__status__in=(MemberStatus.PROBATIONARY, MemberStatus.FULL))
            )
        )
    )
    active = set(records.branches_on(committee, today).values_list("pk", flat=True))
    return render(request, "party/branches.html", _ctx(request, committee, rows=rows, active=active, form=form))


@login_required
@require_POST
def branch_dissolve(request, committee_id: int, branch_id: int):
    committee = _committee(request, committee_id, edit=True)
    branch = get_object_or_404(records.branches_of(committee), pk=branch_id)
    try:
        records.dissolve_branch(request.user, branch, _today())
    except PartyError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"Đã giải thể {branch.title}.")
    return redirect("party_branches", committee.pk)


# --- members -----------------------------------------------------------------------------


def _member(committee: Unit, member_id: int) -> Member:
    return get_object_or_404(
        Member.objects.select_related("branch", "previous__committee"), pk=member_id, committee=committee
    )


def _filtered_members(request, committee: Unit, branches: list[Unit]):
    """``branches``: the committee's, read once for the filter and the order ("chi bộ 2" before
    "chi bộ 10", which no ORDER BY on the name gives)."""
    qs = Member.objects.filter(committee=committee).select_related("branch")
    status = request.GET.get("status", "active")
    if status == "active":
        qs = qs.filter(status__in=(MemberStatus.PROBATIONARY, MemberStatus.FULL))
    elif status in MemberStatus.values:
        qs = qs.filter(status=status)
    branch_id = int_param(request.GET, "branch", "Chi bộ")
    branch = str(branch_id) if branch_id is not None else ""
    if branch_id is not None:
        qs = qs.filter(branch_id=branch_id)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(card_number=q))
    return qs.order_by(name_order("branch_id", branches), "full_name", "birth_date"), status, branch, q


@login_required
def members(request, committee_id: int):
    """The roster, filtered and in pages. An htmx request from the filters or the pager (its target
    #member-results) gets the results alone; any other request, the whole page."""
    committee = _committee(request, committee_id, personal=True)
    branches = by_name(records.branches_of(committee))
    qs, status, branch, q = _filtered_members(request, committee, branches)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    statuses = [("active", "đang sinh hoạt"), *MemberStatus.choices, ("all", "tất cả")]
    query = request.GET.copy()
    query.pop("page", None)
    partial = bool(
        request.htmx and request.htmx.target == "member-results" and not request.htmx.history_restore_request
    )
    response = render(
        request,
        "party/_members_results.html" if partial else "party/members.html",
        _ctx(
            request,
            committee,
            page=page,
            status=status,
            branch=branch,
            q=q,
            filtered=bool(q or branch or status != "active"),
            statuses=statuses,
            branch_list=branches,
            query=query.urlencode(),
            partial=partial,
        ),
    )
    patch_vary_headers(response, ["HX-Request", "HX-Target", "HX-History-Restore-Request"])
    return response


@login_required
def members_export(request, committee_id: int):
    """The filtered roster as CSV, in the import template's columns. Exports of personal data are
    logged: who took which names, when."""
    committee = _committee(request, committee_id, personal=True)
    qs, status, branch, q = _filtered_members(request, committee, list(records.branches_of(committee)))
    rows = list(qs)
    audit(
        request.user,
        committee,
        "member.export",
        None,
        None,
        {"rows": len(rows), "status": status, "branch": branch, "q": q},
    )
    response = HttpResponse(importers.write_members_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dang-vien-{committee.pk}.csv"'
    return response


@login_required
def member_new(request, committee_id: int):
    committee = _committee(request, committee_id, edit=True, personal=True)
    form = f.MemberForm(committee, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            m = records.save_member(request.user, committee, today=_today(), **form.cleaned_data)
        except PartyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã thêm đảng viên {m.full_name}.")
            return redirect("party_member", committee.pk, m.pk)
    return render(request, "party/member_form.html", _ctx(request, committee, form=form, member=None))


@login_required
def member_edit(request, committee_id: int, member_id: int):
    committee = _committee(request, committee_id, edit=True, personal=True)
    member = _member(committee, member_id)
    fields = [
        "full_name",
        "birth_date",
        "sex",
        "branch",
        "admitted_on",
        "full_on",
        "card_number",
        "transferred_in",
        "joined_on",
        *records.STAT_FIELDS_EDITABLE,
        "note",
    ]
    initial = {k: getattr(member, k) for k in fields}

    def make(data, version):
        return f.MemberForm(committee, data, initial=initial, version=version)

    form = make(request.POST or None, version_of(member))
    if request.method == "POST" and form.is_valid() and not form.edited:
        notices.saved(request, 0, "")
        return redirect("party_member", committee.pk, member.pk)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            records.save_member(
                request.user,
                committee,
                member,
                today=_today(),
                seen=form.seen,
                edited=form.edited,
                seen_values=form.seen_values,
                **values,
            )
        except StaleWrite as exc:
            form = form.conflict(exc.current, make)
        except PartyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu.")
            return redirect("party_member", committee.pk, member.pk)
    return render(request, "party/member_form.html", _ctx(request, committee, form=form, member=member))


@login_required
def member(request, committee_id: int, member_id: int):
    committee = _committee(request, committee_id, personal=True)
    m = _member(committee, member_id)
    return render(
        request,
        "party/member.html",
        _ctx(
            request,
            committee,
            member=m,
            transfers=m.transfers.select_related("from_branch", "to_branch", "to_branch__parent"),
            ratings=MemberRating.objects.filter(member=m).order_by("-year"),
            full_form=f.FullForm(initial={"on": max(m.probation_ends, m.admitted_on)}),
            leave_form=f.LeaveForm(),
            transfer_form=f.TransferForm(_destinations(request.user, m)),
        ),
    )


def _member_action(request, committee_id: int, member_id: int, form_class, action, form_args=None):
    committee = _committee(request, committee_id, edit=True, personal=True)
    m = _member(committee, member_id)
    form = form_class(*form_args(committee, m), request.POST) if form_args else form_class(request.POST)
    if form.is_valid():
        try:
            action(m, form.cleaned_data)
        except PartyError as exc:
            _error(request, exc)
        else:
            messages.success(request, "Đã cập nhật.")
    else:
        _error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("party_member", committee.pk, m.pk)


@login_required
@require_POST
def member_full(request, committee_id: int, member_id: int):
    return _member_action(
        request, committee_id, member_id, f.FullForm, lambda m, d: records.make_full(request.user, m, d["on"])
    )


@login_required
@require_POST
def member_leave(request, committee_id: int, member_id: int):
    return _member_action(
        request,
        committee_id,
        member_id,
        f.LeaveForm,
        lambda m, d: records.record_leave(
            request.user, m, None, d["on"], d["note"], reason=d["reason"], scope=d["scope"]
        ),
    )


@login_required
@require_POST
def member_transfer(request, committee_id: int, member_id: int):
    return _member_action(
        request,
        committee_id,
        member_id,
        f.TransferForm,
        lambda m, d: records.transfer_member(
            request.user,
            m,
            d["to_branch"],
            d["on"],
            destination=d["destination"],
            scope=d["scope"],
            temporary=d["temporary"],
        ),
        lambda c, m: (_destinations(request.user, m),),
    )


def _destinations(user, member: Member):
    """Branches a member can move to: the active branches of the committees the user edits."""
    committees = [u.pk for u in visible_units(user).filter(kind__in=COMMITTEE_KINDS) if can_edit(user, u)]
    return (
        Unit.objects.filter(kind=Kind.BRANCH, parent_id__in=committees, party_info__dissolved_on__isnull=True)
        .exclude(pk=member.branch_id)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


# --- import ------------------------------------------------------------------------------


@login_required
def import_members(request, committee_id: int):
    """Upload a roster. The check and the write run in the request; the page reports the counts and
    the time taken, or every bad row by row and column (nothing is written then)."""
    committee = _committee(request, committee_id, edit=True, personal=True)
    form = f.ImportForm(request.POST or None, request.FILES or None)
    errors, total_errors, rows = [], 0, 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        started = time.monotonic()
        try:
            result = importers.import_members(request.user, committee, upload.name, upload.read(), today=_today())
        except importers.ImportFailed as exc:
            errors, total_errors, rows = exc.errors[:200], len(exc.errors), exc.total_rows
        else:
            seconds = time.monotonic() - started
            messages.success(
                request,
                f"Đã nhập {format_number(result.created)} đảng viên"
                + (f" và {format_number(result.ratings)} lượt xếp loại" if result.ratings else "")
                + f" trong {format_number(seconds, 1)} giây.",
            )
            return redirect("party_members", committee.pk)
    return render(
        request,
        "party/import.html",
        _ctx(
            request,
            committee,
            form=form,
            errors=errors,
            total_errors=total_errors,
            rows=rows,
            columns=importers.MEMBER_COLUMNS,
        ),
    )


@login_required
def import_template(request, committee_id: int, fmt: str):
    committee = _committee(request, committee_id)
    if fmt == "xlsx":
        data = importers.template_xlsx()
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        data, ctype = importers.template_csv(), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-dang-vien-{committee.pk}.{fmt}"'
    return response


# --- admissions pipeline -------------------------------------------------------------------


@login_required
def candidates(request, committee_id: int):
    committee = _committee(request, committee_id, personal=True)
    form = f.CandidateForm(committee, request.POST or None)
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True, personal=True)
        if form.is_valid():
            try:
                records.save_candidate(request.user, committee, **form.cleaned_data)
            except PartyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã thêm quần chúng ưu tú vào danh sách bồi dưỡng.")
                return redirect("party_candidates", committee.pk)
    rows = Candidate.objects.filter(committee=committee).select_related("branch", "member")
    today = _today()
    terms, term = _admissions_term(committee, int_param(request.GET, "term", "Nhiệm kỳ"), today)
    # The years of one term, counted as the committee page and the reports count them (term_years,
    # admitted_here), read against that term's own targets: never one term's years against another's.
    years = term_years(term.start_year, term.end_year, today) if term else list(range(today.year - 5, today.year + 1))
    by_year = computed_by_year(committee, years)
    return render(
        request,
        "party/candidates.html",
        _ctx(
            request,
            committee,
            rows=rows,
            form=form,
            admit_form=f.AdmitForm(initial={"on": today}),
            admitted=[(y, by_year[y].get("party_members_admitted")) for y in years],
            admitted_total=party_over(years, by_year).admitted,
            admissions_term=term,
            terms=terms,
            admission_targets=_admission_targets(term),
        ),
    )


def _admissions_term(committee: Unit, asked: int | None, today: dt.date):
    """The committee's terms and the one whose admissions the page shows: the one asked for, else the
    one this year's Party work counts in (term_years), else the latest that has begun."""
    from chitieu.plans.models import Term

    terms = list(Term.objects.filter(committee=committee).order_by("-start_year"))
    if asked is not None:
        chosen = next((t for t in terms if t.pk == asked), None)
        if chosen is None:
            raise Http404("Không tìm thấy nhiệm kỳ / term not found")
        return terms, chosen
    for t in terms:
        if today.year in term_years(t.start_year, t.end_year, today):
            return terms, t
    begun = [t for t in terms if t.start_year <= today.year]
    return terms, (begun or terms or [None])[0]


def _admission_targets(term) -> list:
    """The admissions targets of the term shown (its resolution's, then its yearly plans')."""
    from chitieu.plans.models import Target

    if term is None:
        return []
    return list(
        Target.objects.filter(term=term, indicator="party_members_admitted").select_related("term").order_by("year")
    )


@login_required
@require_POST
def candidate_admit(request, committee_id: int, candidate_id: int):
    committee = _committee(request, committee_id, edit=True, personal=True)
    candidate = get_object_or_404(Candidate, pk=candidate_id, committee=committee)
    form = f.AdmitForm(request.POST)
    if form.is_valid():
        try:
            m = records.admit_candidate(request.user, candidate, form.cleaned_data["on"], today=_today())
        except PartyError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"Đã kết nạp {m.full_name} (đảng viên dự bị).")
    else:
        _error(request, "Ngày kết nạp không hợp lệ")
    return redirect("party_candidates", committee.pk)


@login_required
@require_POST
def candidate_drop(request, committee_id: int, candidate_id: int):
    committee = _committee(request, committee_id, edit=True, personal=True)
    candidate = get_object_or_404(Candidate, pk=candidate_id, committee=committee, status=CandidateStatus.CANDIDATE)
    records.drop_candidate(request.user, candidate, request.POST.get("note", ""))
    return redirect("party_candidates", committee.pk)


# --- ratings -----------------------------------------------------------------------------


@login_required
def ratings(request, committee_id: int, year: int):
    check_year(year)
    committee = _committee(request, committee_id)
    form = f.CommitteeRatingForm(request.POST or None, initial={"level": committee_rating(committee, year) or ""})
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True)
        if form.is_valid() and form.cleaned_data["level"]:
            before = committee_rating(committee, year)
            records.set_unit_rating(request.user, committee, year, form.cleaned_data["level"])
            notices.saved(request, before != form.cleaned_data["level"], "Đã lưu xếp loại Đảng bộ.")
            return redirect("party_ratings", committee.pk, year)
    branch_ratings = dict(UnitRating.objects.filter(committee=committee, year=year).values_list("unit_id", "level"))
    per_branch = {}
    for row in (
        MemberRating.objects.filter(committee=committee, year=year).values("branch_id", "level").annotate(n=Count("id"))
    ):
        per_branch.setdefault(row["branch_id"], {})[row["level"]] = row["n"]
    rows = [
        {
            "branch": b,
            "level": branch_ratings.get(b.pk),
            "counts": [per_branch.get(b.pk, {}).get(lv, 0) for lv in Level],
        }
        for b in by_name(records.branches_on(committee, dt.date(year, 12, 31)))
    ]
    return render(
        request,
        "party/ratings.html",
        _ctx(
            request,
            committee,
            year=year,
            rows=rows,
            form=form,
            levels=Level.choices,
            member_levels=member_level_counts(committee, year),
            branch_levels=branch_level_counts(committee, year),
            # From CHITIEU_RATING_POINTS_FROM: the steps of Quy định 366-QĐ/TW (rating_views).
            steps=rating_views.committee_steps(committee, year, personal=sees_personal_data(request.user, committee))
            if rating_rules.uses_points(year)
            else None,
        ),
    )


def _ratings_again(post, people, branch: Unit, year: int, others: dict[int, str | None]):
    """The ratings form after someone else rated some of the same members meanwhile: everything
    shows what is stored now, except the user's own changes, and the conflicting ones say what the
    other person chose; saving again overwrites them."""
    current = dict(MemberRating.objects.filter(member__in=people, year=year).values_list("member_id", "level"))
    branch_level = UnitRating.objects.filter(unit=branch, year=year).values_list("level", flat=True).first()
    before = f.branch_rating_form(people, post, current, branch_level)
    now = {
        name: (branch_level if name == "branch_level" else current.get(int(name[1:]))) or "" for name in before.fields
    }
    again = f.branch_rating_form(people, rebased(before, now, before.changed_data), current, branch_level)
    again.is_valid()
    labels = dict(Level.choices)
    for member_id, level in others.items():
        chosen = labels.get(level, "chưa xếp loại") if level else "chưa xếp loại"
        again.add_error(
            f"m{member_id}", f"Trong lúc bạn sửa, người khác đã chọn «{chosen}». Bấm Lưu lần nữa để ghi đè."
        )
    return again


@login_required
def branch_ratings(request, committee_id: int, year: int, branch_id: int):
    check_year(year)
    if rating_rules.uses_points(year) and request.GET.get("mode") != "direct":
        # Self-rating and the branch's proposal on 100 points; ?mode=direct types decided levels.
        return rating_views.branch_proposals(request, committee_id, year, branch_id)
    committee = _committee(request, committee_id, personal=True)
    branch = get_object_or_404(records.branches_of(committee), pk=branch_id)
    people = list(records.rateable_members(branch, year))
    current = dict(MemberRating.objects.filter(member__in=people, year=year).values_list("member_id", "level"))
    branch_level = UnitRating.objects.filter(unit=branch, year=year).values_list("level", flat=True).first()
    form = f.branch_rating_form(people, request.POST or None, current, branch_level)
    upload = f.ImportForm()
    errors = []
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True, personal=True)
        if "file" in request.FILES:
            upload = f.ImportForm(request.POST, request.FILES)
            if upload.is_valid():
                up = upload.cleaned_data["file"]
                try:
                    n = importers.import_ratings(request.user, branch, year, up.name, up.read())
                except importers.ImportFailed as exc:
                    errors = exc.errors[:200]
                else:
                    notices.saved(request, n, f"Đã nhập xếp loại, {n} thay đổi.")
                    return redirect("party_branch_ratings", committee.pk, year, branch.pk)
        elif form.is_valid():
            edited = set(form.changed_data)
            levels = {m.pk: form.cleaned_data[f"m{m.pk}"] for m in people if f"m{m.pk}" in edited}
            levels = {pk: level for pk, level in levels.items() if level}
            shown = {m.pk: form.add_initial_prefix(f"m{m.pk}") for m in people if m.pk in levels}
            seen = {pk: form.data[key] for pk, key in shown.items() if key in form.data}  # none sent: unchecked
            branch_new = form.cleaned_data["branch_level"] if "branch_level" in edited else None
            try:
                n = records.set_ratings(request.user, branch, year, levels, branch_new or None, seen=seen)
            except RatingConflict as exc:
                form = _ratings_again(request.POST, people, branch, year, exc.levels)
            except PartyError as exc:
                _error(request, exc)
            else:
                notices.saved(request, n, f"Đã lưu xếp loại, {n} thay đổi.")
                return redirect("party_ratings", committee.pk, year)
    return render(
        request,
        "party/branch_ratings.html",
        _ctx(
            request,
            committee,
            year=year,
            branch=branch,
            form=form,
            upload=upload,
            errors=errors,
        ),
    )


@login_required
def rating_template(request, committee_id: int):
    _committee(request, committee_id)
    response = HttpResponse(importers.rating_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-xep-loai-dang-vien.csv"'
    return response


# --- badges ------------------------------------------------------------------------------


@login_required
def badges(request, committee_id: int, year: int):
    check_year(year)
    committee = _committee(request, committee_id, personal=True)
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True, personal=True)
    rows = badges_due(committee, year)
    if request.GET.get("format") == "csv":
        import csv
        import io

        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(
            [
                "Họ và tên",
                "Ngày sinh",
                "Chi bộ",
                "Ngày vào Đảng",
                "Huy hiệu (năm tuổi Đảng)",
                "Ngày đủ tuổi Đảng",
                "Đề nghị trao ngày",
            ]
        )
        for r in rows:
            w.writerow(
                [
                    r.member.full_name,
                    f"{r.member.birth_date:%d/%m/%Y}",
                    r.member.branch.name,
                    f"{r.member.admitted_on:%d/%m/%Y}",
                    r.years,
                    f"{r.reached_on:%d/%m/%Y}",
                    f"{r.award_on:%d/%m/%Y}",
                ]
            )
        audit(request.user, committee, "member.export", None, None, {"badges": year, "rows": len(rows)})
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="huy-hieu-dang-{year}.csv"'
        return response
    by_years: dict[int, int] = {}
    for r in rows:
        by_years[r.years] = by_years.get(r.years, 0) + 1
    page = badge_year(committee, year, rows)
    due_form, early_form, done = _badge_forms(request, committee, page)
    if done:
        return redirect("party_badges", committee.pk, year)
    return render(
        request,
        "party/badges.html",
        _ctx(
            request,
            committee,
            year=year,
            rows=rows,
            by_years=sorted(by_years.items()),
            page=page,
            due_form=due_form,
            early_form=early_form,
            window=badge_window_days(),
        ),
    )


def _badge_forms(request, committee: Unit, page) -> tuple[f.BadgeAwardForm, f.EarlyBadgeForm, bool]:
    """The two forms of the badges page (a due member's award, an early award); on a valid POST the
    award is entered (badges.record_badge_award checks the rules) and the third value is True."""
    today = _today()
    data = request.POST if request.method == "POST" else None
    action = data.get("action") if data is not None else None
    initial = {"awarded_on": today}
    due_form = f.BadgeAwardForm(page.pending, data if action == "due" else None, initial=initial)
    early_form = f.EarlyBadgeForm(  # its own ids: both forms have a date and a note
        early_candidates(committee, today), data if action == "early" else None, initial=initial, auto_id="early-%s"
    )
    form = {"due": due_form, "early": early_form}.get(action)
    if form is None or not form.is_valid():
        return due_form, early_form, False
    d = form.cleaned_data
    member, years = d["due"] if action == "due" else (d["member"], d["years"])
    try:
        record_badge_award(
            request.user, member, years, d["awarded_on"], early=action == "early", note=d["note"], today=today
        )
    except PartyError as exc:
        form.add_error(None, str(exc))
        return due_form, early_form, False
    messages.success(request, f"Đã ghi trao Huy hiệu {years} năm tuổi Đảng cho đồng chí {member.full_name}.")
    return due_form, early_form, True


# --- probation alerts ----------------------------------------------------------------------


@login_required
def probation(request, committee_id: int):
    """Probationary members whose twelve months end soon or have ended (probation.probation_alerts)."""
    committee = _committee(request, committee_id, personal=True)
    today = _today()
    return render(
        request,
        "party/probation.html",
        _ctx(request, committee, today=today, alerts=probation_alerts(committee, today)),
    )


# --- registers ---------------------------------------------------------------------------


@login_required
def inspections(request, committee_id: int):
    committee = _committee(request, committee_id, personal=True)
    form = f.InspectionForm(request.POST or None)
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True, personal=True)
        if form.is_valid():
            records.add_inspection(request.user, committee, **form.cleaned_data)
            messages.success(request, "Đã ghi cuộc kiểm tra, giám sát.")
            return redirect("party_inspections", committee.pk)
    rows = Inspection.objects.filter(committee=committee)
    per_year = [
        (r["held_on__year"], InspectionBody(r["body"]).label, r["n"])
        for r in rows.values("held_on__year", "body").annotate(n=Count("id")).order_by("-held_on__year", "body")
    ]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "party/inspections.html", _ctx(request, committee, page=page, form=form, per_year=per_year))


@login_required
def awards(request, committee_id: int):
    committee = _committee(request, committee_id, personal=True)
    form = f.AwardForm(request.POST or None, initial={"year": _today().year})
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True, personal=True)
        if form.is_valid():
            records.add_award(request.user, committee, **form.cleaned_data)
            messages.success(request, "Đã ghi khen thưởng.")
            return redirect("party_awards", committee.pk)
    rows = Award.objects.filter(committee=committee)
    return render(request, "party/awards.html", _ctx(request, committee, rows=rows, form=form))


@login_required
def contacts(request, committee_id: int):
    committee = _committee(request, committee_id, personal=True)
    form = f.ContactForm(committee, request.POST or None)
    if request.method == "POST":
        committee = _committee(request, committee_id, edit=True, personal=True)
        if form.is_valid():
            try:
                records.add_residence_contact(request.user, committee, **form.cleaned_data)
            except PartyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã ghi đảng viên giữ mối liên hệ nơi cư trú.")
                return redirect("party_contacts", committee.pk)
    rows = ResidenceContact.objects.filter(committee=committee, ended_on__isnull=True).select_related("branch")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "party/contacts.html", _ctx(request, committee, page=page, form=form))
